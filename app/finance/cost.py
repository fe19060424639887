"""What a quote really costs: schedule, totals and the annual rates, on the money received.

``price(quote)`` is the engine's front door. It builds the fen-exact schedule,
then computes every rate from those rounded flows, with the money actually
received at the start (after fees deducted at payout and fees paid at signing):

* ``apr_percent`` — 年化利率 (IRR 法，含全部费用): unit-period IRR × periods a year
  (Regulation Z Appendix J; the figure of the PBoC 2021 No. 3 example, 12.80%);
* ``effective_annual_percent`` — 复利 ``(1+i)^w − 1`` (same example: 13.58%);
* ``aprc_percent`` — the EU APRC of the same flows (equals the effective rate
  for a monthly schedule);
* ``naive_annual_percent`` — what the lender's phrasing suggests (0.6% × 12 = 7.2%).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from .dates import add_months
from .errors import InvalidInput, NoRateError
from .money import FEN, yuan
from .quote import FeeWhen, Quote, RateKind, Repayment, Terms, nominal_annual
from .rates import Flow, actuarial_rate, effective_annual, regular_irr
from .schedule import Row, build

ENGINE_VERSION = "1.0.0"


@dataclass(frozen=True, slots=True)
class ScheduleRow:
    """One installment in yuan, with its due date when the loan has a start date."""

    n: int
    due_date: date | None
    payment: Decimal
    principal: Decimal
    interest: Decimal
    fee: Decimal
    balance: Decimal


@dataclass(frozen=True, slots=True)
class FeeItem:
    """A fee as charged: when, how much in total over the loan, and the lender's label."""

    when: FeeWhen
    amount: Decimal
    label: str


@dataclass(frozen=True, slots=True)
class Totals:
    """Money over the whole loan, in yuan.

    ``cost`` = everything the borrower pays − what they received = ``interest + fees``.
    """

    principal: Decimal
    received: Decimal
    payments: Decimal
    interest: Decimal
    fees: Decimal
    cost: Decimal
    cost_per_10k: Decimal


@dataclass(frozen=True)
class QuoteResult:
    """A priced quote. Rates are in percent, unrounded; money is Decimal yuan."""

    quote: Quote
    terms: Terms
    schedule: tuple[ScheduleRow, ...]
    totals: Totals
    fee_items: tuple[FeeItem, ...]
    period_rate: float
    periods_per_year: float
    apr_percent: float
    effective_annual_percent: float
    aprc_percent: float
    naive_annual_percent: float | None
    contract_rate_percent: float

    @property
    def first_payment(self) -> Decimal:
        return self.schedule[0].payment

    @property
    def last_payment(self) -> Decimal:
        return self.schedule[-1].payment

    @property
    def monthly_payment(self) -> Decimal:
        """The largest regular monthly payment, the figure a budget must carry.

        For interest-only and bullet loans the final repayment of principal is a
        balloon, not a monthly payment, and is left out (it is in the schedule).
        """
        rows = self.schedule
        if self.terms.method in (Repayment.INTEREST_ONLY, Repayment.BULLET) and len(rows) > 1:
            rows = rows[:-1]
        return max(r.payment for r in rows)

    @property
    def upfront_deduction(self) -> Decimal:
        """Contract principal minus the money paid out (砍头息 when positive)."""
        return self.totals.principal - self.totals.received

    @property
    def phrased_as_rate(self) -> RateKind | None:
        return self.quote.rate.kind if self.quote.rate is not None else None


def _fraction_of(rate: float) -> Fraction:
    return Fraction(rate).limit_denominator(10**15)


def _implied_contract_rate(terms: Terms) -> Fraction:
    """Reverse mode: the balance rate at which the stated installments repay the principal."""
    assert terms.installment is not None
    if terms.installment * terms.n == terms.principal:
        return Fraction(0)
    return _fraction_of(regular_irr(terms.principal, [terms.installment] * terms.n))


def schedule_rates(terms: Terms, rows: list[Row]) -> tuple[float, float, float, float]:
    """(period rate, periods a year, effective annual, EU APRC), as fractions, of a schedule.

    Money at time 0 is what the borrower has in hand (received less fees paid at
    signing); each row is a payment at its month. One advance and one payment is
    Appendix J (b)(4)(ii): the unit period is the term, at most a year.
    """
    advance = terms.advance
    if len(rows) == 1:
        (row,) = rows
        months, pay = row.n, row.payment
        if pay < advance:
            raise NoRateError("payments", "repaid_less_than_received")
        aprc = (pay / advance) ** (12 / months) - 1
        if months <= 12:
            return pay / advance - 1, 12 / months, aprc, aprc
        whole, extra = divmod(months, 12)
        i = actuarial_rate([Flow(advance, 0)], [Flow(pay, whole, extra / 12)])
        return i, 1.0, effective_annual(i, 1.0), aprc
    months = [r.n for r in rows]
    payments = [r.payment for r in rows]
    regular = months == list(range(1, len(rows) + 1))
    i = regular_irr(advance, payments, None if regular else months)
    effective = effective_annual(i, 12)
    return i, 12.0, effective, effective


def _result(quote: Quote, terms: Terms, rows: list[Row], contract_rate: Fraction) -> QuoteResult:
    i, per_year, effective, aprc = schedule_rates(terms, rows)
    received = terms.received
    paid = sum(r.payment for r in rows) + terms.signing_fee
    interest = sum(r.interest for r in rows)
    cost = paid - received
    start = quote.start_date
    schedule = tuple(
        ScheduleRow(
            n=r.n,
            due_date=add_months(start, r.n) if start is not None else None,
            payment=yuan(r.payment),
            principal=yuan(r.principal),
            interest=yuan(r.interest),
            fee=yuan(r.fee),
            balance=yuan(r.balance),
        )
        for r in rows
    )
    totals = Totals(
        principal=yuan(terms.principal),
        received=yuan(received),
        payments=yuan(paid),
        interest=yuan(interest),
        fees=yuan(cost - interest),
        cost=yuan(cost),
        cost_per_10k=(Decimal(cost) / Decimal(received) * 10000).quantize(FEN, rounding=ROUND_HALF_UP),
    )
    items = [FeeItem(when, yuan(amount), label) for when, amount, label in terms.fee_items]
    hidden = terms.received_override is not None and terms.payout_fee == 0 and received < terms.principal
    if hidden:  # "到手 9,700" on a 10,000 contract with no fee named: a deduction all the same
        items.append(FeeItem(FeeWhen.PAYOUT, yuan(terms.principal - received), ""))
    if quote.rate is not None:
        naive = float(nominal_annual(quote.rate, terms.n) * 100)
    else:
        naive = float(Fraction(cost, received) * 12 / terms.n * 100)
    return QuoteResult(
        quote=quote,
        terms=terms,
        schedule=schedule,
        totals=totals,
        fee_items=tuple(items),
        period_rate=i,
        periods_per_year=per_year,
        apr_percent=i * per_year * 100,
        effective_annual_percent=effective * 100,
        aprc_percent=aprc * 100,
        naive_annual_percent=naive,
        contract_rate_percent=float(contract_rate * 12 * 100),
    )


def price(quote: Quote) -> QuoteResult:
    """Schedule, totals and real annual rates of ``quote``.

    >>> from decimal import Decimal as D
    >>> from app.finance.quote import Rate
    >>> r = price(Quote(D(10000), 12, Repayment.EQUAL_PRINCIPAL_FLAT_FEE,
    ...                 Rate(RateKind.PERIOD_FEE, D("0.6"))))
    >>> r.first_payment, r.totals.cost, round(r.apr_percent, 2)
    (Decimal('893.33'), Decimal('720.00'), 13.03)
    """
    terms = quote.terms()
    if terms.installment is not None:
        contract_rate = _implied_contract_rate(terms)
        rows = build(terms, rate=contract_rate)
    else:
        contract_rate = terms.balance_rate
        rows = build(terms)
    if not rows:
        raise InvalidInput("principal", "not_positive")
    return _result(quote, terms, rows, contract_rate)


def price_terms(quote: Quote, terms: Terms) -> QuoteResult:
    """Price already-validated (possibly adjusted) ``terms`` of ``quote``: used for stress lines."""
    rows = build(terms)
    return _result(quote, terms, rows, terms.balance_rate)
