"""How often the admin password may be tried: per client address and for the whole server, in this
process, so a fresh session (a new tab, a script reconnecting) starts with nothing forgiven.

Per client: none to wait after one typo, then 1, 2, 4 … seconds after each wrong password, at most
MAX_DELAY; a client's count is forgotten an hour after its last wrong try, or when it gets it right.
For the server: at most PER_MINUTE wrong passwords a minute from all clients together (many
addresses guessing at once); past that everyone waits for the minute to pass. The client is the
address the connection came from; behind a reverse proxy every visitor shares the proxy's address
(stricter, never looser) unless BUDGET_LENS_TRUSTED_PROXIES says how many proxies in front of the
server append to X-Forwarded-For, whose entry that many places from the right is then the client.
"""
from __future__ import annotations

import logging
import os
import threading
import time
from collections import deque

import streamlit as st

from loaders.run.limits import setting

from . import access

MAX_DELAY = 300.0  # seconds: the longest wait of one client
PER_MINUTE = setting("BUDGET_LENS_PASSWORD_TRIES_PER_MINUTE", 10)
PROXIES = "BUDGET_LENS_TRUSTED_PROXIES"
FORGET = 3600.0  # seconds after a client's last wrong password that its count is forgotten
_log = logging.getLogger("budget_lens.admin")


class Attempts:
    """Wrong passwords per client and for all clients; times from time.monotonic()."""

    def __init__(self, per_minute: int = PER_MINUTE, clock=time.monotonic) -> None:
        self.per_minute, self.clock = per_minute, clock
        self.clients: dict[str, tuple[int, float]] = {}  # client → (wrong passwords, when the last was)
        self.recent: deque[float] = deque()  # when each wrong password of the last minute was
        self.lock = threading.Lock()

    def wait(self, client: str) -> tuple[float, bool]:
        """Seconds before this client may try again (0: now), and whether the wait is the server's
        (too many wrong passwords from everyone) rather than the client's own."""
        with self.lock:
            now = self.clock()
            self._forget(now)
            count, last = self.clients.get(client, (0, now))
            own = max(0.0, last + delay(count) - now)
            everyone = self.recent[0] + 60 - now if len(self.recent) >= self.per_minute else 0.0
            return max(own, everyone), everyone > own

    def failed(self, client: str) -> float:
        """Count a wrong password; the seconds this client must now wait."""
        with self.lock:
            now = self.clock()
            count = self.clients.get(client, (0, now))[0] + 1
            self.clients[client] = (count, now)
            self.recent.append(now)
        _log.warning("管理员密码错误：客户端 %s 第 %d 次", client, count)
        return delay(count)

    def succeeded(self, client: str) -> None:
        with self.lock:
            self.clients.pop(client, None)

    def _forget(self, now: float) -> None:
        while self.recent and self.recent[0] <= now - 60:
            self.recent.popleft()
        for client in [c for c, (_, last) in self.clients.items() if last <= now - FORGET]:
            del self.clients[client]


def delay(failures: int) -> float:
    """The wait after a client's failures-th wrong password: 0 after the first, then doubling."""
    return 0.0 if failures < 2 else min(2.0 ** (failures - 2), MAX_DELAY)


def client() -> str:
    """The visitor's address, as this session's connection gives it (a test run has none: this machine)."""
    if not access.connected():
        return "本机"
    hops = 0 if os.environ.get(PROXIES, "").strip() in ("", "0") else setting(PROXIES, 0)
    return client_of(st.context.ip_address, st.context.headers.get_all("X-Forwarded-For"), hops)


def client_of(address: str | None, forwarded: list[str], hops: int) -> str:
    """The client behind `hops` trusted proxies: the X-Forwarded-For entry the nearest proxy wrote
    last but hops-1 (what a client writes itself stands further left and is never taken), else the
    connection's own address ('本机' for this machine)."""
    chain = [a.strip() for a in ",".join(forwarded).split(",") if a.strip()]
    if hops and len(chain) >= hops:
        return chain[-hops]
    return address or "本机"


ATTEMPTS = Attempts()  # one for the server: every session shares it
