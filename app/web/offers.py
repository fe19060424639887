"""An offer as typed into a form, in whatever phrasing the lender used, → an engine ``Quote``.

The same fields serve the check page (no prefix) and each typed offer on the
compare page (prefix ``o1_`` … ``o6_``); docs/url-spec.md lists them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ..finance import Fee, FeeTiming, FeeWhen, Quote, Rate, RateKind, Repayment
from ..finance.quote import MAX_PRINCIPAL
from .forms import Form

KINDS = ("daily", "monthly", "annual", "period_fee", "total_fee", "installment")
METHODS = {
    "ei": Repayment.EQUAL_INSTALLMENT,
    "ep": Repayment.EQUAL_PRINCIPAL,
    "io": Repayment.INTEREST_ONLY,
    "bullet": Repayment.BULLET,
    "flat": Repayment.EQUAL_PRINCIPAL_FLAT_FEE,
}
METHOD_CODES = {method: code for code, method in METHODS.items()}
TIMINGS = ("spread", "first", "payout")
FLAT = ("period_fee", "total_fee")

# engine field → form field (without prefix)
ENGINE_FIELDS = {
    "principal": "amount",
    "term": "term",
    "rate": "rate",
    "rate.percent": "rate",
    "rate.kind": "kind",
    "rate.day_basis": "basis",
    "repayment": "method",
    "installment": "inst",
    "received": "recv",
    "fees": "fee",
    "payments": "rate",
}


@dataclass(frozen=True)
class TypedOffer:
    """A borrower's own offer: the quote, and what it says about the lender."""

    quote: Quote
    lender: str
    stated_apr: Decimal | None
    fields: dict[str, str]  # engine field → form field (with prefix), to place engine errors


def read_offer(form: Form, amount: Decimal | None, term: int | None, *, prefix: str = "",
               start: date | None = None) -> TypedOffer | None:
    """Read one offer's fields; None (with errors recorded on the form) when it cannot be built."""
    name = lambda field: prefix + field  # noqa: E731
    kind = form.choice(name("kind"), KINDS, "daily")
    default_method = "flat" if kind in FLAT else "ei"
    method_code = form.choice(name("method"), tuple(METHODS), default_method)
    lender = form.text(name("lender"))
    stated = form.percent(name("stated"), required=False, maximum=Decimal(1000))
    fee = form.amount(name("fee"), required=False, maximum=MAX_PRINCIPAL)
    period_fee = form.amount(name("pfee"), required=False, maximum=MAX_PRINCIPAL)
    received = form.amount(name("recv"), required=False, maximum=MAX_PRINCIPAL)

    fees = []
    fields = {engine: name(field) for engine, field in ENGINE_FIELDS.items()}
    if fee:
        fields[f"fees[{len(fees)}]"] = name("fee")
        fees.append(Fee(FeeWhen.PAYOUT, amount=fee, label="fee"))
    if period_fee:
        fields[f"fees[{len(fees)}]"] = name("pfee")
        fees.append(Fee(FeeWhen.PER_PERIOD, amount=period_fee, label="pfee"))

    rate = installment = None
    if kind == "installment":
        installment = form.amount(name("inst"), maximum=MAX_PRINCIPAL)
        method_code = "ei"
    else:
        figure = form.percent(name("rate"))
        basis = form.choice(name("basis"), ("360", "365"), "365")
        timing = form.choice(name("timing"), TIMINGS, "spread")
        if figure is not None:
            rate = Rate(RateKind(kind), figure, int(basis), FeeTiming(timing))
        if kind in FLAT and method_code != "flat":
            method_code = "flat"  # a fee on the original principal is repaid 等本等费, whatever was picked
            form.raw[name("method")] = method_code  # and the form shows the method actually used

    if amount is None or term is None or (rate is None and installment is None) or not form.valid:
        return None
    quote = Quote(
        principal=amount,
        term=term,
        repayment=METHODS[method_code],
        rate=rate,
        fees=tuple(fees),
        start_date=start,
        contract_date=start,
        installment=installment,
        received=received,
    )
    return TypedOffer(quote=quote, lender=lender, stated_apr=stated, fields=fields)
