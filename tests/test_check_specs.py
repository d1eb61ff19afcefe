"""Checks as frictionless keeps them: each check a spec (id, title, group, scope) with its run function and
its named wordings, each finding typed with a kind; the read side reads the specs without the checks' code."""
from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from loaders.checklist import GROUPS, SCOPES, SPECS
from loaders.checks import CHECKS, Finding, run_checks
from loaders.checks.base import COULD_NOT_RUN, FINDING_KINDS, MISSING, finding
from loaders.facts import Facts
from loaders.identity.identify import DocInfo

INFO = DocInfo("甲局", 2023, "final", "department", "甲局", "万元")


def test_every_registered_check_has_a_title_a_group_and_a_scope():
    for c in CHECKS.values():
        assert c.title and c.spec.group in GROUPS and c.spec.scope in SCOPES, c.id


def test_every_spec_has_its_check_and_every_check_its_spec():
    """A row of checklist.SPECS no check runs (or writes, as the completeness check writes its score) would
    give the page a title for findings nobody makes; a check without a row cannot register at all."""
    run = set(CHECKS)
    assert {s.id for s in SPECS.values() if s.by is None} == run
    assert {s.by for s in SPECS.values() if s.by} <= run


def test_every_template_a_check_registers_is_used_by_its_module():
    """The named wordings: a check module fills every template it declares (none left behind by an edit)."""
    for c in CHECKS.values():
        source = open(c.run.__code__.co_filename, encoding="utf-8").read()
        for name in c.messages:
            assert f'WORDING["{name}"]' in source, (c.id, name)


def _sangong_without_its_overseas_line() -> Facts:
    """A 三公 table whose 合计 is more than its printed parts while its 因公出国 line was not read."""
    facts = Facts()
    for item, v in (("total", Decimal("10.0")), ("overseas", None), ("vehicle", Decimal("5.0")), ("vehicle_purchase", Decimal("0.0")),
                    ("vehicle_operation", Decimal("5.0")), ("reception", Decimal("3.0"))):
        facts.add("sangong", item=item, budget=v, actual=v, page=9)
    return facts


def test_a_finding_that_could_not_run_carries_that_kind():
    """'Could not run' is known by its kind, not by its words; the runner merges a check's ones into one."""
    found = [f for f in run_checks(_sangong_without_its_overseas_line(), INFO, "") if f["check_id"] == "sangong_parts"]
    assert [(f["kind"], f["severity"]) for f in found] == [(COULD_NOT_RUN, "warning")]
    assert found[0]["message"].startswith("无法核对（共 2 处）")


def test_a_crashed_check_could_not_run(monkeypatch):
    from loaders import checks
    from loaders.checklist import FORM, Spec

    monkeypatch.setitem(checks.CHECKS, "broken", checks.Check(Spec("broken", "坏核对", FORM), lambda ctx: 1 / 0))
    found = [f for f in run_checks(Facts(), INFO, "") if f["check_id"] == "broken"]
    assert [(f["kind"], f["message"]) for f in found] == [(COULD_NOT_RUN, "核对“坏核对”未能完成（ZeroDivisionError）")]


def test_could_not_run_is_merged_by_kind_whatever_the_words(monkeypatch):
    """Two findings of one check of kind could_not_run become one, however they are worded; a warning that
    opens on the same words but is a mismatch is left alone."""
    from loaders import checks
    from loaders.checklist import FORM, Spec

    said = lambda ctx: [finding("warning", "甲未读出", kind=COULD_NOT_RUN), finding("warning", "乙未读出", kind=COULD_NOT_RUN),
                        finding("warning", "无法核对丙：其实是不符")]
    monkeypatch.setitem(checks.CHECKS, "probe", checks.Check(Spec("probe", "探针", FORM), said))
    found = [(f["kind"], f["message"]) for f in run_checks(Facts(), INFO, "") if f["check_id"] == "probe"]
    assert found == [("mismatch", "无法核对丙：其实是不符"), (COULD_NOT_RUN, "无法核对（共 2 处）：甲未读出；乙未读出")]


def test_a_finding_row_is_what_the_store_takes():
    row = Finding("error", "甲", 3, 1.0, 2.0, "probe", 4, "乙", MISSING).row()
    unplaced = dict.fromkeys(("x0", "top", "x1", "bottom", "line", "other_x0", "other_top", "other_x1", "other_bottom"))
    assert row == {"severity": "error", "message": "甲", "page": 3, "expected": 1.0, "actual": 2.0, "check_id": "probe",
                   "other_page": 4, "subject": "乙", "kind": MISSING} | unplaced
    assert set(FINDING_KINDS) == {"mismatch", "missing", "unreadable", "could_not_run"}


def test_a_finding_stands_where_the_facts_it_blames_were_printed():
    """Its own box is its first fact's on its page, the other line's its first other fact's on
    other_page (never its own line again); a text export's finding has its fact's line; no fact, no
    position."""
    own, same_line, other = ({"page": p, "x0": x, "top": 1.0, "x1": 9.0, "bottom": 2.0, "line": None}
                             for p, x in ((3, 1.0), (3, 1.0), (4, 5.0)))
    row = Finding("error", "甲", 3, 1.0, 2.0, other_page=4, facts=[other, own, same_line]).row()
    assert (row["x0"], row["other_x0"], row["other_page"]) == (1.0, 5.0, 4)
    row = Finding("error", "甲", 3, 1.0, 2.0, other_page=3, facts=[own, same_line]).row()
    assert row["x0"] == 1.0 and row["other_x0"] is None
    text = Finding("error", "甲", None, 1.0, 2.0, facts=[{"page": None, "line": 12}]).row()
    assert (text["line"], text["x0"]) == (12, None)
    assert Finding("warning", "未找到", None, facts=[]).row()["line"] is None


def test_the_page_reads_titles_groups_and_thresholds_without_the_checks_code():
    """What 数据核对 shows of a check (its title, its group) and the thresholds the pages state come through
    loaders.api, and reading them loads no check module (the write side a page must not pay for)."""
    code = ("import sys, loaders.api as api; "
            "print(api.check_titles()['toc'], api.CHECK_SPECS['toc'].group, api.JUDGEMENT.per_term, "
            "any(m.startswith('loaders.checks') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).resolve().parents[1], capture_output=True,
                         text=True, check=True).stdout.split()
    assert out == ["目录所列表格和章节在报告中都有", "年份、占位符与目录", "0.01", "False"]


def flatten(found: list[dict], *fields: str) -> list[tuple]:
    """Findings as frictionless flattens a report's errors: the chosen fields of each, sorted."""
    return sorted(tuple(f[k] for k in fields) for f in found)


@pytest.mark.parametrize("edit,expected", [
    # an amount printed with a letter O: said unreadable, and the sum it stands in could not be made
    (("八、其他收入\t8\t0.42", "八、其他收入\t8\tO.42"),
     [("summary_lines_sum", COULD_NOT_RUN, "warning"), ("unreadable_number", "unreadable", "warning")]),
    # a wrong 公务接待费 in the economic table: two figures of one meaning disagree, twice
    (("30217\t公务接待费\t8.00", "30217\t公务接待费\t9.00"),
     [("economic_totals", "mismatch", "error"), ("sangong_vs_economic", "mismatch", "error")]),
])
def test_a_loaded_report_s_findings_flattened_carry_their_kind(edit, expected):
    from tests.test_checks import factory_findings

    assert flatten(factory_findings(edit), "check_id", "kind", "severity") == expected


@pytest.mark.parametrize("variant", ["toc_missing_table", "toc_cut_table"])
def test_a_table_the_toc_lists_and_the_report_lacks_is_missing(variant):
    from factory.text import render_text
    from factory.vary import bundled
    from loaders.run.ingest import extract_bytes

    found = extract_bytes(render_text(bundled()[0], (variant,)), "r.txt").facts.rows["findings"]
    assert flatten([f for f in found if f["severity"] != "info"], "check_id", "kind", "severity") == [
        ("toc", MISSING, "error")]
