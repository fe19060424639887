"""Debt-to-income, its bands (DOMAIN.md §6), the stress line and the largest safe loan."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.finance import Fee, FeeWhen, InvalidInput, Quote, Rate, RateKind, Repayment, price
from app.finance.affordability import Band, DtiBands, assess, max_principal, stressed_payment

BANDS = DtiBands(D(35), D(50))  # DOMAIN.md §6


@pytest.mark.parametrize(
    ("payments", "band"),
    [
        ("2799.99", Band.COMFORTABLE),
        ("2800", Band.COMFORTABLE),  # exactly 35%
        ("2800.39", Band.COMFORTABLE),  # 35.0049% shows as 35.00%
        ("2800.40", Band.STRETCHED),  # 35.005% shows as 35.01%
        ("4000", Band.STRETCHED),  # exactly 50%
        ("4000.41", Band.OVER_STRETCHED),
    ],
)
def test_bands_at_and_around_their_limits(payments: str, band: Band) -> None:
    a = assess(D(8000), D(0), D(payments), BANDS)
    assert a.band_after is band


def test_dti_before_and_after_a_new_payment() -> None:
    a = assess(D(8000), D(1500), D("916.80"), BANDS)
    assert a.dti_before == D("18.75")
    assert a.dti_after.quantize(D("0.01")) == D("30.21")
    assert a.room == D(2800) - D(1500) - D("916.80")


def test_stress_line_raises_rate_three_points_and_cuts_income_a_fifth() -> None:
    quote = Quote(D(10000), 12, Repayment.EQUAL_INSTALLMENT, Rate(RateKind.ANNUAL, D(18)))
    stressed = stressed_payment(quote)
    at_21 = price(Quote(D(10000), 12, Repayment.EQUAL_INSTALLMENT, Rate(RateKind.ANNUAL, D(21))))
    assert stressed.monthly_payment == at_21.monthly_payment
    a = assess(D(8000), D(1500), price(quote).monthly_payment, BANDS, payment_rate_up=stressed.monthly_payment)
    assert a.stress.dti_rate_up == (D(1500) + at_21.monthly_payment) / D(8000) * 100
    assert a.stress.dti_income_down == (D(1500) + price(quote).monthly_payment) / D(6400) * 100


def test_stress_on_a_flat_fee_product_adds_about_three_points_of_apr() -> None:
    quote = Quote(D(10000), 12, Repayment.EQUAL_PRINCIPAL_FLAT_FEE, Rate(RateKind.PERIOD_FEE, D("0.6")))
    assert stressed_payment(quote).apr_percent - price(quote).apr_percent == pytest.approx(3, abs=0.1)


@pytest.mark.parametrize(("field", "kwargs"), [("income", {"income": 0}), ("debts", {"existing_payments": -1}), ("income", {"income": "abc"})])
def test_bad_affordability_input_names_its_field(field: str, kwargs: dict) -> None:
    args = {"income": D(8000), "existing_payments": D(0), "new_payment": D(100)} | kwargs
    with pytest.raises(InvalidInput) as caught:
        assess(bands=BANDS, **args)
    assert caught.value.field == field


QUOTES = [
    Quote(D(10000), 12, Repayment.EQUAL_INSTALLMENT, Rate(RateKind.DAILY, D("0.05"), 360)),
    Quote(D(10000), 24, Repayment.EQUAL_PRINCIPAL, Rate(RateKind.MONTHLY, D(1))),
    Quote(D(10000), 12, Repayment.EQUAL_PRINCIPAL_FLAT_FEE, Rate(RateKind.PERIOD_FEE, D("0.6")), fees=(Fee(FeeWhen.PAYOUT, amount=D(300)),)),
    Quote(D(10000), 6, Repayment.INTEREST_ONLY, Rate(RateKind.ANNUAL, D(15))),
]


@given(st.sampled_from(QUOTES), st.integers(50, 50_000))
def test_max_principal_is_the_largest_that_fits_the_budget(quote: Quote, budget: int) -> None:
    best = max_principal(quote, D(budget))
    if best > 0:
        assert price(quote.with_principal(best)).monthly_payment <= budget
    try:
        one_more = price(quote.with_principal(best + 1)).monthly_payment
    except InvalidInput:
        return  # one more yuan is not even a valid loan (a fixed fee at least the principal)
    assert one_more > budget


def test_max_principal_of_the_domain_example() -> None:
    """At 日利率 0.05% × 12, 916.80 a month borrows 9,999 (10,000's last installment is 916.81)."""
    assert max_principal(QUOTES[0], D("916.81")) == D(10000)
    assert max_principal(QUOTES[0], D("916.80")) == D(9999)
