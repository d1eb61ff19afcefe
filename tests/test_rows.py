"""Rows by their lines (issue 27): rows come from the text lines and where their words stand as much as
from ruling lines. A ruled table's row printed beyond its rules joins it (loose_rows), a table printed
without rules is read from its words' positions (unruled), a continuation page drawn on a grid of its
own is put under the first page's columns by header words or by position, and a label's figures printed
on the line below it join it (grid.tidy). The layouts are factory variants (factory/row_layouts.py),
round-tripped in tests/test_variants.py; here each rule is shown on its own, and shown needed."""
from __future__ import annotations

from collections import Counter
from functools import lru_cache

import pytest

from factory.pdf import render_pdf
from loaders.locate import grid
from loaders.read import loose_rows, pdf_source, unruled
from loaders.locate.grid import tidy
from loaders.identity.identify import identify
from loaders.run.ingest import extract_bytes, read_document
from loaders.read.lift import lift_text_rows
from loaders.read.loose_rows import attach_loose_rows
from loaders.read.pdf_lines import Grid, Line
from loaders.locate.registry import locate
from loaders.locate.tables import LocatedTable
from loaders.read.unruled import unruled_tables

from .test_positions import _check_boxes
from .test_variants import REPORTS

SIZE = 7.0


def _line(*words: tuple[float, str], top: float):
    """A text line as pdfplumber gives it: each word (x0, text) set in 7 pt characters (full width for
    ideographs, half for digits, signs and blanks)."""
    chars = []
    for x0, text in words:
        x = x0
        for ch in text:
            width = SIZE if ord(ch) > 0x2000 else SIZE / 2
            if ch != " ":  # pdfplumber's lines come without their blanks
                chars.append({"text": ch, "x0": x, "x1": x + width, "top": top, "bottom": top + SIZE, "size": SIZE,
                              "upright": True})
            x += width
    return Line({"chars": chars, "text": " ".join(t for _, t in words), "x0": chars[0]["x0"],
                       "x1": chars[-1]["x1"], "top": top, "bottom": top + SIZE})


def _grid(*rows: list[str], top: float = 100.0) -> Grid:
    """A ruled grid of rows 11 pt high, columns code | name | total | basic."""
    boxes = [(100.0, top + 11 * i, 420.0, top + 11 * (i + 1)) for i in range(len(rows))]
    return Grid([list(r) for r in rows], boxes, ((100.0, 160.0), (160.0, 300.0), (300.0, 360.0), (360.0, 420.0)))


def _row(code: str, name: str, *figures: str, top: float):
    return _line(*[(x, t) for x, t in zip((102, 162, 302, 362), (code, name, *figures)) if t], top=top)


# ------------------------------------------------------------------ rows printed beyond a grid's rules

def test_a_row_printed_over_the_first_rule_joins_the_grid_under_it_with_its_box():
    g = _grid(["2010302", "一般行政管理事务", "208.00", "208.00"])
    left = attach_loose_rows([g], [_row("2010301", "行政运行", "1,237.30", "1,065.80", top=91.0)])
    assert not left
    assert g.rows[0] == ["2010301", "行政运行", "1,237.30", "1,065.80"]
    assert g.boxes[0] == (102.0, 91.0, 390.0, 98.0)


def test_a_total_printed_under_the_last_rule_joins_the_grid_over_it():
    g = _grid(["2010302", "一般行政管理事务", "208.00", "208.00"])
    attach_loose_rows([g], [_line((162, "合计"), (302, "208.00"), (362, "208.00"), top=113.0)])
    assert g.rows[-1] == ["", "合计", "208.00", "208.00"]


@pytest.mark.parametrize("line", [
    _line((150, "2026年一般公共预算支出情况表"), top=91.0),  # a title across the columns
    _line((102, "单位：万元"), (302, "12.00"), top=91.0),  # a caption
    _line((102, "收入合计1,000.00万元，"), top=91.0),  # a sentence
    _row("2010301", "行政运行", "1,237.30", "1,065.80", top=70.0),  # farther than a row is high
    _line((162, "二、外交支出"), top=91.0),  # an item alone over a header
], ids=["title", "caption", "sentence", "far", "item-over-header"])
def test_lines_that_are_not_rows_of_the_grid_stay_lines(line):
    g = _grid(["科目编码", "科目名称", "合计", "基本支出"], ["2010302", "一般行政管理事务", "208.00", "208.00"])
    assert attach_loose_rows([g], [line]) == [line] and len(g.rows) == 2


def test_an_item_alone_joins_a_continuation_grid_that_begins_with_figures():
    g = _grid(["", "", "20.00", "20.00"], ["", "十五、商业服务业等支出", "", ""])
    attach_loose_rows([g], [_line((162, "十四、资源勘探工业信息等支出"), top=91.0)])
    assert g.rows[0] == ["", "十四、资源勘探工业信息等支出", "", ""]


# ------------------------------------------------------------------ tables without rules

def _words_in_columns(*rows: tuple[str, ...], top: float = 100.0, pitch: float = 11.0):
    return [_row(*r, top=top + pitch * i) for i, r in enumerate(rows)]


def test_an_unruled_table_is_read_from_where_its_words_stand():
    lines = [_line((300, "2026年支出表"), top=60.0), _line((102, "单位：万元"), top=75.0),
             _line((102, "科目编码"), (162, "科目名称"), (302, "合计"), (362, "基本支出"), top=89.0)]
    lines += _words_in_columns(("201", "一般公共服务支出", "1,445.30", "1,237.30"),
                               ("2010301", "行政运行", "1,237.30", "1,237.30"),
                               ("2010302", "一般行政管理事务", "208.00", ""))
    grids, left = unruled_tables(lines)
    assert [ln.raw["text"] for ln in left] == ["2026年支出表", "单位：万元"]
    assert grids[0].rows == [["科目编码", "科目名称", "合计", "基本支出"],
                             ["201", "一般公共服务支出", "1,445.30", "1,237.30"],
                             ["2010301", "行政运行", "1,237.30", "1,237.30"],
                             ["2010302", "一般行政管理事务", "208.00", ""]]
    assert grids[0].boxes[1] == (102.0, 100.0, 390.0, 107.0)
    assert [round(a) for a, _ in grids[0].columns] == [102, 162, 302, 362]


@pytest.mark.parametrize("lines, row", [
    (  # the label wraps, the figures on its last line
        [_row("2080505", "机关事业单位基本养老", top=111.0), _line((162, "保险缴费支出"), (302, "223.40"), top=120.0)],
        ["2080505", "机关事业单位基本养老保险缴费支出", "223.40", ""]),
    (  # the name, then the figures on the line below
        [_row("2080505", "机关事业单位基本养老保险缴费支出", top=111.0), _line((302, "223.40"), top=120.0)],
        ["2080505", "机关事业单位基本养老保险缴费支出", "223.40", ""]),
    (  # the figures on the first line, the label's end under them
        [_row("2080505", "机关事业单位基本养老", "223.40", top=111.0), _line((162, "保险缴费支出"), top=120.0)],
        ["2080505", "机关事业单位基本养老保险缴费支出", "223.40", ""]),
], ids=["figures-on-last-line", "figures-on-next-line", "label-continues"])
def test_a_label_over_two_lines_is_one_row_with_its_figures(lines, row):
    first = _row("201", "一般公共服务支出", "100.00", "100.00", top=100.0)
    last = _row("2080506", "职业年金缴费支出", "11.00", "11.00", top=133.0)
    grids, _ = unruled_tables([first, *lines, last])
    assert grids[0].rows == [["201", "一般公共服务支出", "100.00", "100.00"], row,
                             ["2080506", "职业年金缴费支出", "11.00", "11.00"]]


def test_a_label_that_does_not_fill_its_column_is_not_continued_by_the_line_under_it():
    lines = [_line((162, "“三公”经费合计"), (302, "3.00"), (362, "1.20"), top=100.0),
             _line((162, "因公出国（境）费"), top=111.0),
             _line((162, "公务用车购置及运行维护费"), (302, "1.50"), (362, "1.13"), top=122.0)]
    grids, _ = unruled_tables(lines)
    assert [r[0] for r in grids[0].rows] == ["“三公”经费合计", "因公出国（境）费", "公务用车购置及运行维护费"]


def test_items_printed_without_figures_are_rows_of_their_own():
    lines = _words_in_columns(("", "一、一般公共服务支出", "3,668.90", ""), ("", "二、外交支出"), ("", "三、国防支出"),
                              ("", "四、公共安全支出", "50.00", ""))
    grids, _ = unruled_tables(lines)
    assert [r[0] for r in grids[0].rows] == ["一、一般公共服务支出", "二、外交支出", "三、国防支出", "四、公共安全支出"]
    assert [r[1] for r in grids[0].rows] == ["3,668.90", "", "", "50.00"]


def test_a_table_printed_empty_under_its_caption_is_read_and_other_lines_are_not():
    empty = [_line((102, "单位：万元"), top=80.0),
             _line((102, "科目编码"), (162, "科目名称"), (302, "本年支出"), (362, "基本支出"), top=91.0),
             _line((162, "合计"), top=102.0)]
    grids, _ = unruled_tables(empty)
    assert grids[0].rows == [["科目编码", "科目名称", "本年支出", "基本支出"], ["", "合计", "", ""]]
    contents = [_line((102, "第二部分 2024年部门预算表"), top=80.0), _line((102, "第三部分"), (162, "情况说明"), top=91.0),
                _line((102, "第四部分"), (162, "名词解释"), top=102.0)]
    assert unruled_tables(contents) == ([], contents)


def test_lines_whose_words_lost_their_columns_make_no_table():
    """A text dump set in a PDF (seed-pdf/001): one space between the words, no columns to read."""
    dump = [_line((42, "财政拨款"), (60.5, "1,990.5"), (80, "一、基本支出"), (124.5, "1,384.1"), top=100.0 + 11 * i)
            for i in range(4)]
    assert unruled_tables(dump) == ([], dump)


# ------------------------------------------------------------------ continuation pages, labels above figures

def _ruled(*edges: float) -> tuple:
    """A ruled grid's columns from its rules' x positions."""
    return tuple(zip(edges, edges[1:]))


def _located(rows, columns=None, pages=None) -> LocatedTable:
    return LocatedTable("budget_expense", "支出表", rows=[list(r) for r in rows],
                        pages=pages or [1] * len(rows), columns=columns or [None] * len(rows))


def test_a_header_printed_again_with_a_column_fewer_is_matched_by_its_words():
    t = _located([["科目编码", "科目名称", "合计", "一般公共预算", "政府性基金", "国有资本经营预算"],
                  ["201", "一般公共服务支出", "100.00", "100.00", "", ""],
                  ["科目编码", "科目名称", "合计", "一般公共预算", "国有资本经营预算"],
                  ["212", "城乡社区支出", "30.00", "", "30.00"]], pages=[1, 1, 2, 2])
    tidy(t)
    assert t.rows[-1] == ["212", "城乡社区支出", "30.00", "", "", "30.00"]
    assert len(t.rows) == len(t.pages) == 3 and t.pages[-1] == 2  # the header printed again is left out


def test_a_continuation_page_without_header_is_matched_by_where_its_columns_stand():
    first = _ruled(101.1, 122.9, 144.7, 173.7, 271.7, 386.7, 501.7)  # 类 | 款 | 项 | 名称 | 合计 | 基本支出
    other = _ruled(101.1, 173.7, 271.7, 386.7, 501.7)  # the code in one cell over 类款项
    t = _located([["类", "款", "项", "科目名称", "合计", "基本支出"], ["205", "", "", "教育支出", "10.00", "10.00"],
                  ["2050201", "学前教育", "4.00", "4.00"], ["206", "科学技术支出", "6.00", ""]],
                 columns=[first, first, other, other])
    tidy(t)
    assert t.rows[2:] == [["2050201", "", "", "学前教育", "4.00", "4.00"], ["206", "", "", "科学技术支出", "6.00", ""]]


def test_a_grid_drawn_anew_is_not_mapped_by_position():
    """A continuation page whose rules stand elsewhere (the seed 002 PDF's pages): its columns follow the
    first page's in order."""
    first, other = _ruled(36.0, 122.6, 295.8, 392.1), _ruled(36.0, 171.9, 458.7, 579.5)
    rows = [["科目编码", "科目名称", "合计"], ["201", "一般公共服务支出", "1.00"], ["30201", "办公费", "2.00"]]
    t = _located(rows, columns=[first, first, other])
    tidy(t)
    assert t.rows[2] == ["30201", "办公费", "2.00"]


def test_an_unruled_continuation_page_is_matched_by_where_its_words_stand():
    """Without rules a column stands where its words do: page 2 prints nothing under 单位代码."""
    first = ((48.5, 80.0), (114.7, 125.0), (156.0, 300.0), (350.0, 380.0))
    other = ((48.5, 80.0), (156.0, 290.0), (352.0, 380.0))
    t = _located([["科目编码", "单位代码", "科目名称", "合计"], ["", "003", "某某局", "9.00"], ["2010301", "行政运行", "5.00"]],
                 columns=[first, first, other])
    tidy(t)
    assert t.rows[2] == ["2010301", "", "行政运行", "5.00"]


def test_figures_printed_under_their_label_join_it_even_across_a_header_printed_again():
    t = _located([["项目", "金额", "项目", "金额"], ["一、一般公共预算", "4,459.90", "一、一般公共服务", "3,668.90"],
                  ["", "", "二、资源勘探工业信息等支出", ""], ["项目", "金额", "项目", "金额"], ["", "", "", "20.00"]],
                 pages=[1, 1, 1, 2, 2])
    tidy(t)
    assert ["", "", "二、资源勘探工业信息等支出", "20.00"] in t.rows and t.pages[t.rows.index(
        ["", "", "二、资源勘探工业信息等支出", "20.00"])] == 2


def test_a_row_of_figures_under_the_header_stays_the_tables_one_row():
    t = _located([["合计", "基本支出", "项目支出"], ["10,150.48", "5,678.17", "3,314.68"]])
    tidy(t)
    assert t.rows == [["合计", "基本支出", "项目支出"], ["10,150.48", "5,678.17", "3,314.68"]]


@pytest.mark.corpus
def test_a_central_continuation_page_with_its_codes_in_one_cell_reads_under_the_first_pages_columns(corpus):
    """西南大学 2023 决算, 表4: page 14 prints 类 | 款 | 项 columns, page 15 the code in one cell."""
    path = corpus / "central" / "西南大学2023年度部门决算.pdf"
    doc = pdf_source.read_pdf(path.read_bytes(), path.name)
    blocks = [b for b in doc.blocks if b.is_table and b.page in (14, 15)]
    assert [len(b.columns) for b in blocks] == [8, 6]
    t = _located([r for b in blocks for r in b.rows], columns=[b.columns for b in blocks for _ in b.rows],
                 pages=[b.page for b in blocks for _ in b.rows])
    tidy(t)
    assert ["2060201", "", "", "机构运行", "828.72", "828.72", "", ""] in t.rows
    assert ["", "", "", "合计", "237,100.00", "199,015.13", "38,084.87", "6,894.90"] == t.rows[-1]


@pytest.mark.corpus
def test_a_text_dump_in_a_pdf_keeps_its_lines(corpus):
    """seed-pdf/001 prints its tables as text lines whose words lost their columns: no table is made
    of them (parsers/lines.py reads them)."""
    path = corpus / "seed-pdf" / "001_8e59132b4a2e20db.pdf"
    doc = pdf_source.read_pdf(path.read_bytes(), path.name)
    assert not any(b.is_table for b in doc.blocks)


# ------------------------------------------------------------------ each layout reads as printed, and needs its rule

def _rows_read(data: bytes) -> dict[str, list]:
    """Each located table's header words by column and its rows under the header, after grid.tidy, a
    header printed again left out."""
    doc = read_document(data, "v.pdf")
    lift_text_rows(doc)
    info = identify(doc)
    out: dict[str, list] = {}
    for table in locate(doc, info.doc_kind, info.scale)[0]:
        tidy(table)
        start = grid._header_end(table.rows)
        header = {c for r in table.rows[:start] for c in r if c}
        read = out.setdefault(table.kind, [[], Counter()])
        read[0].append(grid._words(table.rows[:start]))
        read[1].update(tuple(r) for r in table.rows[start:] if any(r) and not all(c in header for c in r if c))
    return out


def _disable_loose_rows(monkeypatch):
    monkeypatch.setattr(pdf_source, "attach_loose_rows", lambda grids, lines: lines)


def _disable_unruled(monkeypatch):
    monkeypatch.setattr(pdf_source, "unruled_tables", lambda lines: ([], lines))


def _disable_positions(monkeypatch):
    monkeypatch.setattr(grid, "_by_position", lambda main, edges: None)


def _disable_words(monkeypatch):
    monkeypatch.setattr(grid, "_by_words", lambda main, labels: None)


def _disable_label_rows(monkeypatch):
    monkeypatch.setattr(grid, "_label_of", lambda prev, row: False)


@lru_cache(maxsize=None)
def _corpus_layout_rows(layout: str) -> dict[str, list]:
    """The rows a bundled report printed as the corpus prints it reads into, with every rule on: read
    once for the tests below (they compare them, never change them)."""
    return _rows_read(render_pdf(REPORTS[layout]))


@pytest.mark.parametrize("variant, disable", [
    ("unruled_first_row", _disable_loose_rows),
    ("unruled", _disable_unruled),
    ("continued_merged_columns", _disable_positions),
    ("continued_fewer_columns", _disable_words),
    ("figures_below_label", _disable_label_rows),
])
def test_each_layout_reads_into_the_rows_of_the_corpus_layout_and_needs_its_rule(monkeypatch, variant, disable):
    """Every table of the three bundled reports printed in the variant reads, cell for cell, into the rows
    the corpus layout reads into; without the variant's rule some do not (the layout is real work)."""
    printed = {layout: render_pdf(report, (variant,)) for layout, report in REPORTS.items()}
    base = {layout: _corpus_layout_rows(layout) for layout in REPORTS}  # before any rule is disabled
    assert all(_rows_read(printed[layout]) == base[layout] for layout in REPORTS)
    disable(monkeypatch)
    assert any(_rows_read(printed[layout]) != base[layout] for layout in REPORTS)


@pytest.mark.parametrize("variants", [("unruled", "figures_below_label"), ("unruled_first_row", "total_last"),
                                      ("continued_merged_columns",)], ids="+".join)
def test_rows_made_from_lines_keep_the_box_that_prints_their_figures(variants):
    """Every fact read from a row made of text lines is traced to its page and the box printing it."""
    data = render_pdf(REPORTS["budget2026"], variants)
    rows, boxed, wrong = _check_boxes(data, extract_bytes(data, "v.pdf"))
    assert boxed >= 0.95 * rows and not wrong, wrong[:5]


def test_modules_stay_apart():
    """The page reader's rules live in their own modules (imported by pdf_source, not copied)."""
    assert pdf_source.attach_loose_rows is loose_rows.attach_loose_rows
    assert pdf_source.unruled_tables is unruled.unruled_tables
