"""Which header names last year's figure (loaders.prior_year), as the 三公 and function parsers read it."""
import pytest

from loaders.prior_year import basis


@pytest.mark.parametrize("label, expected", [
    ("上年预算数", "budget"),
    ("上年执行数", "final"),
    ("上年决算数", "final"),
    ("上一年度预算", "budget"),
    ("2023年预算数", "budget"),  # the year before the report's
    ("上年数", ""),  # last year's, base not said
    ("2024年预算数", None),  # the report's own year
    ("2022年决算数", None),  # two years back: not last year's
    ("上年结转", None),  # carried-over funds are this year's income
    ("上年结转结余", None),
    ("比上年增减", None),
    ("增减%", None),
    ("预算数", None),
])
def test_header_naming_last_years_figure(label, expected):
    assert basis(label, 2024) == expected


def test_header_parts_read_together():
    assert basis(["“三公”经费", "上年", "预算数"], 2024) == "budget"
    assert basis(["上年预算数", "增减"], 2024) is None
