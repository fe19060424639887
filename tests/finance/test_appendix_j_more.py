"""Appendix J (c) examples not in the JSON vectors, with their stated APRs.

Source: shared/reference/apr_methods.md §1.3 (12 CFR 1026 Appendix J (c), as
transcribed; (c)(1)–(c)(4) by two independent transcriptions [V2], (c)(5) by
one [S]). Times are (whole unit periods, fraction) from the advance.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.finance import Quote, Rate, RateKind, Repayment, price
from app.finance.rates import Flow, actuarial_rate


def _apr(advance: float, payments: list[Flow], per_year: float) -> float:
    return round(actuarial_rate([Flow(advance, 0)], payments) * per_year * 100, 2)


def test_c1_iii_semimonthly_short_first_period() -> None:
    pays = [Flow(219.17, k, 0.4) for k in range(24)]
    assert _apr(5000, pays, 24) == 10.34


def test_c2_ii_four_weekly_long_first_period_odd_first_payment() -> None:
    pays = [Flow(39.50, 1, 5 / 28)] + [Flow(38.31, k, 5 / 28) for k in range(2, 13)]
    assert _apr(400, pays, 13) == 28.50


def test_c3_ii_biweekly_short_first_period_odd_final_payment() -> None:
    pays = [Flow(9.50, k, 8 / 14) for k in range(19)] + [Flow(30, 19, 8 / 14)]
    assert _apr(200, pays, 26) == 12.22


def test_c4_ii_bimonthly_odd_first_and_final_payment() -> None:
    pays = [Flow(449.36, 0, 52 / 60)] + [Flow(465, k, 52 / 60) for k in range(1, 19)] + [Flow(200, 19, 52 / 60)]
    assert _apr(8000, pays, 6) == 7.30


@pytest.mark.parametrize(
    ("payment", "per_year", "flow", "stated"),
    [
        (1080, 365 / 255, Flow(1080, 1), 11.45),  # (c)(5)(i) 255-day term: the unit period is the term
        (1044, 2, Flow(1044, 1), 8.80),  # (c)(5)(ii) 6 months
        (1135.19, 1, Flow(1135.19, 1, 6 / 12), 8.76),  # (c)(5)(iii) 18 months: a year and a half
        (1240, 1, Flow(1240, 2), 11.36),  # (c)(5)(iv) 2 years
    ],
)
def test_c5_single_payment(payment: float, per_year: float, flow: Flow, stated: float) -> None:
    assert _apr(1000, [flow], per_year) == stated


@pytest.mark.parametrize(("months", "repay", "stated"), [(6, "1044", 8.80), (18, "1135.19", 8.76), (24, "1240", 11.36)])
def test_bullet_loan_uses_the_single_payment_rule(months: int, repay: str, stated: float) -> None:
    """一次性还本付息 through the whole engine: the same APR as Appendix J (c)(5)."""
    simple_annual = ((Decimal(repay) - 1000) / 10 * 12 / months).quantize(Decimal("0.000001"))  # gives this repayment
    result = price(Quote(Decimal(1000), months, Repayment.BULLET, Rate(RateKind.ANNUAL, simple_annual), start_date=date(2026, 1, 31)))
    assert [row.payment for row in result.schedule] == [Decimal(repay)]
    assert round(result.apr_percent, 2) == stated
