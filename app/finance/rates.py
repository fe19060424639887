"""Annual rates from cash flows: the actuarial APR, the effective rate, the EU APRC.

Three definitions, one solver discipline:

* **Actuarial APR** (US Regulation Z, Appendix J; also China's 年化利率 for
  monthly schedules, PBoC 公告〔2021〕第3号): find the unit-period rate ``i`` with

      Σ A_k / ((1 + e_k·i)(1 + i)^q_k)  =  Σ P_j / ((1 + f_j·i)(1 + i)^t_j)

  (advances A at ``q + e`` unit periods, payments P at ``t + f``; a fraction of
  a period earns simple interest), then APR = ``i × unit periods a year``.
* **Effective annual rate** (复利): ``(1 + i)^w − 1``.
* **EU APRC** (Directive 2008/48/EC Annex I): ``Σ C_k (1+X)^−t_k = Σ D_l (1+X)^−s_l``
  with times in years; X is already annual and effective.

The solver is Newton's method inside a bracket ``[lo, hi]`` that always holds a
sign change; a step that leaves the bracket is replaced by bisection, and the
answer is accepted only when it checks (finite, > −1, NPV ≈ 0). No NaN ever
leaves this module: when no rate exists, ``NoRateError`` says so.

For a loan (money in first, payments after), the NPV of the payments falls as
the rate rises, so the rate is unique; ``regular_irr`` exploits that for the
common case of payments at whole periods 1..n (one numpy pass per Newton step).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from .errors import NoRateError

MAX_PERIOD_RATE = 1e6  # 100,000,000% a period: beyond it no loan lives
_TOL = 1e-13
_MAX_ITER = 200


@dataclass(frozen=True, slots=True)
class Flow:
    """An amount at ``t`` whole unit periods plus a fraction ``f`` of one."""

    amount: float
    t: int
    f: float = 0.0


_NUMPY_FROM = 48  # below this many payments a plain loop beats numpy's per-call overhead


def _npv_regular(rate: float, advance: float, payments, periods) -> tuple[float, float]:
    """NPV of the payments less the advance at ``rate``, and its derivative."""
    v = 1.0 / (1.0 + rate)
    if isinstance(payments, np.ndarray):
        discounted = payments * v ** periods
        return float(discounted.sum()) - advance, -float((discounted * periods).sum()) * v
    npv = slope = 0.0
    for amount, t in zip(payments, periods):
        d = amount * v**t
        npv += d
        slope += d * t
    return npv - advance, -slope * v


def regular_irr(advance: float, payments: Sequence[float] | np.ndarray, periods: np.ndarray | None = None) -> float:
    """Period rate ``i`` with ``advance = Σ payments[j] / (1+i)^periods[j]`` (periods default 1..n).

    ``advance`` is the money received at time 0; every payment must be ≥ 0.

    >>> round(regular_irr(10_000, [888.49] * 11 + [888.47]) * 12, 6)   # 等额本息 at 1%/month
    0.120001
    """
    count = len(payments)
    if count >= _NUMPY_FROM:
        pay = np.asarray(payments, dtype=float)
        per = np.arange(1, count + 1, dtype=float) if periods is None else np.asarray(periods, dtype=float)
        finite, negative = bool(np.all(np.isfinite(pay))), bool(np.any(pay < 0))
        total, weighted = float(pay.sum()), float((pay * per).sum())
    else:
        pay = [float(x) for x in payments]
        per = list(range(1, count + 1)) if periods is None else [float(t) for t in periods]
        finite = all(math.isfinite(x) for x in pay)
        negative = any(x < 0 for x in pay)
        total, weighted = sum(pay), sum(a * t for a, t in zip(pay, per))
    if advance <= 0 or count == 0 or negative or not finite:
        raise NoRateError("payments", "not_a_loan")
    if total < advance:
        raise NoRateError("payments", "repaid_less_than_received")
    if total == advance:
        return 0.0
    # First guess: the rate at which a level stream of the same total would repay
    # the advance over the mean term (exact for one payment), then Newton. NPV is
    # decreasing and convex in the rate, so a step from the right lands on the left
    # and from there Newton climbs monotonically: the bracket only guards rounding.
    mean_time = weighted / total
    rate = (total / advance) ** (1.0 / mean_time) - 1.0
    lo, hi = 0.0, MAX_PERIOD_RATE
    for _ in range(_MAX_ITER):
        npv, slope = _npv_regular(rate, advance, pay, per)
        if npv > 0:
            lo = max(lo, rate)
        else:
            hi = min(hi, rate)
        step = npv / slope
        new = rate - step
        if not (lo < new < hi):
            new = (lo + hi) / 2 if hi < MAX_PERIOD_RATE else max(2 * rate, rate + 1.0)
        if abs(new - rate) <= _TOL * max(1.0, abs(rate)):
            rate = new
            break
        rate = new
    return _checked(rate, lambda r: _npv_regular(r, advance, pay, per)[0], advance)


def _checked(rate: float, npv: Callable[[float], float], scale: float) -> float:
    if not math.isfinite(rate) or rate <= -1:
        raise NoRateError("payments", "no_rate")
    if abs(npv(rate)) > 1e-6 * max(scale, 1.0):
        raise NoRateError("payments", "no_rate")
    return float(rate)


def _solve(g: Callable[[float], tuple[float, float]], scale: float) -> float:
    """Root of ``g`` (value, derivative) above 0: bracket by widening, then safeguarded Newton.

    Callers guarantee at least as much is repaid as lent, so ``g(0) ≥ 0``.
    """
    lo, hi = 0.0, 1.0
    if g(lo)[0] == 0:
        return 0.0
    while g(hi)[0] > 0:
        lo, hi = hi, hi * 4
        if hi > MAX_PERIOD_RATE:
            raise NoRateError("payments", "no_rate")
    rate = (lo + hi) / 2
    for _ in range(_MAX_ITER):
        value, slope = g(rate)
        if value == 0:
            break
        if value > 0:
            lo = rate
        else:
            hi = rate
        new = rate - value / slope if slope else (lo + hi) / 2
        if not (lo < new < hi):
            new = (lo + hi) / 2
        if abs(new - rate) <= _TOL * max(1.0, abs(rate)):
            rate = new
            break
        rate = new
    return _checked(rate, lambda r: g(r)[0], scale)


def actuarial_rate(advances: Sequence[Flow], payments: Sequence[Flow]) -> float:
    """Unit-period rate ``i`` of Regulation Z Appendix J's general equation (b)(8).

    Each flow sits ``t`` whole unit periods plus a fraction ``f`` after the start;
    the fraction earns simple interest, ``(1 + f·i)(1 + i)^t``. Multiply the result
    by the unit periods in a year for the APR.

    >>> i = actuarial_rate([Flow(5000, 0)], [Flow(230, t) for t in range(1, 25)])
    >>> round(i * 12 * 100, 2)   # Appendix J (c)(1)(i)
    9.69
    """
    if not advances or not payments:
        raise NoRateError("payments", "not_a_loan")
    a_amt = np.array([x.amount for x in advances], dtype=float)
    a_t = np.array([x.t for x in advances], dtype=float)
    a_f = np.array([x.f for x in advances], dtype=float)
    p_amt = np.array([x.amount for x in payments], dtype=float)
    p_t = np.array([x.t for x in payments], dtype=float)
    p_f = np.array([x.f for x in payments], dtype=float)
    if not (np.all(np.isfinite(a_amt)) and np.all(np.isfinite(p_amt))):
        raise NoRateError("payments", "not_a_loan")
    if a_amt.sum() <= 0 or p_amt.sum() <= 0:
        raise NoRateError("payments", "not_a_loan")
    if p_amt.sum() < a_amt.sum():  # only a negative rate would balance them: not a price for credit
        raise NoRateError("payments", "repaid_less_than_received")

    def side(rate: float, amt: np.ndarray, t: np.ndarray, f: np.ndarray) -> tuple[float, float]:
        simple = 1.0 + f * rate
        compound = (1.0 + rate) ** -t
        pv = amt / simple * compound
        dpv = -pv * (f / simple + t / (1.0 + rate))
        return float(pv.sum()), float(dpv.sum())

    def g(rate: float) -> tuple[float, float]:
        pv_p, d_p = side(rate, p_amt, p_t, p_f)
        pv_a, d_a = side(rate, a_amt, a_t, a_f)
        return pv_p - pv_a, d_p - d_a

    return _solve(g, float(a_amt.sum()))


def eu_aprc(drawdowns: Sequence[tuple[float, float]], repayments: Sequence[tuple[float, float]]) -> float:
    """EU APRC ``X`` (a fraction) from ``(amount, years)`` pairs, Directive 2008/48/EC Annex I.

    Charges the consumer pays at conclusion are repayments at time 0.

    >>> x = eu_aprc([(1000, 0)], [(1200, 1 + 181 / 365)])   # 98/7/EC Annex III example
    >>> round(x * 100, 2)
    12.96
    """
    if not drawdowns or not repayments:
        raise NoRateError("payments", "not_a_loan")
    c_amt = np.array([a for a, _ in drawdowns], dtype=float)
    c_t = np.array([t for _, t in drawdowns], dtype=float)
    d_amt = np.array([a for a, _ in repayments], dtype=float)
    d_t = np.array([t for _, t in repayments], dtype=float)
    if not (np.all(np.isfinite(c_amt)) and np.all(np.isfinite(d_amt))) or c_amt.sum() <= 0:
        raise NoRateError("payments", "not_a_loan")
    if d_amt.sum() < c_amt.sum():
        raise NoRateError("payments", "repaid_less_than_received")

    def g(x: float) -> tuple[float, float]:
        pv_d = d_amt * (1.0 + x) ** -d_t
        pv_c = c_amt * (1.0 + x) ** -c_t
        value = float(pv_d.sum() - pv_c.sum())
        slope = float((-(pv_d * d_t).sum() + (pv_c * c_t).sum()) / (1.0 + x))
        return value, slope

    return _solve(g, float(c_amt.sum()))


def effective_annual(period_rate: float, per_year: float) -> float:
    """``(1 + i)^w − 1``: the rate compounded over a year (复利)."""
    return (1.0 + period_rate) ** per_year - 1.0


def regular_irr_rows(advances: np.ndarray, payments: np.ndarray) -> np.ndarray:
    """``regular_irr`` for many loans at once: one row of ``payments`` (periods 1..n) per advance.

    All rows iterate together; a row that fails to settle is solved again on its
    own by ``regular_irr``, so each answer is the one the scalar solver gives.
    """
    adv = np.asarray(advances, dtype=float)
    pay = np.asarray(payments, dtype=float)
    m, n = pay.shape
    per = np.arange(1, n + 1, dtype=float)
    total = pay.sum(axis=1)
    result = np.zeros(m)
    live = total > adv
    if np.any(total < adv) or np.any(adv <= 0) or np.any(pay < 0):
        bad = int(np.flatnonzero((total < adv) | (adv <= 0) | np.any(pay < 0, axis=1))[0])
        regular_irr(float(adv[bad]), pay[bad])  # raises the typed error for that row
    idx = np.flatnonzero(live)
    if idx.size == 0:
        return result
    a, p, tot = adv[idx], pay[idx], total[idx]
    mean_time = (p * per).sum(axis=1) / tot
    rate = (tot / a) ** (1.0 / mean_time) - 1.0
    lo = np.zeros_like(rate)
    done = np.zeros(rate.shape, dtype=bool)
    for _ in range(60):
        v = 1.0 / (1.0 + rate)
        disc = p * v[:, None] ** per
        npv = disc.sum(axis=1) - a
        slope = -(disc * per).sum(axis=1) * v
        lo = np.where(npv > 0, np.maximum(lo, rate), lo)
        new = rate - npv / slope
        new = np.where(new > lo, new, lo + (rate - lo) / 2)
        settled = np.abs(new - rate) <= _TOL * np.maximum(1.0, np.abs(rate))
        rate = np.where(done, rate, new)
        done |= settled
        if done.all():
            break
    v = 1.0 / (1.0 + rate)
    npv = (p * v[:, None] ** per).sum(axis=1) - a
    ok = done & np.isfinite(rate) & (rate > -1) & (np.abs(npv) <= 1e-6 * np.maximum(a, 1.0))
    for j in np.flatnonzero(~ok):
        rate[j] = regular_irr(float(a[j]), p[j])
    result[idx] = rate
    return result
