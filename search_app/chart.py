"""Geometry for the server-rendered attention-over-time SVG (no JavaScript, no plotting library)."""
from __future__ import annotations

import math
from dataclasses import dataclass

WIDTH, HEIGHT = 760, 300
LEFT, RIGHT, TOP, BOTTOM = 64, 40, 16, 48
# Colour-blind-safe palette (Okabe-Ito), all ≥ 3:1 against white for graphical objects.
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#8a6d00")


@dataclass(frozen=True)
class Series:
    """One query's values per period (count, and share of all articles in that period, 0..1)."""

    label: str
    counts: tuple[int, ...]
    shares: tuple[float, ...]
    colour: str
    points: str               # SVG polyline points for the chosen measure
    dots: tuple[tuple[float, float, str], ...]   # (x, y, period) for markers with a tooltip


@dataclass(frozen=True)
class Chart:
    """Everything the template needs to draw the chart and its data table."""

    periods: tuple[str, ...]
    totals: tuple[int, ...]
    series: tuple[Series, ...]
    measure: str                                   # "count" | "share"
    y_ticks: tuple[tuple[float, float], ...]       # (value, y)
    x_ticks: tuple[tuple[str, float], ...]         # (period, x)
    dot_radius: float = 4
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    bottom_y: int = HEIGHT - BOTTOM
    right_x: int = WIDTH - RIGHT


def period_range(first: str, last: str) -> list[str]:
    """Every period from first to last inclusive ('2019'..'2021' or '2019-11'..'2020-02')."""
    if len(first) == 4:
        return [str(y) for y in range(int(first), int(last) + 1)]
    y, m = int(first[:4]), int(first[5:])
    end = (int(last[:4]), int(last[5:]))
    out = []
    while (y, m) <= end:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _nice_step(top: float) -> float:
    """A round tick step giving about four intervals up to `top`."""
    raw = top / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def build_chart(named_counts: list[tuple[str, dict[str, int]]], totals: dict[str, int],
                measure: str) -> Chart | None:
    """Lay out one line per query over the continuous span of dated periods; None when nothing is dated."""
    dated = [p for _, counts in named_counts for p, c in counts.items() if c and p != "none"]
    if not dated:
        return None
    periods = period_range(min(dated), max(dated))
    total_row = tuple(int(totals.get(p, 0)) for p in periods)
    rows = []
    for label, counts in named_counts:
        row = tuple(int(counts.get(p, 0)) for p in periods)
        shares = tuple(c / t if t else 0.0 for c, t in zip(row, total_row))
        rows.append((label, row, shares))
    values = [v for _, row, shares in rows for v in (shares if measure == "share" else row)]
    step = _nice_step(max(values) or 1)
    if measure == "count":
        step = max(1.0, math.ceil(step))      # whole articles only
    top = step * max(1, -(-max(values) // step))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    span = max(1, len(periods) - 1)

    def x(i: int) -> float:
        return round(LEFT + (plot_w * i / span if len(periods) > 1 else plot_w / 2), 1)

    def y(v: float) -> float:
        return round(TOP + plot_h * (1 - v / top), 1)

    series = []
    for n, (label, row, shares) in enumerate(rows):
        vals = shares if measure == "share" else row
        dots = tuple((x(i), y(v), periods[i]) for i, v in enumerate(vals))
        series.append(Series(label, row, shares, COLOURS[n % len(COLOURS)],
                             " ".join(f"{a},{b}" for a, b, _ in dots), dots))
    every = max(1, -(-len(periods) // 12))
    x_ticks = tuple((periods[i], x(i)) for i in range(0, len(periods), every))
    y_ticks = tuple((step * k, y(step * k)) for k in range(int(round(top / step)) + 1))
    # Dense monthly series get small markers so the line stays readable.
    radius = 4 if len(periods) <= 60 else 2
    return Chart(tuple(periods), total_row, tuple(series), measure, y_ticks, x_ticks, radius)
