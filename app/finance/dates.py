"""Calendar arithmetic for due dates."""

from __future__ import annotations

import calendar
from datetime import date


def add_months(start: date, months: int) -> date:
    """The same day ``months`` later, clamped to the month's end (31 Jan + 1 → 28/29 Feb).

    Always counted from ``start``, so a loan taken on 31 Jan is due on 28 Feb,
    then 31 Mar, then 30 Apr: the clamp never sticks.
    """
    year, month0 = divmod(start.month - 1 + months, 12)
    year += start.year
    last_day = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(start.day, last_day))
