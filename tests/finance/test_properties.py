"""Properties every schedule and rate must have, over many generated quotes."""

from __future__ import annotations

from decimal import Decimal

import numpy_financial as npf
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from app.finance import Fee, FeeWhen, InvalidInput, Quote, Repayment, price
from app.finance.batch import price_batch
from app.finance.quote import nominal_annual
from app.finance.rates import eu_aprc, regular_irr

from .strategies import balance_rates, principals, quotes, terms


def _priced(quote: Quote):
    try:
        return price(quote)
    except InvalidInput:  # e.g. fees that reach the principal: not a loan, tested elsewhere
        assume(False)


@given(principals, terms, balance_rates(), st.sampled_from([Repayment.EQUAL_INSTALLMENT, Repayment.EQUAL_PRINCIPAL, Repayment.INTEREST_ONLY]))
def test_a_schedule_at_nominal_rate_r_gives_back_an_apr_of_r(principal, term, rate, method) -> None:
    r = _priced(Quote(principal, term, method, rate))
    nominal = float(nominal_annual(r.quote.rate, term)) * 100
    assert r.apr_percent == pytest.approx(nominal, abs=0.01)


@given(principals, st.integers(1, 12), balance_rates())
def test_a_bullet_loan_within_a_year_has_its_simple_rate_as_apr(principal, term, rate) -> None:
    r = _priced(Quote(principal, term, Repayment.BULLET, rate))
    assert r.apr_percent == pytest.approx(float(nominal_annual(rate, term)) * 100, abs=0.01)


@given(quotes(), st.sampled_from(list(FeeWhen)), st.integers(1, 500))
def test_any_added_fee_raises_the_apr(quote, when, amount) -> None:
    before = _priced(quote)
    # A monthly fee turns a one-payment bullet loan into a monthly schedule, and Appendix J
    # then measures it in months instead of in one unit period of the whole term: a
    # different yardstick, not a cheaper loan. Within one yardstick fees always cost.
    assume(not (len(before.schedule) == 1 and when is FeeWhen.PER_PERIOD and quote.term > 1))
    more = Quote(quote.principal, quote.term, quote.repayment, quote.rate, fees=quote.fees + (Fee(when, amount=Decimal(amount)),))
    after = _priced(more)
    assert after.apr_percent > before.apr_percent
    assert after.totals.cost == before.totals.cost + amount * (quote.term if when is FeeWhen.PER_PERIOD else 1)


@given(principals, st.integers(2, 360), balance_rates())
def test_equal_principal_costs_less_interest_than_equal_installment(principal, term, rate) -> None:
    installment = _priced(Quote(principal, term, Repayment.EQUAL_INSTALLMENT, rate))
    equal_principal = _priced(Quote(principal, term, Repayment.EQUAL_PRINCIPAL, rate))
    # Each row's interest is rounded to the fen in both schedules: at most a fen a row either way.
    assert equal_principal.totals.interest <= installment.totals.interest + Decimal("0.01") * term
    # Strictly less whenever the exact gap is wider than that rounding can close.
    r, p = float(installment.terms.balance_rate), float(principal)
    exact_gap = term * p * r / (1 - (1 + r) ** -term) - p - p * r * (term + 1) / 2
    if exact_gap > 0.01 * term:
        assert equal_principal.totals.interest < installment.totals.interest


@given(quotes())
def test_schedule_sums_are_exact_to_the_fen(quote) -> None:
    r = _priced(quote)
    rows = r.schedule
    assert sum(row.principal for row in rows) == r.totals.principal
    assert all(row.payment == row.principal + row.interest + row.fee for row in rows)
    assert rows[-1].balance == 0
    assert all(a.balance >= b.balance for a, b in zip(rows, rows[1:]))
    assert all(x == x.quantize(Decimal("0.01")) for row in rows for x in (row.payment, row.principal, row.interest, row.fee))
    signing = sum(f.amount for f in r.fee_items if f.when is FeeWhen.SIGNING)
    assert r.totals.payments == sum(row.payment for row in rows) + signing
    assert r.totals.cost == r.totals.payments - r.totals.received
    assert r.totals.cost == r.totals.interest + r.totals.fees
    assert r.totals.fees == sum(f.amount for f in r.fee_items)


@given(quotes())
def test_the_eu_aprc_of_a_monthly_schedule_is_its_effective_rate(quote) -> None:
    r = _priced(quote)
    assume(len(r.schedule) > 1)
    advance = float(r.totals.received) - float(sum(f.amount for f in r.fee_items if f.when is FeeWhen.SIGNING))
    x = eu_aprc([(advance, 0.0)], [(float(row.payment), row.n / 12) for row in r.schedule])
    assert x * 100 == pytest.approx(r.effective_annual_percent, rel=1e-9, abs=1e-9)


@given(st.lists(quotes(), min_size=1, max_size=25))
@settings(max_examples=60)
def test_batch_pricing_equals_pricing_one_by_one(batch) -> None:
    result = price_batch(batch)
    for j, quote in enumerate(batch):
        try:
            one = price(quote)
        except InvalidInput as exc:
            assert (result.errors[j].field, result.errors[j].code) == (exc.field, exc.code)
            continue
        assert result.errors[j] is None
        # rates agree to the solvers' convergence (1e-13 a month), far below display precision
        assert result.apr_percent[j] == pytest.approx(one.apr_percent, rel=1e-11, abs=1e-9)
        assert result.effective_annual_percent[j] == pytest.approx(one.effective_annual_percent, rel=1e-11, abs=1e-9)
        fen = lambda d: int(d * 100)  # noqa: E731
        assert result.first_payment[j] == fen(one.first_payment)
        assert result.last_payment[j] == fen(one.last_payment)
        assert result.monthly_payment[j] == fen(one.monthly_payment)
        assert result.payments[j] == fen(one.totals.payments)
        assert result.interest[j] == fen(one.totals.interest)
        assert result.cost[j] == fen(one.totals.cost)
        assert result.received[j] == fen(one.totals.received)


@given(
    st.integers(1_000, 1_000_000),
    st.lists(st.integers(0, 200_000), min_size=1, max_size=36),
)
def test_regular_irr_agrees_with_numpy_financial(advance, payments) -> None:
    assume(sum(payments) > advance)
    ours = regular_irr(advance, payments)
    theirs = npf.irr([-advance] + payments)
    assert ours == pytest.approx(theirs, rel=1e-9, abs=1e-12)
