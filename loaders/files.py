"""The loaded source files, kept content-addressed beside the database, so the 来源 view can show
a figure's page after an upload (whose temporary file is gone) and the annotated report can be drawn
from the original. A file is named by its SHA-256 and keeps its suffix; it is never changed."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

FILES = "BUDGET_LENS_FILES"  # a folder for the kept files; <database folder>/files by default


def folder(db_path: str) -> Path:
    return Path(os.environ.get(FILES) or Path(db_path).resolve().parent / "files")


def keep(db_path: str, sha256: str, source: Path) -> Path:
    """Copy source into the folder under its hash (once: the same content is the same file)."""
    target = folder(db_path) / f"{sha256}{source.suffix.lower()}"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
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
    """Remove the kept file of this content (the caller knows no document uses it any more)."""
    path = source_file(db_path, sha256)
    if path is not None:
        path.unlink(missing_ok=True)


def database_path(con) -> str | None:
    """The file behind a DuckDB connection (None in memory)."""
    row = con.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()").fetchone()
    return row[0] if row and row[0] else None
