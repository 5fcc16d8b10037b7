"""Stage 2: ruling segments → merged lines → tables → cell grids with spans."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from operator import attrgetter

from cnbudget.converters.pdf.extract import Segment

SNAP = 2.0
"""Segments this close (points) on the cross axis are one line."""
JOIN = 3.0
"""Collinear segments with gaps up to this are one line; also the touch tolerance."""
MIN_GAP = 3.0
"""Grid positions closer than this are merged (double rules)."""
COVER = 0.6
"""A wall must cover this share of a cell side to separate two cells."""


@dataclass(slots=True)
class Grid:
    """A ruled table: column edges ``xs``, row edges ``ys`` and merged-cell owners."""

    xs: list[float]
    ys: list[float]
    owner: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    """Base cell (row, col) → top-left base cell of the merged cell covering it."""

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (self.xs[0], self.ys[0], self.xs[-1], self.ys[-1])

    @property
    def rows(self) -> int:
        return len(self.ys) - 1

    @property
    def cols(self) -> int:
        return len(self.xs) - 1

    def locate(self, x: float, y: float) -> tuple[int, int] | None:
        """Base cell (row, col) holding the point, or None outside the grid."""
        if not (self.xs[0] <= x <= self.xs[-1] and self.ys[0] <= y <= self.ys[-1]):
            return None
        c = min(bisect_right(self.xs, x) - 1, self.cols - 1)
        r = min(bisect_right(self.ys, y) - 1, self.rows - 1)
        return (r, c)

    def span(self, cell: tuple[int, int]) -> tuple[int, int, int, int]:
        """Rows and columns ``(r0, c0, r1, c1)`` (inclusive) of the merged cell at ``cell``."""
        owner = self.owner
        base = owner.get(cell, cell)
        r0, c0 = base
        r1, c1 = r0, c0
        while owner.get((r0, c1 + 1)) == base:
            c1 += 1
        while owner.get((r1 + 1, c0)) == base:
            r1 += 1
        return (r0, c0, r1, c1)

    def cell_bbox(self, cell: tuple[int, int]) -> tuple[float, float, float, float]:
        r0, c0, r1, c1 = self.span(cell)
        return (self.xs[c0], self.ys[r0], self.xs[c1 + 1], self.ys[r1 + 1])


_by_pos = attrgetter("pos")


def merge_segments(segments: Sequence[Segment]) -> list[Segment]:
    """Snap near-collinear segments together and join overlapping or touching ones."""
    out: list[Segment] = []
    for horizontal in (True, False):
        segs = sorted([s for s in segments if s.horizontal == horizontal], key=_by_pos)
        groups: list[list[Segment]] = []
        group: list[Segment] = []
        last = 0.0  # pos of the group's last segment
        for s in segs:
            pos = s.pos
            if group and pos - last <= SNAP:
                group.append(s)
            else:
                group = [s]
                groups.append(group)
            last = pos
        for g in groups:
            pos = sum([s.pos for s in g]) / len(g)
            spans = sorted([(s.start, s.end) for s in g])
            start, end = spans[0]
            for a, b in spans[1:]:
                if a <= end + JOIN:
                    if b > end:  # max(end, b)
                        end = b
                else:
                    out.append(Segment(horizontal, pos, start, end))
                    start, end = a, b
            out.append(Segment(horizontal, pos, start, end))
    return out


def find_tables(segments: Sequence[Segment]) -> list[list[Segment]]:
    """Connected groups of crossing lines with at least two of each direction.

    A horizontal and a vertical line are connected when they cross or come within
    :data:`JOIN` of each other."""
    hs = [s for s in segments if s.horizontal]
    vs = [s for s in segments if not s.horizontal]
    parent = list(range(len(hs) + len(vs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    reach = [(v.pos, v.start - JOIN, v.end + JOIN) for v in vs]
    for i, h in enumerate(hs):
        left, right, y = h.start - JOIN, h.end + JOIN, h.pos
        root = find(i)
        for j, (x, low, high) in enumerate(reach, len(hs)):
            if left <= x <= right and low <= y <= high:
                # parent[find(i)] = find(j), with i's root kept at hand
                other = find(j)
                parent[root] = other
                root = other
    groups: dict[int, list[Segment]] = {}
    for i, s in enumerate([*hs, *vs]):
        groups.setdefault(find(i), []).append(s)
    tables = [
        g
        for g in groups.values()
        if sum(s.horizontal for s in g) >= 2 and sum(not s.horizontal for s in g) >= 2
    ]
    return sorted(tables, key=lambda g: min(s.pos for s in g if s.horizontal))


def _positions(values: Sequence[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] < MIN_GAP:
            continue
        out.append(v)
    return out


def _near(lines: Sequence[Segment]) -> Callable[[float], list[Segment]]:
    """For a grid line's position, the ``lines`` that may lie on it (a few more than within
    ``SNAP + 0.5``: :func:`_covered` decides), in their order in ``lines``. Bounded cost:
    found by bisection, where a scan of every line for every grid line is quadratic in the
    lines of a table."""
    order = sorted(range(len(lines)), key=lambda i: lines[i].pos)
    keys = [lines[i].pos for i in order]
    reach = SNAP + 0.5 + 1e-6  # wider than _covered's test, whatever the rounding

    def near(pos: float) -> list[Segment]:
        found = order[bisect_left(keys, pos - reach):bisect_right(keys, pos + reach)]
        return [lines[i] for i in sorted(found)]

    return near


def _covered(lines: Sequence[Segment], pos: float, edges: Sequence[float]) -> list[bool]:
    """For each interval ``edges[i]..edges[i + 1]``: whether ruling at ``pos`` covers most
    of it (one pass per grid line rather than one per cell side). ``lines`` may be only
    those :func:`_near` finds: the result is the same."""
    wall = [(s.start, s.end) for s in lines if abs(s.pos - pos) <= SNAP + 0.5]
    out: list[bool] = []
    for a, b in pairwise(edges):
        got = 0.0
        for start, end in wall:
            # max(0.0, min(b, end) - max(a, start)), spelled out: this runs per cell side
            overlap = (end if end < b else b) - (start if start > a else a)
            if overlap > 0.0:
                got += overlap
        out.append(got >= COVER * (b - a))
    return out


def grid_edges(lines: Sequence[Segment]) -> tuple[list[float], list[float]]:
    """Column edges and row edges of one table's grid (a table from :func:`find_tables`)."""
    hs = [s for s in lines if s.horizontal]
    vs = [s for s in lines if not s.horizontal]
    xs = _positions([s.pos for s in vs] + [min(s.start for s in hs), max(s.end for s in hs)])
    ys = _positions([s.pos for s in hs] + [min(s.start for s in vs), max(s.end for s in vs)])
    return xs, ys


def build_grid(lines: Sequence[Segment],
               edges: tuple[list[float], list[float]] | None = None) -> Grid:
    """Grid of one table: edges from the lines (or ``edges``, from :func:`grid_edges`),
    merged cells where a wall is missing."""
    hs = [s for s in lines if s.horizontal]
    vs = [s for s in lines if not s.horizontal]
    xs, ys = edges if edges is not None else grid_edges(lines)
    grid = Grid(xs, ys)
    # walls[c][r]: cell (r, c) has its left wall (c > 0); floors[r][c]: its top one (r > 0)
    near_x, near_y = _near(vs), _near(hs)
    walls = [_covered(near_x(x), x, ys) if c else [] for c, x in enumerate(xs[:-1])]
    floors = [_covered(near_y(y), y, xs) if r else [] for r, y in enumerate(ys[:-1])]
    owner: dict[tuple[int, int], tuple[int, int]] = {}
    for r in range(grid.rows):
        floor = floors[r]
        for c in range(grid.cols):
            own = (r, c)
            if c > 0 and not walls[c][r]:
                own = owner[(r, c - 1)]
            if r > 0 and not floor[c]:
                up = owner[(r - 1, c)]
                if own in ((r, c), up):
                    own = up
            owner[(r, c)] = own
    grid.owner = owner
    return grid
