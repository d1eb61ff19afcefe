"""Checks across documents: a report against last year's report of its unit, a 决算 against the 预算.

Extraction is a pure file → records function, so these run on the database, after a document is
stored or removed: update() records what the new document's narrative says of last year
(prior_year_claims) and re-runs every cross-document check for its unit, replacing their findings.
A finding is written for the newer document (the later year, the 决算 of a year) and names both files.
"""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Iterable

from ..facts import Facts
from ..numbers import stored
from ..prose import tolerance
from .base import CENT, CHECKS, check, Finding, finding, fmt, page_ref, stamped
from .disclosures import WHAT as DISCLOSED
from .funds import ALL, function_rows
from .narrative import _TABLE_OF, table_value
from ..database.schema import ACCOUNTS, CLAIMS, POSITION_COLUMNS, REPORT_KEY, TABLES, holding
from ..database.store import insert_values, read_facts
from ..vocabulary import DOC_KINDS, SANGONG_ITEMS

_SAME_REPORT = tuple(k for k in REPORT_KEY if k != "part")  # current documents: a split report's parts are one
# The tables a stated figure is compared with (narrative.table_value, funds.function_rows): read from the database.
_FACT_TABLES = holding(ACCOUNTS)


WORDING = {
    "prior": "{doc}情况说明所述{item}上年数为 {stated}{unit}{where}，{last}{table}为 {value}{unit}{last_where}，相差 {diff}",
    "other_basis": "{said}（口径不同：上年{base}数与已加载的上年{last_kind}相比，仅供参考）",
    "other_kind": "{said}（口径不同：与上年{last_kind}相比，仅供参考）",
    "rounding": "{said}（四舍五入尾差）",
    "budget": "{final}的{what} {stated} 万元{where}，{budget}为 {planned} 万元{planned_where}，相差 {diff}",
}


def across_reports():
    """The checks whose scope is the loaded reports of a unit together (checklist.SCOPES)."""
    return [c for c in CHECKS.values() if c.spec.scope == "reports"]


def update(con, doc_id: str, unit_id: str | None, claims: list[dict] | None = None) -> None:
    """Record a stored document's claims (None: it was removed) and re-run the unit's cross checks.
    Runs inside the caller's transaction."""
    con.execute(CLAIMS.ddl())
    con.execute("DELETE FROM prior_year_claims WHERE doc_id = ?", [doc_id])
    if claims:
        insert_values(con, CLAIMS, ("doc_id", *CLAIM_COLUMNS), [{"doc_id": doc_id} | c for c in claims])
    refresh(con, [unit_id] if unit_id else None)


def refresh(con, unit_ids: Iterable[str] | None = None) -> None:
    """Replace the cross-document findings of the units' documents (every unit when None)."""
    con.execute(CLAIMS.ddl())
    where, params = _units(unit_ids)
    con.execute(f"DELETE FROM findings WHERE list_contains(?, check_id) AND doc_id IN "
                f"(SELECT doc_id FROM documents {where})", [[c.id for c in across_reports()]] + params)
    rows = run(con, unit_ids)
    insert_values(con, TABLES["findings"], FINDING_COLUMNS, rows)


# What a finding across documents says, standing on its own report's line that states the figure; the
# other side was printed in another report, so it has no other line (other_page and its box are of the
# finding's own report).
FINDING_COLUMNS = tuple(c.name for c in TABLES["findings"].columns if not c.name.startswith("other_"))
CLAIM_COLUMNS = CLAIMS.names()[1:]  # after doc_id


def run(con, unit_ids: Iterable[str] | None = None) -> list[dict]:
    """The cross-document findings of the units' current documents (every unit when None), each with
    its doc_id; reads only, so it runs on a served Parquet folder too (parquet.cross_check)."""
    where, params = _units(unit_ids)
    cols = ("doc_id", "file_name", *_SAME_REPORT)
    docs = _dicts(con.execute(f"SELECT {', '.join(cols)} FROM current_documents {where}", params))
    return [f.row() for c in across_reports() for f in stamped(c.run(con, docs), c.id)]


def _units(unit_ids: Iterable[str] | None) -> tuple[str, list]:
    return ("WHERE unit_id IN (SELECT unnest(?))", [list(unit_ids)]) if unit_ids is not None else ("", [])


def _find(docs: list[dict], like: dict, **change) -> dict | None:
    want = {**{k: like[k] for k in _SAME_REPORT}, **change}
    return next((d for d in docs if all(d[k] == v for k, v in want.items())), None)


def _dicts(cur) -> list[dict]:
    """A query's rows as dicts by column name (claims are blamed as rows: Finding places them)."""
    columns = [d[0] for d in cur.description]
    return [dict(zip(columns, row)) for row in cur.fetchall()]


def _name(doc: dict) -> str:
    return f"{doc['fiscal_year']}年{DOC_KINDS.get(doc['doc_kind'], '')}（{doc['file_name']}）"


@check("year_over_year_loaded", WORDING)
def year_over_year_loaded(con, docs):
    for doc in docs:
        # SELECT *: a Parquet folder written before claims kept their lines has fewer columns
        claims = _dicts(con.execute("SELECT * FROM prior_year_claims WHERE doc_id = ?", [doc["doc_id"]]))
        if not claims:
            continue
        loaded = {}
        for c in claims:
            kind = c["base"] or doc["doc_kind"]
            last = _find(docs, doc, fiscal_year=doc["fiscal_year"] - 1, doc_kind=kind) or _find(
                docs, doc, fiscal_year=doc["fiscal_year"] - 1)
            if last is None:
                continue
            if last["doc_id"] not in loaded:
                loaded[last["doc_id"]] = read_facts(con, last["doc_id"], _FACT_TABLES)
            col = "actual" if last["doc_kind"] == "final" else "budget"
            got = claimed_value(loaded[last["doc_id"]], c["item_key"], col)
            if not got or got[0] is None:
                continue
            found = _judge(doc, last, c, got[0], got[1], got[2], base_differs=last["doc_kind"] != kind)
            yield found and replace(found, doc_id=doc["doc_id"])


def claimed_value(facts: Facts, item_key: str, col: str):
    """(value, page, where) of a claim's figure in a report: 'key[@fund]' a statement key, 'function:code[@fund]'
    a 功能分类 row (codes stay from year to year)."""
    key, _, scope = item_key.partition("@")
    scope = scope or ALL
    if key.startswith("function:"):
        row = next((r for r in function_rows(facts, scope) if r["code"] == key[len("function:"):]), None)
        return row and (row["total"], row["page"], _TABLE_OF[scope])
    return table_value(facts, key, col, scope)


def _judge(doc, last, c, value: Decimal, page, where: str, base_differs: bool) -> Finding | None:
    stated = stored(c["previous"])
    diff = abs(stated - value)
    if diff <= tolerance(c["places"] or 0) * 2:
        return None
    said = WORDING["prior"].format(doc=_name(doc), item=c["item"], stated=fmt(stated), unit=" 万元",
                                   where=page_ref(c["page"]), last=_name(last), table=where, value=fmt(value),
                                   last_where=page_ref(page), diff=fmt(diff))
    if base_differs:
        return finding("info", WORDING["other_basis"].format(said=said, base=DOC_KINDS.get(c["base"], ""),
                                                             last_kind=DOC_KINDS[last["doc_kind"]]),
                       c["page"], value, stated, facts=[c])
    severity = "info" if diff <= tolerance(c["places"] or 0) * 2 + CENT else "error"
    return finding(severity, WORDING["rounding"].format(said=said) if severity == "info" else said,
                   c["page"], value, stated, facts=[c])  # the claim stands where it was stated


@check("budget_vs_final_docs", WORDING)
def budget_vs_final_docs(con, docs):
    """The 决算's 年初预算 (its narrative's per-项 figures, its 三公 预算数) against the 预算 report of the
    same unit and year: a difference is a warning (a 决算 may state the budget after adjustments)."""
    for final in (d for d in docs if d["doc_kind"] == "final"):
        budget = _find(docs, final, doc_kind="budget")
        if budget is None:
            continue
        f, b = (read_facts(con, d["doc_id"], _FACT_TABLES) for d in (final, budget))
        general = {r["code"]: r for r in b.get("expenditure_function", fund="general")}
        for r in f.get("budget_execution"):
            row = general.get(r["code"]) if r["code"] else None
            if row is not None:
                yield _differ(final, budget, f"{r['item'] or r['code']}年初预算", r, r["budget"],
                              row["total"], row["page"])
        planned = {r["item"]: r for r in b.get("sangong")}
        for r in f.get("sangong"):
            if r["item"] in planned:
                yield _differ(final, budget, f"{SANGONG_ITEMS.get(r['item'], r['item'])}预算数", r, r["budget"],
                              planned[r["item"]]["budget"], planned[r["item"]]["page"])


def _differ(final, budget, what: str, fact: dict, stated, planned, planned_page) -> Finding | None:
    """The 决算's fact stating a budget figure (stated) against the 预算's (planned)."""
    a, e, page = stated, planned, fact["page"]
    if a is None or e is None or abs(a - e) <= CENT:
        return None
    return replace(finding("warning", WORDING["budget"].format(
        final=_name(final), what=what, stated=fmt(a), where=page_ref(page), budget=_name(budget), planned=fmt(e),
        planned_where=page_ref(planned_page), diff=fmt(abs(a - e))), page, e, a, facts=[fact]), doc_id=final["doc_id"])


@check("disclosure_prior_year", WORDING)
def disclosure_prior_year(con, docs):
    """Last year's figure a report states (机关运行经费 比上年增加…) against last year's report of the unit:
    the same kind of report first (a 预算 against last year's 预算), else any."""
    for doc in docs:
        claims = _dicts(con.execute(f"SELECT topic, item, prior_value, page, {', '.join(POSITION_COLUMNS)} "
                                    "FROM disclosures WHERE doc_id = ? AND prior_value IS NOT NULL AND source = 'text'",
                                    [doc["doc_id"]]))
        if not claims:
            continue
        last = _find(docs, doc, fiscal_year=doc["fiscal_year"] - 1) or _find(
            docs, doc, fiscal_year=doc["fiscal_year"] - 1, doc_kind=_other(doc["doc_kind"]))
        if last is None:
            continue
        for claim in claims:
            topic, item, prior, page = claim["topic"], claim["item"], claim["prior_value"], claim["page"]
            row = con.execute("SELECT value, page FROM disclosures WHERE doc_id = ? AND topic = ? AND item = ? "
                              "ORDER BY source = 'text' DESC, page LIMIT 1", [last["doc_id"], topic, item]).fetchone()
            if row is None or row[0] is None:
                continue
            stated_prior, value = stored(prior), stored(row[0])
            diff = abs(stated_prior - value)
            if diff <= CENT:
                continue
            what = DISCLOSED.get((topic, item), item)
            said = WORDING["prior"].format(doc=_name(doc), item=what, stated=fmt(stated_prior), unit="",
                                           where=page_ref(page), last=_name(last), table="", value=fmt(value),
                                           last_where=page_ref(row[1]), diff=fmt(diff))
            kinds_differ = last["doc_kind"] != doc["doc_kind"]
            severity = "info" if kinds_differ or diff <= 2 * CENT else "error"
            message = (WORDING["other_kind"].format(said=said, last_kind=DOC_KINDS[last["doc_kind"]]) if kinds_differ
                       else WORDING["rounding"].format(said=said) if severity == "info" else said)
            yield replace(finding(severity, message, page, value, stated_prior, facts=[claim]), doc_id=doc["doc_id"])


def _other(kind: str) -> str:
    return "budget" if kind == "final" else "final"
