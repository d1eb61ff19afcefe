"""基本支出 by economic classification: every layout read from small hand-made tables (exact values)."""
from decimal import Decimal

import pytest

from loaders.extract import extract
from loaders.facts import Facts
from loaders.parsers.economic import class_category, code_at, parse_basic, parse_summary
from loaders.locate.registry import same_title
from loaders.locate.tables import LocatedTable
from loaders.read.text_source import read_text


def _read(rows, scale=Decimal(1), pages=None, parse=parse_basic):
    table = LocatedTable("economic_final", "基本支出决算表", rows=rows, pages=pages or [None] * len(rows), scale=scale)
    facts = Facts()
    parse(table, facts, None)
    return {r["code"]: r for r in facts.rows["expenditure_economic"]}


def _amounts(rows):
    return {code: r["amount"] for code, r in rows.items()}


def test_code_at_reads_one_cell_spaced_and_split_codes():
    assert code_at(["30101", "基本工资"], 0) == ("30101", 1)
    assert code_at(["301 01", "基本工资"], 0) == ("30101", 1)
    assert code_at(["301", "2", "津贴补贴"], 0) == ("30102", 2)  # 款 printed without its leading zero
    assert code_at(["301", "", "工资福利支出"], 0) == ("301", 2)
    assert code_at(["30101 基本工资", "1.00"], 0) == ("30101", 0)  # the name shares the code's cell
    assert code_at(["50101", "工资奖金津补贴"], 0) == (None, 0)  # 政府预算经济分类, not stored
    assert code_at(["2010301", "行政运行"], 0) == (None, 0)


def test_class_category_follows_the_national_grouping():
    assert [class_category(c) for c in ("301", "30113", "303", "302", "310", "399")] == \
        ["personnel", "personnel", "personnel", "public", "public", "public"]


def test_three_pairs_with_group_header_blank_cells_and_printed_totals():
    rows = [
        ["人员经费", "", "", "公用经费", "", "", "", "", ""],
        ["科目代码", "科目名称", "决算数", "科目代码", "科目名称", "决算数", "科目代码", "科目名称", "决算数"],
        ["301", "工资福利支出", "2,058.75", "302", "商品和服务支出", "206.24", "307", "债务利息及费用支出", ""],
        ["30101", "基本工资", "546.42", "30201", "办公费", "15.38", "310", "资本性支出", "0.00"],
        ["", "", "", "30299", "其他商品和服务支出", "2.31", "", "", ""],
        ["人员经费合计", "", "2,058.75", "公用经费合计", "", "", "", "206.24", ""],
    ]
    got = _read(rows)
    assert _amounts(got) == {"301": Decimal("2058.75"), "30101": Decimal("546.42"), "302": Decimal("206.24"), "30201": Decimal("15.38"), "30299": Decimal("2.31"),
                             "307": None, "310": Decimal("0.0"), "personnel_total": Decimal("2058.75"), "public_total": Decimal("206.24")}
    assert {c: r["category"] for c, r in got.items() if c.isdigit()} == {
        "301": "personnel", "30101": "personnel", "302": "public", "30201": "public", "30299": "public",
        "307": "public", "310": "public"}
    assert (got["301"]["level"], got["30101"]["level"], got["personnel_total"]["level"]) == (1, 2, 0)
    assert got["30101"]["name"] == "基本工资"


@pytest.mark.parametrize("printed, totals", [
    (("95.36", "10.23"), (Decimal("95.36"), Decimal("10.23"))),
    (("9O.36", "1O.23"), (None, None)),  # unreadable: the printed label is kept, its figure NULL
])
def test_pairs_without_group_header_use_the_classification_when_totals_speak_of_the_split(printed, totals):
    rows = [
        ["经济分类科目编码", "科目名称", "决算数", "经济分类科目编码", "科目名称", "决算数"],
        ["301", "工资福利支出", "95.36", "302", "商品和服务支出", "10.23"],
        ["303", "对个人和家庭的补助", "0.00", "310", "资本性支出", "0.00"],
        ["", "人员经费合计", printed[0], "", "公用经费合计", printed[1]],
    ]
    got = _read(rows)
    assert {c: (r["amount"], r["category"]) for c, r in got.items()} == {
        "301": (Decimal("95.36"), "personnel"), "303": (Decimal("0.0"), "personnel"), "302": (Decimal("10.23"), "public"), "310": (Decimal("0.0"), "public"),
        "personnel_total": (totals[0], "personnel"), "public_total": (totals[1], "public")}
    assert (got["personnel_total"]["name"], got["public_total"]["name"]) == ("人员经费合计", "公用经费合计")


def test_no_split_words_leave_the_category_unknown():
    rows = [["科目编码", "科目名称", "金额"], ["301", "工资福利支出", "12.50"], ["302", "商品和服务支出", "3.00"]]
    got = _read(rows)
    assert {c: (r["amount"], r["category"]) for c, r in got.items()} == {"301": (Decimal("12.5"), None), "302": (Decimal("3.0"), None)}


def test_continuation_page_with_fewer_columns_and_its_own_header():
    rows = [
        ["人员经费", "", "", "公用经费", "", "", "", "", ""],
        ["科目编码", "科目名称", "决算数", "科目编码", "科目名称", "决算数", "科目编码", "科目名称", "决算数"],
        ["303", "对个人和家庭的补助", "", "30215", "会议费", "", "31012", "拆迁补偿", ""],
        ["人员经费", "", "", "公用经费", "", "", "", ""],
        ["30306", "救济费", "", "30226", "劳务费", "8.10", "399", "其他支出"],
        ["人员经费合计", "", "490.30", "公用经费合计", "", "", "", "26.90"],
    ]
    got = _read(rows, pages=[9, 9, 9, 10, 10, 10])
    assert _amounts(got) == {"303": None, "30215": None, "31012": None, "30306": None, "30226": Decimal("8.1"),
                             "399": None, "personnel_total": Decimal("490.3"), "public_total": Decimal("26.9")}
    assert (got["30226"]["page"], got["303"]["page"], got["public_total"]["page"]) == (10, 9, 10)


def test_split_class_and_kuan_columns_without_header_on_the_next_page():
    rows = [
        ["经济分类", "", "科目名称", "决算数", "经济分类", "", "科目名称", "决算数"],
        ["科目编码", "", "", "", "科目编码", "", "", ""],
        ["类", "款", "", "", "类", "款", "", ""],
        ["301", "", "工资福利支出", "2,082.85", "302", "", "商品和服务支出", "171.07"],
        ["301", "01", "基本工资", "262.33", "302", "01", "办公费", "21.21"],
        ["", "", "", "", "310", "02", "办公设备购置", "13.58"],
        ["人员经费合计", "", "", "2,152.26", "公用经费合计", "", "", "184.65"],
    ]
    got = _read(rows, pages=[16, 16, 16, 16, 16, 17, 17])
    assert _amounts(got) == {"301": Decimal("2082.85"), "30101": Decimal("262.33"), "302": Decimal("171.07"), "30201": Decimal("21.21"), "31002": Decimal("13.58"),
                             "personnel_total": Decimal("2152.26"), "public_total": Decimal("184.65")}
    assert got["31002"]["page"] == 17


def test_budget_total_and_split_columns_in_yuan_with_a_total_row():
    rows = [
        ["项目", "", "", "一般公共预算基本支出", "", ""],
        ["部门预算经济分类科目编码", "", "经济分类科目名称", "合计", "人员经费", "公用经费"],
        ["类", "款", "", "", "", ""],
        ["301", "", "工资福利支出", "88,282,511", "88,282,511", "0"],
        ["301", "2", "津贴补贴", "16,623,810", "16,623,810", "0"],
        ["302", "", "商品和服务支出", "11,168,569", "0", "11,168,569"],
        ["合计", "", "", "99,451,080", "88,282,511", "11,168,569"],
    ]
    got = _read(rows, scale=Decimal("0.0001"))
    assert {c: (r["amount"], r["category"]) for c, r in got.items()} == {
        "301": (Decimal("8828.2511"), "personnel"), "30102": (Decimal("1662.381"), "personnel"), "302": (Decimal("1116.8569"), "public"),
        "personnel_total": (Decimal("8828.2511"), "personnel"), "public_total": (Decimal("1116.8569"), "public")}


def test_the_same_kuan_under_two_government_codes_is_summed():
    rows = [
        ["部门预算支出经济分类", "", "政府预算支出经济分类", "", "本年一般公共预算基本支出", "", ""],
        ["科目编码", "科目名称", "科目编码", "科目名称", "合计", "人员经费", "公用经费"],
        ["", "合计", "", "", "1,023.50", "1,006.60", "16.90"],
        ["301", "工资福利支出", "", "", "1,006.60", "1,006.60", ""],
        ["30101", "基本工资", "50101", "工资奖金津补贴", "389.90", "389.90", ""],
        ["30101", "基本工资", "50501", "工资福利支出", "316.70", "316.70", ""],
        ["30199", "其他工资福利支出", "50501", "工资福利支出", "300.00", "300.00", ""],
        ["302", "商品和服务支出", "", "", "16.90", "", "16.90"],
        ["30201", "办公费", "50201", "办公经费", "9.00", "", "9.00"],
        ["30201", "办公费", "50502", "商品和服务支出", "7.90", "", "7.90"],
    ]
    got = _read(rows)
    assert {c: (r["amount"], r["category"]) for c, r in got.items()} == {
        "301": (Decimal("1006.6"), "personnel"), "30101": (Decimal("706.6"), "personnel"), "30199": (Decimal("300.0"), "personnel"),
        "302": (Decimal("16.9"), "public"), "30201": (Decimal("16.9"), "public"),
        "personnel_total": (Decimal("1006.6"), "personnel"), "public_total": (Decimal("16.9"), "public")}


def test_summary_table_reads_its_basic_column_only_when_no_basic_table_was_read():
    rows = [
        ["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
        ["301", "工资福利支出", "120.00", "100.00", "20.00"],
        ["302", "商品和服务支出", "50.00", "30.00", "20.00"],
    ]
    assert _amounts(_read(rows, parse=parse_summary)) == {"301": Decimal("100.0"), "302": Decimal("30.0")}
    facts = Facts()
    facts.add("expenditure_economic", code="301", amount=Decimal("1.0"))
    parse_summary(LocatedTable("economic_summary", "支出经济分类汇总表", rows=rows, pages=[None] * 3), facts, None)
    assert len(facts.rows["expenditure_economic"]) == 1


def test_text_export_round_trip():
    lines = ["2023 年度", "某某市测试局部门决算", "", "一般公共预算财政拨款基本支出决算明细表", "公开 06 表",
             "部门：某某市测试局", "金额单位：万元",
             "人员经费\t\t\t公用经费\t\t",
             "科目编码\t科目名称\t决算数\t科目编码\t科目名称\t决算数",
             "301\t工资福利支出\t1,234.56\t302\t商品和服务支出\t78.90",
             "30101\t基本工资\t1,234.56\t30201\t办公费\t78.90",
             "人员经费合计\t\t1,234.56\t公用经费合计\t\t78.90"]
    facts = extract(read_text("\n".join(lines).encode("utf-8"), "测试.txt")).facts
    got = {r["code"]: (r["amount"], r["category"]) for r in facts.rows["expenditure_economic"]}
    assert got == {"301": (Decimal("1234.56"), "personnel"), "30101": (Decimal("1234.56"), "personnel"), "302": (Decimal("78.9"), "public"),
                   "30201": (Decimal("78.9"), "public"), "personnel_total": (Decimal("1234.56"), "personnel"),
                   "public_total": (Decimal("78.9"), "public")}


def test_code_and_name_in_one_cell_under_section_rows():
    rows = [
        ["项目", "金额"],
        ["人员经费", "1,000.00"],
        ["301 工资福利支出", "1,000.00"],
        ["30101基本工资", "600.00"],
        ["公用经费", "50.00"],
        ["302 商品和服务支出", "50.00"],
    ]
    got = _read(rows)
    assert {c: (r["name"], r["amount"], r["category"]) for c, r in got.items()} == {
        "301": ("工资福利支出", Decimal("1000.0"), "personnel"), "30101": ("基本工资", Decimal("600.0"), "personnel"),
        "302": ("商品和服务支出", Decimal("50.0"), "public"),
        "personnel_total": ("人员经费合计", Decimal("1000.0"), "personnel"), "public_total": ("公用经费合计", Decimal("50.0"), "public")}


def test_closing_totals_do_not_relabel_codes():
    rows = [["科目编码", "科目名称", "金额"], ["人员经费合计", "", "12.00"], ["公用经费合计", "", "3.00"],
            ["301", "工资福利支出", "12.00"], ["302", "商品和服务支出", "3.00"]]
    got = _read(rows)
    assert {c: (r["amount"], r["category"]) for c, r in got.items()} == {
        "301": (Decimal("12.0"), "personnel"), "302": (Decimal("3.0"), "public"), "personnel_total": (Decimal("12.0"), "personnel"),
        "public_total": (Decimal("3.0"), "public")}


def test_a_class_row_repeated_on_the_next_page_is_not_added_twice():
    rows = [["科目编码", "科目名称", "合计", "人员经费", "公用经费"],
            ["301", "工资福利支出", "10.00", "10.00", ""], ["30101", "基本工资", "6.00", "6.00", ""],
            ["301", "工资福利支出", "10.00", "10.00", ""], ["30101", "基本工资", "4.00", "4.00", ""]]
    assert _amounts(_read(rows)) == {"301": Decimal("10.0"), "30101": Decimal("10.0")}


def test_personnel_and_public_spending_columns_named_zhichu():
    rows = [["科目编码", "科目名称", "合计", "人员支出", "日常公用支出"],
            ["301", "工资福利支出", "10.00", "10.00", ""], ["302", "商品和服务支出", "2.00", "", "2.00"],
            ["合计", "", "12.00", "10.00", "2.00"]]
    got = _read(rows)
    assert {c: (r["amount"], r["category"]) for c, r in got.items()} == {
        "301": (Decimal("10.0"), "personnel"), "302": (Decimal("2.0"), "public"), "personnel_total": (Decimal("10.0"), "personnel"),
        "public_total": (Decimal("2.0"), "public")}


def test_unreadable_total_under_section_rows_is_null_and_never_the_next_figure():
    rows = [
        ["科目编码", "科目名称", "合计", "人员经费", "公用经费"],
        ["人员经费合计", "", "1,O00.00", "1,000.00", ""],
        ["301", "工资福利支出", "1,0O0.00", "1,000.00", "0.00"],
        ["302", "商品和服务支出", "50.00", "0.00", "50.00"],
    ]
    got = _read(rows)
    assert {c: (r["amount"], r["category"]) for c, r in got.items()} == {
        "301": (None, "personnel"), "302": (Decimal("50.0"), "public"), "personnel_total": (None, "personnel")}


def _budget_doc(*tables: tuple[str, str, str]) -> bytes:
    """A 部门预算 text export with 基本支出 tables of (title, 工资福利支出, 办公费)."""
    lines = ["2026 年", "某某市测试局2026年部门预算", ""]
    for title, wages, office in tables:
        summary = "汇总" in title  # 合计 | 基本支出 | 项目支出, the project column 1.00 more
        head = "合计\t基本支出\t项目支出" if summary else "合计\t人员经费\t公用经费"
        lines += [title, "单位：万元", f"科目编码\t科目名称\t{head}"]
        for code, name, value, personnel in (("301", "工资福利支出", wages, True), ("30101", "基本工资", wages, True),
                                             ("302", "商品和服务支出", office, False), ("30201", "办公费", office, False)):
            cells = [value, "1.00"] if summary else ([value, ""] if personnel else ["", value])
            total = f"{float(value) + 1:.2f}" if summary else value
            lines.append("\t".join([code, name, total, *cells]))
        lines.append("")
    return "\n".join(lines).encode("utf-8")


GENERAL = ("一般公共预算基本支出表", "100.00", "10.00")
ALL_FUNDS = ("基本支出预算表", "120.00", "15.00")
UNIT = ("单位一般公共预算基本支出表", "60.00", "6.00")
SUMMARY = ("支出经济分类汇总表", "130.00", "16.00")  # its 基本支出 column: all funds


@pytest.mark.parametrize("tables", [(GENERAL, ALL_FUNDS), (ALL_FUNDS, GENERAL), (GENERAL, UNIT), (UNIT, GENERAL),
                                    (SUMMARY, GENERAL), (GENERAL, SUMMARY)])
def test_two_basic_tables_store_one_set_the_general_budget_of_the_department(tables):
    ex = extract(read_text(_budget_doc(*tables), "两张表.txt"))
    assert ex.info.doc_kind == "budget" and ex.info.scope == "department"
    rows = ex.facts.rows["expenditure_economic"]
    assert sorted((r["code"], r["amount"]) for r in rows if r["code"].isdigit()) == [
        ("301", Decimal("100.0")), ("30101", Decimal("100.0")), ("302", Decimal("10.0")), ("30201", Decimal("10.0"))]
    counts = {t["title"]: t["fact_count"] for t in ex.facts.tables if t["kind"].startswith("economic")}
    assert counts == {title: (len(rows) if title == GENERAL[0] else 0) for title, _, _ in tables}


def test_a_unit_report_keeps_its_unit_table():
    data = _budget_doc(GENERAL, UNIT).replace("部门预算".encode(), "单位预算".encode())
    ex = extract(read_text(data, "单位.txt"))
    assert ex.info.scope == "unit"
    assert sorted((r["code"], r["amount"]) for r in ex.facts.rows["expenditure_economic"] if r["code"].isdigit()) == [
        ("301", Decimal("60.0")), ("30101", Decimal("60.0")), ("302", Decimal("6.0")), ("30201", Decimal("6.0"))]


def test_the_rest_of_a_table_under_its_title_again_adds_its_codes():
    first = ("一般公共预算基本支出表", "100.00", "10.00")
    data = _budget_doc(first).decode() + "\n".join([
        "一般公共预算基本支出表（续）", "科目编码\t科目名称\t合计\t人员经费\t公用经费",
        "303\t对个人和家庭的补助\t5.00\t5.00\t", "30305\t生活补助\t5.00\t5.00\t"])
    ex = extract(read_text(data.encode("utf-8"), "续.txt"))
    codes = [r["code"] for r in ex.facts.rows["expenditure_economic"] if r["code"].isdigit()]
    assert sorted(codes) == ["301", "30101", "302", "30201", "303", "30305"]


@pytest.mark.parametrize("first, other, same", [
    ("2024年部门一般公共预算基本支出部门预算经济分类预算表", "一般公共预算基本支出部门预算经济分类预算表（续）", True),
    ("一般公共预算基本支出表", "基本支出预算表", False),
    ("部门基本支出预算表", "单位基本支出预算表", False),
])
def test_a_repeated_title_continues_its_table_another_level_or_fund_does_not(first, other, same):
    assert same_title(first, other) is same
