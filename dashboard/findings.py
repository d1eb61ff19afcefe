"""数据核对 read side: every loaded report ranked by what the checks found in it; the consistency findings
of one report or of the selected reports, their counts and completeness scores.

Queries take a Selection (dashboard.filters) and return DataFrames with English column names and a
`source` column (file and page) for widgets.table. The completeness score is stored as a finding
(check_id 'completeness_score', actual = score), so it is read apart from the problems.
"""
from __future__ import annotations

import pandas as pd

from loaders.api import CHECK_GROUPS, CHECK_SPECS, DOC_KINDS, JUDGEMENT, check_titles

from . import db, versions
from .filters import Selection

SCORE = "completeness_score"
ROUNDING = JUDGEMENT.per_term  # what a sum may miss its parts by per summed term and be a 提示 (rounding tail)
SEVERITIES = {"error": "错误", "warning": "警告", "info": "提示"}
_SEVERITY_ORDER = "CASE f.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END"
# The group each check is listed under (loaders/checklist.py), in the page's order; 其他 for an id no
# check has now (a database loaded by an older version).
OTHER_GROUP = "其他"
GROUPS = (*CHECK_GROUPS, OTHER_GROUP)
LABELS = {"group": "类别", "check": "核对项", "severity": "严重程度", "message": "说明", "page": "页码", "expected": "应为",
          "actual": "实为", "difference": "差额（实为−应为）", "errors": "错误", "warnings": "警告", "infos": "提示",
          "score": "完整性得分", "rank": "排名", "doc_kind": "报告类型", "in_use": "页面使用", "file_name": "文件"}


_FINDINGS = f"""
    SELECT d.doc_id, d.unit_name, d.fiscal_year, d.doc_kind, d.file_name, f.severity, f.check_id, f.page,
           f.expected, f.actual, f.actual - f.expected AS difference, f.message, {db.source_sql()} AS source,
           f.x0, f.top, f.x1, f.bottom, f.line,
           f.other_page, f.other_x0, f.other_top, f.other_x1, f.other_bottom
    FROM sel_parts d JOIN findings f USING (doc_id)
    WHERE f.check_id <> ? AND list_contains(?, f.severity)
    ORDER BY d.unit_name, d.fiscal_year, {_SEVERITY_ORDER}, f.page NULLS LAST, f.check_id"""


def findings(sel: Selection, severities: list[str]) -> pd.DataFrame:
    """Every finding of the selected reports at the chosen severities, worst first, with its source.

    The page and the two numbers come before the message so they stay in view in a narrow table."""
    cte, params = sel.docs_cte()
    return _readable(db.query(cte + _FINDINGS, params + [SCORE, list(severities)]))


def report_findings(doc_id: str, severities: list[str]) -> pd.DataFrame:
    """findings() of one loaded document, whichever version or kind it is (the ranking's row)."""
    cte = "WITH sel_parts AS (SELECT doc_id, unit_name, fiscal_year, doc_kind, file_name FROM documents WHERE doc_id = ?)"
    return _readable(db.query(cte + _FINDINGS, [doc_id, SCORE, list(severities)]))


RANKED = 500  # reports the ranking lists: a province loads tens of thousands


def ranking(limit: int = RANKED) -> pd.DataFrame:
    """Every loaded report (预算 and 决算, every version of it; templates aside) by its errors, then its
    warnings: whether the pages use it (versions.in_use_sql), its counts and completeness score; the
    first `limit`, and in `reports` how many there are."""
    return db.query(f"""
    WITH counts AS (
        SELECT doc_id, count(*) FILTER (WHERE severity = 'error' AND check_id <> ?) AS errors,
               count(*) FILTER (WHERE severity = 'warning' AND check_id <> ?) AS warnings,
               count(*) FILTER (WHERE severity = 'info' AND check_id <> ?) AS infos,
               max(actual) FILTER (WHERE check_id = ?) AS score
        FROM findings GROUP BY doc_id)
    SELECT rank() OVER (ORDER BY coalesce(c.errors, 0) DESC, coalesce(c.warnings, 0) DESC) AS rank,
           d.unit_name, d.fiscal_year, d.doc_kind, coalesce(c.errors, 0) AS errors,
           coalesce(c.warnings, 0) AS warnings, coalesce(c.infos, 0) AS infos, c.score,
           {versions.in_use_sql()} AS in_use, d.file_name, d.doc_id, count(*) OVER () AS reports
    FROM documents d LEFT JOIN counts c USING (doc_id)
    WHERE d.parse_status <> 'template'
    ORDER BY rank, d.unit_name, d.fiscal_year, d.doc_kind, d.file_name
    LIMIT ?""", [SCORE] * 4 + [limit])


def _readable(df: pd.DataFrame) -> pd.DataFrame:
    names = check_titles()
    df.insert(df.columns.get_loc("check_id"), "check", [names.get(c, c) for c in df["check_id"]])
    df.insert(df.columns.get_loc("check"), "group", [CHECK_SPECS[c].group if c in CHECK_SPECS else OTHER_GROUP
                                                     for c in df["check_id"]])
    df["severity"] = df["severity"].map(SEVERITIES).fillna(df["severity"])
    df["doc_kind"] = df["doc_kind"].map(DOC_KINDS)
    return df


def for_display(df: pd.DataFrame) -> pd.DataFrame:
    """Report kinds in words (预算, 决算) for a table."""
    return df.assign(doc_kind=df["doc_kind"].map(DOC_KINDS)) if "doc_kind" in df.columns else df


def counts(sel: Selection) -> pd.DataFrame:
    """Per selected report: errors, warnings and infos found, and its completeness score."""
    cte, params = sel.docs_cte()
    return db.query(f"""{cte}
        SELECT d.unit_name, d.fiscal_year, d.file_name,
               count(*) FILTER (WHERE f.severity = 'error' AND f.check_id <> ?) AS errors,
               count(*) FILTER (WHERE f.severity = 'warning' AND f.check_id <> ?) AS warnings,
               count(*) FILTER (WHERE f.severity = 'info' AND f.check_id <> ?) AS infos,
               max(f.actual) FILTER (WHERE f.check_id = ?) AS score
        FROM sel_parts d LEFT JOIN findings f USING (doc_id)
        GROUP BY ALL ORDER BY errors DESC, warnings DESC, d.unit_name, d.fiscal_year""",
                    params + [SCORE] * 4)


def scores(sel: Selection) -> pd.DataFrame:
    """Completeness scores of the selected reports, best first, ranked (ties share a rank)."""
    cte, params = sel.docs_cte()
    return db.query(f"""{cte}
        SELECT rank() OVER (ORDER BY f.actual DESC) AS rank, d.unit_name, d.fiscal_year, f.actual AS score,
               f.message, d.file_name AS source
        FROM sel_docs d JOIN findings f USING (doc_id)
        WHERE f.check_id = ? ORDER BY rank, d.unit_name, d.fiscal_year""", params + [SCORE])
