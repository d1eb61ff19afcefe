"""Which documents the pages use: versions of one report, and the bundled samples.

The loader's document_versions view ranks the versions of each report and current_documents keeps
the first (loaders/database/schema.py); here the pages learn where that choice matters to a reader: a report
whose other versions differ from the one shown (tables found, error findings, total spending), and
a database that holds nothing but the project's fictional samples."""
from __future__ import annotations

import pandas as pd

from loaders.api import ACCOUNTS, DOC_KINDS, POSITION_COLUMNS, PRINTED, columns, holding, report_key

from . import db
from .inert import plain

KINDS = DOC_KINDS
REPORT = report_key()  # what makes two files one report
SAMPLE_NOTICE = ("示例数据：本页显示的是项目自带的示例报告，单位名称和全部数字均为虚构。"
                 "导入真实报告后，示例会从各页面隐藏（可在“数据管理”中重新显示）。")


def in_use_sql(alias: str = "d") -> str:
    """SQL for whether the pages use a document, and why not: '是', '否（同一报告的另一版本）' …"""
    return f"""CASE WHEN {alias}.doc_id IN (SELECT doc_id FROM current_documents) THEN '是'
                WHEN {alias}.parse_status = 'template' THEN '否（模板或占位单位）'
                WHEN {alias}.parse_status = 'failed' THEN '否（读取失败）'
                WHEN {alias}.doc_id NOT IN (SELECT doc_id FROM document_versions) THEN '否（示例数据，已隐藏）'
                ELSE '否（同一报告的另一版本）' END"""


def samples_only() -> bool:
    """True while every document the pages show is a sample (and there is one)."""
    if not db.exists():
        return False
    row = db.query("SELECT count(*) AS n, count(*) FILTER (WHERE coalesce(is_sample, false)) AS samples "
                   "FROM current_documents").iloc[0]
    return bool(row["n"]) and row["n"] == row["samples"]


# The report's own tables, whose rows a reader sees: two versions differ when any row of them differs
# (where it was printed aside: a PDF and its text export of the same report are the same figures).
FIGURE_TABLES = holding(ACCOUNTS, PRINTED)
_PRINTED_AT = {"page", *POSITION_COLUMNS}


def _fingerprints(docs: str) -> str:
    """SQL: doc_id, figures: a sum of the hashes of each document's rows (of the docs query)."""
    rows = " UNION ALL ".join(
        f"SELECT doc_id, hash({', '.join(c for c, _ in columns(t) if c not in _PRINTED_AT | {'doc_id'})})::HUGEINT AS h "
        f"FROM {t} WHERE doc_id IN ({docs})" for t in FIGURE_TABLES)
    return f"SELECT doc_id, sum(h) AS figures FROM ({rows}) GROUP BY doc_id"


_DIFFERING = f"""
WITH v0 AS (SELECT * FROM document_versions WHERE version_count > 1 {{where}}),
figures AS ({_fingerprints("SELECT doc_id FROM v0")}),
v AS (
    SELECT v0.*, min(f.figures) OVER r IS DISTINCT FROM max(f.figures) OVER r
           OR count(f.figures) OVER r NOT IN (0, count(*) OVER r)
           OR min(tables_found) OVER r <> max(tables_found) OVER r
           OR min(error_findings) OVER r <> max(error_findings) OVER r
           OR bool_or(chosen) OVER r AS differs
    FROM v0 LEFT JOIN figures f USING (doc_id)
    WINDOW r AS (PARTITION BY {REPORT}))
SELECT unit_name, fiscal_year, doc_kind, version_count, file_name, doc_id, chosen
FROM v WHERE differs AND version_rank = 1 ORDER BY unit_name, fiscal_year, doc_kind
"""


def differing(units: tuple[str, ...], years: tuple[int, ...], kind: str) -> pd.DataFrame:
    """The selected reports whose versions differ: the current one's unit, year, kind, file, count."""
    where = "AND list_contains(?, unit_id) AND list_contains(?, fiscal_year) AND doc_kind = ?"
    return db.query(_DIFFERING.format(where=where), [list(units), list(years), kind])


def note(rows: pd.DataFrame, limit: int = 3) -> str | None:
    """'甲 2023 年决算有 2 个版本，当前使用 a.pdf（管理员指定）；…' for the sidebar."""
    if rows.empty:
        return None
    parts = [f"{plain(r.unit_name)} {r.fiscal_year} 年{KINDS.get(r.doc_kind, r.doc_kind)}有 {r.version_count} 个版本，"
             f"当前使用 {plain(r.file_name)}{'（管理员指定）' if r.chosen else ''}" for r in rows.head(limit).itertuples()]
    more = f"；另有 {len(rows) - limit} 份报告有多个版本" if len(rows) > limit else ""
    return "；".join(parts) + more + "。可在“数据管理”中查看和更改。"


def groups() -> pd.DataFrame:
    """Every version of each report that has more than one, current first: for 数据管理."""
    return db.query(f"""
    SELECT unit_name, fiscal_year, doc_kind, scope, version_rank = 1 AS current, chosen, parse_status,
           tables_found, error_findings, source_format, file_name, ingested_at, doc_id,
           dense_rank() OVER (ORDER BY {REPORT}) AS report
    FROM document_versions WHERE version_count > 1
    ORDER BY report, version_rank""")


def hidden_samples() -> int:
    """How many sample documents the pages leave out now that real reports are loaded."""
    return int(db.query("SELECT count(*) AS n FROM documents WHERE coalesce(is_sample, false) "
                        "AND doc_id NOT IN (SELECT doc_id FROM document_versions)").iloc[0]["n"])


def show_samples_setting() -> bool:
    rows = db.query("SELECT value FROM settings WHERE key = 'show_samples'")
    return not rows.empty and rows.iloc[0]["value"] == "true"
