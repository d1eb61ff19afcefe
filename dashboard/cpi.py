"""Real amounts: nominal 万元 deflated by the national CPI (data/cpi.csv, 国家统计局, previous year = 100).

Real figures are in prices of the latest selected year: amount × P(base) / P(year), P being the
chained price level. Years outside the table take the nearest known level (no price change assumed),
and note() says so, so a 2026 budget is never silently deflated with a guessed index.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

CSV = Path(__file__).resolve().parents[1] / "data" / "cpi.csv"
SOURCE = "国家统计局 全国居民消费价格指数（上年=100）"
BASES = {"nominal": "名义", "real": "实际"}


@lru_cache(maxsize=1)
def levels() -> dict[int, float]:
    """Price level per year, first year of the table = 100."""
    table = pd.read_csv(CSV, comment="#").sort_values("year")
    out, level = {}, 100.0
    for i, (year, index) in enumerate(zip(table["year"], table["cpi_prev_year_100"])):
        level = level if i == 0 else level * index / 100
        out[int(year)] = level
    return out


def _level(year: int) -> float:
    known = levels()
    return known[min(max(year, min(known)), max(known))]


def factor(year: int, base_year: int) -> float:
    """Multiply an amount of `year` by this to express it in prices of `base_year`."""
    return _level(base_year) / _level(year)


def deflate(df: pd.DataFrame, columns: list[str], base_year: int, year_col: str = "fiscal_year") -> pd.DataFrame:
    """A copy with the amount columns in prices of base_year."""
    out = df.copy()
    factors = out[year_col].map(lambda y: factor(int(y), base_year))
    for c in columns:
        out[c] = out[c] * factors
    return out


def factors_cte(base_year: int | None) -> tuple[str, list]:
    """SQL `, prices AS (...)`: per year, the factor to prices of base_year (1 when base_year is None,
    i.e. nominal), for queries that rank real amounts in DuckDB. Join on clamped(year_sql)."""
    known = levels()
    years = sorted(known)
    values = [1.0] * len(years) if base_year is None else [factor(y, base_year) for y in years]
    return ", prices AS (SELECT unnest(?::INTEGER[]) AS year, unnest(?::DOUBLE[]) AS factor)", [years, values]


def clamped(year_sql: str) -> str:
    """SQL: the CPI table's year whose price level year_sql takes (the nearest known one)."""
    known = levels()
    return f"least(greatest({year_sql}, {min(known)}), {max(known)})"


def note(years, base_year: int) -> str:
    """One sentence for the page: what 'real' means here, and which years had no index."""
    known = levels()
    missing = sorted({int(y) for y in years} - set(known))
    text = f"实际金额按{SOURCE}折算为 {base_year} 年价格。"
    if missing:
        text += f"{'、'.join(map(str, missing))} 年尚无 CPI 数据，按价格不变处理。"
    return text
