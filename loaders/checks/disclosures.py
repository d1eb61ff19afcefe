"""Checks of what a report discloses (CONTRACT.md 'disclosures'): its parts against its totals, the SME
share against its amounts, the narrative against the table that prints the same figure, and (across
documents, cross_document.py) last year's figure it states against last year's loaded report.

Amounts are printed to the cent (a difference within a cent per summed term is a rounding tail: info);
counts of cars are whole, so any difference is an error, but a list of kinds that falls short of the
total may only leave some kinds out (a warning).
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP

from ..vocabulary import DISCLOSED_BY_KEY, VEHICLE_KINDS as VEHICLE_KIND_KEYS
from .base import CENT, check, finding, fmt, page_ref
from .judge import compare, whole_vs_parts

PROCUREMENT_PARTS = tuple((k, DISCLOSED_BY_KEY[("procurement", k)].label) for k in ("goods", "works", "services"))
VEHICLE_KINDS = tuple((k, DISCLOSED_BY_KEY[("assets", k)].label) for k in VEHICLE_KIND_KEYS)
WHAT = {("operating_costs", "total"): "机关运行经费", ("procurement", "total"): "政府采购总额",
        ("procurement", "goods"): "政府采购货物", ("procurement", "works"): "政府采购工程",
        ("procurement", "services"): "政府采购服务", ("procurement", "sme"): "授予中小企业金额",
        ("procurement", "small_micro"): "授予小微企业金额", ("assets", "vehicles"): "车辆总数",
        ("assets", "assets_total"): "资产总额"}
_SOURCE = {"text": "情况说明", "table": "表格"}


def stated(facts, source: str = "text") -> dict[tuple[str, str], dict]:
    """(topic, item) → the row a source states (the narrative's, or a table's)."""
    out: dict = {}
    for r in facts.get("disclosures", source=source):
        out.setdefault((r["topic"], r["item"]), r)
    return out


WORDING = {
    "small_over_sme": "情况说明所述授予小微企业金额 {small} 万元大于授予中小企业金额 {sme} 万元（小微企业是中小企业的一部分）{where}",
    "sme_share": "情况说明称授予中小企业合同金额占政府采购总额的 {printed}%，按所述 {amount} 万元、{whole} 万元计算为 {computed}%{where}",
    "vehicles_of": "{label} {count} 辆",
    "vehicles": "{source}所述车辆总数 {whole} 辆，其中所列各类（{listed}）合计 {parts} 辆{where}",
    "fewer": "{said}，少于总数（或有类别未列出）",
    "procurement": "{source}所述政府采购货物、工程、服务之和与政府采购总额",
    "said_and_printed": "情况说明所述{what}与表格所列{what}",
}


@check("procurement_parts", WORDING)
def procurement_parts(ctx):
    for source in _SOURCE:
        rows = stated(ctx.facts, source)
        total = rows.get(("procurement", "total"))
        parts = [(label, rows[("procurement", item)]) for item, label in PROCUREMENT_PARTS
                 if ("procurement", item) in rows]
        if total is None or len(parts) < 2:
            continue
        yield whole_vs_parts(WORDING["procurement"].format(source=_SOURCE[source]),
                             ("政府采购总额", total["value"]), [(f"政府采购{label}", r["value"]) for label, r in parts],
                             page=total["page"], pages=[r["page"] for _, r in parts],
                             facts=(total, [r for _, r in parts]))


@check("procurement_sme_share", WORDING)
def procurement_sme_share(ctx):
    rows = stated(ctx.facts)
    share, sme, total = (rows.get(("procurement", k)) for k in ("sme_share", "sme", "total"))
    small = rows.get(("procurement", "small_micro"))
    if small is not None and sme is not None and small["value"] > sme["value"] + CENT:
        yield finding("error", WORDING["small_over_sme"].format(small=fmt(small["value"]), sme=fmt(sme["value"]),
                                                                 where=page_ref(small["page"], sme["page"])),
                      small["page"], sme["value"], small["value"], other_page=sme["page"], facts=(small, sme))
    if share is None or sme is None or total is None or not total["value"]:
        return
    printed, amount, whole = share["value"], sme["value"], total["value"]
    computed = (amount / whole * 100).quantize(CENT, ROUND_HALF_UP)
    slack = 100 * (CENT / 2 / whole + amount * CENT / 2 / whole ** 2) + CENT / 2  # the amounts' rounding, the %'s
    diff = abs(printed - computed)
    if diff <= CENT / 2:
        return
    yield finding("info" if diff <= slack + CENT else "error",
                  WORDING["sme_share"].format(printed=printed, amount=fmt(amount), whole=fmt(whole), computed=computed,
                                              where=page_ref(share["page"], total["page"])),
                  share["page"], computed, printed, other_page=total["page"], facts=(share, total, sme))


@check("vehicle_kinds", WORDING)
def vehicle_kinds(ctx):
    for source in _SOURCE:
        rows = stated(ctx.facts, source)
        total = rows.get(("assets", "vehicles"))
        kinds = [(label, rows[("assets", item)]) for item, label in VEHICLE_KINDS if ("assets", item) in rows]
        if total is None or not kinds:
            continue
        whole, parts = int(total["value"]), sum(int(r["value"]) for _, r in kinds)
        if whole == parts:
            continue
        listed = "、".join(WORDING["vehicles_of"].format(label=label, count=int(r["value"])) for label, r in kinds)
        severity = "error" if parts > whole else "warning"
        said = WORDING["vehicles"].format(source=_SOURCE[source], whole=whole, listed=listed, parts=parts,
                                          where=page_ref(total["page"], *[r["page"] for _, r in kinds]))
        yield finding(severity, said if parts > whole else WORDING["fewer"].format(said=said),
                      total["page"], whole, parts, other_page=kinds[0][1]["page"], facts=(total, [r for _, r in kinds]))


@check("operating_costs_table", WORDING)
def operating_costs_table(ctx):
    text, table = stated(ctx.facts), stated(ctx.facts, "table")
    for key, what in WHAT.items():
        said, printed = text.get(key), table.get(key)
        if said is None or printed is None:
            continue
        yield compare(WORDING["said_and_printed"].format(what=what), printed["value"], said["value"],
                      page=said["page"], pages=[printed["page"]], facts=(said, printed))
