"""Tables known by what they hold: the shape of a table's content, the kind its title's words choose,
titles inside the frame, under a 公开NN表 line or in a 目录, and every table of figures either read or
listed with why."""
from decimal import Decimal

import pytest

import loaders.parsers  # noqa: F401  (registers the table kinds)
from loaders.locate import recognise
from loaders.classification import fund_of
from loaders.document import Block, Document
from loaders.read.lift import lift_text_rows
from loaders.locate.registry import is_title, locate, title_kind

_FUNCTION = [["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
             ["", "合计", "30.00", "20.00", "10.00"],
             ["201", "一般公共服务支出", "30.00", "20.00", "10.00"],
             ["2010301", "行政运行", "30.00", "20.00", "10.00"]]
_ECONOMIC = [["科目编码", "科目名称", "金额"], ["301", "工资福利支出", "20.00"], ["30101", "基本工资", "20.00"]]
_SUMMARY = [["收入", "", "支出", ""], ["项目", "金额", "项目", "金额"],
            ["一、财政拨款", "30.00", "一、一般公共服务支出", "30.00"], ["收入合计", "30.00", "支出合计", "30.00"]]
_INCOME = [["科目编码", "科目名称", "本年收入合计", "财政拨款收入", "事业收入", "其他收入"],
           ["201", "一般公共服务支出", "30.00", "30.00", "", ""]]
_SANGONG = [["合计", "因公出国（境）费", "公务用车购置及运行费", "公务接待费"], ["3.00", "1.00", "1.00", "1.00"]]


@pytest.mark.parametrize("rows, shape", [
    (_FUNCTION, "function"), (_ECONOMIC, "economic"), (_SUMMARY, "two_sided"), (_INCOME, "income"),
    (_SANGONG, "sangong"),
    ([["合计", "基本支出", "项目支出", "结转下年资金"], ["30.00", "20.00", "10.00", ""]], "function"),  # one row
    ([["功能分类科目编码", "科目名称", "合计", "基本支出", "项目支出"], ["合计", "", "", "", ""]], "function"),  # empty
    ([["项目", "年初结转和结余", "本年收入", "本年支出", "年末结转和结余"],  # 政府性基金: income and spending columns
      ["2120899", "其他国有土地使用权出让收入安排的支出", "1.00", "2.00", "3.00", "0.00"]], "function"),
    ([["项目", "金额"], ["收入", ""], ["一、财政拨款", "30.00"], ["支出", ""], ["一、一般公共服务", "30.00"]],
     "two_sided"),  # stacked
    ([["项目名称", "金额"], ["收入总计", "30.00"], ["事业收入", "10.00"], ["其他收入", "20.00"]], "income"),
    ([["采购品目", "名称", "金额"], ["货物", "台式计算机", "12.00"]], None),
    ([["单位名称", "项目名称", "合计", "一般公共预算"], ["某某局", "办公经费", "1.00", "1.00"]], "projects"),
])
def test_shape_of_the_content(rows, shape):
    assert recognise.shape_of(recognise.read(rows)) == shape


def _doc(*blocks, name="x.pdf"):
    return Document(name, "0" * 64, "pdf", 9, list(blocks))


def _kinds(*blocks, doc_kind="budget"):
    found, unread = locate(_doc(*blocks), doc_kind, Decimal(1))
    return [(t.kind, t.title) for t in found], [(u.title, u.reason) for u in unread]


@pytest.mark.parametrize("title, kind", [
    ("财政拨款支出预算表", "budget_appropriation"), ("西南大学财政拨款支出预算表", "budget_appropriation"),
    ("一般公共预算支出预算表", "budget_general"), ("财政拨款政府性基金支出预算表", "budget_gov_fund"),
    ("支出预算总表", "budget_expense"), ("表4 某某大学支出情况表", "budget_expense"),
])
def test_a_function_table_takes_its_fund_from_the_words_of_any_title(title, kind):
    found, _ = _kinds(Block(3, text=title), Block(3, rows=[list(r) for r in _FUNCTION]))
    assert found == [(kind, title)]


def test_a_title_naming_another_shape_of_table_is_not_its_title():
    """The 目录's last line above a 收支总表 whose own title the frame hid: still the 收支总表."""
    found, _ = _kinds(Block(3, text="九、“三公”经费支出预算表"), Block(3, rows=[list(r) for r in _SUMMARY]))
    assert found == [("summary", "")]


def test_without_a_title_the_header_names_the_fund_and_the_content_the_kind():
    found, _ = _kinds(Block(3, text="单位：万元"), Block(3, rows=[
        ["科目代码", "科目名称", "财政拨款支出", "基本支出", "项目支出"], ["205", "教育支出", "3.00", "2.00", "1.00"]]))
    assert found == [("budget_appropriation", "")]


def test_a_function_table_of_basic_spending_only_is_not_read_as_all_spending():
    found, unread = _kinds(Block(3, text="一般公共预算基本支出表"), Block(3, rows=[list(r) for r in _FUNCTION]))
    assert found == [] and unread == [("一般公共预算基本支出表", "识别为基本支出或项目支出功能分类表，数据库中没有对应的表，不读取")]


_ECONOMIC_ALL = [["科目编码", "科目名称", "合计", "基本支出", "项目支出"], ["302", "商品和服务支出", "30.00", "20.00", "10.00"],
                 ["30201", "办公费", "30.00", "20.00", "10.00"]]


@pytest.mark.parametrize("title, rows, kind", [
    ("一般公共预算基本支出表", _ECONOMIC, "economic_budget"),
    ("财政拨款支出预算表（部门经济分类科目）", _ECONOMIC, "economic_all"),  # 浙江: all 财政拨款 spending by class
    ("财政拨款支出预算表（部门经济分类科目）", _ECONOMIC_ALL, "economic_all"),
    ("一般公共预算基本支出表", _ECONOMIC_ALL, "economic_all"),  # its columns say it holds 项目支出 too
    ("", _ECONOMIC_ALL, "economic_all"),
    ("一般公共预算支出表（按经济分类）", _ECONOMIC, "economic_all"),
    ("一般公共预算项目支出预算表（按经济分类）", _ECONOMIC, "economic_projects"),
    ("一般公共预算机关运行经费支出预算表", _ECONOMIC, "operating_costs"),
])
def test_an_economic_table_of_more_than_basic_spending_is_never_the_basic_table(title, rows, kind):
    blocks = ([Block(3, text=title)] if title else []) + [Block(3, rows=[list(r) for r in rows])]
    assert [u.kind for u in locate(_doc(*blocks), "budget", Decimal(1))[1]] + [
        t.kind for t in locate(_doc(*blocks), "budget", Decimal(1))[0]] == [kind]


def test_a_second_untitled_table_of_a_kind_read_is_not_read():
    """中央's 一般公共预算财政拨款项目支出决算表 without its title looks like the 基本支出 table before it."""
    found, unread = _kinds(Block(1, text="一般公共预算财政拨款基本支出决算表"), Block(1, rows=[list(r) for r in _ECONOMIC]),
                           Block(2, text="单位：万元"), Block(2, rows=[["科目编码", "科目名称", "决算数"],
                                                                     ["302", "商品和服务支出", "5.00"]]), doc_kind="final")
    assert found == [("economic_final", "一般公共预算财政拨款基本支出决算表")]
    assert unread == [("", "又一张没有标题的一般公共预算财政拨款基本支出决算表：看不出是哪一张，不读取")]


def test_a_table_named_by_its_title_alone_whatever_its_columns():
    """A 政府采购 table printing 功能分类 codes is no 支出总表."""
    rows = [["科目编码", "科目名称", "采购项目", "合计"], ["2010301", "行政运行", "台式计算机", "12.00"]]
    found, unread = _kinds(Block(1, text="政府采购预算表"), Block(1, rows=rows))
    assert found == [] and unread[0][0] == "政府采购预算表" and "政府采购" in unread[0][1]


def test_a_project_table_of_one_funds_share_is_not_the_project_table():
    """四川's 一般公共预算项目支出预算表 beside the 项目支出表: the 一般公共预算 share of each project, not its total."""
    rows = [["单位名称", "项目名称", "项目类型", "金额"], ["某某局", "办公经费", "其他运转类", "1.00"]]
    for title in ("项目支出表", "一般公共预算项目支出预算表"):
        blocks = [Block(1, text=title), Block(1, rows=[list(r) for r in rows])]
        found, unread = locate(_doc(*blocks), "budget", Decimal(1))
        assert [t.kind for t in found] + [u.kind for u in unread] == [
            "budget_projects" if title == "项目支出表" else "fund_projects"]


def test_every_table_of_figures_is_read_or_listed_with_why():
    blocks = (
        Block(1, text="收入预算总表"), Block(1, rows=[["项目名称", "金额"], ["收入总计", "30.00"], ["事业收入", "30.00"]]),
        Block(2, text="一般公共预算机关运行经费支出预算表"), Block(2, rows=[list(r) for r in _ECONOMIC]),
        Block(3, text="政府采购预算表"), Block(3, rows=[["采购品目", "名称", "金额"], ["货物", "台式计算机", "12.00"]]),
        Block(4, text="单位构成"), Block(4, rows=[["序号", "单位名称"], ["1", "某某局（本级）"]]))  # no figures
    found, unread = _kinds(*blocks)
    assert [u.kind for u in locate(_doc(*blocks), "budget", Decimal(1))[1]] == ["budget_income", "procurement"]
    assert found == [("operating_costs", "一般公共预算机关运行经费支出预算表")]  # read for its total (disclosures)
    assert [t for t, _ in unread] == ["收入预算总表", "政府采购预算表"]
    assert "收入总表" in unread[0][1] and "政府采购" in unread[1][1]  # known by its title, read by no parser


def test_a_toc_line_is_never_a_title_and_a_title_must_end_in_biao():
    found, _ = _kinds(Block(2, text="目 录"), Block(2, text="一、一般公共预算支出预算表…………5"),
                      Block(3, rows=[list(r) for r in _FUNCTION]))
    assert found == [("budget_expense", "")]
    assert title_kind("款基本支出预算表”中实际发生经济分类支出事项填写）", "budget") is None
    assert is_title("公开 05 表：财政拨款支出预算表") and not is_title("公开05表") and not is_title("部门：某某局")


def test_a_continuation_page_without_a_header_keeps_its_table_whatever_its_rows_look_like():
    """A 收入决算表's next page shows 功能分类 rows only: still the income table, not spending."""
    found, unread = _kinds(
        Block(1, text="收入决算表"), Block(1, rows=[list(r) for r in _INCOME]),
        Block(2, rows=[["208", "社会保障和就业支出", "5.00", "5.00", "", ""]]), doc_kind="final")
    assert found == [] and len(unread) == 1


def test_a_next_page_repeating_the_header_under_a_wrapped_label_keeps_its_table_and_its_shape():
    """政府性基金 spending continued: the header again (收入 and 支出 columns), then the rest of the last name of
    the page before ('排的支出'): one 功能分类 table, never two sides of a total table."""
    header = [["项目", "", "年初结转和结余", "本年收入", "本年支出", "年末结转和结余"],
              ["功能分类科目编码", "科目名称", "", "", "", ""]]
    first = header + [["", "合计", "3.00", "1.00", "2.00", "2.00"], ["212", "城乡社区支出", "3.00", "1.00", "2.00", "2.00"],
                      ["21208", "国有土地使用权出让收入安", "3.00", "1.00", "2.00", "2.00"]]
    second = header + [["", "排的支出", "", "", "", ""],
                       ["2120899", "其他国有土地使用权出让收入安排的支出", "3.00", "1.00", "2.00", "2.00"]]
    found, unread = _kinds(Block(1, text="政府性基金预算财政拨款收入支出决算表"), Block(1, rows=first),
                           Block(2, rows=second), doc_kind="final")
    assert found == [("final_gov_fund", "政府性基金预算财政拨款收入支出决算表")] and unread == []


@pytest.mark.parametrize("in_grid", [True, False])
def test_a_total_table_printed_as_two_tables_side_under_side_is_one(in_grid):
    """The 收入 side, then the 支出 side as a table of its own, each under its heading (a row of the grid, or a line
    above it as a workbook's merged row comes out): one 收支总表, not an income table and an unknown one."""
    income = [["项目", "金额"], ["一、财政拨款", "30.00"], ["收入合计", "30.00"]]
    expense = [["项目", "金额"], ["一、一般公共服务支出", "30.00"], ["支出合计", "30.00"]]

    def side(word, rows):
        return [Block(1, rows=[[word, ""]] + rows)] if in_grid else [Block(1, text=word), Block(1, rows=rows)]
    found, unread = _kinds(Block(1, text="收支总表"), *side("收入", income), *side("支出", expense))
    assert found == [("summary", "收支总表")] and unread == []


def test_a_units_own_table_after_the_departments_is_not_the_departments():
    """A 部门 report printing its 支出总表, then the same table of one of its units under that unit's name."""
    blocks = [Block(1, text="收支总表"), Block(1, text="部门：某某市某某局"), Block(1, rows=[list(r) for r in _SUMMARY]),
              Block(2, text="支出总表"), Block(2, text="部门：某某市某某局"), Block(2, rows=[list(r) for r in _FUNCTION]),
              Block(3, text="支出总表"), Block(3, text="单位名称：某某市某某局信息中心"), Block(3, rows=[list(r) for r in _FUNCTION])]
    found, unread = _kinds(*blocks)
    assert found == [("summary", "收支总表"), ("budget_expense", "支出总表")]
    assert unread == [("支出总表", "某某市某某局信息中心的部门支出总表（报告已读取某某市某某局的这张表），不读取")]


def test_an_untitled_table_amid_prose_is_not_read():
    prose = "本部门2024年度一般公共预算财政拨款支出情况如下表所示，较上年有所增加，主要原因是人员经费增加。"
    found, unread = _kinds(Block(3, text=prose), Block(3, rows=[list(r) for r in _FUNCTION]))
    assert found == [] and unread[0][1] == "正文中没有标题的表格，不读取"


def test_a_title_merged_with_the_unit_line_inside_the_frame_becomes_two_lines():
    doc = _doc(Block(6, rows=[["财政拨款基本支出预算表部门：江苏省某某厅 单位：万元", "", ""], *[list(r) for r in _ECONOMIC]]),
               Block(7, rows=[["支出预算总表（公开03表）部门：江苏省某某厅 单位：万元", ""], ["合计", "基本支出"],
                              ["3.00", "3.00"]]))
    lift_text_rows(doc)
    assert [b.text for b in doc.blocks if not b.is_table] == [
        "财政拨款基本支出预算表", "部门：江苏省某某厅 单位：万元", "支出预算总表（公开03表）", "部门：江苏省某某厅 单位：万元"]
    found, _ = locate(doc, "budget", Decimal(1))
    assert [(t.kind, t.title) for t in found] == [("economic_budget", "财政拨款基本支出预算表"),
                                                   ("budget_expense", "支出预算总表（公开03表）")]


@pytest.mark.parametrize("code, name, fund", [
    ("2296004", "用于教育事业的彩票公益金支出", "gov_fund"), ("22960", "彩票公益金安排的支出", "gov_fund"),
    ("2120899", "其他国有土地使用权出让收入安排的支出", "gov_fund"), ("22301", "国有资本经营预算支出", "state_capital"),
    ("23401", "基础设施建设", "gov_fund"), ("21299", "某某新设的专项债券收入安排的支出", "gov_fund"),
    ("2050205", "高等教育", None), ("229", "其他支出", None), ("2060203", "自然科学基金", None),
    ("2210201", "住房公积金", None),
])
def test_the_national_classification_tells_the_funds_a_code_spends(code, name, fund):
    assert fund_of(code, name) == fund


def test_a_toc_in_a_text_export_ends_where_the_body_repeats_an_entry():
    found, _ = _kinds(Block(None, text="目录"), Block(None, text="一、部门收支总表"),
                      Block(None, text="二、一般公共预算支出表"), Block(None, text="一般公共预算支出表"),
                      Block(None, rows=[list(r) for r in _FUNCTION]))
    assert found == [("budget_general", "一般公共预算支出表")]


def _corpus_files(corpus):
    return sorted(p for family in ("seeds", "seed-pdf", "real", "jiangsu", "central")
                  for p in (corpus / family).iterdir() if p.suffix in (".pdf", ".txt"))


def _located(path, without_titles=False):
    from loaders.identity.identify import identify
    from loaders.run.ingest import read_document

    doc = read_document(path.read_bytes(), path.name)
    lift_text_rows(doc)
    info = identify(doc)
    if without_titles:
        doc.blocks = [b for b in doc.blocks if b.is_table or not is_title(b.text)]
    found, unread = locate(doc, info.doc_kind, info.scale)
    return info, found, unread


@pytest.mark.corpus
@pytest.mark.slow
def test_real_tables_are_read_as_the_kind_their_titles_name(corpus):
    """In every real layout a table whose title names a kind is read as that kind (or one its title's
    fund words choose), and a table of figures is never silently dropped."""
    wrong = []
    for path in _corpus_files(corpus):
        info, found, unread = _located(path)
        for t in found:
            named = title_kind(t.printed_title, info.doc_kind) if t.printed_title else None
            if named is not None and named.name != t.kind:
                wrong.append(f"{path.name} 第{t.first_page}页 “{t.printed_title}”: {t.kind}, title names {named.name}")
        wrong += [f"{path.name} 第{u.page}页 “{u.title}”: not read without a reason" for u in unread if not u.reason]
    assert not wrong, "\n".join(wrong)


@pytest.mark.corpus
@pytest.mark.slow
def test_without_their_titles_real_tables_are_never_read_as_another_kind(corpus):
    """Every title line taken out: what content alone recognises is what the titles say (tables it cannot
    tell apart, such as a second 功能分类 table naming no fund, are left unread, never stored as 'all')."""
    wrong = []
    for path in _corpus_files(corpus):
        info, titled, _ = _located(path)
        kind_of_row = {id(row): t.kind for t in titled for row in t.rows}
        _, found, _ = _located(path, without_titles=True)
        for t in found:
            figures = [r for r in t.rows if recognise.read([r]).figures]
            kinds = {kind_of_row.get(id(r)) for r in figures} - {None}
            if kinds and t.kind not in kinds:
                wrong.append(f"{path.name} 第{t.first_page}页: {t.kind} without titles, {sorted(kinds)} with")
    assert not wrong, "\n".join(wrong)


def test_without_titles_two_sides_of_appropriations_are_the_grants_table_and_a_second_function_table_unread():
    grants = [["收入", "", "支出", "", "", ""], ["项目", "金额", "项目", "合计", "一般公共预算", "政府性基金"],
              ["一、一般公共预算拨款", "30.00", "一、一般公共服务支出", "30.00", "30.00", ""],
              ["二、政府性基金预算拨款", "", "", "", "", ""]]
    found, unread = _kinds(Block(1, text="单位：万元"), Block(1, rows=grants),
                           Block(2, text="单位：万元"), Block(2, rows=[list(r) for r in _FUNCTION]),
                           Block(3, text="单位：万元"), Block(3, rows=[["功能科目编码", "功能科目名称", "金额"],
                                                                     ["201", "一般公共服务支出", "30.00"]]))
    assert found == [("grants", ""), ("budget_expense", "")]
    assert unread == [("", "又一张没有标题的部门支出总表：看不出资金来源，不读取")]


def test_a_note_under_a_table_is_no_narrative_and_a_header_of_other_words_starts_a_table():
    found, _ = _kinds(Block(1, text="支出决算表"), Block(1, rows=[list(r) for r in _FUNCTION]),
                      Block(1, text="注：本表反映部门本年度各项支出情况，因四舍五入可能存在尾差，特此说明。"),
                      Block(2, text="单位：万元"), Block(2, rows=[list(r) for r in _ECONOMIC]), doc_kind="final")
    assert found == [("final_expense", "支出决算表"), ("economic_final", "")]
