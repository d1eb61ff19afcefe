"""Readings settled by sums down a table: kept only when every other reading is proven impossible."""
from decimal import Decimal as D

from loaders.parsers import column_sums
from loaders.parsers.column_sums import settled


def _opt(*cells, meaning):
    return (tuple(D(c) for c in cells), meaning)


# columns (basic, project); row 0 is the 合计 of rows 1 and 2
_TOTAL = [_opt("10.0", "20.0", meaning="total")]
_TWENTY = [_opt("20.0", "0", meaning="basic"), _opt("0", "20.0", meaning="project")]
_TEN = [_opt("10.0", "0", meaning="basic"), _opt("0", "10.0", meaning="project")]


def test_one_reading_left_by_the_sums_is_kept():
    assert settled([_TOTAL, _TWENTY, _TEN], [(0, [1, 2])], D("0.1")) == ["total", "project", "basic"]


def test_two_readings_that_both_add_up_leave_the_rows_open():
    ten = [_opt("10.0", "0", meaning="basic"), _opt("0", "10.0", meaning="project")]
    total = [_opt("10.0", "10.0", meaning="total")]
    assert settled([total, ten, list(ten)], [(0, [1, 2])], D("0.1")) == ["total", None, None]


def test_sums_that_never_hold_settle_only_rows_with_one_reading():
    total = [_opt("99.0", "0", meaning="total")]
    assert settled([total, _TWENTY, _TEN], [(0, [1, 2])], D("0.1")) == ["total", None, None]


def test_rounding_of_the_printed_figures_is_allowed_per_term():
    total = [_opt("30.1", "0", meaning="total")]
    ten = [_opt("10.0", "0", meaning="basic")]
    assert settled([total, ten, list(ten), list(ten)], [(0, [1, 2, 3])], D("0.1")) == ["total", "basic", "basic",
                                                                                        "basic"]


def test_a_search_that_runs_too_long_settles_nothing(monkeypatch):
    monkeypatch.setattr(column_sums, "_STEPS", 1)
    assert settled([_TOTAL, _TWENTY, _TEN], [(0, [1, 2])], D("0.1")) == ["total", None, None]
