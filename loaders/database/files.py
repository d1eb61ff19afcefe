"""The loaded source files, kept content-addressed beside the database, so the 来源 view can show
a figure's page after an upload (whose temporary file is gone) and the annotated report can be drawn
from the original. A file is named by its SHA-256 and keeps its suffix; it is never changed.

Several databases may share the folder (two databases side by side, or one BUDGET_LENS_FILES): each
database that keeps a file leaves a mark under .owners/<sha256>/, and a file is deleted only when
the last database using it lets go. A file kept before the marks existed is never deleted (another
database may use it). Keeping and letting go hold a lock on the folder, so two processes never
delete a file the other has just kept.
"""
from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path

from ..run.limits import SettingError

FILES = "BUDGET_LENS_FILES"  # a folder for the kept files; <database folder>/files by default
OWNERS = ".owners"
# By what a file was read as (Document.source); an Excel or Word file keeps its own (.xlsx, .xls, .docx, .doc).
SUFFIX = {"pdf": ".pdf", "text": ".txt", "html": ".html"}


def folder(db_path: str) -> Path:
    return Path(os.environ.get(FILES) or Path(db_path).resolve().parent / "files")


def check(db_path: str) -> Path:
    """The folder, created when missing; one that cannot hold files is said (Chinese, naming the
    setting) before anything is loaded, instead of failing once the first file is read."""
    path = folder(db_path)
    try:
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=path):
            pass
    except OSError as exc:
        given = os.environ.get(FILES)
        where = f"环境变量 {FILES} 的值“{given}”" if given else f"保存原文件的文件夹 {path}"
        raise SettingError(f"{where}无效：不是可以写入的文件夹（{exc.strerror or exc}）。"
                           f"请把 {FILES} 设为一个可写入的文件夹，或不设置（默认为数据库旁的 files 文件夹）") from None
    return path


def keep(db_path: str, sha256: str, source: Path, kind: str) -> Path:
    """Copy source, read as kind (Document.source), into the folder under its hash and the suffix
    of its kind (once: the same content is the same file), and mark it as used by this database."""
    target = folder(db_path) / f"{sha256}{SUFFIX.get(kind, source.suffix.lower())}"
    target.parent.mkdir(parents=True, exist_ok=True)
    with _locked(target.parent):
        owners = _owners(target.parent, sha256)
        earlier = target.exists() and not owners.is_dir()  # kept before the marks: never deleted
        owners.mkdir(parents=True, exist_ok=True)
        for mark in [_owner(db_path)] + ["earlier"] * earlier:
            (owners / mark).touch()
        if not target.exists():
            partial = target.with_name(f".{target.name}.{os.getpid()}")
            shutil.copyfile(source, partial)
            os.replace(partial, target)  # a reader never sees half a file
    return target


def source_file(db_path: str, sha256: str) -> Path | None:
    """The kept file of this content, or None when it was loaded before files were kept."""
    if not sha256 or not all(c in "0123456789abcdef" for c in sha256):
        return None
    found = sorted(folder(db_path).glob(f"{sha256}.*"))
    return found[0] if found else None


def drop(db_path: str, sha256: str) -> None:
    """This database no longer uses the kept file of this content (the caller knows none of its
    documents does): remove its mark, and the file when no other database's mark is left."""
    path = source_file(db_path, sha256)
    if path is None:
        return
    with _locked(path.parent):
        owners = _owners(path.parent, sha256)
        if not owners.is_dir():  # kept before the marks: other databases may use it
            return
        (owners / _owner(db_path)).unlink(missing_ok=True)
        if not any(owners.iterdir()):
            path.unlink(missing_ok=True)
            owners.rmdir()
            try:
                owners.parent.rmdir()
            except OSError:  # other files' marks are there
                pass


def _owners(where: Path, sha256: str) -> Path:
    return where / OWNERS / sha256


def _owner(db_path: str) -> str:
    """A database's mark: its resolved path, hashed (a moved database keeps files it cannot drop)."""
    return hashlib.sha256(str(Path(db_path).resolve()).encode()).hexdigest()[:16]


LOCK = ".lock"
_IN_PROCESS = threading.Lock()  # a POSIX lock does not exclude the threads of its own process


@contextmanager
def _locked(where: Path):
    """An exclusive lock on the folder, held by one process (and one thread) at a time. A POSIX
    record lock on a lock file, not flock: a reader process forked while the lock is held inherits
    an flock (it belongs to the open file, not the process) and would hold it for its whole life."""
    with _IN_PROCESS:
        fd = os.open(where / LOCK, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)


def database_path(con) -> str | None:
    """The file behind a DuckDB connection (None in memory)."""
    row = con.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()").fetchone()
    return row[0] if row and row[0] else None
