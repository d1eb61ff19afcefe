"""Reader processes (loaders/child.py): one serves file after file, and a file that passes a limit
or a reader grown too large costs only that reader, never the next file's reading."""
from __future__ import annotations

import multiprocessing
import os
import time
from dataclasses import replace

from loaders import child
from loaders.ingest import ingest
from loaders.limits import Limits

from .reports import tiny_final_report

LIMITS = replace(Limits.from_env(), seconds=5, memory_mb=256)


# What a reader runs answers (result, None), as the loader's _extract_file does.

def pid() -> tuple[int, None]:
    return os.getpid(), None


def sleep(seconds: float) -> tuple[int, None]:
    time.sleep(seconds)
    return pid()


def grow(mb: int) -> tuple[int, None]:
    kept.append(bytearray(mb * 1024 * 1024))  # held by the reader: its address space has grown
    return pid()


kept: list = []


def test_one_reader_serves_several_calls_in_one_process():
    with child.Reader(LIMITS) as reader:
        first, _ = reader.run(pid, ())
        assert [reader.run(pid, ())[0] for _ in range(3)] == [first] * 3
    assert first != os.getpid()


def test_after_a_call_past_the_time_limit_the_next_gets_a_fresh_reader():
    with child.Reader(replace(LIMITS, seconds=1)) as reader:
        before, _ = reader.run(pid, ())
        result, reason = reader.run(sleep, (3,))
        assert result is None and "读取超过时间上限 1 秒" in reason
        after, reason = reader.run(sleep, (0,))
        assert reason is None and after not in (before, None)


def test_a_reader_grown_by_half_its_memory_limit_hands_over_to_a_fresh_one():
    with child.Reader(LIMITS) as reader:
        small, _ = reader.run(grow, (10,))
        assert reader.run(pid, ())[0] == small
        big, _ = reader.run(grow, (LIMITS.memory_mb // 2 + 10,))
        assert big == small  # that call still answered; the reader then retired
        assert reader.run(pid, ())[0] not in (small, None)


def test_a_load_leaves_no_reader_running(tmp_path):
    paths = []
    for i in range(3):
        paths.append(tmp_path / f"r{i}.txt")
        paths[-1].write_bytes(tiny_final_report(unit=f"某某市测试{i}局"))
    results = ingest(paths, str(tmp_path / "r.duckdb"), workers=2)
    assert all(r.ok for r in results)
    assert multiprocessing.active_children() == []
