"""Which money a narrative figure speaks of, so that it is compared only with a table of the same meaning.

A figure's fund is named by the words of its own clause ('一般公共预算财政拨款支出 1668.99 万元'), or else by
the headings it stands under ('五、财政拨款支出预算情况说明' → every 财政拨款; '七、一般公共预算支出…' → the
general budget); a figure under neither speaks of all the unit's money (收支总表, 支出总表). The tables
hold each fund apart (expenditure_function.fund); a narrative about all 财政拨款 is compared with the
'appropriation' table, or with the general-budget table when the report has no other 财政拨款.
"""
from __future__ import annotations

import re

from ..prose import Passage

ALL, GENERAL, APPROPRIATION, GOV_FUND, STATE_CAPITAL = "all", "general", "appropriation", "gov_fund", "state_capital"
_GRANT = r"(?:预算)?(?:财政)?(?:拨款)?"  # '一般公共预算财政拨款' names the general budget, not all 财政拨款
_FUND_WORDS = re.compile(rf"(?P<general>一般公共预算{_GRANT})|(?P<gov_fund>政府性基金{_GRANT})"
                         rf"|(?P<state_capital>国有资本经营{_GRANT})|(?P<appropriation>财政拨款)")
_CLAUSE = re.compile(r"[。；;，：:]|,(?!\d{3})")  # not the comma of '2,779.71'


def _last_fund(words: str) -> str | None:
    found = [m.lastgroup for m in _FUND_WORDS.finditer(words)]
    return found[-1] if found else None


def scope_of(p: Passage, pos: int) -> str:
    """The fund of the figure printed at pos: named in its sentence before it, else by the nearest heading
    that names one, else all funds."""
    sentence = p.text[:pos]
    clause_start = max((m.end() for m in _CLAUSE.finditer(sentence)), default=0)
    for words in (sentence[clause_start:], sentence, *reversed(p.chain)):
        fund = _last_fund(words)
        if fund:
            return fund
    return ALL


def function_rows(facts, scope: str) -> list[dict]:
    """The 功能分类 rows of a fund; for all 财政拨款, the 'appropriation' table, or the general one when the
    report spends no other 财政拨款 (no 政府性基金 or 国有资本经营 figures); [] when it cannot be told."""
    rows = facts.get("expenditure_function")
    mine = [r for r in rows if r["fund"] == scope]
    if mine or scope != APPROPRIATION:
        return mine
    if any(r["fund"] in (GOV_FUND, STATE_CAPITAL) and r["total"] for r in rows):
        return []
    return [r for r in rows if r["fund"] == GENERAL]
