"""The 江苏 layout family without the real files: the table repairs (grid.tidy), text lifted out of
table grids, and identification from titles, covers and file names."""
from __future__ import annotations

from decimal import Decimal

import pytest

from factory.pdf import render_pdf
from factory.provincial import meeting_training
from factory.text import render_text
from loaders.document import Block, Document
from loaders.locate.grid import tidy
from loaders.identity.identify import gaps, identify
from loaders.run.ingest import extract_bytes
from loaders.read.lift import lift_text_rows
from loaders.locate.tables import LocatedTable

from .reports import factory_report


def _table(rows):
    return LocatedTable(kind="economic_budget", title="基本支出预算表", rows=rows, pages=[1] * len(rows))


def test_figures_move_under_their_header_and_ragged_rows_join_their_code():
    t = _table([["", "科目编码", "", "", "科目名称", "", "", "金额", ""],
                ["", "合 计", "", "", "", "", "", "13,979.92", ""],
                ["301", "", "", "工资福利支出", "", "", "", "", ""],
                ["", "", "", "", "", "", "", "10,204.52", ""],
                ["30101", "", "", "基本工资", "", "", "2,117.68", "", ""]])
    tidy(t)
    assert t.rows[2][0] == "301" and t.rows[2][7] == "10,204.52"
    assert t.rows[3][7] == "2,117.68" and t.rows[3][6] == ""
    assert len(t.rows) == len(t.pages) == 4


def test_a_code_left_of_its_name_never_moves_and_a_cut_figure_is_joined():
    t = _table([["类", "款", "项", "科目名称", "合计"],
                ["201", "03", "01", "行政运行", "267.8", "0"]])
    tidy(t)
    assert t.rows[1][:3] == ["201", "03", "01"]
    assert "267.80" in t.rows[1]


def test_one_figure_of_a_narrower_continuation_page_goes_under_the_one_amount_column():
    t = _table([["科目编码", "", "科目名称", "", "金额"],
                ["302", "", "商品和服务支出", "", "2,722.57"],
                ["30201", "办公费", "130.00"]])
    tidy(t)
    assert t.rows[2] == ["30201", "办公费", "", "", "130.00"]


def _doc(*blocks, name="report.pdf"):
    return Document(file_name=name, sha256="0" * 64, source="pdf", page_count=3, blocks=list(blocks))


def test_unit_fields_and_titles_printed_inside_grids_become_lines():
    doc = _doc(Block(1, rows=[["江苏省某某厅2018年部门预算"]]),
               Block(2, rows=[["", "部门：", "", "江苏省某某厅", "", "单位：万元"], ["", "项目名称", "金额"],
                              ["", "一、财政拨款", "1.00"]]))
    lift_text_rows(doc)
    assert [b.text for b in doc.blocks if not b.is_table] == ["江苏省某某厅2018年部门预算", "部门： 江苏省某某厅 单位：万元"]
    assert doc.blocks[-1].rows[0] == ["", "项目名称", "金额"]


def test_unit_from_the_title_line_when_no_field_names_it():
    info = identify(_doc(Block(1, text="江苏省某某厅"), Block(1, text="2019年度部门预算公开")))
    assert (info.unit_name, info.fiscal_year, info.doc_kind) == ("江苏省某某厅", 2019, "budget")
    info = identify(_doc(Block(1, text="江苏省某某厅2018年部门预算"), Block(2, text="第一部分 部门概况")))
    assert (info.unit_name, info.sources["unit_name"]) == ("江苏省某某厅", "标题")
    assert not gaps(info)


@pytest.mark.parametrize("lines, unit, kind, scope", [
    (["2024年度", "中共某某县委组织部部门决算"], "中共某某县委组织部", "final", "department"),  # year first, two lines
    (["2024年度中共某某县委组织部部门决算"], "中共某某县委组织部", "final", "department"),
    (["2024年某某县第一中学单位预算"], "某某县第一中学", "budget", "unit"),
    (["关于某某县财政局2024年部门预算的说明"], "某某县财政局", "budget", "department"),
    (["某某县财政局2024年预算公开"], "某某县财政局", "budget", "department"),  # no 部门 before 预算
    (["某某县财政局2024年决算公开"], "某某县财政局", "final", "department"),
    (["某某区教育局（本级）", "2024年度单位决算"], "某某区教育局（本级）", "final", "unit"),
    (["中华人民共和国某某海关", "2024年部门预算"], "中华人民共和国某某海关", "budget", "department"),
])
def test_a_cover_names_the_unit_before_or_after_the_year(lines, unit, kind, scope):
    info = identify(_doc(*[Block(1, text=t) for t in lines], Block(2, text="第一部分 部门概况"),
                         Block(2, text="本部门主要负责有关工作，编制年度预算。")))
    assert (info.unit_name, info.fiscal_year, info.doc_kind, info.scope) == (unit, 2024, kind, scope)


@pytest.mark.parametrize("year", ["二〇二四", "二零二四", "二○二四"])
def test_a_year_in_numerals_is_the_fiscal_year(year):
    info = identify(_doc(Block(1, text=f"江苏省某某厅{year}年部门决算"), Block(2, text="第一部分 部门概况")))
    assert (info.unit_name, info.fiscal_year, info.doc_kind) == ("江苏省某某厅", 2024, "final")
    assert not gaps(info)


def test_a_sentence_is_never_the_unit_and_the_file_name_is_the_last_resort():
    doc = _doc(Block(1, text="2024年部门决算"), Block(2, text="直属事业单位：江苏省某某宾馆。"),
               name="江苏省某某厅2024年部门决算.pdf")
    info = identify(doc)
    assert info.unit_name == "江苏省某某厅" and info.sources["unit_name"] == "文件名"
    assert gaps(info) == ["单位名称取自文件名（报告正文未写明）"]
    nothing = identify(_doc(Block(1, text="2024年部门决算"), name="scan_001.pdf"))
    assert nothing.unit_name is None and "未能识别单位名称" in gaps(nothing)


@pytest.mark.parametrize("name", ["江苏省某某厅2024年度部门决算公开表.pdf", "江苏省某某厅2024年部门决算公开表格.xlsx",
                                  "江苏省某某厅2024年部门决算公开文件.docx", "江苏省某某厅2024年部门决算（全文）.pdf"])
def test_a_file_of_a_report_published_as_two_is_named_by_its_unit_too(name):
    """'…公开表', '…公开文件': the word naming which file it is does not hide the unit before it."""
    info = identify(_doc(Block(1, text="2024年部门决算"), name=name))
    assert (info.unit_name, info.fiscal_year) == ("江苏省某某厅", 2024)


def test_a_tables_only_file_without_a_unit_is_stored_with_the_gap_stated():
    budget = factory_report("budget2026")
    data = render_text(budget, ("unit_in_title",)).replace(budget.unit.encode(), b"")
    ex = extract_bytes(data, "tables.txt")
    assert ex.info.unit_name is None and ex.info.doc_kind == "budget"
    assert "未能识别单位名称" in ex.facts.problems and ex.facts.tables


def test_combined_sangong_table_keeps_the_sangong_total_and_stores_meeting_and_training():
    budget = factory_report("budget2026")
    ex = extract_bytes(render_pdf(budget, ("sangong_combined",)), "combined.pdf")
    rows = {r["item"]: r["budget"] for r in ex.facts.rows["sangong"]}
    meeting, training = meeting_training(budget)
    assert Decimal(str(rows["total"])) == budget.sangong_budget.total
    assert (Decimal(str(rows["meeting"])), Decimal(str(rows["training"]))) == (meeting, training)


def test_three_group_summary_reads_the_purpose_group_and_the_rightmost_totals():
    budget = factory_report("budget2026")
    ex = extract_bytes(render_text(budget, ("summary_three_groups",)), "three.txt")
    lines = {(r["side"], r["item"]): r["amount"] for r in ex.facts.rows["summary"]}
    basic = sum((x.basic for x in budget.leaves), Decimal(0))
    assert Decimal(str(lines[("expense", "基本支出")])) == basic
    assert Decimal(str(lines[("expense", "本年支出合计")])) == budget.total
    assert ("income", "一般公共预算") in lines  # wrapped '一、一般公共预' | '算' reads whole


def test_a_report_published_as_tables_and_narrative_is_two_parts_each_stored():
    """The 公开表格 (tables, a note at most) and the 公开文件 (narrative only) of one report."""
    budget = factory_report("budget2026")
    tables_part = extract_bytes(render_text(budget, ("tables_only",)), "公开表格.txt")
    narrative_part = extract_bytes(render_text(budget, ("narrative_only",)), "公开文件.txt")
    assert (tables_part.part, narrative_part.part) == ("tables", "narrative")
    assert tables_part.info.unit_name == narrative_part.info.unit_name == budget.unit
    assert narrative_part.status == "ok" and not narrative_part.facts.tables
    assert extract_bytes(render_text(budget), "whole.txt").part is None


def test_a_unit_name_may_list_merged_agencies():
    info = identify(_doc(Block(1, text="2025年部门预算"), Block(1, text="部门：中共某某县委组织部（县委老干部局、县公务员局）")))
    assert info.unit_name == "中共某某县委组织部（县委老干部局、县公务员局）"


def test_a_table_in_qianyuan_is_stored_in_wanyuan():
    from decimal import Decimal as D
    from loaders.locate.tables import scale_from
    assert scale_from(["部门：某某局", "单位：千元"], D(1)) == D("0.1")
    assert scale_from(["金额单位：元"], D(1)) == D("0.0001") and scale_from(["单位：万元"], D("0.0001")) == D(1)


@pytest.mark.slow
def test_the_two_parts_of_a_report_are_read_together_once_both_are_stored(tmp_path):
    """The narrative part's 预算执行 items get the tables part's codes, and its checks compare its words
    with the tables' figures (a wrong direction word is found as in the whole report), in either order."""
    import duckdb
    from loaders.run.ingest import ingest
    final = factory_report("final2023")
    whole = extract_bytes(render_text(final, ("wrong_direction",)), "whole.txt")
    expected = {(f["check_id"], f["severity"], f["message"]) for f in whole.facts.rows["findings"]
                if f["check_id"] == "direction_words"}
    assert expected
    for order in (("tables_only", "narrative_only"), ("narrative_only", "tables_only")):
        paths = []
        for name in order:
            path = tmp_path / f"{name}-{order[0]}.txt"
            path.write_bytes(render_text(final, ("wrong_direction", name)))
            paths.append(path)
        db = str(tmp_path / f"{order[0]}.duckdb")
        assert all(r.ok for r in ingest(paths, db))
        con = duckdb.connect(db, read_only=True)
        parts = dict(con.execute("SELECT part, doc_id FROM documents").fetchall())
        assert set(parts) == {"tables", "narrative"}
        assert con.execute("SELECT count(DISTINCT scope) FROM documents").fetchone() == (1,)
        codes = [c for (c,) in con.execute("SELECT code FROM budget_execution WHERE doc_id = ?", [parts["narrative"]]).fetchall()]
        assert codes and all(codes), codes
        found = set(con.execute("SELECT check_id, severity, message FROM findings WHERE doc_id = ?",
                                [parts["narrative"]]).fetchall())
        assert expected <= found
        assert not {c for c, *_ in found} & {"toc", "blank_tables"}  # judged per file, never on the pair
        con.close()


@pytest.mark.parametrize("title,doc_kind,kind", [
    ("附表1-1 部门收支总表", "budget", "summary"), ("表1-2：部门收入总表", "budget", "budget_income"),
    ("01-1 收入支出决算总表", "final", "summary"), ("部门收支总表（表一）", "budget", "summary"),
    ("表 3 部门支出总表", "budget", "budget_expense"), ("3-1 一般公共预算财政拨款支出决算表", "final", "final_general"),
    ("表五 一般公共预算财政拨款支出决算表", "final", "final_general"),
    ("公开 09 表：一般公共预算“三公”经费、会议费、培训费支出预算表", "budget", "sangong"),
    ("财政拨款基本支出预算表（经济科目）", "budget", "economic_budget"),
    ("表2 部门收入预算表", "budget", "budget_income"), ("收入预算表", "budget", "budget_income"),
])
def test_titles_numbered_the_ways_provinces_number_them(title, doc_kind, kind):
    from loaders.locate.registry import title_kind
    assert title_kind(title, doc_kind).name == kind


def test_a_page_number_at_a_page_break_is_not_glued_to_the_figure_before_it():
    from loaders.prose import amounts, passages
    (p,) = passages([("基本支出预算为15,844.04", 26), ("26", 26), ("万元，占65.56%。", 27)])
    assert [float(a.value) for a in amounts(p)] == [15844.04]
    (q,) = passages([("项目支出4,335.30", 3), ("- 3 -", 3), ("万元。", 4)])
    assert [float(a.value) for a in amounts(q)] == [4335.3]


def test_a_tables_only_file_framed_as_jiangsu_frames_it_is_read_whole_and_paired(tmp_path):
    """江苏's 公开表 file: no cover, each table under a 公开NN表 line with its title and 部门 line inside the
    frame; the unit from the 部门 lines, the year from the file name (said so), every table's figures, and
    the file is one report with its narrative file."""
    import duckdb

    from factory.variants import expected
    from loaders.run.ingest import ingest

    from .test_variants import mismatches

    budget = factory_report("budget2026")
    names = ("gongkai_lines", "title_in_frame", "tables_only")
    tables = tmp_path / f"{budget.unit}{budget.year}年部门预算公开表.pdf"
    tables.write_bytes(render_pdf(budget, names))
    ex = extract_bytes(tables.read_bytes(), tables.name)
    assert (ex.info.unit_name, ex.info.fiscal_year, ex.part) == (budget.unit, budget.year, "tables")
    assert ex.info.sources["fiscal_year"] == "文件名" and ex.facts.problems == ["年度取自文件名（报告正文未写明）"]
    assert not mismatches(ex, expected(budget, names))
    narrative = tmp_path / "公开文件.txt"
    narrative.write_bytes(render_text(budget, ("narrative_only",)))
    db = str(tmp_path / "pair.duckdb")
    results = ingest([tables, narrative], db)
    # the narrative states the year the tables file had only in its name: the pair is read whole
    assert [r.mark for r in results] == ["✓", "✓"], [r.message for r in results]
    assert "年度取自配套文件" in results[0].message and "部分解析" not in results[0].message
    con = duckdb.connect(db, read_only=True)
    assert con.execute("SELECT count(DISTINCT unit_id), count(DISTINCT fiscal_year), string_agg(part, ',' ORDER BY part) "
                       "FROM documents").fetchone() == (1, 1, "narrative,tables")
    assert con.execute("SELECT parse_status, problems FROM documents WHERE part = 'tables'").fetchone() == (
        "ok", "年度取自配套文件（报告本身未写明）")
    con.close()


def test_a_tables_file_stating_no_year_takes_its_companions(tmp_path):
    import duckdb

    from loaders.run.ingest import ingest

    budget = factory_report("budget2026")
    tables, narrative = tmp_path / "公开表格.txt", tmp_path / "公开文件.txt"
    tables.write_bytes(render_text(budget, ("gongkai_lines", "tables_only")))  # 江苏 titles carry no year
    narrative.write_bytes(render_text(budget, ("narrative_only",)))
    assert extract_bytes(tables.read_bytes(), tables.name).info.fiscal_year is None
    db = str(tmp_path / "pair.duckdb")
    assert all(r.ok for r in ingest([tables, narrative], db))
    con = duckdb.connect(db, read_only=True)
    got = con.execute("SELECT part, fiscal_year, problems FROM documents ORDER BY part").fetchall()
    con.close()
    assert [(p, y) for p, y, _ in got] == [("narrative", budget.year), ("tables", budget.year)]
    assert "年度取自配套文件" in got[1][2] and "未能识别年度" not in got[1][2]
