"""Unit identity across years and spellings, and the region a unit belongs to.

The same unit prints its name differently over the years (济源示范区管委会办公室 / 济源产城融合示范区
管理委员会办公室（本级）). unit_id is the name with sound rules applied: whitespace and （本级） dropped,
管委会 expanded, a region's known short form replaced by its full name. What the rules cannot see, a
user states in data/unit_aliases.csv (alias,unit_id), applied when loading and by `loaders units`.
"""
from __future__ import annotations

import csv
import os
import re
from pathlib import Path

_SUFFIXES = ("（本级）", "(本级)", "本级")
_EXPANSIONS = (("管委会", "管理委员会"),)
# Short forms of region names used by their own governments' units, with the full form.
_REGION_SHORT_FORMS = (("济源示范区", "济源产城融合示范区"),)
_REGION = (
    re.compile(r"^(.{1,4}?[省市].{1,4}?[区县])"),  # 上海市普陀区
    re.compile(r"^(.{2,3}?)(?:市|产城融合示范区|示范区|县|区)"),  # 三门峡市, 济源产城融合示范区
)
ALIASES_CSV = Path(os.environ.get("BUDGET_LENS_ALIASES",
                                  Path(__file__).resolve().parents[1] / "data" / "unit_aliases.csv"))


def canonical_name(name: str) -> str:
    """A name with the variations that do not change the unit removed."""
    s = re.sub(r"\s+", "", name)
    for suffix in _SUFFIXES:
        if s.endswith(suffix):
            s = s[: -len(suffix)]
    for short, full in _EXPANSIONS + _REGION_SHORT_FORMS:
        if full not in s:
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


def read_aliases(path: Path | None = None) -> dict[str, str]:
    """User-stated merges: canonical alias name → unit_id (both canonicalised)."""
    path = path or ALIASES_CSV
    if not path.is_file():
        return {}
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r.get("alias") and r.get("unit_id")]
    return {canonical_name(r["alias"]): canonical_name(r["unit_id"]) for r in rows}


def unit_id_of(name: str, aliases: dict[str, str] | None = None) -> str:
    key = canonical_name(name)
    if aliases is None:
        aliases = read_aliases()
    return aliases.get(key, key)
