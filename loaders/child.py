"""Reading one file in a child process, with a wall-time and an address-space limit.

A file that takes minutes or gigabytes to read must not take the loader, or the dashboard server
that reads an upload, down with it: the child is forked (it starts at once, with the loader already
imported), limits its own address space (RLIMIT_AS: what it had at the fork, plus the memory limit),
and is killed when the wall-time limit passes. The parent waits, passes on what the child tells
of its progress (progress.py: pages to OCR, each page done) and receives the result; each page the
child is to OCR gives it BUDGET_LENS_OCR_PAGE_SECONDS more. The child is not a daemon, so that it
can fork page workers for a scanned file (ocr_pool.py); it never outlives run().
"""
from __future__ import annotations

import gc
import multiprocessing
import os
import resource
import signal
import time
from typing import Callable

from . import progress
from .limits import ENV, Limits

_FORK = multiprocessing.get_context("fork")


def run(func: Callable, args: tuple, limits: Limits,
        on_progress: Callable[[progress.Progress], None] | None = None) -> tuple:
    """func(*args) run in a child; it returns (result, None) or (None, Chinese reason). Past a limit,
    or when the child dies, (None, the reason naming the limit). on_progress gets what the child
    tells while it reads."""
    receive, send = _FORK.Pipe(duplex=False)
    child = _FORK.Process(target=_child, args=(send, func, args, limits.memory_mb))
    child.start()
    send.close()
    allowed, started = limits.seconds, time.monotonic()
    try:
        while True:
            if not receive.poll(max(0.0, started + allowed - time.monotonic())):
                child.kill()
                return None, _too_long(allowed, limits)
            try:
                message = receive.recv()
            except (EOFError, OSError):
                break  # the child died without a word
            if not isinstance(message, progress.Progress):
                return message
            if message.done == 0:
                allowed += message.total * limits.ocr_page_seconds
            if on_progress:
                on_progress(message)
    finally:
        child.join(timeout=5)  # a child that has sent its result is exiting
        if child.is_alive():
            child.kill()
            child.join()
        receive.close()
    return None, _death(child.exitcode, limits)


_OUT_OF_MEMORY = 3  # the child's exit code after a MemoryError


def _too_long(allowed: float, limits: Limits) -> str:
    extra = allowed - limits.seconds
    more = f"，含 OCR 每页 {limits.ocr_page_seconds:g} 秒（{ENV['ocr_page_seconds'][0]}）" if extra else ""
    return f"读取超过时间上限 {allowed:g} 秒（{ENV['seconds'][0]}{more}），已停止读取此文件"


def _death(code: int | None, limits: Limits) -> str:
    memory = f"读取所需内存超过上限 {limits.memory_mb:,} MB（{ENV['memory_mb'][0]}）"
    if code == _OUT_OF_MEMORY:
        return memory + "，已停止读取此文件"
    how = signal.Signals(-code).name if code is not None and code < 0 else f"退出码 {code}"
    return f"读取进程意外退出（{how}），可能是{memory}"


def _child(send, func: Callable, args: tuple, memory_mb: int) -> None:
    gc.freeze()  # what the parent holds is never collected here: the collector need not walk it
    progress.connect(send.send)
    try:
        _limit_address_space(memory_mb)
        result = func(*args)
    except MemoryError:
        os._exit(_OUT_OF_MEMORY)
    try:
        send.send(result)
    except MemoryError:
        os._exit(_OUT_OF_MEMORY)
    except OSError:  # the parent is gone (killed, or it stopped waiting): nobody to tell
        pass
    send.close()


def _limit_address_space(memory_mb: int) -> None:
    """The address space the child inherited at the fork, plus memory_mb (a forked server already
    maps hundreds of MB it will not use here)."""
    try:
        with open("/proc/self/statm") as f:
            mapped = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:  # not Linux: the wall-time limit still holds
        return
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = mapped + memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))
