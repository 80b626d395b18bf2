"""Page layout: text segments → columns → lines in reading order.

An engine gives *segments*: runs of text on one baseline with their box.
This module finds the column gutters of a page (x ranges that no segment
crosses, with aligned text on both sides), cuts the page into horizontal
bands at segments that span a gutter (titles, mastheads), and reads each
band column by column, top to bottom. Pages are in PDF points with the origin
at the top-left, as in :class:`~lexnlp_cyber.document.Box`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass


@dataclass
class Segment:
    """A run of text on one baseline. ``soft`` marks a line that ended in a
    hyphen the engine flagged as a soft line break."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    soft: bool = False


@dataclass
class Line:
    """A line of a page in reading order. ``column`` is 0-based, or -1 for a
    line that spans the columns."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    page: int
    column: int = 0
    soft: bool = False
    kind: str = ""  # "" for body, else the furniture kind that removed it

    @property
    def height(self) -> float:
        return max(1.0, self.bottom - self.top)


# A gutter must be at least this wide (points) and leave this share of the
# segments on each side; narrower gaps are word spaces or indents.
MIN_GUTTER = 7.0
MIN_SIDE_SHARE = 0.08


def find_gutters(segments: list[Segment], width: float) -> list[tuple[float, float]]:
    """The x ranges of the column gutters of a page, left to right.

    A gutter is a vertical strip crossed by at most a few segments (spanning
    titles), with enough text on both sides whose left edges line up (a
    column start), in the middle 70% of the page."""
    body = [s for s in segments if s.x1 - s.x0 > 0 and s.text.strip()]
    if len(body) < 6:
        return []
    lo = min(s.x0 for s in body)
    hi = max(s.x1 for s in body)
    if hi - lo < 100:
        return []
    step = 1.0
    bins = int((hi - lo) / step) + 1
    cover = [0] * (bins + 1)
    for s in body:
        a = int((s.x0 - lo) / step)
        b = int((s.x1 - lo) / step)
        cover[a] += 1
        cover[min(b + 1, bins)] -= 1
    running = 0
    counts: list[int] = []
    for delta in cover[:bins]:
        running += delta
        counts.append(running)
    allowed = max(1, int(0.08 * len(body)))
    gutters: list[tuple[float, float]] = []
    start: int | None = None
    for index, count in enumerate(counts + [allowed + 1]):
        if count <= allowed:
            if start is None:
                start = index
        elif start is not None:
            g0, g1 = lo + start * step, lo + index * step
            start = None
            if g1 - g0 < MIN_GUTTER:
                continue
            if g0 < lo + 0.15 * (hi - lo) or g1 > hi - 0.15 * (hi - lo):
                continue
            gutters.append((g0, g1))
    return [g for g in gutters if _is_column_break(body, g, gutters)]


def _is_column_break(body: list[Segment], gutter: tuple[float, float],
                     gutters: list[tuple[float, float]]) -> bool:
    g0, g1 = gutter
    left = [s for s in body if s.x1 <= g0 + 0.5]
    right = [s for s in body if s.x0 >= g1 - 0.5]
    need = MIN_SIDE_SHARE * len(body)
    if len(left) < need or len(right) < need or len(left) < 4 or len(right) < 4:
        return False
    # The text right of the gutter must start at a common left edge: a column.
    # (Short lines scattered at the right, e.g. signatures, do not make one.)
    crossing = sum(1 for s in body if s.x0 < g0 and s.x1 > g1)
    if crossing == 0 and min(len(left), len(right)) >= 0.25 * len(body):
        return True
    nxt = min((h0 for h0, _ in gutters if h0 > g1), default=None)
    own = [s for s in right if nxt is None or s.x1 <= nxt + 0.5]
    if not own:
        return False
    edges = Counter(round(s.x0 / 3.0) for s in own)
    aligned = edges.most_common(1)[0][1] + sum(
        n for e, n in edges.items() if abs(e - edges.most_common(1)[0][0]) == 1)
    return aligned >= 0.4 * len(own)


def order(segments: list[Segment], width: float, page: int) -> tuple[list[Line], int]:
    """The lines of a page in reading order, and its number of columns."""
    gutters = find_gutters(segments, width)
    lines: list[Line] = []
    if not gutters:
        for seg in _merge_baselines(sorted(segments, key=lambda s: (s.top, s.x0))):
            lines.append(Line(seg.text, seg.x0, seg.top, seg.x1, seg.bottom, page, 0, seg.soft))
        return lines, 1
    def column_of(seg: Segment) -> int:
        # A segment spans when it crosses a whole gutter; otherwise its centre
        # decides (lines may reach a little into a gutter found by coverage).
        if any(seg.x0 < g0 and seg.x1 > g1 for g0, g1 in gutters):
            return -1
        centre = (seg.x0 + seg.x1) / 2
        return sum(1 for g0, g1 in gutters if (g0 + g1) / 2 < centre)

    spanning = sorted((s for s in segments if column_of(s) == -1), key=lambda s: s.top)
    placed = sorted((s for s in segments if column_of(s) != -1), key=lambda s: (s.top, s.x0))
    # Bands: the page is cut horizontally at every spanning segment.
    cuts = [s.top for s in spanning] + [float("inf")]
    band_start = float("-inf")
    span_iter = iter(spanning)
    for cut in cuts:
        band = [s for s in placed if band_start <= s.top < cut]
        for col in range(len(gutters) + 1):
            col_segs = [s for s in band if column_of(s) == col]
            for seg in _merge_baselines(col_segs):
                lines.append(Line(seg.text, seg.x0, seg.top, seg.x1, seg.bottom, page, col, seg.soft))
        span = next(span_iter, None)
        if span is not None:
            lines.append(Line(span.text, span.x0, span.top, span.x1, span.bottom, page, -1, span.soft))
        band_start = cut
    return lines, len(gutters) + 1


def _merge_baselines(segments: list[Segment]) -> list[Segment]:
    """Join segments that sit on the same baseline, left to right. The input
    is sorted by top; tops on one baseline may differ by a fraction of a point
    (superscripts, different fonts), hence the grouping by vertical overlap."""
    merged: list[Segment] = []
    group: list[Segment] = []

    def flush() -> None:
        if not group:
            return
        group.sort(key=lambda s: s.x0)
        line = group[0]
        for seg in group[1:]:
            gap = "" if seg.x0 - line.x1 < 0.5 else " "
            line = Segment(line.text + gap + seg.text, min(line.x0, seg.x0), min(line.top, seg.top),
                           max(line.x1, seg.x1), max(line.bottom, seg.bottom), seg.soft)
        merged.append(line)
        group.clear()

    for seg in segments:
        if group and not _same_line(group[0], seg):
            flush()
        group.append(seg)
    flush()
    return merged


def _same_line(a: Segment, b: Segment) -> bool:
    overlap = min(a.bottom, b.bottom) - max(a.top, b.top)
    return overlap > 0.5 * min(a.bottom - a.top, b.bottom - b.top)
