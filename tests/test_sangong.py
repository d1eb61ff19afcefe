"""“三公”经费: every layout read from small hand-made tables (exact values), six items always."""
from decimal import Decimal
from types import SimpleNamespace

import pytest

from factory.expected import expected_facts
from factory.layout import Grid, Text
from factory.text import render_text
from factory.vary import bundled
from loaders.extract import extract
from loaders.facts import Facts
from loaders.parsers.sangong import ITEMS, item_of, measure_of, parse_sangong, read_prose
from loaders.vocabulary import breakdowns, leaves_of, parts_of
from loaders.locate.tables import LocatedTable, spanned_labels
from loaders.read.text_source import read_text


def _read(rows, doc_kind="final", year=2023, scale=Decimal(1), pages=None):
    table = LocatedTable("sangong", "三公经费支出决算表", rows=rows, pages=pages or [None] * len(rows), scale=scale)
    facts = Facts()
    parse_sangong(table, facts, SimpleNamespace(doc_kind=doc_kind, fiscal_year=year))
    assert [r["item"] for r in facts.rows["sangong"]] == list(ITEMS)
    return {r["item"]: (r["budget"], r["actual"]) for r in facts.rows["sangong"]}


def test_item_words():
    assert [item_of(w) for w in ("“三公”经费合计", "因公出国 (境)费", "公务用车购置及运行维护费", "公务用车购 置费",
                                 "公务用车运行费", "运行费", "购置费", "公务接待费", "小计", "预算数", "机关运行经费预算数")] \
        == ["total", "overseas", "vehicle", "vehicle_purchase", "vehicle_operation", "vehicle_operation",
            "vehicle_purchase", "reception", None, None, None]


def test_measure_words_and_other_years():
    assert measure_of(["预算数", "合计"], 2023, "actual") == "budget"
    assert measure_of(["合计", "决算数"], 2023, "budget") == "actual"
    assert measure_of(["合计"], 2023, "budget") == "budget"
    assert measure_of(["2024年“三公”经费预算数", "合计"], 2024, "budget") == "budget"
    assert measure_of(["2023年预算数", "合计"], 2024, "budget") == "previous"  # last year's: kept apart
    assert measure_of(["上年预算数"], 2024, "budget") == "previous"
    assert measure_of(["2022年决算数", "合计"], 2024, "budget") is None
    assert measure_of(["比上年增减"], 2024, "budget") is None


def test_spanned_labels_spread_merged_cells_only_within_their_parent():
    header = [["预算数", "", "", "决算数", "", ""],
              ["合计", "公务用车购置及运行费", "", "合计", "公务用车购置及运行费", ""],
              ["", "小计", "购置费", "", "小计", "购置费"]]
    assert spanned_labels(header, 6) == [
        ["预算数", "合计"], ["预算数", "公务用车购置及运行费", "小计"], ["预算数", "公务用车购置及运行费", "购置费"],
        ["决算数", "合计"], ["决算数", "公务用车购置及运行费", "小计"], ["决算数", "公务用车购置及运行费", "购置费"]]
    assert spanned_labels([["合计", "因公出国费", "接待费"], ["", "", ""]], 3) == [["合计"], ["因公出国费"], ["接待费"]]


def test_budget_block_beside_final_block():
    rows = [
        ["预算数", "", "", "", "", "", "决算数", "", "", "", "", ""],
        ["合计", "因公出国 (境)费", "公务用车购置及运行维护费", "", "", "公务接待费",
         "合计", "因公出国 (境)费", "公务用车购置及运行维护费", "", "", "公务接待费"],
        ["", "", "小计", "公务用车购 置费", "公务用车运 行维护费", "", "", "", "小计", "公务用车购 置费", "公务用车运 行维护费", ""],
        [str(i) for i in range(1, 13)],
        ["11.50", "", "10.00", "", "10.00", "1.50", "7.42", "", "7.21", "0.00", "7.21", "0.21"],
    ]
    assert _read(rows) == {"total": (Decimal("11.5"), Decimal("7.42")), "overseas": (None, None), "vehicle": (Decimal("10.0"), Decimal("7.21")),
                           "vehicle_purchase": (None, Decimal("0.0")), "vehicle_operation": (Decimal("10.0"), Decimal("7.21")),
                           "reception": (Decimal("1.5"), Decimal("0.21"))}


def test_budget_and_final_under_each_item():
    rows = [
        ["财政拨款“三公”经费", "", "", "", "", "", "", "", "", "", "", ""],
        ["合计", "", "因公出国（境）费", "", "公务用车购置及运行费", "", "", "", "", "", "公务接待费", ""],
        ["", "", "", "", "小计", "", "公务用车购置费", "", "公务用车运行费", "", "", ""],
        ["预算数", "决算数"] * 6,
        ["0.95", "0.80", "", "", "3.00", "2.50", "1.00", "1.00", "2.00", "1.50", "0.95", "0.80"],
    ]
    assert _read(rows) == {"total": (Decimal("0.95"), Decimal("0.8")), "overseas": (None, None), "vehicle": (Decimal("3.0"), Decimal("2.5")),
                           "vehicle_purchase": (Decimal("1.0"), Decimal("1.0")), "vehicle_operation": (Decimal("2.0"), Decimal("1.5")),
                           "reception": (Decimal("0.95"), Decimal("0.8"))}


def test_table_printed_empty_gives_six_null_rows_on_its_page():
    rows = [["财政拨款“三公”经费", "", "", ""], ["合计", "", "公务接待费", ""], ["预算数", "决算数", "预算数", "决算数"]]
    table = LocatedTable("sangong", "三公", rows=rows, pages=[14, 14, 14])
    facts = Facts()
    parse_sangong(table, facts, SimpleNamespace(doc_kind="final", fiscal_year=2024))
    assert [(r["item"], r["budget"], r["actual"], r["page"]) for r in facts.rows["sangong"]] == \
        [(item, None, None, 14) for item in ITEMS]


def test_budget_report_keeps_this_years_budget_and_skips_other_columns():
    rows = [
        ["2024年“三公”经费预算数", "", "", "", "", "", "2025年“三公”经费预算数", "", "", "", "", "", "机关运行经费预算数"],
        ["合计", "因公出国(境)费", "公务接待费", "公务用车购置及运行费", "", "",
         "合计", "因公出国(境)费", "公务接待费", "公务用车购置及运行费", "", "", ""],
        ["", "", "", "小计", "购置费", "运行费", "", "", "", "小计", "购置费", "运行费", ""],
        ["47.91", "0", "1.35", "46.56", "25", "21.56", "40.00", "0", "2.00", "38.00", "20.00", "18.00", "443.18"],
    ]
    assert _read(rows, "budget", 2025) == {"total": (Decimal("40.0"), None), "overseas": (Decimal("0.0"), None), "vehicle": (Decimal("38.0"), None),
                                           "vehicle_purchase": (Decimal("20.0"), None), "vehicle_operation": (Decimal("18.0"), None),
                                           "reception": (Decimal("2.0"), None)}


def test_items_as_rows():
    rows = [
        ["项目", "预算数", "决算数"],
        ["合计", "36.76", "30.00"],
        ["1.因公出国（境）费", "6.39", "5.00"],
        ["2.公务用车购置及运行维护费", "22.37", "20.00"],
        ["其中：（1）公务用车购置费", "0.00", "0.00"],
        ["（2）公务用车运行维护费", "22.37", "20.00"],
        ["3.公务接待费", "8.00", "5.00"],
    ]
    assert _read(rows, scale=Decimal("0.0001")) == {
        "total": (Decimal("0.003676"), Decimal("0.003")), "overseas": (Decimal("0.000639"), Decimal("0.0005")), "vehicle": (Decimal("0.002237"), Decimal("0.002")),
        "vehicle_purchase": (Decimal("0.0"), Decimal("0.0")), "vehicle_operation": (Decimal("0.002237"), Decimal("0.002")), "reception": (Decimal("0.0008"), Decimal("0.0005"))}


def test_text_export_round_trip_of_a_budget_report():
    lines = ["某某市测试局2026年部门预算", "2026年一般公共预算“三公”经费支出情况表", "部门名称：某某市测试局", "单位：万元",
             "“三公”经费合计\t因公出国（境）费\t公务用车购置及运行费\t\t\t公务接待费",
             "\t\t小计\t公务用车购置费\t公务用车运行费\t",
             "39.00\t\t24.70\t\t24.70\t14.30"]
    facts = extract(read_text("\n".join(lines).encode("utf-8"), "测试.txt")).facts
    got = {r["item"]: (r["budget"], r["actual"]) for r in facts.rows["sangong"]}
    assert got == {"total": (Decimal("39.0"), None), "overseas": (None, None), "vehicle": (Decimal("24.7"), None),
                   "vehicle_purchase": (None, None), "vehicle_operation": (Decimal("24.7"), None), "reception": (Decimal("14.3"), None)}


def test_items_as_rows_with_row_numbers_and_rates():
    rows = [
        ["项目", "行次", "全年预算数", "决算数", "完成率（%）"],
        ["合计", "1", "3.00", "1.20", "40.00"],
        ["因公出国（境）费", "2", "", "", ""],
        ["公务用车购置及运行费", "3", "1.50", "1.13", "75.33"],
        ["其中：公务用车购置费", "4", "", "", ""],
        ["公务用车运行费", "5", "1.50", "1.13", "75.33"],
        ["公务接待费", "6", "1.50", "0.07", "4.67"],
    ]
    assert _read(rows, year=2021) == {"total": (Decimal("3.0"), Decimal("1.2")), "overseas": (None, None), "vehicle": (Decimal("1.5"), Decimal("1.13")),
                                      "vehicle_purchase": (None, None), "vehicle_operation": (Decimal("1.5"), Decimal("1.13")),
                                      "reception": (Decimal("1.5"), Decimal("0.07"))}


def test_wrapped_header_cells_and_a_following_table_run_in():
    rows = [
        ["合计", "因公出国（境）费", "公务用车购置及运", "", "", "公务接待费"],
        ["", "", "行费", "", "", ""],
        ["", "", "小计", "购置费", "运行费", ""],
        ["39.00", "", "24.70", "", "24.70", "14.30"],
        ["项目", "合计", "会议费", "培训费", "", ""],
        ["合计", "5.00", "2.00", "3.00", "", ""],
    ]
    assert _read(rows, "budget", 2026) == {"total": (Decimal("39.0"), None), "overseas": (None, None), "vehicle": (Decimal("24.7"), None),
                                           "vehicle_purchase": (None, None), "vehicle_operation": (Decimal("24.7"), None),
                                           "reception": (Decimal("14.3"), None)}


def test_items_as_rows_some_printed_blank():
    rows = [["项目", "预算数", "决算数"], ["合计", "3.00", "1.20"], ["因公出国（境）费", "", ""],
            ["公务接待费", "3.00", "1.20"]]
    got = _read(rows)
    assert (got["total"], got["overseas"], got["reception"]) == ((Decimal("3.0"), Decimal("1.2")), (None, None), (Decimal("3.0"), Decimal("1.2")))


# ---------------------------------------------------------------- 三公 stated only in the narrative

BUDGET_WITH_PARTS = ["七、“三公”经费支出预算情况说明",
                     "2026年“三公”经费预算数为12.50万元，其中：因公出国（境）费0万元，公务用车购置及运行费8.00万元（其中：公务用车",
                     "购置费0万元，公务用车运行费8.00万元），公务接待费4.50万元。"]
BUDGET_IN_YUAN = ["（九）“三公”经费预算情况说明",
                  "“三公”经费预算数为125,000元，其中：因公出国（境）费0元，公务用车购置及运行费80,000元（其中：公务用车购置费0元，"
                  "公务用车运行费80,000元），公务接待费45,000元。"]
BUDGET_ITEM_BY_ITEM = ["七、“三公”经费支出预算情况说明",
                       "2025年“三公”经费预算为39.70万元。",  # last year's: left out
                       "2026年“三公”经费预算为39.00万元。2026年“三公”经费支出预算数比2025年减少0.70万元，下降1.76%。",
                       "（一）因公出国（境）费0万元。", "（二）公务接待费", "公务接待费14.30万元，比2025年减少2.90万元。",
                       "（三）公务用车购置及运行费24.70万元。",
                       "八、机关运行经费支出预算情况说明",
                       "机关运行经费174.70万元，其中公务用车运行维护费16.00万元。"]
FINAL = ["九、“三公”经费财政拨款支出决算情况说明",
         "2023年度一般公共预算财政拨款“三公”经费支出预算为11.50万元，支出决算为7.42万元，完成预算的64.52%。",
         "1. 因公出国（境）费预算数为0万元，支出决算数为0万元，未安排预算。",
         "2. 公务用车购置及运行维护费支出预算为10万元，支出决算为7.21万元，完成预算的72.10%。",
         "3. 公务接待费支出预算为1.50万元，支出决算为0.21万元，完成预算的14%。"]


@pytest.mark.parametrize("lines, default, year, expect", [
    (BUDGET_WITH_PARTS, "budget", 2026, {"total": Decimal("12.5"), "overseas": Decimal("0.0"), "vehicle": Decimal("8.0"), "vehicle_purchase": Decimal("0.0"),
                                         "vehicle_operation": Decimal("8.0"), "reception": Decimal("4.5")}),
    (BUDGET_IN_YUAN, "budget", 2026, {"total": Decimal("12.5"), "overseas": Decimal("0.0"), "vehicle": Decimal("8.0"), "vehicle_purchase": Decimal("0.0"),
                                      "vehicle_operation": Decimal("8.0"), "reception": Decimal("4.5")}),
    (BUDGET_ITEM_BY_ITEM, "budget", 2026, {"total": Decimal("39.0"), "overseas": Decimal("0.0"), "reception": Decimal("14.3"), "vehicle": Decimal("24.7")}),
])
def test_budget_narrative_wordings(lines, default, year, expect):
    got = read_prose([(line, 4) for line in lines], default, year)
    assert {item: v["budget"] for item, v in got.items()} == expect
    assert all(v["actual"] is None and v["page"] == 4 for v in got.values())


def test_final_narrative_gives_budget_and_actual_with_the_page_of_each_figure():
    got = read_prose([(line, 12 if i < 3 else 13) for i, line in enumerate(FINAL)], "actual", 2023)
    assert {item: (v["budget"], v["actual"], v["page"]) for item, v in got.items()} == {
        "total": (Decimal("11.5"), Decimal("7.42"), 12), "overseas": (Decimal("0.0"), Decimal("0.0"), 12), "vehicle": (Decimal("10.0"), Decimal("7.21"), 13), "reception": (Decimal("1.5"), Decimal("0.21"), 13)}


def _budget_report(*lines: str) -> bytes:
    return "\n".join(["某某市测试局2026年部门预算", *lines]).encode("utf-8")


def test_a_report_without_a_sangong_table_stores_what_its_narrative_states():
    facts = extract(read_text(_budget_report(*BUDGET_WITH_PARTS), "测试.txt")).facts
    got = {r["item"]: (r["budget"], r["actual"]) for r in facts.rows["sangong"]}
    assert got == {"total": (Decimal("12.5"), None), "overseas": (Decimal("0.0"), None), "vehicle": (Decimal("8.0"), None),
                   "vehicle_purchase": (Decimal("0.0"), None), "vehicle_operation": (Decimal("8.0"), None), "reception": (Decimal("4.5"), None)}


def test_the_narrative_never_overrides_a_table():
    table = ["2026年一般公共预算“三公”经费支出情况表", "单位：万元",
             "“三公”经费合计\t因公出国（境）费\t公务用车购置及运行费\t\t\t公务接待费",
             "\t\t小计\t公务用车购置费\t公务用车运行费\t", "39.00\t\t24.70\t\t24.70\t14.30"]
    facts = extract(read_text(_budget_report(*BUDGET_WITH_PARTS, *table), "测试.txt")).facts
    got = {r["item"]: r["budget"] for r in facts.rows["sangong"]}
    assert got == {"total": Decimal("39.0"), "overseas": None, "vehicle": Decimal("24.7"), "vehicle_purchase": None,
                   "vehicle_operation": Decimal("24.7"), "reception": Decimal("14.3")}


@pytest.mark.parametrize("layout", ["final2023", "budget2026", "final2021"])
def test_factory_reports_without_their_sangong_table_read_it_from_the_narrative(layout):
    """The factory's reports with the 三公 table cut out (title to note): what the narrative states is
    the report's figures, item by item."""
    report = next(r for r in bundled() if r.layout == layout)
    lines = render_text(report).decode().splitlines()
    start = next(i for i, line in enumerate(lines) if "三公" in line and line.endswith("表"))
    end = next(i for i in range(start, len(lines)) if lines[i].startswith("注："))
    facts = extract(read_text("\n".join(lines[:start] + lines[end + 1:]).encode("utf-8"), "无表.txt")).facts
    assert not [t for t in facts.tables if t["kind"] == "sangong"]
    got = {r["item"]: r for r in facts.rows["sangong"]}
    assert {"total", "overseas", "vehicle", "reception"} <= set(got)
    assert not facts.get("findings", check_id="sangong_parts")
    for table, key, expect in expected_facts(report):
        if table == "sangong" and key.get("item") in got:
            row = got[key["item"]]
            assert {c: row[c] for c in expect} == expect


def test_vehicle_is_the_sum_of_its_parts_when_the_narrative_states_only_the_parts():
    lines = ["九、“三公”经费预算情况说明",
             "2026年“三公”经费预算39.00万元，其中因公出国（境）费0.00万元，公务用车购置费0.00万元，"
             "公务用车运行维护费24.70万元，公务接待费14.30万元。"]
    facts = extract(read_text(_budget_report(*lines), "测试.txt")).facts
    assert {r["item"]: r["budget"] for r in facts.rows["sangong"]} == {
        "total": Decimal("39.0"), "overseas": Decimal("0.0"), "vehicle": Decimal("24.7"), "vehicle_purchase": Decimal("0.0"), "vehicle_operation": Decimal("24.7"),
        "reception": Decimal("14.3")}
    assert not facts.get("findings", check_id="sangong_parts")


def test_pdf_without_a_sangong_table_cites_the_narrative_page(monkeypatch):
    import factory.pdf
    from loaders.read.pdf_source import read_pdf

    def without_sangong_table(report):
        out, title = [], ""
        for el in factory.elements(report):
            title = el.text if isinstance(el, Text) and el.style == "title" else title
            if not (("三公" in title and isinstance(el, Grid)) or (isinstance(el, Text) and "三公" in el.text
                                                                   and el.style in ("title", "note"))):
                out.append(el)
        return out

    monkeypatch.setattr(factory.pdf, "elements", without_sangong_table)
    report = next(r for r in bundled() if r.layout == "budget2026")
    ex = extract(read_pdf(factory.pdf.render_pdf(report), "无表.pdf"))
    assert not [t for t in ex.facts.tables if t["kind"] == "sangong"]
    stated = next(page for line, page in ex.doc.lines() if "三公" in line and "39.00" in line)
    rows = {r["item"]: (r["budget"], r["page"]) for r in ex.facts.rows["sangong"]}
    assert rows["total"] == (Decimal("39.0"), stated) and rows["reception"] == (Decimal("14.3"), stated) and stated > 1


def test_a_total_under_an_item_is_the_items_own_sum_whatever_the_index_row():
    rows = [["预算数", "", "", "", "", "", "决算数", "", "", "", "", ""],
            ["总计", "因公出国（境）费", "公务用车购置及运行费", "", "", "公务接待费"] * 2,
            ["", "", "合计", "购置费", "运行费", ""] * 2,
            [str(n) for n in range(1, 13)],
            ["6.00", "1.00", "3.00", "1.00", "2.00", "2.00", "5.00", "1.00", "2.50", "0.50", "2.00", "1.50"]]
    values = _read(rows)
    assert values["vehicle"] == (Decimal("3.0"), Decimal("2.5")) and values["total"] == (Decimal("6.0"), Decimal("5.0"))


def test_the_narrative_names_items_as_the_vocabulary_does():
    """One vocabulary for the parser and the narrative checks: '公务用车购置' without 费 names the
    purchase (as the checks always read it); the whole 公务用车 item is read before its parts."""
    got = read_prose([("2026年“三公”经费预算12.50万元，其中：因公出国（境）费0万元，公务用车购置5.00万元，"
                       "公务用车运行维护费3.00万元，公务接待费4.50万元。", 4)], "budget", 2026)
    assert {item: v["budget"] for item, v in got.items()} == {
        "total": Decimal("12.5"), "overseas": Decimal("0.0"), "vehicle_purchase": Decimal("5.0"), "vehicle_operation": Decimal("3.0"), "reception": Decimal("4.5")}
    whole = read_prose([("2026年“三公”经费预算8.00万元，其中公务用车购置及运行费8.00万元。", 4)], "budget", 2026)
    assert whole["vehicle"]["budget"] == Decimal("8.0") and "vehicle_purchase" not in whole


def test_the_vocabulary_knows_the_parts_of_each_item():
    assert parts_of("total") == ("overseas", "vehicle", "reception")
    assert leaves_of("total") == ("overseas", "vehicle_purchase", "vehicle_operation", "reception")
    assert breakdowns("vehicle") == [{"vehicle_purchase", "vehicle_operation"}] and breakdowns("reception") == []
