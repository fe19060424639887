"""What going wrong costs: one installment overdue, and paying only the minimum.

Both are estimates on stated assumptions (a 30-day month, the penalty or
revolving rate the caller passes), shown so a borrower sees the order of
magnitude in yuan, not as a lender's exact bill.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from .errors import InvalidInput
from .money import FEN, fen_of, round_half_up, yuan


def overdue_cost(payment: Decimal, daily_penalty_percent: Decimal, days: int = 30) -> Decimal:
    """Penalty interest on one unpaid installment: ``payment × daily rate × days``, to the fen."""
    if payment < 0 or daily_penalty_percent < 0 or days < 0:
        raise InvalidInput("payment", "negative")
    return (payment * daily_penalty_percent / 100 * days).quantize(FEN, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class MinimumPaymentPath:
    """Paying only the minimum on a revolving balance until it is cleared."""

    months: int
    total_paid: Decimal
    interest: Decimal
    cleared: bool  # False when the minimum never clears it within the horizon


def minimum_payment_path(
    balance: Decimal,
    minimum_percent: Decimal,
    daily_rate_percent: Decimal,
    *,
    minimum_floor: Decimal = Decimal(0),
    days_per_month: int = 30,
    horizon_months: int = 600,
) -> MinimumPaymentPath:
    """Months and money to clear ``balance`` paying ``minimum_percent`` of each bill.

    Each month the unpaid balance accrues simple daily interest
    (``balance × daily rate × 30``, to the fen, added to the next bill), and the
    borrower pays the larger of the minimum share and ``minimum_floor``, or the
    whole bill when it is smaller. 花呗 and most cards: minimum 10%, 0.05%/day.
    """
    if balance <= 0:
        raise InvalidInput("balance", "not_positive")
    if not 0 < minimum_percent <= 100:
        raise InvalidInput("minimum_percent", "out_of_range", minimum=0, maximum=100)
    owed = fen_of(balance)
    share = Fraction(minimum_percent) / 100
    daily = Fraction(daily_rate_percent) / 100
    floor = fen_of(minimum_floor)
    paid = interest = 0
    for month in range(1, horizon_months + 1):
        pay = min(owed, max(round_half_up(owed * share), floor, 1))
        paid += pay
        owed -= pay
        if owed == 0:
            return MinimumPaymentPath(month, yuan(paid), yuan(interest), True)
        accrued = round_half_up(owed * daily * days_per_month)
        interest += accrued
        owed += accrued
    return MinimumPaymentPath(horizon_months, yuan(paid), yuan(interest), False)
