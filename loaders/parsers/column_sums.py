"""Which reading of each row a table's own sums allow: a reading is kept only when every other one is impossible.

A row that lost its columns may fit several placements of its figures. The report guarantees sums
down the table, column by column (合计 = Σ 类, 类 = Σ its 款, 款 = Σ its 项), so a reading of one row is
possible only if some choice for every other row makes all those sums hold. A row is settled when
exactly one of its readings is possible and every other is proven impossible; once the searches
have run too long nothing more is proven, so the rows left stay unsettled rather than guessed.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Hashable

Option = tuple[tuple[Decimal, ...], Hashable]  # (cell values, what the reading means: e.g. (basic, project))
_STEPS = 50_000  # search steps per table, all questions together


def settled(options: list[list[Option]], groups: list[tuple[int, list[int]]], unit: Decimal) -> list:
    """For each row, the meaning every possible choice agrees on, else None.

    options[i]: row i's readings; groups: (parent row, its part rows) whose cell values must add up
    within the rounding of the printed figures (half a unit of their last digit per term)."""
    groups = [(p, cs) for p, cs in groups if options[p] and all(options[c] for c in cs)]
    search = _Search(options, groups, unit)
    feasible = [set() for _ in options]
    if not search.solve(None, None, feasible):
        return [_single(opts) for opts in options]  # the sums never hold: nothing beyond each row alone
    out = []
    for i, opts in enumerate(options):
        meanings = {m for _, m in opts}
        if len(meanings) <= 1:
            out.append(next(iter(meanings), None))
            continue
        impossible = {m for m in meanings - feasible[i] if search.solve(i, m, feasible) is False}
        possible = meanings - impossible
        out.append(next(iter(possible)) if len(possible) == 1 and possible <= feasible[i] else None)
    return out


def _single(opts: list[Option]):
    meanings = {m for _, m in opts}
    return next(iter(meanings)) if len(meanings) == 1 else None


class _Search:
    """Depth-first choice of one reading per row, pruned by the range each sum can still reach."""

    def __init__(self, options, groups, unit):
        self.options = options
        self.groups = groups
        self.tols = [unit / 2 * (len(cs) + 1) for _, cs in groups]
        self.member: dict[int, list[tuple[int, int]]] = {}  # row -> [(group, sign)]
        for g, (p, cs) in enumerate(groups):
            self.member.setdefault(p, []).append((g, 1))
            for c in cs:
                self.member.setdefault(c, []).append((g, -1))
        self.rows = sorted(self.member)
        self.steps = 0

    def solve(self, row, meaning, feasible) -> bool | None:
        """Whether the sums can hold with `row` read as `meaning` (True / False / None: gave up).
        Each solution found marks its meanings possible in `feasible`."""
        choices = {r: [o for o in self.options[r] if r != row or o[1] == meaning] for r in self.rows}
        if row is not None and row not in self.member:
            return any(o[1] == meaning for o in self.options[row])
        width = len(next(iter(self.options[self.rows[0]]))[0]) if self.rows else 0
        lo = [[Decimal(0)] * width for _ in self.groups]
        hi = [[Decimal(0)] * width for _ in self.groups]
        bounds = {}
        for r in self.rows:
            for g, sign in self.member[r]:
                for j in range(width):
                    values = [sign * o[0][j] for o in choices[r]]
                    bounds[r, g, j] = (min(values), max(values))
                    lo[g][j] += bounds[r, g, j][0]
                    hi[g][j] += bounds[r, g, j][1]
        picked: dict[int, Option] = {}
        found = self._dfs(0, choices, picked, lo, hi, bounds, width)
        if found:
            for r, option in picked.items():
                feasible[r].add(option[1])
        return found

    def _dfs(self, depth, choices, picked, lo, hi, bounds, width) -> bool | None:
        if depth == len(self.rows):
            return True
        r = self.rows[depth]
        gave_up = False
        for option in choices[r]:
            self.steps += 1
            if self.steps > _STEPS:
                return None
            self._shift(r, option, lo, hi, bounds, width, 1)
            if self._reachable(r, lo, hi, width):
                picked[r] = option
                found = self._dfs(depth + 1, choices, picked, lo, hi, bounds, width)
                if found:
                    return True
                gave_up = gave_up or found is None
                del picked[r]
            self._shift(r, option, lo, hi, bounds, width, -1)
            if gave_up:
                return None
        return False

    def _shift(self, r, option, lo, hi, bounds, width, direction) -> None:
        """Narrow (direction 1) or widen back (-1) the reachable ranges for row r read as option."""
        for g, sign in self.member[r]:
            for j in range(width):
                low, high = bounds[r, g, j]
                value = sign * option[0][j]
                lo[g][j] += direction * (value - low)
                hi[g][j] += direction * (value - high)

    def _reachable(self, r, lo, hi, width) -> bool:
        return all(lo[g][j] - self.tols[g] <= 0 <= hi[g][j] + self.tols[g]
                   for g, _ in self.member[r] for j in range(width))
