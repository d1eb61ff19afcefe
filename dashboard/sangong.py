"""Read side of the 三公经费 page: budget and actual per unit and year, components, year-on-year changes.

A year's budget is the 预算数 printed in its 决算 (paired with the actual spent), else the figure of its
预算 report; both documents of the selection are read (the sidebar's report kind does not apply).
Every amount keeps `*_source` (file name and page).
"""
from __future__ import annotations

import pandas as pd

from loaders.api import POSITION_COLUMNS, SANGONG_COMPONENTS, SANGONG_ITEMS

from . import db
from .filters import ONE_PART, Selection

ITEMS = {**SANGONG_ITEMS, "total": "三公经费合计"}  # with 会议费, 培训费 where a table prints them
COMPONENTS = SANGONG_COMPONENTS
UNSPLIT = "公务用车（未分购置与运行）"
ORDER = [ITEMS[c] for c in COMPONENTS] + [UNSPLIT]  # the components' order in charts
MEASURES = {"budget": "预算", "actual": "决算"}
LABELS = {
    "unit_name": "单位", "fiscal_year": "年度", "item": "项目", "budget": "预算数（万元）",
    "actual": "决算数（万元）", "plan": "预算报告所列（万元）", "completion_rate": "完成率（%）",
    "budget_source": "来源（预算数）", "actual_source": "来源（决算数）", "measure": "口径",
    "amount": "金额（万元）", "prev_year": "比较年度", "prev_amount": "比较年度金额（万元）",
    "change": "变化（万元）", "change_pct": "变化（%）", "source": "来源",
}


def yearly(sel: Selection) -> pd.DataFrame:
    """One row per unit, year and 三公 item: budget, actual, completion rate, and where each was read."""
    cte, params = sel.docs_cte(None)
    sql = cte + f"""
    , rows AS (
        SELECT d.unit_id, d.unit_name, d.fiscal_year, d.doc_kind, s.item, s.budget, s.actual,
               {db.source_sql('d.file_name', 's.page')} AS source,
               {{'doc_id': s.doc_id, 'source_page': s.page, 'x0': s.x0, 'top': s.top, 'x1': s.x1,
                 'bottom': s.bottom, 'line': s.line}} AS place
        FROM sangong s JOIN sel_parts d USING (doc_id) QUALIFY {ONE_PART}),
    paired AS (
        SELECT unit_id, unit_name, fiscal_year, item,
               any_value(budget) FILTER (doc_kind = 'final') AS final_budget,
               any_value(budget) FILTER (doc_kind = 'budget') AS plan,
               any_value(actual) FILTER (doc_kind = 'final') AS actual,
               any_value(source) FILTER (doc_kind = 'final') AS final_source,
               any_value(source) FILTER (doc_kind = 'budget') AS plan_source,
               any_value(place) FILTER (doc_kind = 'final') AS final_place,
               any_value(place) FILTER (doc_kind = 'budget') AS plan_place
        FROM rows GROUP BY ALL)
    SELECT unit_id, unit_name, fiscal_year, item, coalesce(final_budget, plan) AS budget, actual,
           CASE WHEN coalesce(final_budget, plan) > 0
                THEN round(100 * actual / coalesce(final_budget, plan), 2) END AS completion_rate,
           plan,
           CASE WHEN final_budget IS NOT NULL OR plan IS NULL THEN final_source ELSE plan_source END
               AS budget_source,
           final_source AS actual_source,
           CASE WHEN final_budget IS NOT NULL OR plan IS NULL THEN final_place ELSE plan_place END AS budget_place,
           final_place AS actual_place
    FROM paired
    ORDER BY unit_name, fiscal_year, list_position({list(ITEMS)}, item)
    """
    df = db.query(sql, params)
    return _placed(df, df["actual_place"].where(df["actual"].notna(), df["budget_place"]))


def _placed(df: pd.DataFrame, places: pd.Series) -> pd.DataFrame:
    """The rows with where their figure was printed (doc_id, page, box or line): widgets links them."""
    where = pd.DataFrame([p if isinstance(p, dict) else {} for p in places], index=df.index,
                         columns=["doc_id", "source_page", *POSITION_COLUMNS])
    return pd.concat([df, where], axis=1)


def long_form(df: pd.DataFrame) -> pd.DataFrame:
    """Budget and actual as rows (measure, amount, source): the shape charts and changes work on."""
    parts = []
    for measure in MEASURES:
        part = df[["unit_id", "unit_name", "fiscal_year", "item", measure, f"{measure}_source"]]
        parts.append(_placed(part.rename(columns={measure: "amount", f"{measure}_source": "source"})
                             .assign(measure=measure), df[f"{measure}_place"]))
    out = pd.concat(parts, ignore_index=True)
    return out[out["amount"].notna()].reset_index(drop=True)


def components(long_df: pd.DataFrame) -> pd.DataFrame:
    """The four parts of each unit-year total; a vehicle figure printed without its split stays whole."""
    wide = long_df.pivot_table(index=["unit_name", "fiscal_year", "measure"], columns="item",
                               values="amount", aggfunc="first")
    keep = long_df["item"].isin(COMPONENTS)
    for key, whole in wide.get("vehicle", pd.Series(dtype=float)).items():
        parts = [wide.at[key, c] for c in ("vehicle_purchase", "vehicle_operation") if c in wide.columns]
        if pd.notna(whole) and all(pd.isna(p) for p in parts):
            unit, year, measure = key
            keep |= ((long_df["unit_name"] == unit) & (long_df["fiscal_year"] == year)
                     & (long_df["measure"] == measure) & (long_df["item"] == "vehicle"))
    out = long_df[keep].copy()
    out["label"] = out["item"].map(ITEMS).where(out["item"] != "vehicle", UNSPLIT)
    return out.reset_index(drop=True)


def year_on_year(long_df: pd.DataFrame) -> pd.DataFrame:
    """Change of each unit's item and measure against its previous year in the data, in 万元 and %."""
    df = long_df.sort_values(["unit_id", "item", "measure", "fiscal_year"]).copy()
    prev = df.groupby(["unit_id", "item", "measure"])[["fiscal_year", "amount"]].shift()
    df["prev_year"], df["prev_amount"] = prev["fiscal_year"].astype("Int64"), prev["amount"]
    df = df[df["prev_year"].notna()].copy()
    df["change"] = (df["amount"] - df["prev_amount"]).round(2)
    df["change_pct"] = (100 * df["change"] / df["prev_amount"].where(df["prev_amount"] > 0)).round(1)
    return df.reset_index(drop=True)


def for_display(df: pd.DataFrame) -> pd.DataFrame:
    """Item and measure names in words, internal keys dropped (widgets.table gives the headers)."""
    out = df.drop(columns=[c for c in ("unit_id", "label", "budget_place", "actual_place") if c in df.columns])
    if "item" in out.columns:
        out["item"] = out["item"].map(ITEMS).fillna(out["item"])
    if "measure" in out.columns:
        out["measure"] = out["measure"].map(MEASURES)
    return out
