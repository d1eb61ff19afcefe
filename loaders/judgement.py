"""Thresholds of judgement, in one settings object read by the checks and by the pages: 数据核对 and the
绩效自评 page flag the same projects, and the 数据核对 page states the rounding the checks allow.

The tolerances of reading a printed figure, which the readers share (one printed cent, half a unit of a
text dump's last digit), stay in vocabulary.TOLERANCES; what a check calls a rounding tail, roughly
level or too flattering is here."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .vocabulary import TOLERANCES


@dataclass(frozen=True)
class Flattery:
    """A self-evaluated project scoring at least high_score while it spent less than low_rate percent
    of its budget: a score the figures beside it do not bear out."""
    high_score: Decimal = Decimal(90)
    low_rate: Decimal = Decimal(60)


@dataclass(frozen=True)
class Judgement:
    # a sum may miss its parts by one printed cent per summed term: a rounding tail ('info'), not an error
    per_term: Decimal = TOLERANCES.cent
    # a printed 完成率 (percent) off the computed one by more than a cent but at most this: a rounding tail
    rate_rounding: Decimal = Decimal("0.05")
    # 基本持平 / 大体一致: the two figures differ by at most this share of the base
    level: Decimal = Decimal("0.05")
    # a 绩效自评 执行率 printed this many percentage points off executed / budget (shared with the reader)
    rate_points: Decimal = TOLERANCES.rate_points
    flattery: Flattery = field(default_factory=Flattery)


JUDGEMENT = Judgement()
FLATTERY = JUDGEMENT.flattery  # the 绩效自评 page's name for its two thresholds
