"""财政拨款收入支出总表 (grant_summary): hand-made tables, the check against the function tables, the corpus."""
from decimal import Decimal

import duckdb
import pytest

from loaders.checks import run_checks
from loaders.document import Block
from loaders.facts import Facts
from loaders.identity.identify import DocInfo
from loaders.run.ingest import ingest
from loaders.locate.registry import title_kind

from .reports import parse_blocks

FINAL = DocInfo("某某局", 2024, "final", "department", None, "万元")
BUDGET = DocInfo("某某局", 2025, "budget", "department", None, "元")

_FINAL_HEADER = [["收入", "", "", "支出", "", "", "", "", ""],
                 ["项目", "行次", "金额", "项目", "行次", "合计", "一般公共预算财政拨款", "政府性基金预算财政拨款",
                  "国有资本经营预算财政拨款"],
                 ["栏次", "", "1", "栏次", "", "2", "3", "4", "5"]]


def _rows(blocks, info) -> dict:
    facts, located = parse_blocks(blocks, info.doc_kind, info)
    assert [t.kind for t in located] == ["grants"]
    rows = facts.get("grant_summary")
    keys = {(r["side"], r["item"], r["parent"], r["fund"]) for r in rows}
    assert len(keys) == len(rows), "one row per side, item, heading and fund"
    return {(r["side"], r["item"], r["parent"], r["fund"]): (r["amount"], r["code"], r["page"]) for r in rows}


def test_titles_name_the_grants_table_and_leave_the_summary_and_function_tables_alone():
    for title in ("四、财政拨款收入支出决算总表", "2026年财政拨款收支总体情况表", "2024年部门财政拨款收支预算总表",
                  "财政拨款收支总表"):
        assert title_kind(title, None).name == "grants", title
    assert title_kind("收入支出决算总表", "final").name == "summary"
    assert title_kind("部门收支总体情况表", "budget").name == "summary"
    assert title_kind("政府性基金预算财政拨款收入支出决算表", "final").name == "final_gov_fund"


def test_final_layout_over_two_pages_keeps_carried_lines_apart():
    got = _rows([
        Block(7, text="财政拨款收入支出决算总表"), Block(7, text="单位：万元"),
        Block(7, rows=_FINAL_HEADER + [
            ["一、一般公共预算财政拨款", "1", "2,587.46", "一、一般公共服务支出", "33", "2,085.45", "2,085.45", "0.00", ""],
            ["二、政府性基金预算财政拨款", "2", "55.70", "十一、城乡社区支出", "43", "500.70", "0.00", "500.70", ""]]),
        Block(8, rows=_FINAL_HEADER + [
            ["本年收入合计", "27", "2,643.16", "本年支出合计", "59", "2,586.15", "2,085.45", "500.70", ""],
            ["年初财政拨款结转和结余", "28", "445.00", "年末财政拨款结转和结余", "60", "0.00", "0.00", "0.00", ""],
            ["一般公共预算财政拨款", "29", "0.00", "", "61", "", "", "", ""],
            ["政府性基金预算财政拨款", "30", "445.00", "", "62", "", "", "", ""],
            ["总计", "32", "3,088.16", "总计", "64", "3,088.16", "2,587.46", "500.70", ""]]),
    ], FINAL)
    assert got[("income", "一般公共预算财政拨款", None, "general")] == (Decimal("2587.46"), None, 7)
    assert got[("income", "一般公共预算财政拨款", "年初财政拨款结转和结余", "general")] == (Decimal("0.0"), None, 8)
    assert got[("income", "政府性基金预算财政拨款", "年初财政拨款结转和结余", "gov_fund")] == (Decimal("445.0"), None, 8)
    assert got[("income", "年初财政拨款结转和结余", None, "all")] == (Decimal("445.0"), None, 8)
    assert got[("expense", "城乡社区支出", None, "all")] == (Decimal("500.70"), None, 7)
    assert got[("expense", "城乡社区支出", None, "general")] == (Decimal("0.0"), None, 7)
    assert got[("expense", "城乡社区支出", None, "gov_fund")] == (Decimal("500.70"), None, 7)
    assert got[("expense", "城乡社区支出", None, "state_capital")] == (None, None, 7)
    assert got[("expense", "本年支出合计", None, "general")] == (Decimal("2085.45"), None, 8)
    assert got[("expense", "总计", None, "all")] == (Decimal("3088.16"), None, 8)
    assert len(got) == 7 + 5 * 4  # seven income lines, five expense lines of four funds


def test_budget_in_yuan_with_codes_and_a_continuation_header_of_fewer_columns():
    """A 元 table; the 类 code printed before its name; page two prints no '其中' column."""
    got = _rows([
        Block(9, text="2025年财政拨款收支总体情况表"), Block(9, text="单位：元"),
        Block(9, rows=[["收入", "", "支出", "", "", "", "", ""],
                       ["项目", "金额", "项目", "合计", "一般公共预算 小计", "其中：财政拨款", "政府性基金", "国有资本经营预算"],
                       ["一、本年收入", "56,000,000", "一、本年支出", "56,600,000", "45,600,000", "45,000,000",
                        "11,000,000", ""],
                       ["(一) 一般公共预算拨款", "45,000,000", "201 一般公共服务支出", "36,600,000", "36,600,000",
                        "36,000,000", "", ""],
                       ["其中：财政拨款", "45,000,000", "", "", "", "", "", ""],
                       ["二、上年结转", "600,000", "", "", "", "", "", ""],
                       ["(一) 一般公共预算拨款", "600,000", "", "", "", "", "", ""]]),
        Block(10, rows=[["收入", "", "支出", "", "", "", ""],
                        ["项目", "金额", "项目", "合计", "一般公共预算", "政府性基金", "国有资本经营预算"],
                        ["", "", "212 城乡社区支出", "20,000,000", "9,000,000", "11,000,000", ""],
                        ["收入合计：", "56,600,000", "支出合计", "56,600,000", "45,600,000", "11,000,000", ""]]),
    ], BUDGET)
    assert got[("income", "本年收入", None, "all")] == (Decimal("5600.0"), None, 9)
    assert got[("income", "一般公共预算拨款", "本年收入", "general")] == (Decimal("4500.0"), None, 9)
    assert got[("income", "其中：财政拨款", "一般公共预算拨款", "general")] == (Decimal("4500.0"), None, 9)
    assert got[("income", "一般公共预算拨款", "上年结转", "general")] == (Decimal("60.0"), None, 9)
    assert got[("expense", "一般公共服务支出", None, "general")] == (Decimal("3660.0"), "201", 9)
    assert got[("expense", "城乡社区支出", None, "general")] == (Decimal("900.0"), "212", 10)
    assert got[("expense", "城乡社区支出", None, "gov_fund")] == (Decimal("1100.0"), "212", 10)
    assert got[("expense", "支出合计", None, "gov_fund")] == (Decimal("1100.0"), None, 10)
    assert got[("income", "收入合计", None, "all")] == (Decimal("5660.0"), None, 10)


def _facts(grant_total: float | None, function_total: float | None, class_amount=Decimal("1000.0"), kind="final") -> Facts:
    f = Facts()
    for item, amount in (("一般公共服务支出", class_amount), ("本年支出合计", grant_total)):
        f.add("grant_summary", side="expense", item=item, parent=None, code=None, fund="general", amount=amount, page=3)
    f.add("grant_summary", side="income", item="一般公共预算拨款", parent="上年结转", code=None, fund="general",
          amount=Decimal("60.0"), page=3)
    if function_total is not None:
        f.add("expenditure_function", fund="general", code="total", name="合计", level=0, total=function_total, page=5)
        f.add("expenditure_function", fund="general", code="201", name="一般公共服务支出", level=1, total=Decimal("1000.0"), page=5)
    return f


def _found(facts: Facts, kind: str = "final") -> list[dict]:
    info = FINAL if kind == "final" else BUDGET
    return [x for x in run_checks(facts, info, "") if x["check_id"] == "grants_vs_function"]


def test_check_passes_when_totals_and_classes_agree():
    assert _found(_facts(Decimal("1200.0"), Decimal("1200.0"))) == []


def test_check_names_a_total_that_disagrees():
    (got,) = _found(_facts(Decimal("1250.0"), Decimal("1200.0")))
    assert (got["severity"], got["expected"], got["actual"], got["page"]) == ("error", Decimal("1200.0"), Decimal("1250.0"), 3)
    assert "一般公共预算财政拨款支出合计" in got["message"] and "第3、5页" in got["message"]


def test_check_compares_each_class_printed_in_both():
    (got,) = _found(_facts(Decimal("1200.0"), Decimal("1200.0"), class_amount=Decimal("1100.0")))
    assert (got["severity"], got["expected"], got["actual"]) == ("error", Decimal("1000.0"), Decimal("1100.0"))
    assert "一般公共服务支出" in got["message"]


def test_check_cannot_run_without_the_function_table_total():
    """A fund table printed whose 合计 was not read: 无法核对. A fund table the report does not print at all
    is the completeness check's to say (未找到必备表格), not a figure that could not be read."""
    facts = _facts(Decimal("1200.0"), Decimal("1200.0"))
    facts.rows["expenditure_function"] = [r for r in facts.rows["expenditure_function"] if r["code"] != "total"]
    (got,) = _found(facts)
    assert got["severity"] == "warning" and got["message"].startswith("无法核对")
    assert _found(_facts(Decimal("1200.0"), None)) == []


def test_budget_difference_equal_to_carried_funds_is_said_not_an_error():
    (got,) = _found(_facts(Decimal("1260.0"), Decimal("1200.0")), kind="budget")
    assert (got["severity"], got["expected"], got["actual"]) == ("info", Decimal("1200.0"), Decimal("1260.0"))
    assert "上年结转 60.00" in got["message"]
    assert _found(_facts(Decimal("1260.0"), Decimal("1200.0")))[0]["severity"] == "error"  # a 决算 spends carried funds in both tables


@pytest.fixture(scope="module")
def corpus_db(corpus, tmp_path_factory):
    files = [corpus / "seed-pdf" / "000_ce383b8ac3ab7b4a.pdf", corpus / "real" / "上海市普陀区财政局2024年度部门决算.pdf",
             corpus / "real" / "上海市普陀区人民政府办公室2025年部门预算.pdf"]
    db = str(tmp_path_factory.mktemp("grants") / "g.duckdb")
    assert all(r.ok for r in ingest(files, db))
    con = duckdb.connect(db, read_only=True)
    yield con
    con.close()


def _one(con, file_part: str, side: str, item: str, fund: str, parent: str | None = None):
    return con.execute(
        "SELECT g.amount, g.page FROM grant_summary g JOIN documents d USING (doc_id) "
        "WHERE d.file_name LIKE ? AND side = ? AND item = ? AND fund = ? AND parent IS NOT DISTINCT FROM ?",
        [f"%{file_part}%", side, item, fund, parent]).fetchall()


@pytest.mark.corpus
def test_corpus_rows_read_as_printed(corpus_db):
    """Figures checked against the printed reports (000 p.7–8; 财政局 p.12–13; 区政府办公室 p.13, in 元)."""
    assert _one(corpus_db, "000_", "expense", "城乡社区支出", "gov_fund") == [(500.70, 7)]
    assert _one(corpus_db, "000_", "income", "政府性基金预算财政拨款", "gov_fund", "年初财政拨款结转和结余") == [(445.0, 8)]
    assert _one(corpus_db, "000_", "expense", "总计", "general") == [(2587.46, 8)]
    assert _one(corpus_db, "财政局", "expense", "社会保障和就业支出", "general") == [(326.71, 12)]
    assert _one(corpus_db, "财政局", "income", "一般公共预算财政拨款", "general", "年初财政拨款结转和结余") == [(21.63, 13)]
    (amount, page), = _one(corpus_db, "办公室", "expense", "住房保障支出", "general")
    assert (round(amount, 6), page) == (360.912522, 13)


@pytest.mark.corpus
def test_corpus_finding_is_the_reports_rounding_tail(corpus_db):
    """财政局 prints 社会保障和就业支出 as 326.71 in the grants table (p.12) and 326.72 in the
    一般公共预算财政拨款支出决算表 (p.15): a rounding tail, the only grants finding of these three reports."""
    got = corpus_db.execute("SELECT d.file_name, severity, expected, actual, f.page FROM findings f "
                            "JOIN documents d USING (doc_id) WHERE check_id = 'grants_vs_function'").fetchall()
    assert got == [("上海市普陀区财政局2024年度部门决算.pdf", "info", 326.72, 326.71, 12)]


def _expense_line(facts: Facts, item: str, amounts: dict, parent=None, page=9) -> None:
    for fund, amount in amounts.items():
        facts.add("grant_summary", side="expense", item=item, parent=parent, code=None, fund=fund, amount=amount,
                  page=page)


def _fund_columns(facts: Facts) -> list[tuple]:
    return [(x["severity"], x["expected"], x["actual"], x["page"], x["message"])
            for x in run_checks(facts, BUDGET, "") if x["check_id"] == "grants_fund_columns"]


def test_fund_columns_add_up_to_the_total_column_line_by_line():
    f = Facts()
    _expense_line(f, "城乡社区事务支出", {"all": Decimal("1188.0"), "general": Decimal("40.0"), "gov_fund": Decimal("1148.0"), "state_capital": None})
    assert _fund_columns(f) == []
    _expense_line(f, "住房保障支出", {"all": Decimal("184.8"), "general": Decimal("184.8"), "gov_fund": Decimal("170.0"), "state_capital": None},
                  parent="本年支出", page=10)
    assert _fund_columns(f) == [("error", Decimal("184.8"), Decimal("354.8"), 10, "财政拨款收支总表 本年支出·住房保障支出：合计与各资金之和："
                                 "应为 184.80，实为 354.80，相差 170.00（第10页）")]


def test_fund_columns_blank_part_short_of_the_total_is_named_and_a_layout_missing_a_fund_is_not_checked():
    f = Facts()
    _expense_line(f, "教育支出", {"all": Decimal("50.0"), "general": Decimal("30.0"), "gov_fund": None, "state_capital": None})
    assert _fund_columns(f) == [("warning", None, None, 9, "无法核对财政拨款收支总表 教育支出：合计与各资金之和："
                                 "所需数字未能读出（教育支出（政府性基金）、教育支出（国有资本经营））（第9页）")]
    g = Facts()
    _expense_line(g, "教育支出", {"all": Decimal("50.0"), "general": Decimal("30.0"), "gov_fund": Decimal("10.0")})  # no 国有资本经营 column
    assert _fund_columns(g) == []


def _income(facts: Facts, item: str, fund: str, amount, parent=None, page=8) -> None:
    facts.add("grant_summary", side="income", item=item, parent=parent, code=None, fund=fund, amount=amount, page=page)


def test_income_headings_and_totals_against_the_fund_lines_they_sum():
    f = Facts()
    _income(f, "一般公共预算财政拨款", "general", Decimal("2587.46"))
    _income(f, "政府性基金预算财政拨款", "gov_fund", Decimal("55.70"))
    _income(f, "本年收入合计", "all", Decimal("2643.16"))
    _income(f, "年初财政拨款结转和结余", "all", Decimal("445.0"))
    _income(f, "一般公共预算财政拨款", "general", Decimal("0.0"), parent="年初财政拨款结转和结余")
    _income(f, "政府性基金预算财政拨款", "gov_fund", Decimal("440.0"), parent="年初财政拨款结转和结余")
    _income(f, "总计", "all", Decimal("3088.16"))  # after the heading's own lines: nothing of its own to sum here
    assert _fund_columns(f) == [("error", Decimal("445.0"), Decimal("440.0"), 8, "财政拨款收支总表 收入 年初财政拨款结转和结余与各资金之和："
                                 "应为 445.00，实为 440.00，相差 5.00（第8页）")]
    f.rows["grant_summary"][0]["amount"] = Decimal("2587.0")
    assert [x[:3] for x in _fund_columns(f)] == [("error", Decimal("2643.16"), Decimal("2642.7")), ("error", Decimal("445.0"), Decimal("440.0"))]
