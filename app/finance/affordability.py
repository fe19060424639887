"""Can I afford it: debt-to-income before and after, its band, the stress line, the largest safe loan.

DTI = all monthly debt payments (existing + the new one) ÷ monthly net income
(DOMAIN.md §6). The band limits and the stress sizes are policy with sources,
so callers pass them in from the dated reference data; this module only does
the arithmetic.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from fractions import Fraction

from .cost import QuoteResult, price, price_terms
from .errors import FinanceError, InvalidInput
from .money import to_decimal
from .quote import MAX_PRINCIPAL, Quote, finite_decimal

_CENT = Decimal("0.01")


class Band(StrEnum):
    COMFORTABLE = "comfortable"
    STRETCHED = "stretched"
    OVER_STRETCHED = "over_stretched"


@dataclass(frozen=True)
class DtiBands:
    """Upper limits, in percent, of the comfortable and stretched bands (e.g. 35 and 50)."""

    comfortable_max: Decimal
    stretched_max: Decimal

    def band(self, dti_percent: Decimal) -> Band:
        """The band of a DTI, compared at two decimals (35.004% is still comfortable)."""
        shown = dti_percent.quantize(_CENT, rounding=ROUND_HALF_UP)
        if shown <= self.comfortable_max:
            return Band.COMFORTABLE
        if shown <= self.stretched_max:
            return Band.STRETCHED
        return Band.OVER_STRETCHED


@dataclass(frozen=True)
class Stress:
    """The same debts in a worse month: the rate ``rate_points`` higher, income ``income_cut`` lower."""

    rate_points: Decimal
    income_cut_percent: Decimal
    payment_rate_up: Decimal | None
    dti_rate_up: Decimal | None
    band_rate_up: Band | None
    dti_income_down: Decimal
    band_income_down: Band


@dataclass(frozen=True)
class Affordability:
    income: Decimal
    existing_payments: Decimal
    new_payment: Decimal
    dti_before: Decimal
    dti_after: Decimal
    band_before: Band
    band_after: Band
    room: Decimal  # monthly payment left before the comfortable band is exceeded (≥ 0)
    stress: Stress


def _amount(field: str, value: object, *, positive: bool) -> Decimal:
    number = finite_decimal(field, value)
    if number < 0 or (positive and number == 0):
        raise InvalidInput(field, "not_positive" if positive else "negative")
    if number > MAX_PRINCIPAL:
        raise InvalidInput(field, "too_large", maximum=MAX_PRINCIPAL)
    return number


def dti_percent(income: Decimal, payments: Decimal) -> Decimal:
    """Monthly debt payments as a percentage of monthly income (unrounded)."""
    return payments / income * 100


def assess(
    income: object,
    existing_payments: object,
    new_payment: object,
    bands: DtiBands,
    *,
    rate_points: Decimal = Decimal(3),
    income_cut_percent: Decimal = Decimal(20),
    payment_rate_up: Decimal | None = None,
) -> Affordability:
    """DTI before and after a new monthly payment, its band, and the stress line.

    ``payment_rate_up`` is the new payment with the rate ``rate_points`` higher
    (see ``stressed_payment``); without a quote it is unknown and left out.
    """
    inc = _amount("income", income, positive=True)
    debts = _amount("debts", existing_payments, positive=False)
    new = _amount("new_payment", new_payment, positive=False)
    before = dti_percent(inc, debts)
    after = dti_percent(inc, debts + new)
    room = max(bands.comfortable_max * inc / 100 - debts - new, Decimal(0)).quantize(_CENT)
    cut_income = inc * (100 - income_cut_percent) / 100
    income_down = dti_percent(cut_income, debts + new)
    rate_up = dti_percent(inc, debts + payment_rate_up) if payment_rate_up is not None else None
    return Affordability(
        income=inc,
        existing_payments=debts,
        new_payment=new,
        dti_before=before,
        dti_after=after,
        band_before=bands.band(before),
        band_after=bands.band(after),
        room=room,
        stress=Stress(
            rate_points=rate_points,
            income_cut_percent=income_cut_percent,
            payment_rate_up=payment_rate_up,
            dti_rate_up=rate_up,
            band_rate_up=bands.band(rate_up) if rate_up is not None else None,
            dti_income_down=income_down,
            band_income_down=bands.band(income_down),
        ),
    )


def stressed_payment(quote: Quote, rate_points: Decimal = Decimal(3)) -> QuoteResult:
    """The quote priced with ``rate_points`` more interest a year on the outstanding balance.

    For a rate on the balance this is exactly the nominal rate + 3 points; for a
    flat-fee product it adds interest on the balance on top of the fee, which
    raises the real APR by about the same points.
    """
    terms = quote.terms()
    if terms.installment is not None:
        raise InvalidInput("installment", "stress_needs_rate")
    extra = Fraction(to_decimal(rate_points)) / 1200
    return price_terms(quote, terms.with_extra_balance_rate(extra))


def max_principal(quote: Quote, budget: object) -> Decimal:
    """The largest whole-yuan principal whose monthly payment stays within ``budget``.

    Price, term and fees are the quote's own; percentage fees scale with the
    principal, fixed fees do not. Returns 0 when even 1 yuan is too much.
    """
    limit = _amount("budget", budget, positive=False)
    if quote.installment is not None:
        raise InvalidInput("installment", "max_principal_needs_rate")

    def payment(p: int) -> Decimal | None:
        try:
            return price(quote.with_principal(Decimal(p))).monthly_payment
        except FinanceError:
            return None  # e.g. a fixed fee at least this principal: not a loan

    def fits(p: int) -> bool:
        pay = payment(p)
        return pay is not None and pay <= limit

    top = int(MAX_PRINCIPAL)
    # Payments are affine in the principal up to rounding: two probes give a close guess.
    a, b = 10_000, 20_000
    pa, pb = payment(a), payment(b)
    if pa is None or pb is None or pb == pa:
        lo, hi = 0, top
    else:
        slope = (pb - pa) / (b - a)
        guess = int((limit - (pa - slope * a)) / slope)
        lo = min(max(int(guess * 0.995) - 1, 0), top)
        hi = min(max(int(guess * 1.005) + 2, 1), top)
        if lo and not fits(lo):
            lo = 0
        if fits(hi):
            lo, hi = hi, top
    if fits(top):
        return Decimal(top)
    while hi - lo > 1:  # invariant: lo fits (or is 0), hi does not fit
        mid = (lo + hi) // 2
        if fits(mid):
            lo = mid
        else:
            hi = mid
    return Decimal(lo)
