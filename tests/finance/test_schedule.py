"""Schedules: due dates, exact sums, the last row absorbing rounding."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import numpy_financial as npf
import pytest

from app.finance import Fee, FeeTiming, FeeWhen, Quote, Rate, RateKind, Repayment, price
from app.finance.dates import add_months


@pytest.mark.parametrize(
    ("start", "months", "due"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),  # leap year
        (date(2026, 1, 31), 2, date(2026, 3, 31)),  # the clamp does not stick
        (date(2026, 1, 31), 3, date(2026, 4, 30)),
        (date(2026, 12, 4), 1, date(2027, 1, 4)),
        (date(2026, 8, 30), 6, date(2027, 2, 28)),
    ],
)
def test_due_dates_are_monthly_and_clamped_to_month_end(start: date, months: int, due: date) -> None:
    assert add_months(start, months) == due


def test_schedule_rows_carry_due_dates_from_the_start_date() -> None:
    r = price(Quote(D(3000), 3, Repayment.EQUAL_PRINCIPAL, Rate(RateKind.MONTHLY, D(1)), start_date=date(2026, 1, 31)))
    assert [row.due_date for row in r.schedule] == [date(2026, 2, 28), date(2026, 3, 31), date(2026, 4, 30)]


def test_without_a_start_date_rows_have_no_due_date() -> None:
    r = price(Quote(D(3000), 3, Repayment.EQUAL_PRINCIPAL, Rate(RateKind.MONTHLY, D(1))))
    assert {row.due_date for row in r.schedule} == {None}


def test_interest_only_pays_interest_then_the_principal() -> None:
    """先息后本: 10,000 at 月利率 1% for 3 months → 100, 100, 10,100."""
    r = price(Quote(D(10000), 3, Repayment.INTEREST_ONLY, Rate(RateKind.MONTHLY, D(1))))
    assert [row.payment for row in r.schedule] == [D(100), D(100), D(10100)]
    assert r.monthly_payment == D(100)
    assert round(r.apr_percent, 6) == 12.0


def test_bullet_pays_simple_interest_once_at_maturity() -> None:
    """一次性还本付息: 10,000 at 日利率 0.05% (360) for 3 months → 10,450 at month 3, APR 18%."""
    r = price(Quote(D(10000), 3, Repayment.BULLET, Rate(RateKind.DAILY, D("0.05"), 360)))
    assert [(row.n, row.payment) for row in r.schedule] == [(3, D(10450))]
    assert round(r.apr_percent, 6) == 18.0


def test_total_fee_charged_with_the_first_installment() -> None:
    """ICBC's older table: the whole 7.2% fee in the first installment."""
    r = price(
        Quote(D(12000), 12, Repayment.EQUAL_PRINCIPAL_FLAT_FEE, Rate(RateKind.TOTAL_FEE, D("7.2"), fee_timing=FeeTiming.FIRST))
    )
    assert r.first_payment == D(1000) + D(864)
    assert [row.payment for row in r.schedule[1:]] == [D(1000)] * 11
    assert round(r.apr_percent, 1) == 13.9  # platforms.md §2.13 computes 13.86


def test_total_fee_spread_with_the_last_period_absorbing_rounding() -> None:
    r = price(Quote(D(1000), 3, Repayment.EQUAL_PRINCIPAL_FLAT_FEE, Rate(RateKind.TOTAL_FEE, D(1))))
    assert [row.fee for row in r.schedule] == [D("3.33"), D("3.33"), D("3.34")]
    assert [row.principal for row in r.schedule] == [D("333.33"), D("333.33"), D("333.34")]


def test_fees_at_signing_and_at_the_end_count_in_the_cost_and_the_rate() -> None:
    base = Quote(D(10000), 12, Repayment.EQUAL_INSTALLMENT, Rate(RateKind.MONTHLY, D(1)))
    plain = price(base)
    with_fees = price(
        Quote(
            D(10000), 12, Repayment.EQUAL_INSTALLMENT, Rate(RateKind.MONTHLY, D(1)),
            fees=(Fee(FeeWhen.SIGNING, amount=D(100)), Fee(FeeWhen.END, amount=D(50))),
        )
    )
    assert with_fees.totals.received == D(10000)  # a fee paid at signing is not deducted
    assert with_fees.totals.cost == plain.totals.cost + 150
    assert with_fees.last_payment == plain.last_payment + 50
    assert with_fees.apr_percent > plain.apr_percent


def test_reverse_mode_from_received_and_installments() -> None:
    """到手 9,700; 每期还 893.33 × 12 on a 10,000 contract."""
    r = price(Quote(D(10000), 12, installment=D("893.33"), received=D(9700)))
    assert [row.payment for row in r.schedule] == [D("893.33")] * 12
    assert sum(row.principal for row in r.schedule) == D(10000)
    assert r.totals.received == D(9700)
    assert r.totals.cost == D("12") * D("893.33") - D(9700)
    assert r.upfront_deduction == D(300)
    independent = npf.irr([-9700] + [893.33] * 12) * 12 * 100  # numpy-financial's eigenvalue IRR
    assert r.apr_percent == pytest.approx(independent, abs=1e-9)
    assert round(r.apr_percent, 2) == 18.87


def test_zero_rate_is_interest_free() -> None:
    r = price(Quote(D(1200), 12, Repayment.EQUAL_INSTALLMENT, Rate(RateKind.MONTHLY, D(0))))
    assert [row.payment for row in r.schedule] == [D(100)] * 12
    assert r.apr_percent == 0.0 and r.totals.cost == 0


def test_cost_per_ten_thousand_is_on_the_money_received() -> None:
    r = price(
        Quote(
            D(10000), 12, Repayment.EQUAL_PRINCIPAL_FLAT_FEE, Rate(RateKind.PERIOD_FEE, D("0.5")),
            fees=(Fee(FeeWhen.PAYOUT, amount=D(500)),),
        )
    )
    assert r.totals.cost == D(1100)
    assert r.totals.cost_per_10k == (D(1100) / D(9500) * 10000).quantize(D("0.01"))
