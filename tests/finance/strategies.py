"""Hypothesis strategies for quotes as lenders phrase them."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import strategies as st

from app.finance import Fee, FeeWhen, Quote, Rate, RateKind, Repayment

principals = st.integers(min_value=1_000, max_value=2_000_000).map(Decimal)
terms = st.sampled_from([1, 2, 3, 6, 9, 10, 12, 18, 24, 36, 60, 120, 360])


@st.composite
def balance_rates(draw) -> Rate:
    kind = draw(st.sampled_from([RateKind.DAILY, RateKind.MONTHLY, RateKind.ANNUAL]))
    if kind is RateKind.DAILY:
        return Rate(kind, Decimal(draw(st.integers(1, 200))) / 10000, draw(st.sampled_from([360, 365])))
    if kind is RateKind.MONTHLY:
        return Rate(kind, Decimal(draw(st.integers(1, 300))) / 100)
    return Rate(kind, Decimal(draw(st.integers(1, 3600))) / 100)


@st.composite
def flat_rates(draw) -> Rate:
    if draw(st.booleans()):
        return Rate(RateKind.PERIOD_FEE, Decimal(draw(st.integers(1, 200))) / 100)
    return Rate(RateKind.TOTAL_FEE, Decimal(draw(st.integers(1, 400))) / 10)


@st.composite
def fees(draw, principal: Decimal) -> tuple[Fee, ...]:
    out = []
    for when in draw(st.lists(st.sampled_from(list(FeeWhen)), max_size=3)):
        if draw(st.booleans()):
            out.append(Fee(when, amount=Decimal(draw(st.integers(1, int(principal) // 50)))))
        else:
            out.append(Fee(when, percent=Decimal(draw(st.integers(1, 150))) / 100))
    return tuple(out)


@st.composite
def quotes(draw, *, with_fees: bool = True) -> Quote:
    principal = draw(principals)
    term = draw(terms)
    if draw(st.booleans()):
        rate = draw(flat_rates())
        method = Repayment.EQUAL_PRINCIPAL_FLAT_FEE
    else:
        rate = draw(balance_rates())
        method = draw(st.sampled_from([Repayment.EQUAL_INSTALLMENT, Repayment.EQUAL_PRINCIPAL, Repayment.INTEREST_ONLY, Repayment.BULLET]))
    extra = draw(fees(principal)) if with_fees else ()
    return Quote(principal, term, method, rate, fees=extra)
