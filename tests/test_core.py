"""Core pieces: number and code reading, text exports, locating tables by title."""
from decimal import Decimal

import loaders.parsers  # noqa: F401  (registers the table kinds)
from loaders.document import Block, Document, clean_text
from loaders.numbers import code_and_name, code_of, leading_code, parse_decimal, parse_percent
from loaders.locate.registry import locate, title_kind
from loaders.locate.titles import normalise_title
from loaders.locate.tables import column_labels, find_column, is_header_row
from loaders.read.text_source import read_text


def test_amounts_blank_and_text():
    assert parse_decimal("1,604.99") == Decimal("1604.99")
    assert parse_decimal("0.00") == Decimal("0.00")
    assert parse_decimal("-12.5") == Decimal("-12.5")
    assert parse_decimal("") is None
    assert parse_decimal("-") is None
    assert parse_decimal("事业运行") is None
    assert parse_decimal("12.3.4") is None
    assert parse_percent("102.18%") == Decimal("102.18")


def test_codes_in_one_cell_spaced_or_split():
    assert code_of("2010301") == "2010301"
    assert code_of("201 03 01") == "2010301"
    assert code_of("30101") == "30101"
    assert code_of("2023") is None
    assert leading_code(["210", "11", "01", "行政单位医疗", "60.99"]) == ("2101101", 3)
    assert leading_code(["", "221", "住房保障支出", "28.09"]) == ("221", 2)
    assert leading_code(["合计", "", "1.00"]) == (None, 0)


def test_a_code_printed_with_its_name_in_one_cell():
    assert code_and_name("2010301 行政运行") == ("2010301", "行政运行")
    assert code_and_name("[201]一般公共服务支出") == ("201", "一般公共服务支出")
    assert code_and_name("【30101】基本工资") == ("30101", "基本工资")
    assert code_and_name("201 03 01 行政运行") == ("2010301", "行政运行")
    assert code_and_name("一般公共服务支出（201）") == ("201", "一般公共服务支出")
    assert code_and_name("行政运行(2010301)") == ("2010301", "行政运行")
    assert code_of("[2010301]") == "2010301"
    assert [code_and_name(c) for c in ("2023年度", "1,604.99", "行政运行", "101 其他", "合计（元）", "2024年（202）")] \
        == [None] * 6
    assert leading_code(["", "[221]住房保障支出", "28.09"]) == ("221", 2)


def test_clean_text_maps_radicals_but_keeps_fullwidth_brackets():
    assert clean_text("⼀般公共\n预算（本级）") == "一般公共预算（本级）"


def test_text_export_tables_and_lines():
    doc = read_text("标题\n项目\t金额\n合计\t1.00\n\n后文".encode(), "a.txt")
    assert [b.text for b in doc.blocks if not b.is_table] == ["标题", "后文"]
    assert [b.rows for b in doc.blocks if b.is_table] == [[["项目", "金额"], ["合计", "1.00"]]]
    assert read_text("标题".encode("gb18030"), "b.txt").blocks[0].text == "标题"


def test_title_normalisation_and_most_specific_kind():
    assert normalise_title("五、一般公共预算财政拨款支出决算表（公开05表）") == "一般公共预算财政拨款支出决算表"
    numbered = ("预算01表 部门收支总表", "预算01-1表 部门收支总表", "部门收支总表(预算01表)", "表1-1 部门收支总表",
                "01 部门收支总表", "公开 01 表：部门收支总表", "附表1-1：部门收支总表")  # 北京, 四川, 江苏 …
    assert {normalise_title(t) for t in numbered} == {"部门收支总表"}
    assert normalise_title("决算02表 收入决算表") == "收入决算表"
    assert title_kind("一般公共预算财政拨款支出决算表", "final").name == "final_general"
    assert title_kind("支出决算表", "final").name == "final_expense"
    long_line = "本部门2023年度支出决算表反映了全部支出情况，" * 3
    assert title_kind(long_line, "final") is None


def _doc(*blocks):
    return Document("x.pdf", "0" * 64, "pdf", 3, list(blocks))


def test_continuation_page_joins_the_table_before_it():
    doc = _doc(
        Block(1, text="支出决算表"), Block(1, text="单位：万元"),
        Block(1, rows=[["科目编码", "科目名称", "合计"], ["201", "一般公共服务支出", "1.00"]]),
        Block(2, text="2"),
        Block(2, rows=[["208", "社会保障和就业支出", "2.00"]]),
    )
    found, unread = locate(doc, "final", Decimal(1))
    assert unread == []
    assert [(t.kind, len(t.rows), t.pages) for t in found] == [("final_expense", 3, [1, 1, 2])]


def test_prose_before_an_untitled_table_stops_continuation():
    prose = "本单位内设机构十个，包括综合科、网络与信息安全科、推广应用科、行政审批业务科等，具体情况如下。"
    doc = _doc(
        Block(1, text="支出决算表"), Block(1, rows=[["201", "一般公共服务支出", "1.00"]]),
        Block(2, text=prose), Block(2, rows=[["姓名", "职务"]]),
    )
    found, unread = locate(doc, "final", Decimal(1))
    assert len(found) == 1 and len(found[0].rows) == 1 and unread == []  # a table without figures is no table of figures


def test_yuan_tables_scale_to_wanyuan():
    doc = _doc(Block(1, text="支出决算表"), Block(1, text="单位：元"),
               Block(1, rows=[["201", "一般公共服务支出", "16,049,900.00"]]))
    (table,), _ = locate(doc, "final", Decimal(1))
    assert table.amount("16,049,900.00") == Decimal("1604.99")


def test_the_report_unit_is_what_its_tables_state_not_a_sentence():
    """Two tables in 元 (a 单位 line, a header cell) against sentences naming a 单位 and amounts in 万元."""
    from loaders.identity.identify import identify
    sentence = "行政事业单位养老支出年初预算为36.60万元，支出决算为35.91万元。"
    doc = _doc(Block(1, text="某某局2024年部门预算"), Block(1, text=sentence), Block(2, text=sentence),
               Block(3, text="单位：元"), Block(3, rows=[["科目编码", "科目名称", "金额"], ["201", "一般公共服务支出", "100"]]),
               Block(4, rows=[["科目编码", "科目名称", "合计（元）"], ["201", "一般公共服务支出", "100"]]))
    assert identify(doc).source_unit == "元"


def test_header_labels_join_wrapped_cells():
    header = [["项目", "", "本年支出", "基本", "项目"], ["", "", "合计", "支出", "支出"]]
    labels = column_labels(header, 5)
    assert labels[2:] == ["本年支出合计", "基本支出", "项目支出"]
    assert find_column(labels, "基本支出") == 3
    assert is_header_row(["栏次", "", "1", "2", "3"])
    assert not is_header_row(["合计", "", "1.00", "", ""])
