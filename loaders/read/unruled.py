"""Tables printed with no ruling line at all, read from where their words stand.

A run of lines with figures whose words line up makes a table: its columns are where the words of its
figure lines stand (the x ranges no word crosses; a header word over none adds a column left blank in
every row), its header the lines just above (their words go to the column under them; lines that
overlap in height make one row), and a line of words alone joins the row it belongs to: a label
wrapped over lines, a name printed above its figures, or an item of its own printed without figures.
A table printed empty is the lines of header words right under its caption (title, 单位：万元).
"""
from __future__ import annotations

from itertools import takewhile

from .lift import is_caption
from .pdf_lines import EDGE_TOLERANCE, ROW_NUMBER, Grid, Line, Word, item_word, rounded
from ..locate.tables import is_header_row


_WRAP = 1.6  # line heights: a table's lines follow one another no farther apart than this


def unruled_tables(lines: list[Line]) -> tuple[list[Grid], list[Line]]:
    """Tables printed without ruling lines, read from where their words stand; returns them and the
    lines left. A table is a run of lines around lines of figures, two lines at least with words in
    two columns or more, one of them figures (or one of header words over them); or, printed empty,
    lines of header words right under a caption (its title, 单位：万元), down to its items (合计)."""
    if not any(ln.body or is_caption(ln.raw["text"]) for ln in lines):
        return [], lines
    grids, used = [], set()
    i = 0
    while i < len(lines):
        if lines[i].body:
            start, head, body = _around_figures(lines, i, used)
            found = len([ln for ln in head + body if len(ln.words) >= 2]) >= 2 \
                or any(len(ln.words) >= 2 and is_header_row([w.text for w in ln.words]) for ln in head)
        else:
            start, head, body = i, _empty_table(lines, i), []
            found = bool(head)
        if found:
            grids.append(_grid(head, body))
            used.update(id(ln) for ln in head + body)
        i = max(i + 1, start + len(body))
    return grids, [ln for ln in lines if id(ln) not in used]


def _around_figures(lines: list[Line], at: int, used: set) -> tuple[int, list[Line], list[Line]]:
    """(first row's index, header, rows) of the table whose first line of figures is at `at`: items
    printed without figures right over it are its first rows when they stand in its columns; the
    header is the lines over those."""
    start = at
    while start > 0 and id(lines[start - 1]) not in used and not lines[start - 1].prose \
            and any(item_word(w.text) for w in lines[start - 1].words[:1]) \
            and lines[start].top - lines[start - 1].bottom <= _WRAP * lines[start].height:
        start -= 1
    for first in dict.fromkeys((start, at)):
        head = _header([ln for ln in lines[:first] if id(ln) not in used], lines[first])
        body = _run(lines, first, head)
        if any(ln.body for ln in body):
            break
    return first, head, body


def _empty_table(lines: list[Line], at: int) -> list[Line]:
    """The lines of a table printed without figures under the caption at `at`: header lines of two
    words or more (one of header words only: 项目, 科目, 支出 …), then its items, each close under the
    one before (none when a line of figures follows among them: that table is read from its figures)."""
    if not is_caption(lines[at].raw["text"]):
        return []
    block: list[Line] = []
    for line in lines[at + 1:]:
        above = block[-1] if block else lines[at]
        if line.top - above.bottom > _WRAP * max(line.height, above.height) or line.prose \
                or is_caption(line.raw["text"]):
            break
        if line.body:
            return []
        block.append(line)
    out: list[Line] = []
    for line in block:
        if len(line.words) < 2 and not (out and any(item_word(w.text) for w in line.words)):
            break
        out.append(line)
    return out if any(is_header_row([w.text for w in ln.words]) for ln in out) else []


def _run(lines: list[Line], start: int, head: list[Line]) -> list[Line]:
    """The lines of a table from its first line of figures down, each close under the one before (a
    caption or a sentence ends them): lines of figures, and lines of words that stand in its columns
    (those of all these lines' figures and of its header)."""
    block = [lines[start]]
    for line in lines[start + 1:]:
        if line.top - block[-1].bottom > _WRAP * max(line.height, block[-1].height) or line.prose \
                or is_caption(line.raw["text"]):
            break
        block.append(line)
    ranges = _ranges([ln for ln in block if ln.body], head)
    run = list(takewhile(lambda ln: ln.body or _aligned(ln, ranges), block))
    if not any(ln.body for ln in run):
        return run
    figures = min(w.x0 for ln in run if ln.body for w in ln.figure_words)
    while not run[-1].body:  # a table ends on its last row of figures or the rows under it: items, two
        if len(run[-1].words) >= 2 or any(item_word(w.text) for w in run[-1].words) \
                or all(w.x1 <= figures for w in run[-1].words):  # words or more, labels left of the figures
            break
        run.pop()
    return run


def _header(above: list[Line], first: Line) -> list[Line]:
    """The lines just above the first row of figures, each close over the next: no figures, no
    caption, no sentence."""
    head: list[Line] = []
    below = first
    for line in reversed(above):
        if below.top - line.bottom > _WRAP * max(line.height, below.height) or line.figures or line.prose \
                or is_caption(line.raw["text"]):
            break
        head.insert(0, line)
        below = line
    return head


def _ranges(rows: list[Line], head: list[Line] = ()) -> list[tuple[float, float]]:
    """The columns: the x ranges covered by the words of the rows (of the header line with most words
    when there are none), overlapping ranges merged, and those of header words over no such range (a
    column blank in every row; a header word over several columns does not join them)."""
    basis = rows or [max(head, key=lambda ln: len(ln.words))]
    spans = _merged(sorted((w.x0, w.x1) for ln in basis for w in ln.words))
    alone = [(w.x0, w.x1) for ln in head for w in ln.words if not any(w.x0 < b and w.x1 > a for a, b in spans)]
    return _merged(sorted(spans + alone))


def _merged(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    out: list[list[float]] = []
    for x0, x1 in spans:
        if out and x0 <= out[-1][1]:
            out[-1][1] = max(out[-1][1], x1)
        else:
            out.append([x0, x1])
    return [(a, b) for a, b in out]


def _aligned(line: Line, ranges: list[tuple[float, float]]) -> bool:
    """Every word of the line overlaps a column, or stands left of them all (labels over figures
    alone: a continuation page beginning with the figures of a label on the page before)."""
    return bool(ranges) and all(w.x1 <= ranges[0][0] or any(w.x0 < b and w.x1 > a for a, b in ranges)
                                for w in line.words)


def _grid(head: list[Line], body: list[Line]) -> Grid:
    """The table's rows: header lines that overlap in height make one row each; so does each line of
    figures with the lines beside it; a line of words alone starts the row of figures under it,
    continues the row above, or is a row of its own (an item printed without figures): see _joins."""
    ranges = _ranges(body, head)
    columns = _Columns(ranges, _edges(ranges, head + body))
    rows: list[list[Line]] = _bands(head)
    first_body = len(rows)
    bands = _bands(body)
    gaps = sorted(b[0].top - max(ln.bottom for ln in a) for a, b in zip(bands, bands[1:]))
    pitch = gaps[len(gaps) // 2] if gaps else float("inf")  # the gap between two rows, most often
    pending: list[Line] = []
    for k, band in enumerate(bands):
        if any(ln.body for ln in band):
            rows.append(pending + band)
            pending = []
            continue
        after = next((b for b in bands[k + 1:] if any(ln.body for ln in b)), None)
        between = bands[k + 1:bands.index(after)] if after else []
        way = "down" if pending else _joins(columns, band, rows[-1] if len(rows) > first_body else None,
                                                  bands[k + 1] if k + 1 < len(bands) else None, after, between,
                                                  pitch)
        if way == "down":
            pending += band
        elif way == "up":
            rows[-1] += band
        else:
            rows.append(band)
    if pending:
        rows.append(pending)
    cells = [columns.cells(band, header=k < first_body) for k, band in enumerate(rows)]
    boxes = [rounded(_union([ln.box for ln in band])) for band in rows]
    return Grid(cells, boxes, tuple((round(a, 2), round(b, 2)) for a, b in columns.ranges))


def _joins(columns: "_Columns", band: list[Line], above: list[Line] | None, below: list[Line] | None,
           figures: list[Line] | None, between: list[list[Line]], pitch: float) -> str:
    """Where a line of words alone belongs: 'down' to the row of figures under it, 'up' to the row
    above, or 'own' row.

    Under it when that row prints figures alone and the lines between are one label (each fills its
    column and stands closer to the next than the rows stand, none begins an item: a label wrapped over
    lines, or a name printed above its figures); or when the line begins an item (a code, '一、', '（三）',
    其中, 合计), the row's words in the line's columns continue it rather than begin items of their own
    (a label wrapped over lines, its figures on the last), and it stands closer to that row than to the
    row above (the lines of one cell stand closer than the rows). An item otherwise is a row of its own
    (printed without figures). A fragment of a label (words in one column) starts the row under it when
    it fills its column (it wraps) and stands closer to that row, continues the row above when that
    row's label fills its column, and is a row of its own otherwise; words in two columns, or a 行次,
    make a row of their own. Over the first row, the gap most often between two rows stands for the gap
    to the row above."""
    mine = columns.words(band)
    fragment = above is not None and not _starts_item(columns, band) and len(mine) == 1 \
        and not any(ROW_NUMBER.match(w.text) for ws in mine.values() for w in ws)
    wraps_above = fragment and columns.full(above, next(iter(mine)))
    theirs = columns.words(figures) if figures else {}
    gap_up = band[0].top - max(ln.bottom for ln in above) if above else pitch
    if figures is not None and not any(not w.figure for ws in theirs.values() for w in ws):
        chain = [band, *between]  # one label over these lines: each fills its column and stands closer to
        if all(columns.full(a, j) and not _starts_item(columns, b)  # the next than the rows do, none an item
               and b[0].top - max(ln.bottom for ln in a) < gap_up - EDGE_TOLERANCE
               for a, b in zip(chain, chain[1:]) for j in columns.words(a)):
            return "down"
    if figures is None or not any(not w.figure for ws in theirs.values() for w in ws):
        return "up" if wraps_above else "own"
    gap_down = below[0].top - max(ln.bottom for ln in band) if below else float("inf")
    if _starts_item(columns, band):
        below_words = [w for j in mine for w in theirs.get(j, [])]
        continues = below_words and not any(item_word(w.text) for w in below_words)
        return "down" if continues and gap_down < gap_up - EDGE_TOLERANCE else "own"
    if above is None:
        return "down"
    if not fragment:
        return "own"  # words in two columns, or a 行次: a row, not a piece of one label
    if columns.full(band, next(iter(mine))) and gap_down < gap_up - EDGE_TOLERANCE:
        return "down"
    return "up" if wraps_above else "own"


def _starts_item(columns: "_Columns", band: list[Line]) -> bool:
    """The band's first label (not a 行次 number) begins an item."""
    labels = [w for ln in band for w in ln.words if not w.figure and not ROW_NUMBER.match(w.text)]
    return bool(labels) and item_word(min(labels, key=lambda w: w.x0).text)


class _Columns:
    """Where the columns of an unruled table stand: each column's x range and the edges between them."""

    def __init__(self, ranges: list[tuple[float, float]], edges: list[float]):
        self.ranges, self.edges = ranges, edges

    def of(self, word: Word) -> int:
        """The first column a word covers half of (a header over several columns is its first one's, as
        a merged cell's text), else the one it overlaps most, or the one its middle falls in."""
        overlap = [min(word.x1, b) - max(word.x0, a) for a, b in self.ranges]
        covered = [j for j, (a, b) in enumerate(self.ranges) if overlap[j] >= (b - a) / 2 > 0]
        if len(covered) > 1:
            return covered[0]
        best = max(range(len(self.ranges)), key=lambda j: overlap[j])
        if overlap[best] > 0:
            return best
        mid = (word.x0 + word.x1) / 2
        return min(len(self.ranges) - 1, sum(1 for e in self.edges[1:-1] if e <= mid))

    def full(self, band: list[Line], j: int) -> bool:
        """Whether the band's last line printing in column j fills it (within a character and a half of
        the column's widest words): a label that wraps onto the next line."""
        lines = [ln for ln in band if any(self.of(w) == j for w in ln.words)]
        if not lines:
            return False
        last = max((w for w in lines[-1].words if self.of(w) == j), key=lambda w: w.x1)
        return last.x1 >= self.ranges[j][1] - 1.5 * max(c["size"] for c in last.chars)

    def words(self, band: list[Line]) -> dict[int, list[Word]]:
        out: dict[int, list[Word]] = {}
        for line in band:
            for w in line.words:
                out.setdefault(self.of(w), []).append(w)
        return out

    def cells(self, band: list[Line], header: bool = False) -> list[str]:
        """Each column's words, its lines top to bottom joined as they are (a wrapped cell), the words
        of one line left to right parted by a space. A header's words go by token: header cells of
        narrow columns stand closer than a character apart."""
        cells: list[dict[float, list[Word]]] = [{} for _ in self.ranges]
        for line in band:
            for w in ([Word([t]) for w in line.words for t in w.tokens] if header else line.words):
                cells[self.of(w)].setdefault(line.top, []).append(w)
        return ["".join(" ".join(w.text for w in sorted(c[top], key=lambda w: w.x0)) for top in sorted(c))
                for c in cells]


def _bands(lines: list[Line]) -> list[list[Line]]:
    """Lines grouped where they overlap in height (a cell of two lines beside a figure set between them)."""
    out: list[list[Line]] = []
    for line in sorted(lines, key=lambda ln: ln.top):
        if out and line.top < max(ln.bottom for ln in out[-1]) - EDGE_TOLERANCE:
            out[-1].append(line)
        else:
            out.append([line])
    return out


def _edges(ranges: list[tuple[float, float]], lines: list[Line]) -> list[float]:
    """Column edges: the table's left, the middle of each gap between columns, its right."""
    left = min([ranges[0][0]] + [w.x0 for ln in lines for w in ln.words])
    right = max([ranges[-1][1]] + [w.x1 for ln in lines for w in ln.words])
    return [left] + [(a[1] + b[0]) / 2 for a, b in zip(ranges, ranges[1:])] + [right]


def _union(boxes) -> tuple[float, float, float, float]:
    return min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)
