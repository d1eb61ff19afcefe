"""OCR of scanned pages, the parts that need no model: cells from ruling lines in an image, the
page straightened and its boxes mapped back, the table's sums deciding which OCR'd figures stand,
OCR's spelling tidied. The round trips through the model are in test_ocr_roundtrip.py."""
from __future__ import annotations

import math

import numpy as np
import pytest

cv2 = pytest.importorskip("cv2")

from loaders.read import ocr, ocr_image, ocr_sums, ocr_tables  # noqa: E402
from loaders.document import UNSURE_LOW  # noqa: E402
from loaders.locate.tables import LocatedTable  # noqa: E402

DPI = 150


def ruled_page(tilt: float = 0.0) -> np.ndarray:
    """A white page with one table: 4 row lines, 4 column lines, the top row's first two cells
    merged (no line between them in the top band), turned by tilt degrees clockwise."""
    page = np.full((1000, 1400), 255, np.uint8)
    ys, xs = (200, 260, 320, 380), (100, 500, 800, 1100)
    for y in ys:
        cv2.line(page, (xs[0], y), (xs[-1], y), 0, 2)
    for x in xs:
        top = ys[1] if x == xs[1] else ys[0]
        cv2.line(page, (x, top), (x, ys[-1]), 0, 2)
    cv2.putText(page, "12.5", (560, 300), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 0, 2)
    if tilt:
        matrix = cv2.getRotationMatrix2D((700, 500), -tilt, 1.0)
        page = cv2.warpAffine(page, matrix, (1400, 1000), borderValue=255)
    return page


def test_cells_come_from_the_line_crossings_and_a_missing_line_merges_two():
    horizontal, vertical = ocr_image.ruling(ruled_page(), DPI)
    (grid,) = ocr_tables.grids(horizontal, vertical)
    assert [round(y) for y in grid.ys] == [200, 260, 320, 380]
    assert [round(x) for x in grid.xs] == [100, 500, 800, 1100]
    assert (0, 0, 1, 2) in grid.cells and len(grid.cells) == 8  # one merged top cell, 2 + 3 + 3 others
    rows, boxes = ocr_tables.rows_of(grid, {(0, 0, 1, 2): "项目", (1, 1, 2, 2): "12.5"})
    assert rows == [["项目", "", ""], ["", "12.5", ""], ["", "", ""]]
    assert [round(v) for v in boxes[0]] == [100, 200, 1100, 260]


def test_the_text_of_the_page_is_not_taken_for_ruling_lines():
    page = np.full((600, 800), 255, np.uint8)
    for i in range(8):
        cv2.putText(page, "2,940.05 1,358.74 ||", (40, 60 + 60 * i), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 0, 2)
    assert ocr_tables.grids(*ocr_image.ruling(page, DPI)) == []


@pytest.mark.parametrize("tilt", [0.5, -0.5, 0.3])
def test_a_tilted_scan_is_straightened_and_its_boxes_mapped_back(tilt):
    page = ruled_page(tilt)
    horizontal, _ = ocr_image.ruling(page, DPI)
    assert ocr_image.skew(horizontal) == pytest.approx(tilt, abs=0.05)
    straight = ocr_image._turn(page, ocr_image.skew(horizontal), (700, 500))
    (grid,) = ocr_tables.grids(*ocr_image.ruling(straight, DPI))
    assert len(grid.ys) == 4 and len(grid.xs) == 4 and len(grid.cells) == 8
    # the table's right end, found on the straightened page, lies where the tilted scan printed it
    mapped = ocr_image.Page(straight, horizontal, horizontal, straight, DPI, tilt, (700, 500))
    x0, top, x1, bottom = mapped.to_points((1095, 198, 1105, 202))
    expected_y = 500 + (200 - 500) * math.cos(math.radians(tilt)) + (1100 - 700) * math.sin(math.radians(tilt))
    assert (top + bottom) / 2 * DPI / 72 == pytest.approx(expected_y, abs=3)


def located(rows: list[list[str]], pages: list[int]) -> LocatedTable:
    return LocatedTable(kind="function", title="支出决算表", rows=[list(r) for r in rows], pages=pages)


FUNCTION_ROWS = [
    ["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
    ["", "合计", "300.00", "200.00", "100.00"],
    ["201", "一般公共服务支出", "300.00", "200.00", "100.00"],
    ["20103", "政府办公厅（室）及相关机构事务", "300.00", "200.00", "100.00"],
    ["2010301", "行政运行", "120.00", "120.00", ""],
    ["2010302", "一般行政管理事务", "180.00", "80.00", "100.00"],
]


def test_figures_that_close_every_sum_stand():
    table = located(FUNCTION_ROWS, [3] * 6)
    assert ocr_sums.settle(table, [3]) == []
    assert table.rows == FUNCTION_ROWS


def test_a_misread_figure_is_blanked_and_named_while_the_figures_its_other_sums_confirm_stand():
    rows = [list(r) for r in FUNCTION_ROWS]
    rows[4][3] = "12.00"  # 行政运行's 基本支出 read 12.00 for 120.00: its row and its column do not close
    table = located(rows, [3] * 6)
    table.where = [(50.0, 100.0 + 20 * i, 500.0, 118.0 + 20 * i) for i in range(6)]  # each row's box as read
    assert ocr_sums.settle(table, [3]) == [("12.00（OCR 读数与表内合计不符）", 3, table.where[4])]
    assert table.rows[4] == ["2010301", "行政运行", "120.00", "", ""]
    assert table.rows[5] == FUNCTION_ROWS[5] and table.rows[3] == FUNCTION_ROWS[3]


def test_rows_from_text_pages_are_never_changed_and_unsure_figures_are_set_aside():
    rows = [list(r) for r in FUNCTION_ROWS]
    rows[4][3] = "12.00"
    rows[5][2] = "180.00" + UNSURE_LOW
    table = located(rows, [2, 2, 2, 2, 2, 3])  # only the last row was OCR'd
    set_aside = ocr_sums.settle(table, [3])
    assert ("180.00" + UNSURE_LOW, 3, None) in set_aside and {page for _, page, _ in set_aside} == {3}
    assert table.rows[4] == ["2010301", "行政运行", "120.00", "12.00", ""] and table.rows[5][2] == ""
    assert ocr_sums.settle(located(rows, [2] * 6), []) == []


def test_a_row_sum_is_the_tables_rule_only_when_most_rows_keep_it():
    rows = [["项目", "本年收入合计", "财政拨款收入", "其他收入"],
            ["一、工资", "10.00", "7.00", "1.00"],  # no rule: 10 ≠ 8 in a table where it holds nowhere
            ["二、办公", "5.00", "2.00", "1.00"]]
    table = located(rows, [1, 1, 1])
    assert ocr_sums.settle(table, [1]) == []


def test_ocr_spelling_is_tidied_as_a_text_layer_prints_it():
    assert ocr.tidy("1, 358. 74") == "1,358.74"
    assert ocr.tidy("收入总计3，088.57万元") == "收入总计3,088.57万元"
    assert ocr.tidy("示例局(本级)单位:万元") == "示例局（本级）单位：万元"
    assert ocr.tidy("2.4万元／年") == "2.4万元/年"
    texts = {(0, 0, 1, 1): "一、一般公共服务支出", (1, 0, 2, 1): "二外交支出", (2, 0, 3, 1): "三、国防支出",
             (3, 0, 4, 1): "四公共安全支出", (4, 0, 5, 1): "一般公共预算财政拨款"}
    ocr._renumber(texts)
    assert texts[(1, 0, 2, 1)] == "二、外交支出" and texts[(3, 0, 4, 1)] == "四、公共安全支出"
    assert texts[(4, 0, 5, 1)] == "一般公共预算财政拨款"
    assert ocr.page_ranges([1, 2, 3, 5, 7, 8]) == "1—3、5、7—8"
