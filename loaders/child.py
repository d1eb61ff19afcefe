"""Reading one file in a child process, with a wall-time and an address-space limit.

A file that takes minutes or gigabytes to read must not take the loader, or the dashboard server
that reads an upload, down with it: the child is forked (it starts at once, with the loader already
imported), limits its own address space (RLIMIT_AS: what it had at the fork, plus the memory limit),
and is killed when the wall-time limit passes. The parent only waits and receives the result.
"""
from __future__ import annotations

import multiprocessing
import os
import resource
import signal
from typing import Callable

from .limits import ENV, Limits

_FORK = multiprocessing.get_context("fork")


def run(func: Callable, args: tuple, limits: Limits) -> tuple:
    """func(*args) run in a child; it returns (result, None) or (None, Chinese reason). Past a limit,
    or when the child dies, (None, the reason naming the limit)."""
    receive, send = _FORK.Pipe(duplex=False)
    child = _FORK.Process(target=_child, args=(send, func, args, limits.memory_mb), daemon=True)
    child.start()
    send.close()
    try:
        if not receive.poll(limits.seconds):
            child.kill()
            return None, (f"读取超过时间上限 {limits.seconds:g} 秒（{ENV['seconds'][0]}），已停止读取此文件")
        try:
            return receive.recv()
        except (EOFError, OSError):
            pass  # the child died without a word
    finally:
        child.join(timeout=5)  # a child that has sent its result is exiting
        if child.is_alive():
            child.kill()
            child.join()
        receive.close()
    return None, _death(child.exitcode, limits)


_OUT_OF_MEMORY = 3  # the child's exit code after a MemoryError


def _death(code: int | None, limits: Limits) -> str:
    memory = f"读取所需内存超过上限 {limits.memory_mb:,} MB（{ENV['memory_mb'][0]}）"
    if code == _OUT_OF_MEMORY:
        return memory + "，已停止读取此文件"
    how = signal.Signals(-code).name if code is not None and code < 0 else f"退出码 {code}"
    return f"读取进程意外退出（{how}），可能是{memory}"


def _child(send, func: Callable, args: tuple, memory_mb: int) -> None:
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
