"""Read side of the 预算执行 page: 年初预算 vs 决算 per item, overall completion, 预算 vs 决算 documents.

Queries take the sidebar's Selection (its 决算 documents: one per unit and year, PDF first), run through
db.query (short-lived read-only connection, cached) and return DataFrames with English column names; LABELS gives the
Chinese headers. Every row carries `source` (file name and page) so each number can be traced.
"""
from __future__ import annotations

import pandas as pd

from loaders.api import FUNDS as FUND_LABELS

from . import db
from .filters import ONE_PART, Selection
from .links import without_sides

BAND = (90.0, 110.0)  # completion rates outside this band (%) are highlighted by default

LABELS = {
    "unit_name": "单位", "fiscal_year": "年度", "code": "科目编码", "item": "项目", "name": "科目名称",
    "budget": "年初预算（万元）", "budget_full_year": "全年预算（万元）", "actual": "支出决算（万元）",
    "completion_rate": "完成率（%）", "rate_basis": "完成率口径", "deviation": "偏离（百分点）",
    "difference": "差额（万元）", "reason": "报告所述原因", "outside": "超出区间", "source": "来源",
    "fund": "资金范围", "level": "级次", "budget_total": "预算数（万元）", "final_total": "决算数（万元）",
    "budget_source": "来源（预算）", "final_source": "来源（决算）",
}
FUNDS = FUND_LABELS
LEVELS = {0: "合计", 1: "类", 2: "款", 3: "项"}
SIDES = ("budget", "final")  # budget_vs_final's two figures, each with its position (db.position_sql)
PRINTED, COMPUTED = "报告所列", "按年初预算计算"

# The rate as printed, else actual ÷ 年初预算; rate_basis says which.
_RATE = "coalesce(e.completion_rate, CASE WHEN e.budget > 0 THEN round(100 * e.actual / e.budget, 2) END)"


def items(sel: Selection, band=BAND) -> pd.DataFrame:
    """Each 项 of each 决算's execution narrative, most deviating first, flagged outside the band
    (spending with no 年初预算 at all is flagged too: it has no rate, and is listed last)."""
    cte, params = sel.docs_cte("final")
    sql = cte + f"""
    SELECT d.unit_name, d.fiscal_year, e.code, e.item, e.budget, e.budget_full_year, e.actual,
           {_RATE} AS completion_rate,
           CASE WHEN e.completion_rate IS NOT NULL THEN '{PRINTED}'
                WHEN e.budget > 0 AND e.actual IS NOT NULL THEN '{COMPUTED}' END AS rate_basis,
           round({_RATE} - 100, 2) AS deviation, round(e.actual - e.budget, 2) AS difference,
           coalesce({_RATE} NOT BETWEEN ? AND ?, e.budget = 0 AND e.actual > 0, false) AS outside,
           e.reason, {db.source_sql('d.file_name', 'e.page')} AS source, {db.position_sql('e')}
    FROM budget_execution e JOIN sel_parts d USING (doc_id)
    WHERE e.code IS DISTINCT FROM 'total'
    QUALIFY {ONE_PART}
    ORDER BY abs(deviation) DESC NULLS LAST, d.unit_name, d.fiscal_year, e.code
    """
    return db.query(sql, params + [float(band[0]), float(band[1])])


def overall(sel: Selection) -> pd.DataFrame:
    """The overall line (code 'total') of each 决算: completion compared across units and years, with
    where the line was printed."""
    cte, params = sel.docs_cte("final")
    sql = cte + f"""
    SELECT d.unit_name, d.fiscal_year, e.budget, e.budget_full_year, e.actual, {_RATE} AS completion_rate,
           round(e.actual - e.budget, 2) AS difference, e.reason,
           {db.source_sql('d.file_name', 'e.page')} AS source, {db.position_sql('e')}
    FROM budget_execution e JOIN sel_parts d USING (doc_id)
    WHERE e.code = 'total'
    QUALIFY {ONE_PART}
    ORDER BY d.unit_name, d.fiscal_year
    """
    return db.query(sql, params)


def finals(sel: Selection) -> pd.DataFrame:
    """The selected 决算 documents, and whether their execution narrative was read."""
    cte, params = sel.docs_cte("final")
    sql = cte + """
    SELECT d.unit_id, d.unit_name, d.fiscal_year, d.file_name,
           EXISTS (SELECT 1 FROM budget_execution e JOIN sel_parts p USING (doc_id)
                   WHERE p.report_id = d.doc_id) AS has_execution
    FROM sel_docs d ORDER BY d.unit_name, d.fiscal_year
    """
    return db.query(sql, params)


def budget_vs_final(sel: Selection, fund: str = "all", max_level: int = 3) -> pd.DataFrame:
    """Where a unit has both the 预算 and the 决算 of a year: the two documents compared by code, each
    figure with where it was printed (budget_x0 …, final_x0 …, as db.position_sql names a side's)."""
    cte, params = sel.docs_cte("final")
    sql = cte + f"""
    SELECT d.unit_name, v.fiscal_year, v.code, v.name, v.level, v.budget_total, v.final_total,
           v.completion_rate, round(v.final_total - v.budget_total, 2) AS difference,
           {db.source_sql('b.file_name', 'v.budget_page')} AS budget_source,
           {db.source_sql('d.file_name', 'v.final_page')} AS final_source,
           {db.position_sql('pb', 'budget')}, {db.position_sql('pf', 'final')}
    FROM budget_vs_final v
    JOIN sel_docs d ON d.doc_id = v.final_doc_id
    JOIN documents b ON b.doc_id = v.budget_doc_id
    LEFT JOIN expenditure_function pb ON {_same_row('pb', 'budget')}
    LEFT JOIN expenditure_function pf ON {_same_row('pf', 'final')}
    WHERE v.fund = ? AND v.level <= ?
    ORDER BY d.unit_name, v.fiscal_year, v.code = 'total' DESC, v.code
    """
    return db.query(sql, params + [fund, int(max_level)])


def _same_row(alias: str, side: str) -> str:
    """SQL joining the expenditure_function row the view paired on one side (its document, fund, code,
    page and figure): where that figure was printed. (A join with one row per code and page, deduplicated
    first, cost 6 ms more at 10,000 documents.)"""
    return (f"{alias}.doc_id = v.{side}_doc_id AND {alias}.fund = v.fund AND {alias}.code = v.code"
            f" AND {alias}.page IS NOT DISTINCT FROM v.{side}_page"
            f" AND {alias}.total IS NOT DISTINCT FROM v.{side}_total")


def for_display(df: pd.DataFrame) -> pd.DataFrame:
    """Levels and flags in words; a 全年预算 no report printed dropped (widgets.table gives the Chinese
    headers, and turns where a row was printed into its 来源 link; the positions of a row's two figures,
    budget_x0 … and final_x0 …, are for the chart's bars only)."""
    unprinted = "budget_full_year" in df.columns and df["budget_full_year"].isna().all()
    out = without_sides(df, *SIDES).drop(columns=["budget_full_year"] if unprinted else [])
    if "level" in out.columns:
        out["level"] = out["level"].map(LEVELS).fillna(out["level"])
    if "outside" in out.columns:
        out["outside"] = out["outside"].map({True: "是", False: ""})
    return out


def describe_outside(row: pd.Series, band=BAND) -> str:
    """One sentence per highlighted item: the numbers, and the reason the report gives."""
    reason = row["reason"] if isinstance(row["reason"], str) and row["reason"] else "报告未说明原因"
    if pd.isna(row["completion_rate"]):
        verdict = "年初未列预算"
    else:
        side = "低于" if row["completion_rate"] < band[0] else "高于"
        verdict = f"完成 {row['completion_rate']:.1f}%，{side}{band[0]:g}–{band[1]:g}% 区间"
    return (f"{row['unit_name']} {row['fiscal_year']}年 · {row['item']}：年初预算 {row['budget']:,.2f} 万元，"
            f"决算 {row['actual']:,.2f} 万元，{verdict}。原因：{reason}（{row['source']}）")
