"""Thresholds of judgement, one object each, read by the checks and by the pages: 数据核对 and the
绩效自评 page flag the same projects."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Flattery:
    """A self-evaluated project scoring at least high_score while it spent less than low_rate percent
    of its budget: a score the figures beside it do not bear out."""
    high_score: Decimal = Decimal(90)
    low_rate: Decimal = Decimal(60)


FLATTERY = Flattery()
