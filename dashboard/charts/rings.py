"""One document's functional classification as rings — 合计 in the middle, then 类, 款 and 项 — laid
out here (angles, radii, colours, which labels fit) so that structure.sunburst draws it with plain arc
and text marks: Vega-Lite has no sunburst of its own, and a Plotly one made 支出结构 wait for Plotly's
4.7 MB script before its first chart.

Each ring shows what its parent printed: a 类 whose 款 do not add up keeps the difference as its own
share of its arc, so nothing is lost; slices under SMALL_SLICE of the total are one 其他 per parent.
"""
from __future__ import annotations

import math

import pandas as pd

from ..style import PALETTE

SMALL_SLICE = 0.02  # slices under this share of the total are grouped as 其他 under their parent
CENTRE, RING = 64.0, 72.0  # pixels: the radius of the 合计 disc, the width of each ring
FONT_SIZE, LINE = 12, 15.0  # a label's font, and the pixels one of its lines takes
LINE_BREAK = "\n"  # between a label's lines (the text mark's lineBreak: Streamlit sends no lists in chart data)


def _parent(code: str, codes: set[str]) -> str:
    """The nearest printed ancestor: 项 '2010301' → 款 '20103' (or 类 '201' when no 款 row)."""
    return next((code[:n] for n in (5, 3) if len(code) > n and code[:n] in codes), "")


def _tint(colour: str, amount: float) -> str:
    """A hex colour mixed with white: 款 and 项 rings are lighter shades of their 类."""
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(c + (255 - c) * amount):02x}" for c in (r, g, b))


def _group_small(data: pd.DataFrame, whole: float) -> pd.DataFrame:
    """Rows under SMALL_SLICE of the whole (and what lies under them) become one 其他 slice per parent,
    worth their sum: a slice too thin to read is not drawn with a label like '0.00902%'."""
    small = set(data.loc[data["total"].fillna(0) < SMALL_SLICE * whole, "code"])
    parents = dict(zip(data["code"], data["parent"]))

    def under_small(code: str) -> bool:
        while code in parents:
            code = parents[code]
            if code in small:
                return True
        return False

    top_small = data[data["code"].isin(small) & ~data["code"].map(under_small)]
    kept = data[~data["code"].isin(small) & ~data["code"].map(under_small)]
    others = top_small.groupby("parent").agg(total=("total", "sum"), count=("code", "size"),
                                             source=("source", "first")).reset_index()
    colour = dict(zip(kept["code"], kept["colour"]))
    others = others.assign(
        code=others["parent"] + "·其他", name="其他", level=0, own=others["total"],
        share_pct=(100 * others["total"] / whole).round(1),
        colour=[_tint(colour.get(p, "#7f7f7f"), 0.6) for p in others["parent"]],
        detail=[f"合并 {n} 个不足 {SMALL_SLICE:.0%} 的科目" for n in others["count"]])
    return pd.concat([kept.assign(detail=kept["code"]), others.drop(columns="count")], ignore_index=True)


def tree(rows: pd.DataFrame) -> pd.DataFrame:
    """The 类/款/项 rows of one document as a tree under a 合计 root: each row's parent, its own value
    (what its children leave of its total), colour (one per 类, lighter shades for its 款 and 项)
    and detail (its code, or what a 其他 groups)."""
    data = rows[rows["level"].between(1, 3)].drop_duplicates("code").copy()
    codes = set(data["code"])
    data["parent"] = [_parent(c, codes) or "合计" for c in data["code"]]
    children = data.groupby("parent")["total"].sum()
    data["own"] = (data["total"].fillna(0) - data["code"].map(children).fillna(0)).clip(lower=0)
    classes = list(dict.fromkeys(c[:3] for c in data["code"]))
    data["colour"] = [_tint(PALETTE[classes.index(c[:3]) % len(PALETTE)], {1: 0, 2: 0.3, 3: 0.55}[lv])
                      for c, lv in zip(data["code"], data["level"])]
    whole = float(children.get("合计", 0.0))
    data = _group_small(data, whole) if whole > 0 else data.assign(detail=data["code"])
    root = pd.DataFrame([{"code": "合计", "parent": "", "name": "支出合计", "own": 0.0, "colour": "#ffffff",
                          "total": whole, "share_pct": 100.0, "source": data["source"].iloc[0], "detail": "合计"}])
    return pd.concat([root, data], ignore_index=True)


def _width(text: str) -> float:
    """Pixels a line takes at FONT_SIZE: a CJK character is as wide as the font is high, others about half."""
    return sum(FONT_SIZE if ord(ch) > 0x2E80 else 0.6 * FONT_SIZE for ch in text)


def _fits(lines: list[str], start: float, end: float, inner: float, outer: float) -> bool:
    """Whether a label's lines, written level, fit inside the slice between two angles (radians,
    clockwise from twelve o'clock) and two radii: its box measured along the radius and across it,
    across against the slice's arc where the box comes nearest the centre."""
    width, height = max(_width(t) for t in lines), LINE * len(lines)
    middle = (start + end) / 2
    along = width * abs(math.sin(middle)) + height * abs(math.cos(middle))
    across = width * abs(math.cos(middle)) + height * abs(math.sin(middle))
    near = (inner + outer - along) / 2  # the radius of the box's edge nearest the centre
    room = (end - start) * near if end - start < math.pi else 2 * near
    return along <= outer - inner and across <= room


def rings(rows: pd.DataFrame) -> pd.DataFrame:
    """The tree with each node's place: depth (0 for 合计), the angles its slice spans (start, end,
    radians clockwise from twelve o'clock; a node's arc is its own value plus its children's, and
    children run from their parent's start, the largest first), its radii (inner, outer) and its
    label (name and share of the total, on lines of their own) where it fits, else None."""
    nodes = tree(rows)
    under: dict[str, list[int]] = {}
    for i, parent in enumerate(nodes["parent"]):
        under.setdefault(parent, []).append(i)
    children = [under.get(code, []) for code in nodes["code"]]  # each node's children, by row
    value = nodes["own"].fillna(0).tolist()

    def grow(i: int) -> float:
        value[i] += sum(grow(c) for c in children[i])
        return value[i]

    whole = grow(0)
    per = whole or 1.0  # what a slice's value is divided by (a report of zeros has no slice)
    start, end, depth = [0.0] * len(nodes), [2 * math.pi] * len(nodes), [0] * len(nodes)

    def place(i: int) -> None:
        at = start[i]
        for c in sorted(children[i], key=lambda c: -value[c]):
            start[c], end[c], depth[c] = at, at + 2 * math.pi * value[c] / per, depth[i] + 1
            at = end[c]
            place(c)

    place(0)
    out = nodes.assign(value=value, start=start, end=end, depth=depth)
    out = out[(out["value"] > 0) | (out["depth"] == 0)].copy()  # a report of zeros: the 合计 disc alone
    out["inner"] = [0.0 if d == 0 else CENTRE + RING * (d - 1) for d in out["depth"]]
    out["outer"] = [CENTRE if d == 0 else CENTRE + RING * d for d in out["depth"]]
    out["label"] = [f"支出合计{LINE_BREAK}{whole:,.2f} 万元" if d == 0 else _label(str(n), f"{100 * v / per:.1f}%", s, e, r0, r1)
                    for d, n, v, s, e, r0, r1 in zip(out["depth"], out["name"], out["value"], out["start"],
                                                     out["end"], out["inner"], out["outer"])]
    return out.reset_index(drop=True)


def _label(name: str, share: str, start: float, end: float, inner: float, outer: float) -> str | None:
    """The slice's name (on one line, else wrapped on two or three) and share, as the first of these
    that fits the slice, its lines joined by newlines (LINE_BREAK); None when none does."""
    for parts in (1, 2, 3):
        step = math.ceil(len(name) / parts)
        lines = [name[i:i + step] for i in range(0, len(name), step)] + [share]
        if _fits(lines, start, end, inner, outer):
            return LINE_BREAK.join(lines)
    return None
