"""Read side of the 公开信息 page: what the reports state beyond their tables (CONTRACT.md 'disclosures'):
机关运行经费 and its change, 政府采购 by kind and the share to small firms, cars by kind and large
equipment, staff; and, for a 决算, its projects' targets (from the same unit's 预算 of that year) beside
their self-evaluated results.

One figure per report and item: the narrative's where it states one, else a table's. Every row keeps
where it was printed (doc_id, page, box or line), which widgets turns into its 来源 link.
"""
from __future__ import annotations

import pandas as pd

from loaders.api import DISCLOSED, VEHICLE_KINDS as VEHICLE_KIND_KEYS

from . import db
from .filters import Selection
from .links import WHERE, source_link

ITEMS = {(i.topic, i.key): i.label for i in DISCLOSED}  # (topic, item) → its label (loaders/vocabulary.py)
PROCUREMENT_KINDS = ["goods", "works", "services"]
VEHICLE_KINDS = list(VEHICLE_KIND_KEYS)
ORIGIN = {"text": "情况说明", "table": "表格"}
LABELS = {
    "unit_name": "单位", "fiscal_year": "年度", "doc_kind": "报告", "item_name": "项目", "value": "数值",
    "unit": "单位（计量）", "prior_value": "报告所述上年数", "previous_year": "已加载的上一年度",
    "previous_value": "该年度报告所列", "change": "比上年增减", "change_pct": "增减（%）", "threshold": "单价（万元）以上",
    "origin": "出处", "label": "原文措辞", "source": "来源", "amount": "金额（万元）", "count": "数量",
    "share": "中小企业占比（%）", "share_basis": "占比口径", "authorized": "编制数（人）", "actual": "实有人数（人）",
    "retired": "离退休人员（人）", "project": "项目", "name": "绩效指标", "level1": "一级指标",
    "budget_target": "预算所定目标值", "final_target": "自评表年度指标值", "result": "实际完成值", "weight": "分值",
    "score": "得分", "budget_source": "来源（预算）", "final_source": "来源（决算）",
}


def stated(sel: Selection) -> pd.DataFrame:
    """Every disclosure figure of the selected reports (the sidebar's report kind), one per report and
    item: the narrative's where it states one, else a table's; with its name and where it was printed."""
    cte, params = sel.docs_cte()
    sql = cte + f"""
    SELECT d.unit_id, d.unit_name, d.fiscal_year, d.doc_kind, x.topic, x.item, x.value, x.unit, x.prior_value,
           x.threshold, x.label, x.source AS origin, {db.source_sql('d.file_name', 'x.page')} AS source,
           {db.position_sql('x')}
    FROM disclosures x JOIN sel_parts d USING (doc_id)
    QUALIFY row_number() OVER (PARTITION BY d.report_id, x.topic, x.item
                               ORDER BY x.source = 'text' DESC, x.page NULLS LAST) = 1
    ORDER BY d.unit_name, d.fiscal_year
    """
    df = db.query(sql, params)
    df["item_name"] = [_name(t, i, th) for t, i, th in zip(df["topic"], df["item"], df["threshold"])]
    return df


def _name(topic: str, item: str, threshold) -> str:
    name = ITEMS.get((topic, item), item)
    if topic == "assets" and item.startswith("equipment") and pd.notna(threshold):
        return f"单价{threshold:g}万元以上{name}"
    return name


def _one(df: pd.DataFrame, topic: str, item: str) -> pd.DataFrame:
    return df[(df["topic"] == topic) & (df["item"] == item)]


def operating_costs(df: pd.DataFrame) -> pd.DataFrame:
    """机关运行经费 per unit and year, with last year's figure as the report states it and as last year's
    loaded report prints it, and the change (against the stated figure, else the loaded one)."""
    out = _one(df, "operating_costs", "total").sort_values(["unit_id", "fiscal_year"]).copy()
    prev = out.groupby("unit_id")[["fiscal_year", "value"]].shift()
    follows = prev["fiscal_year"] == out["fiscal_year"] - 1
    out["previous_year"] = prev["fiscal_year"].where(follows).astype("Int64")
    out["previous_value"] = prev["value"].where(follows)
    base = out["prior_value"].fillna(out["previous_value"])
    out["change"] = (out["value"] - base).round(2)
    out["change_pct"] = (100 * out["change"] / base.where(base > 0)).round(1)
    return out.reset_index(drop=True)


def trend(costs: pd.DataFrame) -> pd.DataFrame:
    """The points of the 机关运行经费 trend: each loaded year's figure, and last year's as a report states it
    where last year's report is not loaded (its point opens the sentence that states it)."""
    stated = costs[costs["prior_value"].notna() & costs["previous_value"].isna()]
    said = stated.assign(fiscal_year=stated["fiscal_year"] - 1, value=stated["prior_value"],
                         source=stated["source"] + "（报告所述上年数）")
    return pd.concat([costs, said], ignore_index=True).sort_values(["unit_name", "fiscal_year"]).rename(
        columns={"value": "total"})


def procurement(df: pd.DataFrame) -> pd.DataFrame:
    """政府采购 by kind (货物/工程/服务), one row per unit, year and kind, the kind's name in part_name."""
    out = df[(df["topic"] == "procurement") & df["item"].isin(PROCUREMENT_KINDS)].copy()
    out["rank"] = out["item"].map(PROCUREMENT_KINDS.index)
    return out.sort_values(["unit_name", "fiscal_year", "rank"]).rename(columns={"value": "amount"})


def sme_shares(df: pd.DataFrame) -> pd.DataFrame:
    """Per unit and year: 政府采购 total, the SME amount and its share (as stated, else computed)."""
    keys = ["unit_id", "unit_name", "fiscal_year", "doc_kind"]
    total = _one(df, "procurement", "total")[keys + ["value", "source", *WHERE]].rename(columns={"value": "total"})
    sme = _one(df, "procurement", "sme")[keys + ["value"]].rename(columns={"value": "sme"})
    share = _one(df, "procurement", "sme_share")[keys + ["value"]].rename(columns={"value": "stated_share"})
    out = total.merge(sme, on=keys, how="left").merge(share, on=keys, how="left")
    computed = (100 * out["sme"] / out["total"].where(out["total"] > 0)).round(2)
    out["share"] = out["stated_share"].fillna(computed)
    out["share_basis"] = ["报告所述" if pd.notna(s) else ("按金额计算" if pd.notna(c) else None)
                          for s, c in zip(out["stated_share"], computed)]
    return out.drop(columns=["stated_share"])


def vehicles(df: pd.DataFrame) -> pd.DataFrame:
    """Cars by kind, one row per unit, year and kind (kinds the report lists), the kind's name in part_name."""
    out = df[(df["topic"] == "assets") & df["item"].isin(VEHICLE_KINDS)].copy()
    out["rank"] = out["item"].map(VEHICLE_KINDS.index)
    out["value"] = out["value"].round().astype("Int64")  # counts show as counts
    return out.sort_values(["unit_name", "fiscal_year", "rank"]).rename(columns={"value": "count"})


def assets(df: pd.DataFrame) -> pd.DataFrame:
    """The cars in total, large equipment and total assets per unit and year (one row each)."""
    keep = (df["topic"] == "assets") & ~df["item"].isin(VEHICLE_KINDS)
    return df[keep].sort_values(["unit_name", "fiscal_year", "item"]).reset_index(drop=True)


def staff(df: pd.DataFrame) -> pd.DataFrame:
    """编制数, 实有人数 and 离退休人员 as stated, one row per figure (counts)."""
    out = df[df["topic"] == "staff"].reset_index(drop=True)
    return out.assign(value=out["value"].round().astype("Int64"))


def headline(df: pd.DataFrame) -> list[dict]:
    """One answer card per unit and year (the newest first): 机关运行经费 and its change, the cars by
    kind, 政府采购 and its SME share, staff; each figure with its 来源 link."""
    costs = operating_costs(df).set_index(["unit_id", "fiscal_year"])
    shares = sme_shares(df).set_index(["unit_id", "fiscal_year"])
    cards = []
    for (unit, year), rows in df.groupby(["unit_id", "fiscal_year"], sort=False):
        items = {(r["topic"], r["item"]): r for r in rows.to_dict("records")}
        kinds = [f"{ITEMS[('assets', k)]} {int(items[('assets', k)]['value'])} 辆" for k in VEHICLE_KINDS
                 if ("assets", k) in items and items[("assets", k)]["value"]]
        card = {"unit_name": rows["unit_name"].iloc[0], "fiscal_year": int(year), "doc_kind": rows["doc_kind"].iloc[0],
                "costs": items.get(("operating_costs", "total")), "cars": items.get(("assets", "vehicles")),
                "car_kinds": "、".join(kinds), "procurement": items.get(("procurement", "total")),
                "staff": items.get(("staff", "actual")) or items.get(("staff", "authorized"))}
        if card["costs"] is not None:
            card["costs"] = {**card["costs"], **costs.loc[(unit, year)][["change", "change_pct", "previous_year"]]}
        if card["procurement"] is not None and (unit, year) in shares.index:
            card["procurement"] = {**card["procurement"], "share": shares.loc[(unit, year)]["share"]}
        cards.append(card)
    return sorted(cards, key=lambda c: (-c["fiscal_year"], c["unit_name"]))


def link(row: dict | None) -> str | None:
    """The 来源 link of a figure's row (None when it was printed nowhere known)."""
    if row is None:
        return None
    return source_link({**row, "source_page": row.get("source_page")})


def targets_vs_results(sel: Selection) -> pd.DataFrame:
    """Each indicator a selected 决算 evaluates beside the target the same unit's 预算 of that year set for
    it (same project, same indicator, names compared without spaces and quotes); targets the 决算 does
    not evaluate are listed too, with no result. Only unit-years with both reports loaded."""
    cte, params = sel.docs_cte(None)
    key = "regexp_replace({}, '[\\s“”\"‘’''「」]', '', 'g')"
    sql = cte + f"""
    , results AS (
        SELECT d.unit_id, d.unit_name, d.fiscal_year, i.project, i.level1, i.name, i.target AS final_target,
               i.actual AS result, i.weight, i.score, {db.source_sql('d.file_name', 'i.page')} AS final_source,
               {db.position_sql('i')}, {key.format('i.project')} AS pkey, {key.format('i.name')} AS nkey
        FROM performance_indicators i JOIN sel_docs d USING (doc_id)
        WHERE d.doc_kind = 'final' AND i.evaluation = 'project' AND i.name IS NOT NULL),
    targets AS (
        SELECT d.unit_id, d.unit_name, d.fiscal_year, i.project, i.level1, i.name, i.target AS budget_target,
               i.weight AS budget_weight, {db.source_sql('d.file_name', 'i.page')} AS budget_source,
               {key.format('i.project')} AS pkey, {key.format('i.name')} AS nkey
        FROM performance_indicators i JOIN sel_docs d USING (doc_id)
        WHERE d.doc_kind = 'budget' AND i.evaluation = 'project_target'),
    paired AS (SELECT DISTINCT unit_id, fiscal_year FROM results
               INTERSECT SELECT DISTINCT unit_id, fiscal_year FROM targets)
    SELECT coalesce(r.unit_name, t.unit_name) AS unit_name, coalesce(r.fiscal_year, t.fiscal_year) AS fiscal_year,
           coalesce(r.project, t.project) AS project, coalesce(r.level1, t.level1) AS level1,
           coalesce(r.name, t.name) AS name, t.budget_target, r.final_target, r.result,
           coalesce(r.weight, t.budget_weight) AS weight, r.score, t.budget_source, r.final_source,
           {", ".join(f"r.{c}" for c in WHERE)}
    FROM results r FULL JOIN targets t
      ON r.unit_id = t.unit_id AND r.fiscal_year = t.fiscal_year AND r.pkey = t.pkey AND r.nkey = t.nkey
    WHERE (coalesce(r.unit_id, t.unit_id), coalesce(r.fiscal_year, t.fiscal_year))
          IN (SELECT (unit_id, fiscal_year) FROM paired)
    ORDER BY unit_name, fiscal_year, project, budget_target IS NULL, name
    """
    return db.query(sql, params)


def for_display(df: pd.DataFrame) -> pd.DataFrame:
    """Internal keys dropped, report kinds and origins in words (widgets.table gives the headers)."""
    out = df.drop(columns=[c for c in ("unit_id", "topic", "item", "rank", "pkey", "nkey") if c in df.columns])
    if "doc_kind" in out.columns:
        out["doc_kind"] = out["doc_kind"].map({"final": "决算", "budget": "预算"})
    if "origin" in out.columns:
        out["origin"] = out["origin"].map(ORIGIN)
    return out
