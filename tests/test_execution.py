"""budget_execution from hand-made 决算 narratives: figures, reasons, pages and codes, exact values."""
from decimal import Decimal

from loaders.document import Block, Document
from loaders.facts import Facts
from loaders.parsers.execution import read_execution, resolve_code
from loaders.prose import passages


def _doc(lines, page=None) -> Document:
    """A Document of text lines; a line given as (text, page) keeps its page."""
    blocks = [Block(page=ln[1], text=ln[0]) if isinstance(ln, tuple) else Block(page=page, text=ln)
              for ln in lines]
    return Document(file_name="t.txt", sha256="0" * 64, source="text", page_count=None, blocks=blocks)


def _function_rows(facts: Facts, fund: str, rows) -> None:
    for code, name, total in rows:
        facts.add("expenditure_function", fund=fund, code=code, name=name, level={3: 1, 5: 2, 7: 3}[len(code)],
                  total=total)


def _rows(lines, fund_rows=(), fund="general") -> list[dict]:
    facts = Facts()
    _function_rows(facts, fund, fund_rows)
    read_execution(_doc(lines), facts, None)
    return facts.rows["budget_execution"]


def _read(lines, fund_rows=(), fund="general") -> dict:
    return {r["code"]: r for r in _rows(lines, fund_rows, fund)}


_ROWS = [("201", "一般公共服务支出", Decimal("1700.0")), ("20103", "政府办公厅（室）及相关机构事务", Decimal("1700.0")),
         ("2010301", "行政运行", Decimal("1500.0")), ("2010350", "事业运行", Decimal("200.0")),
         ("221", "住房保障支出", Decimal("30.0")), ("22102", "住房改革支出", Decimal("30.0")), ("2210201", "住房公积金", Decimal("30.0"))]

_TEXT_EXPORT = [
    "目录",
    "五、一般公共预算财政拨款支出决算情况说明",
    "六、一般公共预算财政拨款基本支出决算情况说明",
    "五、一般公共预算财政拨款支出决算情况说明",
    "（一）总体情况。",
    "2023年度一般公共预算财政拨款支出1,730.00万元，占本年支出合计的100.00%。",
    "（三）具体情况。",
    "2023年度一般公共预算财政拨款支出年初预算为1,600.00万元，支出决算为1,730.00万元，完成年初预算的108.13%。其中：",
    "1. 一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）。年初预算为1400.00万元，"
    "支出决算为1,500.00万元，完成年初预算的107.14%。决算数与年初预算数存在差异的主要原因是追加人员经费。",
    "2. 一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）事业运行（项）年初预算数为 170.00 万元，"
    "决算数 200.00 万元，完成年初预算的 117.65%，决算数与年初预算数存在差异的主要原因是：增加绩效奖励。",
    "3. 住房保障支出（类）住房改革支出（款）住房公积金（项）。年初预算为30.00万元，支出决算为30.00万元，"
    "完成年初预算的100.00%。决算数与年初预算数持平。",
    "六、一般公共预算财政拨款基本支出决算情况说明",
    "2023年度一般公共预算财政拨款基本支出1,530.00万元。年初预算为9.00万元，支出决算为9.00万元。",
]


def test_text_export_items_total_and_reasons():
    got = _read(_TEXT_EXPORT, _ROWS)
    assert sorted(got) == ["2010301", "2010350", "2210201", "total"]
    assert got["total"] == {"code": "total", "item": "一般公共预算财政拨款支出", "budget": Decimal("1600.0"), "actual": Decimal("1730.0"),
                            "completion_rate": Decimal("108.13"), "reason": None, "page": None, "budget_full_year": None,
                            "x0": None, "top": None, "x1": None, "bottom": None, "line": None}
    assert got["2010301"]["item"] == "行政运行"
    assert (got["2010301"]["budget"], got["2010301"]["actual"], got["2010301"]["completion_rate"]) == \
        (Decimal("1400.0"), Decimal("1500.0"), Decimal("107.14"))
    assert got["2010301"]["reason"] == "追加人员经费"
    assert (got["2010350"]["budget"], got["2010350"]["actual"], got["2010350"]["reason"]) == \
        (Decimal("170.0"), Decimal("200.0"), "增加绩效奖励")
    assert got["2210201"]["reason"] is None  # 持平: no reason stated


def test_codes_resolve_without_a_function_table_only_when_printed():
    assert [(r["code"], r["item"]) for r in _rows(_TEXT_EXPORT)] == \
        [("total", "一般公共预算财政拨款支出"), (None, "行政运行"), (None, "事业运行"), (None, "住房公积金")]
    one = _read(["五、一般公共预算财政拨款支出决算情况说明", "1. 行政运行（2010301）。年初预算为1.00万元，支出决算为2.00万元。"])
    assert (one["2010301"]["item"], one["2010301"]["actual"]) == ("行政运行", Decimal("2.0"))


_WRAPPED_PDF = [
    ("（三）一般公共预算财政拨款支出决算具体情况", 21),
    ("一般公共预算财政拨款支出年初预算为0万元，全年预算为", 21),
    ("321.02万元，支出决算为307.82万元，完成年初预算的95.89%。", 21),
    ("决算数小于预算数的主要原因：人员经费支出数小于预算数。其中：", 21),
    ("1、一般公共服务支出（类）社会工作事务（款）行政运行（项）。", 21),
    ("主要用于：行政单位人员支出。全年预算为52.00万元，支出决算为51.32万", 21),
    ("元，完成全年预算数的98.69%。决算数小于全", 22),
    ("年预算数的主要原因：人员变动引起实际支出低于预算。", 22),
    ("2、一般公共服务支出（类）社会工作事务（款）其他社会工作", 22),
    ("事务支出（项）。全年预算为202.24万元，支出决算为202.24万元。", 23),
    ("决算数与全年预算数持平。", 23),
    ("六、一般公共预算财政拨款基本支出决算情况说明", 23),
]


def test_wrapped_pdf_lines_full_year_budget_and_pages():
    rows = [("2013901", "行政运行", Decimal("51.32")), ("2013999", "其他社会工作事务支出", Decimal("202.24")),
            ("2010301", "行政运行", Decimal("99.0"))]
    got = _read(_WRAPPED_PDF, rows)
    assert got["total"]["budget"] == Decimal("0.0") and got["total"]["budget_full_year"] == Decimal("321.02")
    assert (got["total"]["actual"], got["total"]["completion_rate"], got["total"]["reason"], got["total"]["page"]) == \
        (Decimal("307.82"), Decimal("95.89"), "人员经费支出数小于预算数", 21)
    item = got["2013901"]
    assert (item["budget"], item["budget_full_year"], item["actual"], item["completion_rate"], item["page"]) == \
        (None, Decimal("52.0"), Decimal("51.32"), Decimal("98.69"), 21)
    assert item["reason"] == "人员变动引起实际支出低于预算"
    assert (got["2013999"]["item"], got["2013999"]["page"], got["2013999"]["reason"]) == ("其他社会工作事务支出", 22, None)


def test_template_placeholders_give_no_rows():
    template = ["（三）一般公共预算财政拨款支出决算具体情况",
                "一般公共预算财政拨款支出年初预算为 XXX 万元，支出决算为 XXX 万元，完成年初预算的 XX%。",
                "1、教育支出（类）普通教育（款）初中教育（项）。年初预算为 XXX 万元，支出决算为 XXX 万元。"]
    assert _read(template) == {}


def test_item_names_with_several_items_in_one_sentence():
    text = ["五、一般公共预算财政拨款支出决算情况说明",
            "其中：行政运行（项）年初预算为10.00万元，支出决算为8.00万元；住房公积金（项）年初预算为5.00万元，"
            "支出决算为5.50万元。"]
    got = _read(text, _ROWS)
    assert (got["2010301"]["budget"], got["2010301"]["actual"]) == (Decimal("10.0"), Decimal("8.0"))
    assert (got["2210201"]["budget"], got["2210201"]["actual"]) == (Decimal("5.0"), Decimal("5.5"))


def test_amounts_printed_in_yuan_become_wanyuan():
    got = _read(["五、一般公共预算财政拨款支出决算情况说明", "年初预算为1,500,000.00元，支出决算为1,234,500.00元。"])
    assert (got["total"]["budget"], got["total"]["actual"]) == (Decimal("150.0"), Decimal("123.45"))


def test_resolve_code_by_kuan_name_then_amount_then_other_fund():
    facts = Facts()
    _function_rows(facts, "general", [("20103", "政府办公厅（室）及相关机构事务", Decimal("1.0")), ("2010301", "行政运行", Decimal("5.0")),
                                      ("20106", "财政事务", Decimal("1.0")), ("2010601", "行政运行", Decimal("7.0"))])
    _function_rows(facts, "all", [("2080505", "机关事业单位基本养老保险缴费支出", Decimal("3.0"))])
    assert resolve_code({"类": "一般公共服务支出", "款": "财政事务", "项": "行政运行"}, None, facts) == "2010601"
    assert resolve_code({"项": "行政运行"}, Decimal("5.0"), facts) == "2010301"
    assert resolve_code({"项": "行政运行"}, None, facts) is None  # two candidates, nothing decides
    assert resolve_code({"项": "机关事业单位基本养老保险缴费支出"}, None, facts) == "2080505"
    assert resolve_code({"项": "行政运行(项)"}, Decimal("7.0"), facts) == "2010601"


def test_sentences_keep_start_page_and_break_before_items():
    lines = [("一般公共预算财政拨款支出年初预算为1.00万元，支出决算", 3), ("为2.00万元。其中：", 4),
             ("1、行政运行（项）。年初预算为", 4), ("3.00万元。", 5)]
    got = [(s.text, s.page) for s in passages(lines, headings=True)]
    assert got == [("一般公共预算财政拨款支出年初预算为1.00万元，支出决算为2.00万元。", 3), ("其中：", 4),
                   ("1、行政运行（项）。", 4), ("年初预算为3.00万元。", 4)]


def test_heading_lines_are_context_for_checks_and_passages_for_the_section_reader():
    lines = [("（三）“三公”经费 支出情况", 7), ("1、因公出国（境）费 0.50万", 7), ("元。", 8)]
    got = [(p.text, p.heading, p.page, p.page_at(len(p.text) - 1)) for p in passages(lines)]
    assert got == [("1、因公出国（境）费0.50万元。", "1、因公出国（境）费0.50万", 7, 8)]
    assert [p.text for p in passages(lines, headings=True)] == ["（三）“三公”经费支出情况", "1、因公出国（境）费0.50万元。"]
