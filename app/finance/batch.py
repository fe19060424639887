"""Price many offers in one vectorised pass (the comparison table).

The comparison prices every catalog product at several terms, plus the offers
the borrower typed in. ``price_batch`` does the same arithmetic as ``price``
on whole arrays: one numpy step per month for all offers together, then one
vectorised IRR solve.

It gives exactly the scalar engine's answers: rounding is done in floating
point, and any product that lands within 1e-4 fen of a half (where floating
point could round the other way) is recomputed in exact integer arithmetic.
Bullet loans and reverse-mode quotes (a stated installment) are few and are
priced one by one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .cost import QuoteResult, price
from .errors import FinanceError
from .quote import Quote, Repayment, Terms
from .rates import regular_irr_rows
from .schedule import interest_on, level_payment

_TIE = 1e-4  # fen: closer than this to a half, round in exact arithmetic


@dataclass(frozen=True)
class BatchResult:
    """Per-offer figures, index-aligned with the quotes; money in fen (int64).

    ``errors[j]`` holds the ``FinanceError`` of an offer that cannot be priced
    (its figures are then zero); one bad offer never spoils the others.
    """

    apr_percent: np.ndarray
    effective_annual_percent: np.ndarray
    first_payment: np.ndarray
    last_payment: np.ndarray
    monthly_payment: np.ndarray
    payments: np.ndarray
    interest: np.ndarray
    cost: np.ndarray
    received: np.ndarray
    errors: tuple[FinanceError | None, ...]

    def __len__(self) -> int:
        return len(self.errors)


def _round_half_up(x: np.ndarray, exact) -> np.ndarray:
    """Half-up rounding of non-negative floats; near-halves go to ``exact(index)``."""
    out = np.floor(x + 0.5)
    near = np.abs(x - np.floor(x) - 0.5) < _TIE
    for j in zip(*np.nonzero(near)):
        out[j] = exact(j if len(j) > 1 else j[0])
    return out.astype(np.int64)


def schedule_arrays(group: Sequence[Terms]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Principal, interest and fee matrices (offers × months, int64 fen) for terms of one method and term."""
    m, n, method = len(group), group[0].n, group[0].method
    principal0 = np.array([t.principal for t in group], dtype=np.int64)
    exact_rates = [t.balance_rate for t in group]
    rate = np.array([float(r) for r in exact_rates])
    fees = np.repeat(np.array([t.period_fee for t in group], dtype=np.int64)[:, None], n, axis=1)
    fees[:, 0] += np.array([t.first_extra for t in group], dtype=np.int64)
    fees[:, -1] += np.array([t.last_extra for t in group], dtype=np.int64)

    principal = np.zeros((m, n), dtype=np.int64)
    interest = np.zeros((m, n), dtype=np.int64)
    if method is Repayment.EQUAL_INSTALLMENT:
        p = principal0.astype(float)
        with np.errstate(divide="ignore", invalid="ignore"):
            annuity = np.where(rate > 0, p * rate / (1.0 - (1.0 + rate) ** -n), p / n)
        level = _round_half_up(annuity, lambda j: level_payment(int(principal0[j]), exact_rates[j], n))
    else:
        share = (2 * principal0 + n) // (2 * n)
    balance = principal0.copy()
    for k in range(n):
        raw = balance * rate
        owed = balance.copy()
        interest[:, k] = _round_half_up(raw, lambda j, b=owed: interest_on(int(b[j]), exact_rates[j]))
        if k == n - 1:
            principal[:, k] = balance
        elif method is Repayment.EQUAL_INSTALLMENT:
            principal[:, k] = np.minimum(np.maximum(level - interest[:, k], 0), balance)
        elif method is Repayment.INTEREST_ONLY:
            pass
        else:
            principal[:, k] = np.minimum(share, balance)
        balance = balance - principal[:, k]
    return principal, interest, fees


def price_batch(quotes: Sequence[Quote]) -> BatchResult:
    """Price every quote; the same figures as ``price`` applied one by one."""
    m = len(quotes)
    apr = np.zeros(m)
    eff = np.zeros(m)
    money = {k: np.zeros(m, dtype=np.int64) for k in ("first", "last", "monthly", "payments", "interest", "cost", "received")}
    errors: list[FinanceError | None] = [None] * m

    groups: dict[tuple[Repayment, int], list[tuple[int, Terms]]] = defaultdict(list)
    singles: list[int] = []
    for j, quote in enumerate(quotes):
        try:
            terms = quote.terms()
        except FinanceError as exc:
            errors[j] = exc
            continue
        if terms.method is Repayment.BULLET or terms.installment is not None:
            singles.append(j)
        else:
            groups[(terms.method, terms.n)].append((j, terms))

    for (method, n), members in groups.items():
        idx = np.array([j for j, _ in members])
        group = [t for _, t in members]
        principal, interest, fees = schedule_arrays(group)
        payment = principal + interest + fees
        gaps = np.any(payment == 0, axis=1)
        if gaps.any():  # a month with nothing due: the scalar engine drops it, so let it price these
            singles.extend(int(j) for j in idx[gaps])
            keep = ~gaps
            idx, principal, interest, payment = idx[keep], principal[keep], interest[keep], payment[keep]
            group = [t for t, k in zip(group, keep) if k]
            if not group:
                continue
        advance = np.array([t.advance for t in group], dtype=np.int64)
        received = np.array([t.received for t in group], dtype=np.int64)
        signing = np.array([t.signing_fee for t in group], dtype=np.int64)
        try:
            rate = regular_irr_rows(advance.astype(float), payment.astype(float))
        except FinanceError:
            rate = None
        if rate is None:  # some row has no rate: price the group one by one to say which
            for j in idx:
                singles.append(int(j))
            continue
        apr[idx] = rate * 12 * 100
        eff[idx] = ((1.0 + rate) ** 12 - 1.0) * 100
        paid = payment.sum(axis=1) + signing
        money["first"][idx] = payment[:, 0]
        money["last"][idx] = payment[:, -1]
        regular = payment[:, :-1] if method is Repayment.INTEREST_ONLY and n > 1 else payment
        money["monthly"][idx] = regular.max(axis=1)
        money["payments"][idx] = paid
        money["interest"][idx] = interest.sum(axis=1)
        money["cost"][idx] = paid - received
        money["received"][idx] = received

    for j in singles:
        try:
            result = price(quotes[j])
        except FinanceError as exc:
            errors[j] = exc
            continue
        _fill(j, result, apr, eff, money)

    return BatchResult(
        apr_percent=apr,
        effective_annual_percent=eff,
        first_payment=money["first"],
        last_payment=money["last"],
        monthly_payment=money["monthly"],
        payments=money["payments"],
        interest=money["interest"],
        cost=money["cost"],
        received=money["received"],
        errors=tuple(errors),
    )


def _fen(amount) -> int:
    return int(amount * 100)


def _fill(j: int, r: QuoteResult, apr: np.ndarray, eff: np.ndarray, money: dict[str, np.ndarray]) -> None:
    apr[j] = r.apr_percent
    eff[j] = r.effective_annual_percent
    money["first"][j] = _fen(r.first_payment)
    money["last"][j] = _fen(r.last_payment)
    money["monthly"][j] = _fen(r.monthly_payment)
    money["payments"][j] = _fen(r.totals.payments)
    money["interest"][j] = _fen(r.totals.interest)
    money["cost"][j] = _fen(r.totals.cost)
    money["received"][j] = _fen(r.totals.received)

