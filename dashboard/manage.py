"""The 数据管理 page's work: list what is loaded, load uploads through loaders.run.ingest, remove documents,
and the admin password that guards both.

Uploads are untrusted: the bytes go to a temporary file named by their hash (the user's file name is
never a path), the loader's own checks decide, and the name the user gave is kept only as text
(documents.file_name, passed to the loader as data). Text from documents and users reaches the page
through `plain()` or tables, never as HTML.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pandas as pd

from loaders.api import (DOC_KINDS, SCOPES, SUFFIXES, DatabaseBusy, DatabaseDamaged, FileResult, choose, ingest,
                         SettingError, opened, remove, set_setting)

from . import db, versions
from .guard import MAX_UPLOAD_MB
from .uploads import folder as uploads_folder

PASSWORD_ENV = "BUDGET_LENS_ADMIN_PASSWORD"
OPEN_WRITES = "BUDGET_LENS_OPEN_WRITES"  # '1': upload and removal without a password (one user's machine)
BUSY = "数据库正被其他页面读取，请稍候再试。"
KINDS = DOC_KINDS
STATUS = {"ok": "完整", "partial": "部分解析", "template": "模板（占位单位）", "failed": "失败"}
LABELS = {
    "unit_name": "单位（报告所印）", "unit_id": "单位标识", "doc_kind": "类型", "scope": "范围",
    "parse_status": "解析状态", "problems": "问题", "page_count": "页数", "tables": "识别出的表",
    "facts": "数据条数", "findings": "核对问题（错误、警告）", "in_use": "页面使用", "file_name": "文件",
    "ingested_at": "导入时间", "doc_id": "文档编号", "kind": "表类型", "label": "表", "title": "报告中的标题",
    "first_page": "起始页", "row_count": "行数", "fact_count": "数据条数", "names": "名称写法", "years": "年度",
    "documents": "文档数", "alias": "别名", "current": "当前使用", "chosen": "管理员指定",
    "tables_found": "识别出的表数", "error_findings": "核对错误数", "source_format": "格式",
}


NAME_CHARS = 200  # the longest file name kept


def display_name(name: str) -> str:
    """The user's file name as text only: last path component, control and format characters
    removed, at most NAME_CHARS long, its suffix kept (the loader and the kept file need it) and a
    name before it ('（无文件名）' when there is none)."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = "".join(ch for ch in base if ch.isprintable()).strip()
    stem, dot, suffix = base.rpartition(".")
    if not dot or not 0 < len(suffix) <= 10 or not suffix.isalnum():
        stem, suffix = base, ""
    suffix = f".{suffix}" if suffix else ""
    return (stem.strip() or "（无文件名）")[:NAME_CHARS - len(suffix)] + suffix


# ------------------------------------------------------------------ access

def admin_password(secrets=None) -> str | None:
    """st.secrets["admin_password"], else the environment variable; None means open access."""
    try:
        value = secrets.get("admin_password") if secrets is not None else None
    except Exception:  # no secrets.toml at all: Streamlit raises on first access
        value = None
    return value or os.environ.get(PASSWORD_ENV) or None


def password_ok(given: str | None, expected: str) -> bool:
    return hmac.compare_digest((given or "").encode(), expected.encode())


def writes(secrets=None) -> str:
    """How upload and removal are reached: 'password' (an admin password is set), 'open' (no
    password, BUDGET_LENS_OPEN_WRITES=1: a single-user machine) or 'closed' (the default, so a
    dashboard put online is read-only until someone decides otherwise)."""
    if admin_password(secrets):
        return "password"
    return "open" if os.environ.get(OPEN_WRITES) == "1" else "closed"


# ------------------------------------------------------------------ reading

LIST_LIMIT = 500  # rows listed at once: a province loads tens of thousands of documents


def totals() -> pd.Series:
    """How many documents and units are loaded, how many were read only in part, how many are
    templates, and how many are the project's samples."""
    return db.query("""
    SELECT count(*) AS documents, count(DISTINCT unit_id) FILTER (WHERE parse_status <> 'template') AS units,
           count(*) FILTER (WHERE parse_status = 'partial') AS partial,
           count(*) FILTER (WHERE parse_status = 'template') AS templates,
           count(*) FILTER (WHERE coalesce(is_sample, false)) AS samples
    FROM documents""").iloc[0]


_MATCHES = "(? = '' OR {name} ILIKE '%' || ? || '%' OR {file} ILIKE '%' || ? || '%' OR {key} ILIKE '%' || ? || '%')"


def _search(text: str, name: str, file: str, key: str) -> tuple[str, list]:
    """SQL condition (and its parameters) for a search in names, file names and ids; '' matches all."""
    text = text.strip()
    return _MATCHES.format(name=name, file=file, key=key), [text] * 4


def documents(search: str = "", limit: int = LIST_LIMIT, templates: bool = False) -> pd.DataFrame:
    """The loaded documents (templates, or the others) whose unit name, file name or id contain
    `search` (the first `limit`), with status, problems, tables found, facts and findings counts,
    and whether the pages use each and why not; `matches` counts them all."""
    where, params = _search(search, "d.unit_name", "d.file_name", "d.doc_id")
    return db.query(f"""
    WITH picked AS (
        SELECT *, count(*) OVER () AS matches FROM documents d
        WHERE {where} AND (parse_status = 'template') = ?
        ORDER BY region, unit_name, fiscal_year, doc_kind, file_name LIMIT ?),
    tables AS (
        SELECT doc_id, string_agg(DISTINCT label, '、' ORDER BY label) AS tables,
               CAST(coalesce(sum(fact_count), 0) AS INTEGER) AS facts
        FROM document_tables WHERE doc_id IN (SELECT doc_id FROM picked) GROUP BY doc_id),
    found AS (
        SELECT doc_id, count(*) AS findings FROM findings
        WHERE severity IN ('error', 'warning') AND doc_id IN (SELECT doc_id FROM picked) GROUP BY doc_id)
    SELECT d.region, d.unit_name, d.unit_id, d.fiscal_year, d.doc_kind, d.scope, d.parse_status, d.problems,
           d.page_count, t.tables, coalesce(t.facts, 0) AS facts, coalesce(f.findings, 0) AS findings,
           {versions.in_use_sql()} AS in_use,
           d.file_name, d.ingested_at, d.doc_id, d.matches
    FROM picked d LEFT JOIN tables t USING (doc_id) LEFT JOIN found f USING (doc_id)
    ORDER BY d.region, d.unit_name, d.fiscal_year, d.doc_kind, d.file_name
    """, params + [templates, limit])


def tables_of(doc_id: str) -> pd.DataFrame:
    return db.query("SELECT label, title, first_page, row_count, fact_count FROM document_tables "
                    "WHERE doc_id = ? ORDER BY first_page NULLS LAST, label", [doc_id])


def units(search: str = "", limit: int = LIST_LIMIT) -> pd.DataFrame:
    """Each unit_id (the first `limit` matching `search`) with the names it was printed under and its years."""
    where, params = _search(search, "unit_name", "file_name", "unit_id")
    return db.query(f"""
    SELECT unit_id, string_agg(DISTINCT unit_name, ' / ' ORDER BY unit_name) AS names,
           string_agg(DISTINCT CAST(fiscal_year AS VARCHAR), '、' ORDER BY CAST(fiscal_year AS VARCHAR)) AS years,
           count(*) AS documents
    FROM documents WHERE {where} GROUP BY unit_id ORDER BY unit_id LIMIT ?
    """, params + [limit])


def aliases() -> pd.DataFrame:
    return db.query("SELECT alias, unit_id FROM unit_aliases ORDER BY unit_id, alias")


def for_display(df: pd.DataFrame) -> pd.DataFrame:
    """Kinds, scopes, statuses in words; doc_id kept (removal names it)."""
    out = df.drop(columns=[c for c in ("matches",) if c in df.columns])
    for col, words in (("doc_kind", KINDS), ("scope", SCOPES), ("parse_status", STATUS)):
        if col in out.columns:
            out[col] = out[col].map(words).fillna(out[col])
    return out


# ------------------------------------------------------------------ writing

@dataclass
class Upload:
    name: str  # as the user gave it: text only
    data: bytes


UPLOAD_BUSY = "服务器正在读取另一位用户上传的文件（每次只读一批），请稍后再试。"
_reading = threading.Lock()  # one upload batch at a time per server: each file's child may use the memory limit


def too_large(sizes: list[int]) -> str | None:
    """Why a batch of uploads (their sizes in bytes) is refused as a whole, or None."""
    total = sum(sizes)
    if total > MAX_UPLOAD_MB * 1024 * 1024:
        return (f"所选文件共 {total / 1024 / 1024:.1f} MB，超过一次上传的上限 {MAX_UPLOAD_MB} MB"
                "（BUDGET_LENS_MAX_UPLOAD_MB），请分批上传。")
    return None


def load_uploads(uploads: list[Upload], db_path: str,
                 on_result: Callable[[FileResult], None] | None = None,
                 on_page: Callable[[str, int, int], None] | None = None) -> list[FileResult]:
    """Load the uploads through loaders.run.ingest in one load, as the CLI loads files (each read
    and parsed in a child process under the limits, the next read while one is parsed), from temp
    files named by their place and hash; a result for each (for each file inside a .zip), in
    ingest's order. One batch at a time per server; a batch over the total size cap, or arriving
    while another is read, is refused whole. on_result(result) is told of each result as it is
    settled, on_page(file name, pages done, pages in all) of a scanned file's OCR page by page."""
    refused = too_large([len(up.data) for up in uploads])
    if refused or not _reading.acquire(blocking=False):
        return [FileResult(display_name(up.name), False, refused or UPLOAD_BUSY) for up in uploads]
    try:
        return _load(uploads, db_path, on_result, on_page)
    finally:
        _reading.release()


def _load(uploads: list[Upload], db_path: str, on_result, on_page=None) -> list[FileResult]:
    results: list[FileResult] = []

    def settled(res: FileResult) -> None:
        results.append(res)
        if on_result:
            on_result(res)

    with uploads_folder() as tmp:
        names = {}
        for i, up in enumerate(uploads):
            shown = display_name(up.name)
            suffix = Path(shown).suffix.lower()
            path = Path(tmp) / f"{i}-{hashlib.sha256(up.data).hexdigest()[:16]}{suffix if suffix in SUFFIXES else ''}"
            path.write_bytes(up.data)
            names[path] = shown
        try:
            ingest(list(names), db_path, names=names, on_result=settled, on_page=on_page)
        except (DatabaseBusy, DatabaseDamaged, SettingError) as exc:
            results += [FileResult(shown, False, _why_stopped(exc)) for shown in _unsettled(list(names.values()), results)]
    return results


def _why_stopped(exc: Exception) -> str:
    if isinstance(exc, DatabaseBusy):
        return BUSY
    if isinstance(exc, DatabaseDamaged):
        return db.damaged(exc)
    return str(exc)  # a limit or the files folder set wrongly: the admin's to fix


def _unsettled(shown: list[str], results: list[FileResult]) -> list[str]:
    """The uploads (their shown names, in order) that no result names: a load stopped midway (the
    database taken by another process) has settled only some; a .zip's files are named
    'archive.zip/inner name'."""
    left = [r.file_name for r in results]
    out = []
    for name in shown:
        mine = [name] if name in left else [n for n in left if n.startswith(name + "/")]
        for n in mine:
            left.remove(n)
        if not mine:
            out.append(name)
    return out


def choose_version(doc_id: str, db_path: str) -> None:
    """Make doc_id the version of its report that every page uses."""
    _write(db_path, lambda con: choose(con, doc_id))


def show_samples(on: bool, db_path: str) -> None:
    """Show the bundled samples on every page again beside real reports (or hide them)."""
    _write(db_path, lambda con: set_setting(con, "show_samples", "true" if on else "false"))


def _write(db_path: str, change) -> None:
    try:
        with opened(db_path) as con:
            change(con)
    except DatabaseBusy:
        raise DatabaseBusy(BUSY) from None


def remove_document(doc_id: str, db_path: str) -> bool:
    try:
        with opened(db_path) as con:
            return remove(con, doc_id)
    except DatabaseBusy:
        raise DatabaseBusy(BUSY) from None
