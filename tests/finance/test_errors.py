"""Bad input to the engine raises a typed error naming the field; solvers never return NaN."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from app.finance import Fee, FeeWhen, InvalidInput, NoRateError, Quote, Rate, RateKind, Repayment, price
from app.finance.rates import Flow, actuarial_rate, eu_aprc, regular_irr

MONTHLY_1 = Rate(RateKind.MONTHLY, D(1))


@pytest.mark.parametrize(
    ("quote", "field", "code"),
    [
        (Quote(D(0), 12, rate=MONTHLY_1), "principal", "not_positive"),
        (Quote(D(-5000), 12, rate=MONTHLY_1), "principal", "not_positive"),
        (Quote(D("1e9"), 12, rate=MONTHLY_1), "principal", "too_large"),
        (Quote(D("100.001"), 12, rate=MONTHLY_1), "principal", "fractional_fen"),
        (Quote(D("NaN"), 12, rate=MONTHLY_1), "principal", "not_a_number"),
        (Quote(D("Infinity"), 12, rate=MONTHLY_1), "principal", "not_a_number"),
        (Quote(D(10000), 0, rate=MONTHLY_1), "term", "out_of_range"),
        (Quote(D(10000), 361, rate=MONTHLY_1), "term", "out_of_range"),
        (Quote(D(10000), 12), "rate", "required"),
        (Quote(D(10000), 12, rate=Rate(RateKind.MONTHLY, D(-1))), "rate.percent", "negative"),
        (Quote(D(10000), 12, rate=Rate(RateKind.DAILY, D(5))), "rate.percent", "absurd"),
        (Quote(D(10000), 12, rate=Rate(RateKind.ANNUAL, D("12.0000001"))), "rate.percent", "too_many_decimals"),
        (Quote(D(10000), 12, rate=Rate(RateKind.DAILY, D("0.05"), 300)), "rate.day_basis", "unknown"),
        (Quote(D(10000), 12, rate=Rate("weekly", D(1))), "rate.kind", "unknown"),  # type: ignore[arg-type]
        (Quote(D(10000), 12, "balloon", MONTHLY_1), "repayment", "unknown"),  # type: ignore[arg-type]
        (Quote(D(10000), 12, Repayment.EQUAL_INSTALLMENT, Rate(RateKind.PERIOD_FEE, D("0.6"))), "repayment", "flat_fee_needs_equal_principal_flat_fee"),
        (Quote(D(10000), 12, Repayment.EQUAL_PRINCIPAL_FLAT_FEE, MONTHLY_1), "repayment", "balance_rate_cannot_be_flat_fee"),
        (Quote(D(10000), 12, rate=MONTHLY_1, fees=(Fee(FeeWhen.PAYOUT, amount=D(10000)),)), "fees[0]", "fee_not_below_principal"),
        (Quote(D(10000), 12, rate=MONTHLY_1, fees=(Fee(FeeWhen.PAYOUT, amount=D(6000)), Fee(FeeWhen.SIGNING, amount=D(4000)))), "fees", "fees_not_below_principal"),
        (Quote(D(10000), 12, rate=MONTHLY_1, fees=(Fee(FeeWhen.PAYOUT, amount=D(-1)),)), "fees[0].amount", "negative"),
        (Quote(D(10000), 12, rate=MONTHLY_1, fees=(Fee(FeeWhen.PAYOUT),)), "fees[0]", "amount_or_percent"),
        (Quote(D(10000), 12, rate=MONTHLY_1, fees=(Fee("later", amount=D(1)),)), "fees[0].when", "unknown"),  # type: ignore[arg-type]
        (Quote(D(10000), 12, installment=D(800)), "installment", "installments_below_principal"),
        (Quote(D(10000), 12, rate=MONTHLY_1, installment=D(900)), "rate", "rate_and_installment"),
        (Quote(D(10000), 12, installment=D(900), received=D(10001)), "received", "above_principal"),
    ],
)
def test_bad_input_names_its_field(quote: Quote, field: str, code: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        price(quote)
    assert (caught.value.field, caught.value.code) == (field, code)


def test_repaying_less_than_received_has_no_rate() -> None:
    with pytest.raises(NoRateError) as caught:
        regular_irr(10_000, [800] * 12)
    assert caught.value.code == "repaid_less_than_received"


@pytest.mark.parametrize("payments", [[], [float("nan")] * 3, [-1.0, 5000.0, 6000.0]])
def test_malformed_flows_have_no_rate(payments: list[float]) -> None:
    with pytest.raises(NoRateError):
        regular_irr(10_000, payments)


def test_eu_and_actuarial_solvers_refuse_flows_with_no_money_lent() -> None:
    with pytest.raises(NoRateError):
        eu_aprc([(0, 0)], [(100, 1)])
    with pytest.raises(NoRateError):
        actuarial_rate([], [Flow(100, 1)])


def test_gh_126_rate_below_minus_one() -> None:
    """numpy-financial #126: rate(8, -440000, 263175, 25500) returns −1.896, below −100%.

    As flows: 263,175 lent now and 25,500 more at period 8, eight payments of
    440,000. Our answer must be a real rate: above −1, with NPV zero.
    """
    advances = [Flow(263175, 0), Flow(25500, 8)]
    payments = [Flow(440000, k) for k in range(1, 9)]
    i = actuarial_rate(advances, payments)
    assert i > -1
    npv = sum(p.amount / (1 + i) ** p.t for p in payments) - sum(a.amount / (1 + i) ** a.t for a in advances)
    assert abs(npv) < 1e-6 * 263175
    assert i > 1  # paying 3.5 million for 0.29 million: well above 100% a period


def test_a_huge_but_finite_rate_is_still_found() -> None:
    i = regular_irr(100, [1_000_000])
    assert i == pytest.approx(9999.0)
