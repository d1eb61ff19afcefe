"""Loading on a Dask cluster: every file is a task; a worker parses it and moves its Parquet parts
into the lake (the folder `--format parquet` writes).

Why Dask distributed: it is a pip package of pure Python, a cluster is two commands (`dask scheduler`
on one machine, `dask worker ADDRESS` on each of the others), a local cluster of worker processes
runs on one machine, and it retries a failed task and reschedules a dead worker's tasks on its own.
Ray fits too, but brings a larger runtime and an object store for what is here a map over files.

A task is the same pure function file → records as a local load (ingest() of one file into a
throw-away DuckDB file), then the same export (parquet.export) into a staging folder of the lake,
then moved into place: facts first, the document's row last, under names fixed by the document's id.
So a worker killed mid-task leaves no half document (its row is not there yet, and the retry
replaces what it moved), and a file whose document is in the lake is not read again.
"""
from __future__ import annotations

import contextlib
import multiprocessing
import os
import shutil
from pathlib import Path
from typing import Callable

import duckdb

from ..database import parquet
from ..document import sha256_of
from .ingest import FileResult, ingest
from ..database.record import cross_check_lake
from ..database.store import opened

STAGING = ".staging"  # under the lake: no reader's glob (DIR/<table>/**) looks there
DAEMON_SETTING = "DASK_DISTRIBUTED__WORKER__DAEMON=False"
DAEMONIC = f"集群工作进程为守护进程，无法为文件启动读取子进程：启动 dask worker 前请设置 {DAEMON_SETTING}"


class ClusterError(Exception):
    """The cluster cannot run the load (no scheduler at the address, workers that cannot read files)."""


def client_for(address: str):
    """A client of the scheduler at address, or of a local cluster for 'local' / 'local:N' (N worker
    processes, one thread each: parsing is CPU-bound Python)."""
    import dask
    from distributed import Client, LocalCluster

    if address == "local" or address.startswith("local:"):
        workers = int(address.partition(":")[2] or os.cpu_count() or 1)
        with dask.config.set({"distributed.worker.daemon": False}):  # a task forks reader processes
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                   dashboard_address=None)
        return Client(cluster)
    try:
        return Client(address, timeout="10s")
    except (OSError, TimeoutError) as exc:
        raise ClusterError(f"无法连接集群调度器 {address}（{exc}）") from exc


def _documents(lake: Path, sql: str, params: list | None = None) -> list[tuple]:
    """Rows of a query over the lake's documents (`FROM docs`); none before the lake has any."""
    if not (lake / "documents").exists():
        return []
    con = duckdb.connect()
    try:
        docs = f"WITH docs AS (SELECT * FROM {parquet.scan(lake, 'documents')}) "
        return con.execute(docs + sql, params or []).fetchall()
    finally:
        con.close()


def known_documents(lake: Path) -> set[str]:
    """The doc_ids (a file's SHA-256, first 16 hex digits) the lake holds."""
    return {doc_id for (doc_id,) in _documents(lake, "SELECT doc_id FROM docs")}


def load_into_lake(path: str, lake: str, known: set[str]) -> tuple[FileResult, str | None]:
    """One file → its parts in the lake; what happened, and the unit of the document stored."""
    if multiprocessing.current_process().daemon:  # a worker that joined after the check
        raise ClusterError(DAEMONIC)
    name = Path(path).name
    try:
        doc_id = sha256_of(Path(path).read_bytes())[:16]
    except OSError as exc:
        return FileResult(name, False, f"无法读取文件（{exc.strerror or exc}）"), None
    if doc_id in known:
        return FileResult(name, True, "湖中已有（内容相同），跳过", doc_id=doc_id, skipped=True), None
    (result,), units = _load_and_move([path], Path(lake), doc_id, [])
    return result, units[0] if units else None


def load_parts_into_lake(paths: list[str], lake: str, doc_ids: list[str]) -> list[str]:
    """The files of one report published apart (公开表格 and 公开文件), loaded by their own tasks,
    read again together as a local load reads them, their parts replacing the ones each had
    alone; the units loaded."""
    return _load_and_move(paths, Path(lake), min(doc_ids), doc_ids)[1]


def _load_and_move(paths: list[str], lake: Path, stem: str, replacing: list[str]) -> tuple[list[FileResult], list]:
    """ingest the files into a throw-away database, export it under names fixed by stem, remove the
    parts the documents `replacing` had, and move the new ones into place; the results and units."""
    staging = lake / STAGING / stem
    shutil.rmtree(staging, ignore_errors=True)  # what a killed attempt left
    staging.mkdir(parents=True)
    try:
        db = str(staging / "batch.duckdb")
        results = ingest([Path(p) for p in paths], db)
        units = []
        if any(r.ok for r in results):
            with opened(db, read_only=True) as con:
                parquet.export(con, staging / "parts", stem=stem)
                units = [u for (u,) in con.execute("SELECT unit_id FROM documents").fetchall()]
            for doc_id in replacing:  # their rows first (TABLES begins with them): gone, not half there
                for table in parquet.TABLES:
                    for old in (lake / table).glob(f"**/{doc_id}_*.parquet"):
                        old.unlink()
            _move_into(staging / "parts", lake)
        return results, units
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _move_into(parts: Path, lake: Path) -> None:
    """Each part file renamed into the same place under the lake, the documents' own last."""
    for table in sorted(parts.iterdir(), key=lambda t: t.name == "documents"):
        for part in table.rglob("*.parquet"):
            target = lake / part.relative_to(parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(part, target)


def ingest_on_cluster(paths: list[Path], lake: str | Path, address: str,
                      on_result: Callable[[FileResult], None] | None = None) -> list[FileResult]:
    """Load the files into the lake on the cluster; results in input order. A task that raises is
    retried once; a file whose worker died past the scheduler's allowance, or whose retry failed
    too, is reported with the reason. The checks across documents then run once over the lake
    for the units loaded."""
    from distributed import as_completed

    lake = Path(lake).resolve()
    lake.mkdir(parents=True, exist_ok=True)
    paths = [str(Path(p).resolve()) for p in dict.fromkeys(paths)]  # workers see the same file system
    client = client_for(address)
    try:
        daemons = client.run(lambda: multiprocessing.current_process().daemon)
        if any(daemons.values()):
            raise ClusterError(DAEMONIC)
        [known] = client.scatter([known_documents(lake)], broadcast=True)  # one object, not its items
        futures = client.map(load_into_lake, paths, lake=str(lake), known=known, retries=1, pure=False)
        index = {f.key: i for i, f in enumerate(futures)}
        done: dict[int, tuple[FileResult, str | None]] = {}
        for future in as_completed(futures):
            i = index[future.key]
            done[i] = _outcome(future, Path(paths[i]).name)
            if on_result:
                on_result(done[i][0])
        results = [done[i][0] for i in range(len(paths))]
        units = {unit for _, unit in done.values() if unit}
        units |= _read_parts_together(client, lake, paths, results)
    finally:
        cluster = client.cluster
        client.close()
        if cluster is not None:
            cluster.close()
    with contextlib.suppress(OSError):  # left empty by the tasks (another run may still use it)
        (lake / STAGING).rmdir()
    if units:
        cross_check_lake(lake, sorted(units))
    return results


def _read_parts_together(client, lake: Path, paths: list[str], results: list[FileResult]) -> set[str]:
    """Reports whose two parts (公开表格, 公开文件) both came in this run: each read again as one load,
    a task per report; the units loaded. A report that fails so says it on its files' lines."""
    loaded = {r.doc_id: i for i, r in enumerate(results) if r.ok and not r.skipped and r.doc_id}
    if not loaded:
        return set()
    groups = _documents(lake, """
        SELECT list(doc_id ORDER BY doc_id) FROM docs
        WHERE list_contains(?, doc_id) AND part IN ('tables', 'narrative')
        GROUP BY unit_id, fiscal_year, doc_kind HAVING count(DISTINCT part) = 2""", [list(loaded)])
    reports = [sorted(ids, key=loaded.get) for (ids,) in groups]  # in the order a local load reads them
    futures = [client.submit(load_parts_into_lake, [paths[loaded[d]] for d in ids], str(lake), ids,
                             retries=1, pure=False) for ids in reports]
    units: set[str] = set()
    for ids, future in zip(reports, futures):
        try:
            units |= {u for u in future.result() if u}
        except Exception as exc:  # the parts stay as each was read alone, or are gone until a re-run
            for d in ids:
                results[loaded[d]].message += f"。与同一报告的另一部分合并读取失败（{type(exc).__name__}: {exc}）"
    return units


def _outcome(future, name: str) -> tuple[FileResult, str | None]:
    """The task's result, or a failed file's reason (its exception, or the dead worker)."""
    if future.status == "finished":
        return future.result()
    exc = future.exception()
    reason = str(exc) if isinstance(exc, ClusterError) else f"集群任务失败（{type(exc).__name__}: {exc}），已重试"
    return FileResult(name, False, reason), None
