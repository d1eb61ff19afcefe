"""Reading (and parsing) files in a child process, with a wall-time and an address-space limit.

A file that takes minutes or gigabytes to read must not take the loader, or the dashboard server
that reads an upload, down with it: a reader process is forked (it starts at once, with the loader
already imported), limits its own address space (RLIMIT_AS: what it had at the fork, plus the
memory limit), and is killed when a file's wall-time limit passes. The parent waits, passes on what
the reader tells of its progress (progress.py: pages to OCR, each page done) and receives the
result; each page to OCR gives the file BUDGET_LENS_OCR_PAGE_SECONDS more.

A reader serves one file after another (a fresh process per file cost a load a tenth of its time:
it faults in every page it touches), until a file kills it or passes a limit, or it has grown by
half its memory limit: the next file then gets a fresh one, with the whole limit. Readers are not
daemons, so that they can fork page workers for a scanned file (ocr_pool.py); none outlives the
Reader that started it, nor the process that forked it: a reader of a killed server or CLI ends
within a second (it watches its parent), keeps its own time limit (an alarm GRACE seconds after the
parent's), ends on SIGTERM (whatever handlers the forked server had) and releases the sockets it
inherited (the server's listening port among them), keeping only its pipe.
"""
from __future__ import annotations

import gc
import math
import multiprocessing
import os
import resource
import signal
import stat
import threading
import time
from typing import Callable

from . import progress
from .limits import ENV, Limits

_FORK = multiprocessing.get_context("fork")
_OUT_OF_MEMORY = 3  # the reader's exit code after a MemoryError
_MB = 1024 * 1024
GRACE = 5.0  # seconds past the parent's time limit at which a reader ends itself
_WATCH = 0.5  # seconds between a reader's looks at its parent
# One fork at a time: a process forked by another thread while a start is under way would keep the
# write end of that reader's sentinel pipe open, and the parent would wait for it (5 s) at the end.
_STARTING = threading.Lock()


class Reader:
    """A reader process for func(*args) calls, one at a time; `with Reader(limits) as r:`. The
    settings of its limits (names: the variables of limits.ENV by default) are named in the
    reasons it gives."""

    def __init__(self, limits: Limits, names: dict[str, str] | None = None) -> None:
        self.limits = limits
        self.names = {field: var for field, (var, _) in ENV.items()} | (names or {})
        self.process = self.conn = None

    def run(self, func: Callable, args: tuple,
            on_progress: Callable[[progress.Progress], None] | None = None, task: str = "读取") -> tuple:
        """func(*args) in the reader; it returns (result, None) or (None, Chinese reason). Past a
        limit, or when the reader dies, (None, the reason naming the limit and what the reader was
        doing: task, 读取 or 解析)."""
        self.start()
        self.conn.send((func, args))
        allowed, started = self.limits.seconds, time.monotonic()
        while True:
            if not self.conn.poll(max(0.0, started + allowed - time.monotonic())):
                self._end(kill=True)
                return None, self._too_long(allowed, task)
            try:
                message = self.conn.recv()
            except (EOFError, OSError):
                return None, self._death(self._end(kill=False), task)  # it died without a word
            if not isinstance(message, progress.Progress):
                result, room_left = message
                if not room_left:
                    self._end(kill=False)
                return result
            if message.done == 0:
                allowed += message.total * self.limits.ocr_page_seconds
            if on_progress:
                on_progress(message)

    def start(self) -> None:
        """Fork the reader now, if it is not running: a load starts its children before its own
        threads (ingest._run), so that none of them holds a lock the fork would copy; run() starts
        one again in place of one that ended."""
        if self.process is None:
            with _STARTING:
                self.conn, theirs = _FORK.Pipe()
                self.process = _FORK.Process(target=_serve, args=(theirs, self.limits, os.getpid()))
                self.process.start()
                theirs.close()

    def close(self) -> None:
        if self.process is not None:
            try:
                self.conn.send(None)  # no more files: the reader returns
            except OSError:
                pass
            self._end(kill=False)

    def __enter__(self) -> "Reader":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _too_long(self, allowed: float, task: str) -> str:
        extra = allowed - self.limits.seconds
        more = f"，含 OCR 每页 {self.limits.ocr_page_seconds:g} 秒（{self.names['ocr_page_seconds']}）" if extra else ""
        return f"{task}超过时间上限 {allowed:g} 秒（{self.names['seconds']}{more}），已停止{task}此文件"

    def _death(self, code: int | None, task: str) -> str:
        memory = f"{task}所需内存超过上限 {self.limits.memory_mb:,} MB（{self.names['memory_mb']}）"
        if code == _OUT_OF_MEMORY:
            return memory + f"，已停止{task}此文件"
        how = signal.Signals(-code).name if code is not None and code < 0 else f"退出码 {code}"
        return f"{task}进程意外退出（{how}），可能是{memory}"

    def _end(self, kill: bool) -> int | None:
        """Stop waiting for the reader (killed first when kill) and return its exit code."""
        process, self.process = self.process, None
        if kill:
            process.kill()
        process.join(timeout=5)  # a reader that has sent its last result is exiting
        if process.is_alive():
            process.kill()
            process.join()
        self.conn.close()
        return process.exitcode


def _serve(conn, limits: Limits, parent: int) -> None:
    """The reader: each job (func, args) read from conn is answered with (result, room left);
    None, or the parent gone, ends it; so does having grown by half its memory limit."""
    _detach(conn, parent)
    gc.freeze()  # what the parent holds is never collected here: the collector need not walk it
    progress.connect(lambda message: _tell(conn, message, limits))
    start = _mapped()
    memory_mb = limits.memory_mb
    _limit_address_space(start, memory_mb)
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        func, args = job
        signal.alarm(math.ceil(limits.seconds + GRACE))  # SIGALRM's default action ends the reader
        try:
            result = func(*args)
            room_left = start is None or _mapped() - start < memory_mb * _MB // 2
            conn.send((result, room_left))
        except MemoryError:
            os._exit(_OUT_OF_MEMORY)
        except OSError:  # the parent is gone (killed, or it stopped waiting): nobody to tell
            return
        finally:
            signal.alarm(0)
        if not room_left:
            return


def _tell(conn, message: progress.Progress, limits: Limits) -> None:
    """Pass a progress message on; pages to OCR give the reader's own alarm the time they give the
    parent's limit."""
    if message.done == 0:
        signal.alarm(signal.alarm(0) + math.ceil(message.total * limits.ocr_page_seconds))
    conn.send(message)


def _detach(conn, parent: int) -> None:
    """What a fresh reader forked from a server or the CLI does first: default signal actions (a
    server's asyncio handlers would ignore SIGTERM), inherited sockets released (the server's
    listening port, other readers' pipes: only its own pipe kept), and a watch on its parent."""
    signal.set_wakeup_fd(-1)
    for number in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGALRM):
        signal.signal(number, signal.SIG_DFL)
    _release_sockets(keep=conn.fileno())
    if os.getppid() != parent:  # the parent died before the watch began
        os._exit(1)
    threading.Thread(target=_watch, args=(parent,), daemon=True, name="parent-watch").start()


def _release_sockets(keep: int) -> None:
    """Point every inherited socket but `keep` at /dev/null: the socket is released, and the number
    stays taken, so a Python object of the parent's that still names it closes nothing else."""
    null = os.open(os.devnull, os.O_RDWR)
    try:
        for name in os.listdir("/proc/self/fd"):
            fd = int(name)
            try:
                if fd not in (keep, null) and stat.S_ISSOCK(os.fstat(fd).st_mode):
                    os.dup2(null, fd)
            except OSError:  # the listing's own descriptor, already closed
                pass
    except FileNotFoundError:  # not Linux: the sockets stay, the watch below still ends the reader
        pass
    finally:
        os.close(null)


def _watch(parent: int) -> None:
    """End the reader as soon as its parent is gone (it is then adopted by another process)."""
    while os.getppid() == parent:
        time.sleep(_WATCH)
    os._exit(1)


def _mapped() -> int | None:
    """This process's address space in bytes (None off Linux)."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return None


def _limit_address_space(mapped: int | None, memory_mb: int) -> None:
    """The address space the reader inherited at the fork, plus memory_mb (a forked server already
    maps hundreds of MB it will not use here). Off Linux the wall-time limit still holds."""
    if mapped is None:
        return
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = mapped + memory_mb * _MB
    resource.setrlimit(resource.RLIMIT_AS, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))
