"""Read side of 总览: what is loaded, one headline row per unit-year, and the biggest changes.

Headline figures (total, 基本/项目, the largest 类, 三公) are computed in DuckDB for every year of
the selected units, so each selected year can be compared with the year before it even when that
year is not selected. `source` columns name the file and page of each figure.
"""
from __future__ import annotations

import pandas as pd

from . import cpi, db
from .filters import KINDS, ONE_PART, Selection
from .links import WHERE
from .structure import totals_cte


def coverage(sel: Selection) -> pd.DataFrame:
    """One row per selected unit and year: which kinds of report are loaded, and their files."""
    cte, params = sel.docs_cte(kind=None)
    sql = cte + """
    SELECT unit_name, fiscal_year,
           bool_or(doc_kind = 'budget') AS has_budget, bool_or(doc_kind = 'final') AS has_final,
           string_agg(file_name, '；' ORDER BY doc_kind DESC) AS files
    FROM sel_docs GROUP BY unit_name, fiscal_year ORDER BY unit_name, fiscal_year
    """
    return db.query(sql, params)


def matrix(cov: pd.DataFrame) -> pd.DataFrame:
    """Units × years, each cell saying which reports exist ('预算＋决算', '决算', '预算' or '')."""
    if cov.empty:
        return pd.DataFrame(columns=["单位"])
    cell = cov.apply(lambda r: "＋".join(k for k, has in (("预算", r.has_budget), ("决算", r.has_final)) if has),
                     axis=1)
    wide = cov.assign(cell=cell, year=cov["fiscal_year"].astype(str) + "年") \
        .pivot(index="unit_name", columns="year", values="cell").fillna("")
    return wide.reset_index().rename(columns={"unit_name": "单位"}).rename_axis(columns=None)


def newest_years() -> dict[str, int | None]:
    """The newest fiscal year loaded, per report kind ('final', 'budget')."""
    df = db.query("SELECT doc_kind, max(fiscal_year) AS year FROM current_documents GROUP BY doc_kind")
    return {k: (int(y) if pd.notna(y) else None) for k, y in zip(df["doc_kind"], df["year"])} | \
        {k: None for k in KINDS if k not in set(df["doc_kind"])}


def headlines(sel: Selection) -> pd.DataFrame:
    """Per unit and year of the selected kind: total, its share of the year's selection, change on
    the previous loaded year, 基本/项目 shares, the largest 类, 三公 (actual for 决算, else budget); with
    where the total was printed (document_totals: the 合计 row or 收支总表 line; none for a sum of 类)."""
    cte, params = totals_cte(sel, "all", all_years=True)
    sql = cte + f"""
    , top_class AS (
        SELECT doc_id, arg_max(name, total) AS top_name, max(total) AS top_amount, arg_max(page, total) AS top_page
        FROM fn_class_rows WHERE level = 1 GROUP BY doc_id),
    sg AS (
        SELECT s.doc_id, CASE WHEN d.doc_kind = 'final' THEN s.actual ELSE s.budget END AS sangong,
               s.budget AS sangong_budget, s.page AS sangong_page
        FROM sangong s JOIN sel_parts d USING (doc_id) WHERE s.item = 'total' QUALIFY {ONE_PART}),
    per_year AS (
        SELECT t.*, c.top_name, c.top_amount, c.top_page, g.sangong, g.sangong_budget, g.sangong_page,
               lag(t.fiscal_year) OVER w AS previous_year, lag(t.total) OVER w AS previous,
               lag(g.sangong) OVER w AS sangong_previous
        FROM totals t LEFT JOIN top_class c USING (doc_id) LEFT JOIN sg g USING (doc_id)
        WINDOW w AS (PARTITION BY t.unit_id ORDER BY t.fiscal_year))
    SELECT unit_id, unit_name, fiscal_year, doc_kind, total, {db.position_sql('y')},
           round(100 * total / nullif(sum(total) OVER (PARTITION BY fiscal_year), 0), 1) AS share_pct,
           count(total) OVER (PARTITION BY fiscal_year) AS units_in_year,
           previous_year, previous, total - previous AS change,
           round(100 * (total - previous) / nullif(previous, 0), 1) AS change_pct,
           basic, project, round(100 * basic / nullif(total, 0), 1) AS basic_share_pct,
           round(100 * project / nullif(total, 0), 1) AS project_share_pct,
           top_name, top_amount, round(100 * top_amount / nullif(total, 0), 1) AS top_share_pct,
           sangong, sangong_budget, sangong_previous,
           round(100 * (sangong - sangong_previous) / nullif(sangong_previous, 0), 1) AS sangong_change_pct,
           {db.source_sql('file_name', 'page')} AS source,
           {db.source_sql('file_name', 'top_page')} AS top_source, top_page,
           {db.source_sql('file_name', 'sangong_page')} AS sangong_source, sangong_page
    FROM per_year y WHERE list_contains(?, fiscal_year)
    ORDER BY unit_name, fiscal_year DESC
    """
    return db.query(sql, params + [list(sel.years)])


def changes(sel: Selection, level: int, limit: int, base_year: int | None = None) -> pd.DataFrame:
    """The `limit` 类 (level 1), 款 (2) or 项 (3) of the selected years whose amount (all funds) moved
    most against the unit's previous loaded year, in 万元 and %; items new or gone in one of the two
    years count as 0 there. base_year: amounts in its prices (CPI), ranked as such; None: nominal.
    Each change carries where its year's row was printed (the previous year's, for an item gone)."""
    cte, params = totals_cte(sel, "all", all_years=True)
    prices, price_params = cpi.factors_cte(base_year)
    sql = cte + prices + f"""
    , pairs AS (
        SELECT unit_id, unit_name, fiscal_year, doc_id, file_name,
               lag(doc_id) OVER w AS prev_doc, lag(fiscal_year) OVER w AS previous_year,
               lag(file_name) OVER w AS prev_file
        FROM sel_docs WINDOW w AS (PARTITION BY unit_id ORDER BY fiscal_year)),
    cur AS (  -- one row per code (a code printed twice: its first)
        SELECT doc_id, code, name, total, page, x0, top, x1, bottom, line FROM fn_class_rows WHERE level = ?
        QUALIFY row_number() OVER (PARTITION BY doc_id, code ORDER BY page, top, line) = 1),
    chosen AS (SELECT * FROM pairs WHERE prev_doc IS NOT NULL AND list_contains(?, fiscal_year)),
    keys AS (  -- the codes of either year, as two equi-joins (an IN join cannot be hashed)
        SELECT p.doc_id, k.code FROM chosen p JOIN cur k ON k.doc_id = p.doc_id
        UNION
        SELECT p.doc_id, k.code FROM chosen p JOIN cur k ON k.doc_id = p.prev_doc),
    priced AS (
        SELECT p.unit_name, p.fiscal_year, p.previous_year, k.code, coalesce(c.name, o.name) AS name,
               c.total * fc.factor AS total, o.total * fo.factor AS previous,
               CASE WHEN c.code IS NOT NULL THEN {db.source_sql('p.file_name', 'c.page')}
                    ELSE {db.source_sql('p.prev_file', 'o.page')} END AS source, {_either_position()}
        FROM keys k JOIN pairs p USING (doc_id)
        LEFT JOIN cur c ON c.doc_id = p.doc_id AND c.code = k.code
        LEFT JOIN cur o ON o.doc_id = p.prev_doc AND o.code = k.code
        JOIN prices fc ON fc.year = {cpi.clamped('p.fiscal_year')}
        JOIN prices fo ON fo.year = {cpi.clamped('p.previous_year')})
    SELECT unit_name, fiscal_year, previous_year, code, name, ? AS level, total, previous,
           coalesce(total, 0) - coalesce(previous, 0) AS change,
           round(100 * (total - previous) / nullif(previous, 0), 1) AS change_pct, source, {', '.join(WHERE)}
    FROM priced
    ORDER BY abs(change) DESC, unit_name, fiscal_year, code
    LIMIT ?
    """
    return db.query(sql, params + price_params + [level, list(sel.years), level, limit])


def _either_position() -> str:
    """SQL for where a change's figure was printed: this year's row (c in document p.doc_id), else,
    for an item gone this year, last year's (o in p.prev_doc); named as db.position_sql names them."""
    def pick(column: str) -> str:
        this, last = ("p.doc_id", "p.prev_doc") if column == "doc_id" else \
            (f"c.{db.stored(column)}", f"o.{db.stored(column)}")
        return f"CASE WHEN c.code IS NOT NULL THEN {this} ELSE {last} END AS {column}"
    return ", ".join(pick(c) for c in WHERE)


def priced(df: pd.DataFrame, basis: str, base_year: int) -> pd.DataFrame:
    """Amounts (total, previous) in real terms of base_year when basis is 'real', with the change in
    万元 and % recomputed; 'nominal' returns df as it is. An unknown total leaves the change unknown."""
    if basis != "real" or df.empty:
        return df
    out = cpi.deflate(df, ["total"], base_year)
    out["previous"] = [p * cpi.factor(int(y), base_year) if pd.notna(y) and pd.notna(p) else p
                       for p, y in zip(out["previous"], out["previous_year"])]
    out["change"] = (out["total"] - out["previous"]).where(out["previous_year"].notna())
    out["change_pct"] = (100 * (out["total"] - out["previous"]) / out["previous"].where(out["previous"] != 0)).round(1)
    return out
