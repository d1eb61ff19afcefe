"""Unit identity across years and spellings.

The same unit prints its name differently over the years (济源示范区管委会办公室 / 济源产城融合示范区
管理委员会办公室（本级）, 中共X委办公厅 / 中国共产党X委员会办公厅 / X委办公厅). unit_id is the name with
sound rules applied: whitespace and （本级） dropped, short forms expanded, the organs of a region's
party committee and CPPCC spelled one way. What the rules cannot see, a user states in
data/unit_aliases.csv (alias,unit_id), applied when loading and by `loaders units`.
"""
from __future__ import annotations

import codecs
import csv
import os
import re
from pathlib import Path

from .regions import leading_place, region_of  # noqa: F401  (region_of: the region a unit belongs to)

_ALIASES_ENCODING = "utf-8-sig"
codecs.lookup(_ALIASES_ENCODING)  # its codec imported here, before readers are forked (see regions.py's first match)
_SUFFIXES = ("（本级）", "(本级)", "本级")
_EXPANSIONS = (("管委会", "管理委员会"), ("人大常委会", "人民代表大会常务委员会"),
               ("人民代表大会常委会", "人民代表大会常务委员会"))
# Short forms of region names used by their own governments' units, with the full form.
_REGION_SHORT_FORMS = (("济源示范区", "济源产城融合示范区"),)
_PARTY, _PARTY_LONG = "中共", "中国共产党"
_LEVEL_ORGAN = re.compile("^[省市县区](委|人民|政府|政协|人大|纪委|监委)")
_CPPCC, _CPPCC_LONG = "政协", "中国人民政治协商会议"
ALIASES_CSV = Path(os.environ.get("BUDGET_LENS_ALIASES",
                                  Path(__file__).resolve().parents[2] / "data" / "unit_aliases.csv"))


def canonical_name(name: str) -> str:
    """A name with the variations that do not change the unit removed."""
    s = re.sub(r"\s+", "", name)
    for suffix in _SUFFIXES:
        if s.endswith(suffix):
            s = s[: -len(suffix)]
    for short, full in _EXPANSIONS + _REGION_SHORT_FORMS:
        if full not in s:
            s = s.replace(short, full)
    return _organ_spelling(s)


def _organ_spelling(s: str) -> str:
    """Party and CPPCC organs of any region spelled one way, the government read from the division list:
    中国共产党X委员会办公厅 / X委办公厅 → 中共X委办公厅; 政协X委员会… / X政协… → 中国人民政治协商会议X委员会…"""
    organ = next((o for o in (_PARTY_LONG, _PARTY, _CPPCC_LONG, _CPPCC) if s.startswith(o)), "")
    body = s[len(organ):]
    place = leading_place(body)
    if place is None:
        return _PARTY + body if organ == _PARTY_LONG else s
    government, rest = body[: place.end], body[place.end:]
    if organ in (_PARTY, _PARTY_LONG) or (not organ and re.match("委(?!员会)", rest)):
        return _PARTY + government + re.sub("^委员会", "委", rest)
    if organ or rest.startswith(_CPPCC):
        rest = rest if organ else rest[len(_CPPCC):]
        return _CPPCC_LONG + government + "委员会" + re.sub("^委员会", "", rest)
    return s


def read_aliases(path: Path | None = None) -> dict[str, str]:
    """User-stated merges: canonical alias name → unit_id (both canonicalised)."""
    path = path or ALIASES_CSV
    if not path.is_file():
        return {}
    with open(path, encoding=_ALIASES_ENCODING, newline="") as f:
        rows = [r for r in csv.DictReader(f) if r.get("alias") and r.get("unit_id")]
    return {canonical_name(r["alias"]): canonical_name(r["unit_id"]) for r in rows}


def unit_id_of(name: str, aliases: dict[str, str] | None = None, region: str | None = None) -> str:
    """The unit's key: its canonical name, a name without its place ('省委办公厅') placed in its region
    first (江苏省 → 中共江苏省委办公厅), then the user's aliases."""
    key = canonical_name(placed(name, region))
    if aliases is None:
        aliases = read_aliases()
    return aliases.get(key, key)


def placed(name: str, region: str | None) -> str:
    """An organ of a government named by its level instead of its place ('省委办公厅', '市人民检察院') with
    the place of that level put in: '江苏省委办公厅'. Other names as they are (市场监督管理局 is no 市)."""
    s = re.sub(r"\s+", "", name)
    if not region or not _LEVEL_ORGAN.match(s) or leading_place(s) is not None or not region.endswith(s[0]):
        return s
    return region + s[1:]
