"""Loading on a real Dask cluster (scheduler and worker processes on this machine): the lake holds
exactly what a plain load writes, a worker killed mid-run loses no file, a second run adds nothing,
and compaction keeps the same data in fewer files."""
from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import dask
import duckdb
import pandas as pd
import pytest
from distributed import Client, LocalCluster

from factory.pdf import render_pdf
from factory.text import render_text
from factory.vary import scaled
from loaders.run import cluster
from loaders.database import parquet
from loaders.run.cli import main
from loaders.run.ingest import expand, ingest

from .reports import clean, damaged, factory_report, tiny_final_report

pytestmark = pytest.mark.slow
_MAIN = sys.modules["__main__"]  # pytest's, as collected: AppTest later leaves a page script there


@pytest.fixture(autouse=True)
def pytest_main(monkeypatch):
    """A local cluster's worker process starts by running __main__ again (multiprocessing's spawn),
    which must not be the page script an earlier AppTest left in its place."""
    monkeypatch.setitem(sys.modules, "__main__", _MAIN)


def _reports(folder: Path, count: int) -> list[Path]:
    """count distinct reports, PDFs and text exports of several units and years, and one file
    that is not a report."""
    folder.mkdir()
    for i in range(count):
        report = scaled(factory_report("final2023"), 1 + i / 10, f"示例市集群{i}局", 2020 + i % 4)
        render = render_pdf if i % 2 else render_text
        (folder / f"r{i}.{'pdf' if i % 2 else 'txt'}").write_bytes(render(report))
    (folder / "notes.txt").write_text("会议纪要：本周工作安排。", encoding="utf-8")
    return expand([str(folder)])


def _split(folder: Path) -> list[Path]:
    """One report published as two files: 公开表格 (tables alone) and 公开文件 (cover and narrative)."""
    report = scaled(factory_report("final2023"), 1.2, "示例市分开公开局", 2023)
    paths = [folder / "s_tables.pdf", folder / "s_narrative.pdf"]
    for path, variant in zip(paths, ("tables_only", "narrative_only")):
        path.write_bytes(render_pdf(report, (variant,)))
    return paths


def _versions(folder: Path) -> list[Path]:
    """Two versions of one report: a clean 决算 and a later copy with errors and a missing table."""
    (folder / "v_clean.txt").write_bytes(clean())
    (folder / "v_damaged.txt").write_bytes(damaged())
    return [folder / "v_clean.txt", folder / "v_damaged.txt"]


def _tables(con) -> dict[str, list]:
    """Every contract table's rows (and the views' current documents), in one order, without the
    time each was stored."""
    out = {}
    for table in parquet.TABLES + ("current_documents",):
        columns = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall() if r[0] != "ingested_at"]
        out[table] = con.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY ALL").fetchall()
    return out


def _lake(folder: Path) -> dict[str, list]:
    con = duckdb.connect()
    parquet.attach(con, folder)
    try:
        return _tables(con)
    finally:
        con.close()


def _plain(paths: list[Path], db: str) -> dict[str, list]:
    ingest(paths, db)
    with duckdb.connect(db, read_only=True) as con:
        return _tables(con)


def _parts(folder: Path) -> set[Path]:
    return {p.relative_to(folder) for p in folder.rglob("*.parquet")}


def test_a_local_cluster_writes_what_a_plain_load_writes_and_a_second_run_adds_nothing(tmp_path, capsys):
    paths = _reports(tmp_path / "in", 4) + _versions(tmp_path / "in") + _split(tmp_path / "in")
    lake = tmp_path / "lake"
    assert main(["ingest", "--cluster", "local:2", "--format", "parquet", "--out", str(lake),
                 str(tmp_path / "in")]) == 1  # notes.txt is not a report
    said = capsys.readouterr().out
    assert "✗ notes.txt：不是部门预算或决算报告" in said
    expected = _plain(sorted(paths), str(tmp_path / "plain.duckdb"))  # in the order the folder is read
    assert len(expected["documents"]) == 8 and expected["expenditure_function"]
    with duckdb.connect(str(tmp_path / "plain.duckdb"), read_only=True) as con:  # read together there
        assert dict(con.execute("SELECT file_name, part FROM documents WHERE file_name LIKE 's_%'").fetchall()) \
            == {"s_tables.pdf": "tables", "s_narrative.pdf": "narrative"}
    assert _lake(lake) == expected
    assert sorted(p.name for p in lake.iterdir()) == sorted(parquet.TABLES + (parquet.CROSS,))  # no staging left
    current = {r[1] for r in expected["current_documents"]}  # file_name: one version of the report
    assert "v_clean.txt" in current and "v_damaged.txt" not in current
    parts = _parts(lake)
    assert main(["ingest", "--cluster", "local:2", "--format", "parquet", "--out", str(lake),
                 str(tmp_path / "in")]) == 1
    assert capsys.readouterr().out.count("湖中已有（内容相同），跳过") == 8
    assert _parts(lake) == parts and _lake(lake) == expected


def test_a_worker_killed_mid_run_loses_no_file(tmp_path):
    """The scheduler's address, as for a cluster of many machines; one worker process is killed while
    files are still being read, its nanny starts another, and its files are read again."""
    paths = [p for p in _reports(tmp_path / "in", 8) if p.name != "notes.txt"]
    with dask.config.set({"distributed.worker.daemon": False}), \
            LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as local, \
            Client(local) as watcher:
        pids = watcher.run(os.getpid)
        finished, killed = [], []

        def kill_a_busy_worker(result) -> None:
            finished.append(result)
            busy = [w for w, keys in watcher.processing().items() if keys]
            if busy and not killed:
                os.kill(pids[busy[0]], signal.SIGKILL)
                killed.append(len(paths) - len(finished))  # files not yet read when it died

        results = cluster.ingest_on_cluster(paths, tmp_path / "lake", local.scheduler_address, kill_a_busy_worker)
    assert killed and killed[0] > 0
    assert [r.file_name for r in results] == [p.name for p in paths] and all(r.ok for r in results), results
    lake = _lake(tmp_path / "lake")
    assert lake == _plain(paths, str(tmp_path / "plain.duckdb"))
    assert len(lake["documents"]) == len(paths)  # each once, though some were begun twice


def test_workers_that_cannot_start_a_reading_process_are_named_before_any_file(tmp_path):
    path = tmp_path / "r.txt"
    path.write_bytes(tiny_final_report())
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as local:
        with pytest.raises(cluster.ClusterError, match=cluster.DAEMON_SETTING):
            cluster.ingest_on_cluster([path], tmp_path / "lake", local.scheduler_address)
    assert not (tmp_path / "lake" / "documents").exists()


def test_no_scheduler_at_the_address_is_said_in_chinese(tmp_path, capsys):
    path = tmp_path / "r.txt"
    path.write_bytes(tiny_final_report())
    assert main(["ingest", "--cluster", "tcp://127.0.0.1:9", "--format", "parquet", "--out",
                 str(tmp_path / "lake"), str(path)]) == 1
    assert "错误：无法连接集群调度器 tcp://127.0.0.1:9" in capsys.readouterr().err


def test_the_cluster_writes_parquet_only(tmp_path, capsys):
    path = tmp_path / "r.txt"
    path.write_bytes(tiny_final_report())
    assert main(["ingest", "--cluster", "local:1", "--db", str(tmp_path / "x.duckdb"), str(path)]) == 1
    assert "--cluster 需要 --format parquet" in capsys.readouterr().err


def test_compaction_merges_parts_and_keeps_one_copy_of_a_report_loaded_twice(tmp_path):
    paths = [p for p in _reports(tmp_path / "in", 4) if p.name != "notes.txt"]
    lake = tmp_path / "lake"
    for batch in (paths[:2], paths[1:]):  # r1 in both batches
        assert main(["ingest", "--format", "parquet", "--out", str(lake), *map(str, batch)]) == 0
    expected = _plain(paths, str(tmp_path / "plain.duckdb"))
    assert len(_lake(lake)["documents"]) == len(paths) + 1
    before = len(_parts(lake))
    assert main(["compact", str(lake)]) == 0
    assert len(_parts(lake)) < before
    assert _lake(lake) == expected
    for out, source in (("from_lake", ["--lake", str(lake)]), ("from_db", ["--db", str(tmp_path / "plain.duckdb")])):
        assert main(["export", "--format", "csv", "--out", str(tmp_path / out), *source]) == 0
    for exported in (tmp_path / "from_db").iterdir():
        assert _rows(tmp_path / "from_lake" / exported.name) == _rows(exported), exported.name


def _rows(csv: Path) -> list[str]:
    """A CSV's lines in order, without the column of when each document was stored."""
    table = pd.read_csv(csv, dtype=str, keep_default_na=False)
    return sorted(table.drop(columns=["ingested_at"], errors="ignore").to_csv(index=False).splitlines())
