"""Read side of 支出结构: where the money goes, by function (类/款/项), basic vs project, and by
economic class (人员 vs 公用) — per selected unit and year, aggregated in DuckDB.

Every query takes the sidebar Selection and a fund ('all' every source of money, 'general'
一般公共预算财政拨款) and returns English columns plus `source` (file and page).
"""
from __future__ import annotations

import pandas as pd

from . import db
from .filters import Selection
from .links import WHERE, side

# The database's own rules (loaders/database/schema.py views), narrowed to the selected documents and one fund.
_FUNCTION_TOTALS = """
, fn_class_rows AS (
    SELECT * EXCLUDE (fund, summed) FROM function_class_rows
    WHERE fund = ? AND doc_id IN (SELECT doc_id FROM sel_docs)),
totals AS (
    SELECT d.doc_id, d.unit_id, d.unit_name, d.fiscal_year, d.doc_kind, d.file_name,
           t.total, t.basic, t.project, t.page, t.x0, t.top, t.x1, t.bottom, t.line
    FROM sel_docs d LEFT JOIN document_totals t ON t.doc_id = d.doc_id AND t.fund = ?)
"""


def totals_cte(sel: Selection, fund: str = "all", **docs) -> tuple[str, list]:
    """`sel_docs`, `fn_class_rows` (the view function_class_rows of the fund: every 类/款/项 row, with
    类 rows summed from the finest printed level where a report prints none) and `totals` (the view
    document_totals: the 合计 row, else the sum of the 类, else — for all funds — 本年支出合计; with the
    box of the row printed, none for a sum)."""
    cte, params = sel.docs_cte(**docs)
    return cte + _FUNCTION_TOTALS, params + [fund] * 2


def documents(sel: Selection) -> pd.DataFrame:
    """The selected documents (one per unit and year of the selected kind)."""
    cte, params = sel.docs_cte()
    return db.query(cte + "SELECT unit_name, fiscal_year, file_name FROM sel_docs ORDER BY unit_name, fiscal_year",
                    params)


def function_rows(sel: Selection, fund: str = "all") -> pd.DataFrame:
    """Every 类/款/项 row of the selected documents, with its share of the document's total."""
    cte, params = totals_cte(sel, fund)
    sql = cte + f"""
    SELECT t.unit_name, t.fiscal_year, f.code, f.name, f.level, f.total, f.basic, f.project,
           round(100 * f.total / nullif(t.total, 0), 1) AS share_pct,
           {db.source_sql('t.file_name', 'f.page')} AS source, {db.position_sql('f')}
    FROM fn_class_rows f JOIN totals t USING (doc_id)
    ORDER BY t.unit_name, t.fiscal_year, f.code
    """
    return db.query(sql, params)


def _printed_at(code: str, side: str) -> str:
    """SQL aggregates of a document's rows: where its row `code` was printed (the one whose figure the
    max() shows), named as db.position_sql names a side's; NULL where the document prints no such figure. One
    scan of the rows already read (a second one, joined, cost 10 ms at 10,000 documents)."""
    def at(column: str) -> str:
        return f"arg_max({column}, amount) FILTER (WHERE code = '{code}' AND amount IS NOT NULL)"
    return ", ".join(f"{at(db.stored(c))} AS {side}_{c}" for c in WHERE)


def basic_project(sel: Selection, fund: str = "all") -> pd.DataFrame:
    """基本支出 vs 项目支出 per unit and year, amounts and shares of their sum; both read from the 合计
    row, whose position the row carries (none where they are sums of the 类)."""
    cte, params = totals_cte(sel, fund)
    sql = cte + f"""
    SELECT unit_name, fiscal_year, total, basic, project,
           round(100 * basic / nullif(coalesce(basic, 0) + coalesce(project, 0), 0), 1) AS basic_share_pct,
           round(100 * project / nullif(coalesce(basic, 0) + coalesce(project, 0), 0), 1) AS project_share_pct,
           {db.source_sql('file_name', 'page')} AS source, {db.position_sql('t')}
    FROM totals t WHERE basic IS NOT NULL OR project IS NOT NULL
    ORDER BY unit_name, fiscal_year
    """
    return db.query(sql, params)


def economic_rows(sel: Selection) -> pd.DataFrame:
    """基本支出 by economic 类 and 款 (一般公共预算财政拨款), with shares of the 类 sum and where each was printed."""
    cte, params = sel.docs_cte()
    sql = cte + f"""
    SELECT d.unit_name, d.fiscal_year, e.code, e.name, e.level, e.amount, e.category,
           round(100 * e.amount / nullif(sum(e.amount) FILTER (WHERE e.level = 1)
                                         OVER (PARTITION BY e.doc_id), 0), 1) AS share_pct,
           {db.source_sql('d.file_name', 'e.page')} AS source, {db.position_sql('e')}
    FROM expenditure_economic e JOIN sel_docs d USING (doc_id)
    WHERE e.level IN (1, 2)
    ORDER BY d.unit_name, d.fiscal_year, e.code
    """
    return db.query(sql, params)


def personnel_public(sel: Selection) -> pd.DataFrame:
    """人员经费 vs 公用经费 per unit and year: the printed totals, else the sum of the 类 of each kind;
    each part with where its total was printed (personnel_x0 …, public_x0 …; none for a sum)."""
    cte, params = sel.docs_cte()
    sql = cte + f"""
    , parts AS (
        SELECT doc_id, {_printed_at('personnel_total', 'personnel')}, {_printed_at('public_total', 'public')},
               coalesce(max(amount) FILTER (WHERE code = 'personnel_total'),
                        sum(amount) FILTER (WHERE level = 1 AND category = 'personnel')) AS personnel,
               coalesce(max(amount) FILTER (WHERE code = 'public_total'),
                        sum(amount) FILTER (WHERE level = 1 AND category = 'public')) AS public,
               min(page) FILTER (WHERE code IN ('personnel_total', 'public_total') OR level = 1) AS page
        FROM expenditure_economic WHERE doc_id IN (SELECT doc_id FROM sel_docs) GROUP BY doc_id)
    SELECT d.unit_name, d.fiscal_year, p.personnel, p.public,
           round(100 * p.personnel / nullif(coalesce(p.personnel, 0) + coalesce(p.public, 0), 0), 1)
               AS personnel_share_pct,
           round(100 * p.public / nullif(coalesce(p.personnel, 0) + coalesce(p.public, 0), 0), 1)
               AS public_share_pct,
           {db.source_sql('d.file_name', 'p.page')} AS source,
           {', '.join(f'p.{side}_{c}' for side in ('personnel', 'public') for c in WHERE)}
    FROM parts p JOIN sel_docs d USING (doc_id)
    WHERE p.personnel IS NOT NULL OR p.public IS NOT NULL
    ORDER BY d.unit_name, d.fiscal_year
    """
    return db.query(sql, params)


def parts_long(data: pd.DataFrame, parts: dict[str, str]) -> pd.DataFrame:
    """One row per unit-year and part (column → its name) for the share charts: its amount, and where
    it was printed: the part's own position (a side, db.position_sql) where the query gives one (人员/公用: two rows),
    else the row's (基本/项目: both on the 合计 row)."""
    frames = []
    for column, name in parts.items():
        rows = side(data, column) if f"{column}_doc_id" in data.columns else data
        keep = ["unit_name", "fiscal_year", "source", *(c for c in WHERE if c in rows.columns)]
        frames.append(rows[keep].assign(part=name, amount=rows[column]))
    return pd.concat(frames, ignore_index=True)
