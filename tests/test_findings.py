"""Findings you can trust (issue 28): a figure compared only with one of the same meaning, severities that
say how wrong a figure is, one judgement per report."""
from decimal import Decimal

import pytest

import loaders.parsers  # noqa: F401  (registers the table kinds)
from loaders.checks import run_checks
from loaders.document import Block, Document
from loaders.facts import Facts, place
from loaders.identity.identify import DocInfo

FINAL = DocInfo("测试局", 2023, "final", "department", None, "万元")
BUDGET = DocInfo("测试局", 2017, "budget", "department", None, "万元")


def prose(*lines, page=21):
    return Document("r.pdf", "0" * 64, "pdf", 30, [Block(page, text=line) for line in lines])


def found(facts, check_id, text, info=FINAL, severities=("error", "warning", "info")):
    return [(f["severity"], f["expected"], f["actual"]) for f in run_checks(facts, info, text)
            if f["check_id"] == check_id and f["severity"] in severities]


def economic_without_totals() -> Facts:
    """江苏 2017: a general-budget table of one amount column (no 基本支出 column) and a 基本支出 economic
    table of 类 rows without printed 人员经费 / 公用经费 totals."""
    f = Facts()
    f.add("expenditure_function", fund="all", code="total", name="合计", level=0, total=Decimal("17996.68"), basic=Decimal("12323.48"),
          project=Decimal("5533.0"), page=11)
    f.add("expenditure_function", fund="general", code="total", name="合计", level=0, total=Decimal("17981.68"), page=14)
    for code, name, amount, page in (("301", "工资福利支出", Decimal("5343.83"), 12), ("302", "商品和服务支出", Decimal("2598.06"), 13),
                                     ("303", "对个人和家庭的补助", Decimal("4366.59"), 13)):
        f.add("expenditure_economic", code=code, name=name, level=1, amount=amount,
              category="public" if code == "302" else "personnel", page=page)
    f.tables.append({"kind": "economic_budget", "label": "一般公共预算基本支出表", "title": "一般公共预算基本支出预算表",
                     "first_page": 12, "row_count": 29, "fact_count": 27})
    return f


GENERAL_BASIC = ("九、一般公共预算基本支出预算表情况说明",
                 "省检察院 2017 年度一般公共预算财政拨款基本支出预算 {basic} 万元，其中：",
                 "（一）人员经费 {personnel} 万元。主要包括：基本工资、津贴补贴。",
                 "（二）公用经费 2598.06 万元。主要包括：办公费、公务接待费、公务用车运行维护费。")


def test_basic_spending_the_function_table_does_not_print_is_the_economic_table_s_total():
    text = prose(*(line.format(basic="12308.48", personnel="9710.42") for line in GENERAL_BASIC))
    assert found(economic_without_totals(), "narrative_vs_table", text, BUDGET) == []
    wrong = prose(*(line.format(basic="12318.48", personnel="9700.42") for line in GENERAL_BASIC))
    assert sorted(found(economic_without_totals(), "narrative_vs_table", wrong, BUDGET)) == [
        ("error", Decimal("9710.42"), Decimal("9700.42")), ("error", Decimal("12308.48"), Decimal("12318.48"))]


def test_a_sangong_item_in_a_list_of_public_costs_is_not_the_sangong_item():
    f = economic_without_totals()
    f.add("sangong", item="reception", budget=Decimal("156.55"), page=16)
    text = prose("（二）公用经费 2598.06 万元。主要包括：办公费 100 万元、公务接待费 15.00 万元。")
    assert found(f, "narrative_vs_table", text, BUDGET) == []
    sangong = prose("十一、一般公共预算“三公”经费支出预算表情况说明", "3．公务接待费预算支出 150.55 万元。")
    assert found(f, "narrative_vs_table", sangong, BUDGET) == [("error", Decimal("156.55"), Decimal("150.55"))]


def test_basic_spending_stated_anywhere_in_its_section():
    """'此外，基本支出预算数为 12323.46 万元' (江苏 2017 p.19): after the 类, in a sentence of its own."""
    text = prose("（二）支出预算总计 17996.68 万元。包括：",
                 "1．公共安全（类）支出 13656.34 万元，主要用于检察院行政支出。",
                 "此外，基本支出预算数为 12323.46 万元。与上年相比增加 1483.8 万元，增长 13.69 %。",
                 "项目支出预算数为 5533 万元。")
    assert found(economic_without_totals(), "narrative_vs_table", text, BUDGET) == [("error", Decimal("12323.48"), Decimal("12323.46"))]


def appropriation_facts() -> Facts:
    """西南大学 2023: all funds by 类, and the 财政拨款 table (no separate general-budget one)."""
    f = Facts()
    for fund, total, social in (("all", Decimal("468779.07"), Decimal("14616.30")), ("appropriation", Decimal("230876.38"), Decimal("13345.79"))):
        f.add("expenditure_function", fund=fund, code="total", name="合计", level=0, total=total, page=9)
        f.add("expenditure_function", fund=fund, code="208", name="社会保障和就业支出", level=1, total=social,
              page=9 if fund == "all" else 10)
    f.add("summary", side="income", item="收入总计", amount=Decimal("557259.13"), page=7)
    return f


def test_a_class_under_a_grants_heading_is_compared_with_the_grants_table():
    text = prose("（四）财政拨款支出预算情况说明",
                 "我校 2023 年当年财政拨款支出预算 230,876.38 万元，其中社会保障和就业支出 13,345.79 万元，占 5.78%。")
    assert found(appropriation_facts(), "narrative_classes", text) == []
    every = prose("（三）支出预算情况说明", "我校 2023 年支出预算 557,259.13 万元，其中：社会保障和就业支出 14,616.30 万元。")
    assert found(appropriation_facts(), "narrative_classes", every) == []
    wrong = prose("（三）支出预算情况说明", "其中：社会保障和就业支出 13,345.79 万元。")
    assert found(appropriation_facts(), "narrative_classes", wrong) == [("error", Decimal("14616.30"), Decimal("13345.79"))]


def test_grants_totals_are_not_the_summary_s():
    text = prose("（一）收入预算总计 557,259.13 万元。包括：", "1.财政拨款收入预算总计 230,876.38 万元。")
    assert found(appropriation_facts(), "narrative_vs_table", text, BUDGET) == []


@pytest.mark.parametrize("share, severity", [("63.74", []), ("63.75", ["info"]), ("63.73", ["info"]),
                                             ("63.77", ["error"])])
def test_a_rounded_share_a_unit_of_its_last_digit_off_is_info(share, severity):
    """江苏 2018: 13,994.31 of 21,955.35 is 63.7397%: 63.75% is a last-digit slip, not an error."""
    text = prose(f"本年支出合计21955.35万元，其中：基本支出13994.31万元，占{share}%。")
    assert [s for s, *_ in found(Facts(), "narrative_shares", text)] == severity


def test_a_line_saying_level_with_a_year_is_not_a_heading_of_that_year():
    text = prose("2024年度部门预算与2023年度持平", "2024年度部门预算情况说明")
    assert found(Facts(), "years", text, DocInfo("测试局", 2024, "budget", "department", None, "万元")) == []
    copied = prose("2023年度部门预算情况说明")
    assert found(Facts(), "years", copied, DocInfo("测试局", 2024, "budget", "department", None, "万元")) == [
        ("warning", Decimal("2024.0"), Decimal("2023.0"))]


# ---------------------------------------------------------------- one report, one judgement

def _findings_of(db: str) -> dict[str, list[tuple]]:
    import duckdb

    con = duckdb.connect(db, read_only=True)
    rows = con.execute("SELECT d.part, f.check_id, f.severity, f.subject, f.message FROM findings f "
                       "JOIN documents d USING (doc_id) ORDER BY 1, 2, 4").fetchall()
    con.close()
    out: dict[str, list[tuple]] = {}
    for part, *rest in rows:
        out.setdefault(part, []).append(tuple(rest))
    return out


@pytest.mark.slow
def test_a_report_in_two_files_is_judged_whole(tmp_path):
    """The narrative file (with the 目录) and the tables file, one of the tables the 目录 lists left out of
    both: alone, the narrative says its tables are in a file not loaded (no 'missing' warnings, no 目录
    errors); together, one completeness score for the report and one 目录 error, the table left out."""
    from factory.text import render_text
    from loaders.run.ingest import ingest
    from tests.reports import factory_report

    final = factory_report("final2023")
    narrative, tables = tmp_path / "公开文件.txt", tmp_path / "公开表格.txt"
    narrative.write_bytes(render_text(final, ("toc_missing_table", "narrative_only")))
    tables.write_bytes(render_text(final, ("toc_missing_table", "tables_only")))
    alone = str(tmp_path / "alone.duckdb")
    ingest([narrative], alone)
    judged = _findings_of(alone)["narrative"]
    assert not [f for f in judged if f[1] in ("error", "warning") and f[0] in ("completeness", "toc")], judged
    notes = [m for c, s, subject, m in judged if subject == "配套文件"]
    assert len(notes) == 2 and all("配套文件未导入" in m for m in notes)  # completeness and 目录
    both = str(tmp_path / "both.duckdb")
    ingest([narrative, tables], both)
    judged = _findings_of(both)
    scores = [(part, m) for part, rows in judged.items() for c, s, subject, m in rows if c == "completeness_score"]
    assert len(scores) == 1 and scores[0][0] == "narrative" and "公开表格.txt" in scores[0][1]
    assert not [f for rows in judged.values() for f in rows if "配套文件未导入" in f[3]]
    toc = [(s, subject) for c, s, subject, m in judged["narrative"] if c == "toc"]
    assert ("error", "二、收入决算表") in toc and sum(s == "error" for s, _ in toc) == 1, toc
    assert any(s == "info" and subject == "配套文件" for s, subject in toc)  # the others: in the tables file
    # the table left out is a required one: said once, by the tables file that should print it
    missing = [(part, subject) for part, rows in judged.items() for c, s, subject, m in rows
               if c == "completeness" and s == "warning"]
    assert missing == [("tables", "收入决算表")]


# ---------------------------------------------------------------- one finding per misprinted figure

def classes_facts() -> Facts:
    """济源 2021 (seed 003): the general budget's 合计 1,668.99 and its 类."""
    f = Facts()
    for code, name, total in (("total", "合计", Decimal("1668.99")), ("201", "一般公共服务支出", Decimal("1604.99")),
                              ("208", "社会保障和就业支出", Decimal("35.91")), ("221", "住房保障支出", Decimal("28.09"))):
        f.add("expenditure_function", fund="general", code=code, name=name, level=0 if code == "total" else 1,
              total=total, page=8)
    return f


def test_a_misprinted_amount_is_one_finding_that_names_it_with_what_it_broke():
    """'住房保障支出 28.29 万元，占 1.68%': the table prints 28.09 and 1.68% is 28.09 of 1,668.99: the amount is
    misprinted, not the percentage; one finding names it, the share listed in it."""
    text = prose("2021 年度一般公共预算财政拨款支出 1668.99 万元，主要用于以下方面：一般公共服务（类）支出 1604.99 万元，"
                 "占 96.17%；社会保障和就业支出 35.91 万元，占 2.15%；住房保障支出 28.29 万元，占 1.68%。")
    found = [f for f in run_checks(classes_facts(), FINAL, text) if f["check_id"].startswith("narrative")]
    (one,) = found
    assert (one["check_id"], one["severity"], one["expected"], one["actual"], one["page"], one["other_page"]) == (
        "narrative_classes", "error", Decimal("28.09"), Decimal("28.29"), 21, 8)
    assert one["message"].startswith("情况说明所称住房保障支出（221） 28.29（第21页）疑为印错")
    assert "一般公共预算财政拨款支出表为 28.09" in one["message"] and "占 1,668.99 万元的 1.68%" in one["message"]


def test_a_percentage_that_does_not_follow_from_amounts_the_tables_confirm_is_the_one_named():
    text = prose("2021 年度一般公共预算财政拨款支出 1668.99 万元，主要用于以下方面：住房保障支出 28.09 万元，占 1.88%。")
    found = [(f["check_id"], f["severity"], f["expected"], f["actual"]) for f in run_checks(classes_facts(), FINAL, text)
             if f["severity"] != "info" and f["check_id"].startswith("narrative")]
    assert found == [("narrative_shares", "error", Decimal("1.68"), Decimal("1.88"))]


def test_a_misprinted_cell_is_one_finding_not_four():
    """A 类's 合计 printed 31.00 for 30.00: its 款 sum, the table's 合计, its 基本 + 项目 and the 收支总表's
    copy all disagree with it, and all agree with each other: one finding, naming the cell."""
    f = Facts()
    for code, name, level, total in (("total", "合计", 0, Decimal("40.0")), ("201", "一般公共服务支出", 1, Decimal("31.0")),
                                     ("20103", "政府办公厅（室）及相关机构事务", 2, Decimal("30.0")), ("205", "教育支出", 1, Decimal("10.0")),
                                     ("20501", "教育管理事务", 2, Decimal("10.0"))):
        basic = {"total": Decimal("30.0"), "201": Decimal("20.0"), "20103": Decimal("20.0"), "205": Decimal("10.0"), "20501": Decimal("10.0")}[code]
        f.add("expenditure_function", fund="all", code=code, name=name, level=level, total=total, basic=basic,
              project=total - basic if code != "201" else Decimal("10.0"), page=3)
    f.add("summary", side="expense", item="一般公共服务支出", amount=Decimal("30.0"), page=2)
    errors = [x for x in run_checks(f, FINAL, "") if x["severity"] == "error"]
    (one,) = errors
    assert (one["expected"], one["actual"], one["page"]) == (Decimal("30.0"), Decimal("31.0"), 3)
    assert one["subject"] == "支出决算（全部资金） 一般公共服务支出（201）合计"
    assert one["message"].count("应为") == 4, one["message"]


def test_a_central_unit_is_held_to_the_central_template():
    """西南大学 (教育部): four tables (收支总表, 收入表, 支出表, 财政拨款支出表) and their explanations; the
    local rules' 一般公共预算 tables, 三公 table and sections are its department's to publish."""
    from loaders.checks.completeness import assess

    doc = prose("（一）收支预算情况说明")
    local = {i.label for i in assess(doc, "budget", [])}
    central = {i.label for i in assess(doc, "budget", [], "中央")}
    assert {"收支总表", "收入总表", "支出总表"} <= central < local
    assert not central & {"一般公共预算支出表", "“三公”经费支出表", "机关运行经费", "政府采购"}


# ---------------------------------------------------------------- the 目录 and the required tables, as printed

def pdf_like(*blocks):
    """A document of (page, text) lines and (page, rows) tables."""
    out = []
    for page, content in blocks:
        out.append(Block(page, rows=content) if isinstance(content, list) else Block(page, text=content))
    return Document("r.pdf", "0" * 64, "pdf", 30, out)


def test_a_title_wrapped_over_two_lines_or_printed_inside_the_frame_is_a_printed_table():
    from loaders.checks.completeness import printed_tables

    figures = [["科目", "金额"], ["合计", "1,656.86"]]
    wrapped = pdf_like((16, "十一、一般公共预算“三公”经费、会议费、培训费支出预"), (16, "算表"),
                       (16, "部门：江苏省某某厅 单位：万元"), (16, figures))
    framed = pdf_like((9, "公开09表"), (9, [["“三公”经费、会议费、培训费支出预算表部门：江苏省某某厅 单位：万元", ""]] + figures))
    for doc in (wrapped, framed):
        assert [(label, title.page) for label, _, title, _ in printed_tables(doc, "budget")] == [("“三公”经费支出表", 16 if doc is wrapped else 9)]


def toc_findings(*lines, info=BUDGET):
    doc = Document("r.txt", "0" * 64, "text", None, [Block(None, text=line) for line in lines])
    return [(f["severity"], f["subject"]) for f in run_checks(Facts(), info, doc) if f["check_id"] == "toc"]


def test_the_list_of_tables_under_an_annex_line_of_the_toc_is_read():
    """济源 2026 (seed 004): '附件：…部门预算表' in the 目录, then the tables; three of them are not printed."""
    lines = ("目 录", "第一部分 部门概况", "附件：测试局2026年度部门预算表", "- 一、部门收支总体情况表",
             "- 二、政府性基金预算支出情况表", "第一部分 部门概况", "八、政府性基金预算支出预算情况说明",
             "测试局2026年政府性基金预算支出0万元。", "附件：测试局2026年部门预算表", "2026年部门收支总体情况表", "单位：万元",
             "收入合计 1,148.00")
    assert toc_findings(*lines) == [("error", "二、政府性基金预算支出情况表")]  # its 情况说明 heading is not the table


def test_a_part_heading_printed_with_dept_for_unit_is_there():
    lines = ("目 录", "第一部分 概况", "第二部分 2023 年度单位决算表", "第一部分 概况", "第二部分", "2023 年度部门决算表")
    assert toc_findings(*lines) == []


def test_a_narrative_file_whose_toc_lists_tables_it_does_not_print_says_they_are_in_the_other_file():
    """江苏省政协办公厅 2018 公开.pdf: whatever the reading made of it, a file printing none of the tables its
    目录 lists is the narrative of a report whose tables are published apart."""
    lines = ("目 录", "第二部分 2018 年度部门预算表", "一、收支预算总表", "二、收入预算总表", "第三部分 2018 年度部门预算情况说明",
             "第二部分 2018 年度部门预算表", "2018 年度部门预算公开表附后。", "第三部分 2018 年度部门预算情况说明",
             "本表（公开 01 表）反映部门年度总体收支预算情况。")
    assert toc_findings(*lines) == [("info", "配套文件")]


def test_a_file_printing_no_required_table_but_explaining_the_report_is_judged_as_its_narrative():
    lines = ("十一、一般公共预算机关运行经费支出预算情况说明", "2018 年一般公共预算机关运行经费预算支出 1,115.85 万元。",
             "十二、政府采购支出预算情况说明", "2018 年度政府采购支出预算总额 1,281.76 万元。")
    found = [(f["severity"], f["subject"]) for f in run_checks(Facts(), BUDGET, prose(*lines))
             if f["check_id"] == "completeness"]
    assert ("info", "配套文件") in found and not [s for s, subject in found if subject and subject.endswith("表")]


# ---------------------------------------------------------------- the mistakes careful readers find

def sangong_facts(total=Decimal("584.35"), overseas=Decimal("110.0"), vehicle=Decimal("317.8"), purchase=Decimal("50.0"), operation=Decimal("267.8"), reception=Decimal("156.55")):
    f = Facts()
    for item, v in (("total", total), ("overseas", overseas), ("vehicle", vehicle), ("vehicle_purchase", purchase),
                    ("vehicle_operation", operation), ("reception", reception)):
        f.add("sangong", item=item, budget=v, page=16)
    return f


def test_a_share_of_the_sangong_total_the_sentence_does_not_repeat():
    """江苏 2017: '因公出国（境）费支出 110 万元，占“三公”经费的 18.85 %': the 三公 小计 printed in the table
    is 584.35, of which 110 is 18.82%."""
    text = prose("十一、一般公共预算“三公”经费支出预算表情况说明",
                 "2017 年度一般公共预算拨款安排的“三公”经费预算支出中，因公出国（境）费支出 110 万元，占“三公”经费的 "
                 "18.85 %；公务用车购置及运行费支出 317.8 万元，占“三公”经费的 54.39%。")
    assert found(sangong_facts(), "narrative_shares", text, BUDGET) == [("error", Decimal("18.82"), Decimal("18.85"))]


def test_items_that_add_up_to_more_than_their_stated_total():
    """济源 2020 (seed 001): '公务用车购置及运行费41.20万元，其中，公务用车运行维护费25.20万元，…下降53.07%，
    …；公务用车购置费18万元': the 下降 of the first item is not the second's, 25.20 + 18 is 43.20, and the
    table prints 16: one finding naming 18."""
    f = sangong_facts(total=Decimal("87.2"), overseas=Decimal("15.0"), vehicle=Decimal("41.2"), purchase=Decimal("16.0"), operation=Decimal("25.2"), reception=Decimal("31.0"))
    text = prose("七、“三公”经费支出预算情况说明",
                 "（三）公务用车购置及运行费41.20万元，其中，公务用车运行维护费 25.20万元，比 2019年减少 28.50 万元，"
                 "下降 53.07%，主要原因是：上交公车；公务用车购置费 18 万元，比 2019 年增加 2 万元。")
    errors = [x for x in run_checks(f, BUDGET, text) if x["severity"] == "error"]
    (one,) = errors
    assert (one["expected"], one["actual"]) == (Decimal("16.0"), Decimal("18.0")) and "25.20 + 18.00 = 43.20" in one["message"]
    short = prose("七、“三公”经费支出预算情况说明", "“三公”经费预算 87.20 万元，其中：因公出国（境）费 15 万元，"
                  "公务用车购置及运行费 41.20 万元，公务接待费 21 万元。")
    (short_one,) = [x for x in run_checks(f, BUDGET, short) if x["severity"] == "error"]  # the list is whole
    assert (short_one["expected"], short_one["actual"]) == (Decimal("31.0"), Decimal("21.0")) and "不足所述合计 87.20" in short_one["message"]


def test_the_items_numbered_under_a_total_are_its_list():
    """江苏 2017: '2．公务用车购置及运行费预算支出 317.8 万元。其中：' then （1） 50 and （2） 267.8 on lines of their own."""
    text = prose("十一、“三公”经费支出预算表情况说明", "2．公务用车购置及运行费预算支出 317.8 万元。其中：",
                 "（1）公务用车购置预算支出 50 万元，与上年预算数相等。", "（2）公务用车运行维护费预算支出 276.8 万元。",
                 "3．公务接待费预算支出 156.55 万元。")
    (one,) = [x for x in run_checks(sangong_facts(), BUDGET, text) if x["severity"] == "error"]
    assert (one["expected"], one["actual"]) == (Decimal("267.8"), Decimal("276.8")) and "50.00 + 276.80 = 326.80" in one["message"]


def test_a_change_in_the_sentence_after_its_figure_and_one_whose_words_disagree():
    f = economic_without_totals()
    text = prose("（二）支出预算总计 17996.68 万元。", "此外，基本支出预算数为 12323.48 万元。与上年相比增加 1483.8 万元，增长 23.69 %。")
    assert found(f, "year_over_year", text, BUDGET) == [("error", Decimal("13.69"), Decimal("23.69"))]
    both_ways = prose("2023 年度一般公共预算财政拨款支出 2939.71 万元，与上年度相比增加 278.82 万元，下降 10.48%。")
    assert [s for s, *_ in found(Facts(), "direction_words", both_ways)] == ["error"]


def test_smaller_than_last_year_named_after_the_word_and_equal_to_last_year():
    from loaders.checks import Context, as_document

    text = prose("3．公务接待费预算支出 116.5 万元，本年数小于上年预算数 40.05 万元。",
                 "1．因公出国（境）费预算支出 100 万元，与上年预算数相等。")
    said = [(c.word, c.key, c.current.value, c.previous, c.base)
            for c in Context(Facts(), DocInfo("某院", 2018, "budget", "department", None, "万元"), as_document(text)).comparisons]
    assert said == [("小于", "sg_reception", Decimal("116.5"), Decimal("156.55"), "budget"), ("相等", "sg_overseas", Decimal("100.0"), Decimal("100.0"), "budget")]


def test_an_item_is_named_down_to_its_xiang():
    f = Facts()
    for code, name, level, total in (("total", "合计", 0, Decimal("10070.48")), ("201", "一般公共服务支出", 1, Decimal("7747.46")),
                                     ("20102", "政协事务", 2, Decimal("7747.46")), ("2010201", "行政运行", 3, Decimal("4432.78")),
                                     ("2010202", "一般行政管理事务", 3, Decimal("3314.68"))):
        f.add("expenditure_function", fund="general", code=code, name=name, level=level, total=total, page=7)
    text = prose("五、财政拨款支出预算情况说明", "（一）一般公共服务支出（类）",
                 "1.政协事务（款）行政运行（项）4,482.78 万元，与上年相比增加 1,199.75 万元。")
    assert found(f, "narrative_classes", text, BUDGET) == [("error", Decimal("4432.78"), Decimal("4482.78"))]


def test_a_table_of_the_toc_printed_as_its_title_alone_is_cut():
    lines = ("目 录", "一、收入决算表", "二、支出决算表", "收入决算表", "单位：万元", "本年收入合计 2,939.71",
             "支出决算表", "单位：万元", "注：本表反映单位本年度各项支出情况。")
    assert toc_findings(*lines, info=FINAL) == [("error", "二、支出决算表")]
    empty = lines[:-1] + ("注：本单位本年度无此项支出，故本表为空表。",)
    assert toc_findings(*empty, info=FINAL) == []


# ---------------------------------------------------------------- each mistake put into a factory report is found

ERRORS_FOUND = [  # variant, the check that finds it, expected, actual (None: not numeric)
    ("basic_misstated", "narrative_vs_table", "basic", 10),
    ("change_next_sentence", "year_over_year", None, Decimal("50.0")),
    ("rise_and_fall", "direction_words", None, None),
    ("wrong_way_years", "direction_words", None, None),
    ("share_of_printed_total", "narrative_shares", None, None),
    ("list_exceeds_total", "narrative_vs_table", "reception", 1),  # one finding: the misstated item, the sum listed
    ("project_count_wrong", "performance_project_count", None, None),
    ("department_spending_differs", "performance_vs_final", "spent", 100),  # a warning: two counts may differ
    ("toc_missing_table", "toc", None, None),
    ("toc_cut_table", "toc", None, None),
]


def _factory_final():
    from factory.vary import bundled

    return bundled()[0]


@pytest.mark.parametrize("variant, check_id, figure, more", ERRORS_FOUND)
def test_a_mistake_put_in_is_found_once(variant, check_id, figure, more):
    from factory.text import render_text
    from loaders.run.ingest import extract_bytes

    final = _factory_final()
    found = [f for f in extract_bytes(render_text(final, (variant,)), "r.txt").facts.rows["findings"]
             if f["severity"] != "info"]
    severity = "warning" if figure == "spent" else "error"
    assert [(f["check_id"], f["severity"]) for f in found] == [(check_id, severity)], found
    if figure == "spent":
        assert (found[0]["expected"], found[0]["actual"]) == (final.total, final.total + more)
    if figure == "basic":
        basic = sum(x.basic for x in final.leaves)
        assert (found[0]["expected"], found[0]["actual"]) == (basic, basic + more)
    if figure == "reception":
        printed = final.sangong_actual.reception
        assert (found[0]["expected"], found[0]["actual"]) == (printed, printed + more)
        assert "超过所述合计" in found[0]["message"]


@pytest.mark.slow
@pytest.mark.parametrize("variant, words", [("toc_cut_table", "目录"), ("share_of_printed_total", "占“三公”经费的"),
                                            ("project_count_wrong", "个项目开展了绩效自评")])
def test_a_mistake_put_in_a_pdf_is_cited_on_its_page(variant, words):
    from tests.test_checks_reading import page_of, pdf_findings

    (f,) = pdf_findings((variant,))
    assert f["page"] == page_of((variant,), words)


def _general_class(data: bytes, code: str) -> Decimal:
    from loaders.run.ingest import extract_bytes

    facts = extract_bytes(data, "r.txt").facts
    return next(r["total"] for r in facts.get("expenditure_function", fund="general", code=code))


def test_last_year_s_figure_of_a_class_against_last_year_s_report(tmp_path):
    """'一般公共服务支出（类）… 比上年增加 100.00 万元' where last year's loaded report prints another figure for
    that 类 in the general budget's table: the narrative names the 类, the check finds its row by code."""
    import duckdb
    from factory.text import render_text
    from factory.vary import scaled
    from loaders.run.ingest import ingest

    final = _factory_final()
    last = scaled(final, Decimal("0.9"), year=final.year - 1)
    now, then = _general_class(render_text(final), "201"), _general_class(render_text(last), "201")
    text = render_text(final).decode("utf-8")
    line = next(x for x in text.splitlines() if x.startswith("五、一般公共预算财政拨款支出决算情况说明"))
    said = f"一般公共预算财政拨款支出中，一般公共服务支出（类）{now:,.2f}万元，比上年增加100.00万元。"
    (tmp_path / "a.txt").write_bytes(render_text(last))
    (tmp_path / "b.txt").write_text(text.replace(line, line + "\n" + said), encoding="utf-8")
    db = str(tmp_path / "y.duckdb")
    ingest([tmp_path / "a.txt", tmp_path / "b.txt"], db)
    con = duckdb.connect(db, read_only=True)
    rows = con.execute("SELECT f.severity, f.expected, f.actual FROM findings f JOIN documents d USING (doc_id) "
                       "WHERE f.check_id = 'year_over_year_loaded' AND d.file_name = 'b.txt'").fetchall()
    con.close()
    assert rows == [("error", float(then), float(now - 100))]  # the stored DOUBLEs are the figures


# ---------------------------------------------------------------- both sides cited, never another project's line

def test_a_finding_cites_its_own_project_s_line_and_the_other_side_of_a_share():
    """A finding stands on the fact it blames: a project's 总分 row (not the 总分 of the project before it on
    the page), a share's sentence with the printed total it is a share of as the other line."""
    score = Facts()
    for top, who in ((10.0, "甲项目"), (30.0, "乙项目")):
        evidence = {"who": f"项目支出绩效自评表“{who}”", "score": Decimal("100"), "computed": Decimal("98.95"),
                    "terms": 3, "page": 30, "weights": None, "total_weight": None}
        place(evidence, (0.0, top, 100.0, top + 8))
        score.evidence["performance_score_sum"].append(evidence)
    score.evidence["performance_score_sum"][0]["computed"] = Decimal("100")  # 甲项目 adds up
    (f,) = [f for f in run_checks(score, BUDGET, "") if f["check_id"] == "performance_score_sum"]
    assert (f["subject"], f["page"], f["top"]) == ("乙项目", 30, 30.0)
    share = Facts()
    share.add("sangong", item="total", budget=Decimal("584.35"), page=16, where=(0.0, 50.0, 100.0, 58.0))
    text = [Block(16, text="“三公”经费 小计 584.35", where=[(0.0, 50.0, 100.0, 58.0)]),
            Block(22, text="因公出国（境）费支出 110 万元，占“三公”经费的 18.85 %。", where=[(0.0, 70.0, 100.0, 78.0)])]
    found = [f for f in run_checks(share, BUDGET, Document("r.pdf", "0" * 64, "pdf", 30, text))
             if f["check_id"] == "narrative_shares"]
    assert [(f["page"], f["top"], f["other_page"], f["other_top"]) for f in found] == [(22, 70.0, 16, 50.0)]


def test_a_line_whose_total_stands_under_two_funds_is_a_shifted_reading_not_an_error():
    """济源 2026 (seed 004) p.10: '住房保障支出 184.80 184.80 184.80' on a continuation page whose header has one
    column fewer: read as 合计, 一般公共预算 and 政府性基金, it is 合计 | 小计 | 其中：财政拨款."""
    f = Facts()
    for fund, amount in (("all", Decimal("184.8")), ("general", Decimal("184.8")), ("gov_fund", Decimal("184.8")), ("state_capital", None)):
        f.add("grant_summary", side="expense", item="住房保障支出", fund=fund, amount=amount, page=10)
    assert found(f, "grants_fund_columns", "", BUDGET) == [("warning", None, None)]
    f.rows["grant_summary"][2]["amount"] = Decimal("10.0")  # a real disagreement stays an error
    assert found(f, "grants_fund_columns", "", BUDGET) == [("error", Decimal("184.8"), Decimal("194.8"))]


def test_a_cut_table_is_not_found_again_in_the_next_table_of_another_part():
    """The 一般公共预算财政拨款支出决算表 cut to its title, the 基本支出 table right under it: that one is
    another table (its title adds 基本), so the first is cut; and the narrative's 一般公共预算 total is not
    set against the 基本支出 table in its place."""
    lines = ("目 录", "五、一般公共预算财政拨款支出决算表", "六、一般公共预算财政拨款基本支出决算明细表",
             "一般公共预算财政拨款支出决算表", "一般公共预算财政拨款基本支出决算明细表", "单位：万元", "人员经费合计 2,678.10",
             "一、2023 年度一般公共预算财政拨款支出 2939.71 万元。")
    assert toc_findings(*lines, info=FINAL) == [("error", "五、一般公共预算财政拨款支出决算表")]
    f = economic_without_totals()
    f.rows["expenditure_function"] = [r for r in f.rows["expenditure_function"] if r["fund"] != "general"]
    assert found(f, "narrative_vs_table", prose("2023 年度一般公共预算财政拨款支出 2939.71 万元。")) == []


def test_words_of_sameness_compare_figures_only_when_said_of_one():
    from loaders.checks import Context, as_document

    def said(*lines):
        ctx = Context(Facts(), DocInfo("某院", 2018, "budget", "department", None, "万元"), as_document(prose(*lines)))
        return [(c.word, c.previous is not None) for c in ctx.comparisons]

    assert said("会议费预算支出 168 万元，编制口径与上年一致。") == []
    assert said("培训费预算支出 700 万元，与上年预算数一致。") == [("一致", True)]
    assert said("公用经费 1,115.85 万元，与上年基本一致。") == []  # about the same: no figure claimed
    # a sentence opening on its change names what it is about: not the figure the sentence before ended on
    assert said("政府采购预算 1,281.76 万元。", "与上年相比，部门预算总额增加 1,003.69 万元，增长 10.97%。") == []
    assert said("基本支出预算数为 5,678.17 万元。", "与上年相比减少 238.10 万元，下降 4.02%。") == [("减少", True)]


def test_a_table_titled_with_its_words_in_another_order_is_printed():
    """江苏省政协办公厅 2018: the 目录's 政府性基金财政拨款支出预算表 is printed as 财政拨款政府性基金支出预算表."""
    lines = ("目 录", "十、政府性基金财政拨款支出预算表", "十一、财政拨款支出预算表", "部门预算公开表附后。",
             "财政拨款政府性基金支出预算表", "注：本部门无该项目", "财政拨款支出预算表", "合计 10,070.48")
    assert toc_findings(*lines) == []
