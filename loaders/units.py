"""Unit identity across years and spellings, and the region a unit belongs to."""
from __future__ import annotations

import re

_SUFFIXES = ("（本级）", "(本级)", "本级")
_EXPANSIONS = (("管委会", "管理委员会"),)
_REGION = (
    re.compile(r"^(.{1,4}?[省市].{1,4}?[区县])"),  # 上海市普陀区
    re.compile(r"^(.{2,3}?)(?:市|产城融合示范区|示范区|县|区)"),  # 三门峡市, 济源产城融合示范区
)


def canonical_name(name: str) -> str:
    """A name with the variations that do not change the unit removed."""
    s = re.sub(r"\s+", "", name)
    for suffix in _SUFFIXES:
        if s.endswith(suffix):
            s = s[: -len(suffix)]
    for short, full in _EXPANSIONS:
        s = s.replace(short, full)
    return s


def region_of(name: str) -> str | None:
    s = re.sub(r"\s+", "", name)
    if s.startswith("中共"):
        s = s[2:]
    for pattern in _REGION:
        m = pattern.match(s)
        if m:
            return m.group(1)
    return None


def unit_id_of(name: str) -> str:
    return canonical_name(name)
