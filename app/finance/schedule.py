"""The repayment schedule, to the fen.

Lenders compute each row's interest on the balance, round it half-up to the
fen, pay a level rounded installment, and let the LAST row absorb the
rounding so the principal sums exactly to the amount lent (DOMAIN.md §2).
This module is that procedure in exact integer arithmetic: amounts are ``int``
fen and rates are ``Fraction``s, so nothing drifts.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

from .quote import Repayment, Terms


@dataclass(frozen=True, slots=True)
class Row:
    """One installment, amounts in fen. ``n`` is the month it falls due (1-based)."""

    n: int
    principal: int
    interest: int
    fee: int
    balance: int

    @property
    def payment(self) -> int:
        return self.principal + self.interest + self.fee


def interest_on(balance: int, rate: Fraction) -> int:
    """``balance × rate`` rounded half-up to the fen, exactly."""
    numerator = balance * rate.numerator
    return (2 * numerator + rate.denominator) // (2 * rate.denominator)


def level_payment(principal: int, rate: Fraction, n: int) -> int:
    """等额本息 installment in fen: ``P·r / (1 − (1+r)^−n)``, rounded half-up.

    >>> level_payment(1_000_000, Fraction(1, 100), 12)   # 10,000 at 1%/month
    88849
    """
    if rate == 0:
        return (2 * principal + n) // (2 * n)
    with localcontext() as ctx:
        ctx.prec = 50
        r = Decimal(rate.numerator) / Decimal(rate.denominator)
        payment = Decimal(principal) * r / (1 - (1 + r) ** -n)
        return int(payment.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def equal_share(principal: int, n: int) -> int:
    """Principal per period for the equal-principal methods, rounded half-up."""
    return (2 * principal + n) // (2 * n)


def build(terms: Terms, *, rate: Fraction | None = None, installment: int | None = None) -> list[Row]:
    """The schedule for ``terms``; rows with nothing due (bullet months) are left out.

    ``rate`` overrides the balance rate and ``installment`` the level payment:
    reverse mode passes the rate implied by a stated installment.
    """
    r = terms.balance_rate if rate is None else rate
    n, method = terms.n, terms.method
    level = installment if installment is not None else terms.installment
    if method is Repayment.EQUAL_INSTALLMENT and level is None:
        level = level_payment(terms.principal, r, n)
    share = equal_share(terms.principal, n)
    fees = terms.flat_fees

    rows: list[Row] = []
    balance = terms.principal
    for k in range(1, n + 1):
        last = k == n
        fee = fees[k - 1]
        if method is Repayment.BULLET:
            # 一次性还本付息: simple interest for the whole term, all at maturity
            interest = interest_on(terms.principal, r * n) if last else 0
            principal = balance if last else 0
        else:
            interest = interest_on(balance, r)
            if last:
                principal = balance
                if installment is not None or terms.installment is not None:
                    # a stated installment is what is paid; the last row's split absorbs rounding
                    interest = max(level - principal, 0)  # type: ignore[operator]
            elif method is Repayment.EQUAL_INSTALLMENT:
                principal = min(max(level - interest, 0), balance)  # type: ignore[operator]
            elif method is Repayment.INTEREST_ONLY:
                principal = 0
            else:  # equal principal, with or without a flat fee
                principal = min(share, balance)
        balance -= principal
        if principal or interest or fee or last:
            rows.append(Row(k, principal, interest, fee, balance))
    return rows
