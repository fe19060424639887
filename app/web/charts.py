"""Server-rendered SVG charts: they print, need no script, and come with their data as a table.

``cost_bars`` turns a schedule into stacked bars (principal below, interest and
fees above) in chart coordinates; the template draws them. Long loans are
shown a year per bar so the chart stays readable on a phone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from ..finance import ScheduleRow

WIDTH, HEIGHT = 640, 240
PAD_LEFT, PAD_BOTTOM, PAD_TOP = 64, 28, 12
MAX_BARS = 36


@dataclass(frozen=True)
class Bar:
    label: int  # the installment's number, or the year's (Chart.by_year)
    principal: Decimal
    charges: Decimal  # interest + fees
    x: float
    width: float
    principal_y: float
    principal_h: float
    charges_y: float
    charges_h: float


@dataclass(frozen=True)
class Chart:
    bars: tuple[Bar, ...]
    by_year: bool
    top: Decimal
    ticks: tuple[tuple[float, Decimal], ...]  # (y, value)
    width: int = WIDTH
    height: int = HEIGHT
    left: int = PAD_LEFT
    baseline: float = HEIGHT - PAD_BOTTOM


def _nice_top(value: Decimal) -> Decimal:
    """A round axis maximum at or above ``value`` (1, 2 or 5 × a power of ten)."""
    if value <= 0:
        return Decimal(1)
    exponent = len(str(int(value))) - 1
    base = Decimal(10) ** exponent
    for step in (1, 2, 5, 10):
        if value <= step * base:
            return step * base
    return 10 * base


def cost_bars(schedule: Sequence[ScheduleRow]) -> Chart:
    """Stacked bars of principal vs interest + fees, per period (or per year past 36 periods)."""
    by_year = len(schedule) > MAX_BARS or (schedule and schedule[-1].n > MAX_BARS)
    groups: list[tuple[str, Decimal, Decimal]] = []
    if by_year:
        years: dict[int, list[Decimal]] = {}
        for row in schedule:
            year = (row.n - 1) // 12 + 1
            totals = years.setdefault(year, [Decimal(0), Decimal(0)])
            totals[0] += row.principal
            totals[1] += row.interest + row.fee
        groups = [(year, p, c) for year, (p, c) in years.items()]
    else:
        groups = [(row.n, row.principal, row.interest + row.fee) for row in schedule]

    top = _nice_top(max((p + c for _, p, c in groups), default=Decimal(1)))
    plot_w = WIDTH - PAD_LEFT - 8
    plot_h = HEIGHT - PAD_BOTTOM - PAD_TOP
    slot = plot_w / max(len(groups), 1)
    width = max(slot * 0.72, 1.0)
    scale = plot_h / float(top)
    bars = []
    for i, (label, principal, charges) in enumerate(groups):
        x = PAD_LEFT + i * slot + (slot - width) / 2
        ph = float(principal) * scale
        ch = float(charges) * scale
        base = HEIGHT - PAD_BOTTOM
        bars.append(Bar(label, principal, charges, round(x, 2), round(width, 2),
                        round(base - ph, 2), round(ph, 2), round(base - ph - ch, 2), round(ch, 2)))
    ticks = tuple((round(HEIGHT - PAD_BOTTOM - plot_h * k / 4, 2), top * k / 4) for k in range(5))
    return Chart(tuple(bars), bool(by_year), top, ticks)
