"""The worked examples of DOMAIN.md §4, one named test per row, on fen-rounded schedules."""

from __future__ import annotations

from decimal import Decimal as D

from app.finance import Fee, FeeWhen, Quote, Rate, RateKind, Repayment, price


def _pct(x: float) -> float:
    return round(x, 2)


def test_equal_installment_at_one_percent_a_month() -> None:
    """10,000, 12 × 等额本息 at 月利率 1%: 12.00% / 12.68%, 888.49 (last 888.47), total 10,661.86."""
    r = price(Quote(D(10000), 12, Repayment.EQUAL_INSTALLMENT, Rate(RateKind.MONTHLY, D(1))))
    assert [row.payment for row in r.schedule] == [D("888.49")] * 11 + [D("888.47")]
    assert r.totals.payments == D("10661.86")
    assert (_pct(r.apr_percent), _pct(r.effective_annual_percent)) == (12.00, 12.68)


def test_equal_principal_flat_fee_at_point_six_percent_a_period() -> None:
    """10,000, 12 × 等本等费 at 每期 0.6%: 13.03% / 13.84%, 12 × 893.33 (last 893.37), cost 720.00."""
    r = price(Quote(D(10000), 12, Repayment.EQUAL_PRINCIPAL_FLAT_FEE, Rate(RateKind.PERIOD_FEE, D("0.6"))))
    assert [row.payment for row in r.schedule] == [D("893.33")] * 11 + [D("893.37")]
    assert r.totals.cost == D("720.00")
    assert (_pct(r.apr_percent), _pct(r.effective_annual_percent)) == (13.03, 13.84)
    assert r.naive_annual_percent == 7.2


def test_pboc_2021_no3_example_with_fee_at_payout() -> None:
    """100,000, 12 × 等本等费 at 0.5%, 1,000 fee at payout: 12.80% / 13.58% (PBoC 2021 No. 3)."""
    r = price(
        Quote(
            D(100000), 12, Repayment.EQUAL_PRINCIPAL_FLAT_FEE, Rate(RateKind.PERIOD_FEE, D("0.5")),
            fees=(Fee(FeeWhen.PAYOUT, amount=D(1000)),),
        )
    )
    assert r.totals.received == D(99000)
    assert r.first_payment == D("8833.33")
    assert (_pct(r.apr_percent), _pct(r.effective_annual_percent)) == (12.80, 13.58)


def test_equal_installment_at_a_daily_rate_on_a_360_day_basis() -> None:
    """10,000, 12 × 等额本息 at 日利率 0.05%, base 360: 18.00% / 19.56%, installment 916.80."""
    r = price(Quote(D(10000), 12, Repayment.EQUAL_INSTALLMENT, Rate(RateKind.DAILY, D("0.05"), 360)))
    assert r.first_payment == D("916.80")
    assert (_pct(r.apr_percent), _pct(r.effective_annual_percent)) == (18.00, 19.56)


def test_equal_principal_at_one_percent_a_month() -> None:
    """10,000, 12 × 等额本金 at 月利率 1%: 12.00% / 12.68%, first 933.33, last 841.70, interest 650.00."""
    r = price(Quote(D(10000), 12, Repayment.EQUAL_PRINCIPAL, Rate(RateKind.MONTHLY, D(1))))
    assert (r.first_payment, r.last_payment, r.totals.interest) == (D("933.33"), D("841.70"), D("650.00"))
    assert (_pct(r.apr_percent), _pct(r.effective_annual_percent)) == (12.00, 12.68)


def test_huabei_total_fee_seven_and_a_half_percent_over_twelve() -> None:
    """分期总费率 7.5% / 12期 (DOMAIN §1): naive 7.5%, real ≈ 13.57% (platforms.md §3, S21 states 13.6%)."""
    r = price(Quote(D(10000), 12, Repayment.EQUAL_PRINCIPAL_FLAT_FEE, Rate(RateKind.TOTAL_FEE, D("7.5"))))
    assert r.naive_annual_percent == 7.5
    assert _pct(r.apr_percent) == 13.57


def test_stated_rate_with_a_service_fee_deducted_at_payout() -> None:
    """Issue 9's example: 日利率 0.04% (stated 14.60%) + 300 deducted → 9,700 received, 12 × 900.70, ≈ 20.5%."""
    r = price(
        Quote(
            D(10000), 12, Repayment.EQUAL_INSTALLMENT, Rate(RateKind.DAILY, D("0.04"), 365),
            fees=(Fee(FeeWhen.PAYOUT, amount=D(300)),),
        )
    )
    assert r.naive_annual_percent == 14.6
    assert r.totals.received == D(9700)
    assert r.first_payment == D("900.70")
    assert round(r.apr_percent, 1) == 20.5
