"""What each page computes, as plain functions of the query string (no request, no response).

Each returns the template context: the form (with what was typed and its
errors) and the results. Nothing here can raise on user input: every
problem ends up as a field error.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

from flask import url_for
from flask_babel import lazy_gettext as _l

from ..advice import Advice, Situation, advise
from ..advice.engine import Localized, Revolving
from ..catalog import get_catalog
from ..finance import FinanceError, QuoteResult, price
from ..finance.batch import price_batch
from ..finance.affordability import assess, max_principal, stressed_payment
from ..finance.quote import MAX_PRINCIPAL, MAX_TERM
from .charts import cost_bars
from .forms import Form
from .offers import METHODS, read_offer

CHINA = timezone(timedelta(hours=8))  # no daylight saving: a fixed offset is exact
MAX_OFFERS = 6
LEVELS = ("low", "typical", "high")

KIND_LABELS = {
    "daily": _l("Daily rate (日利率)"),
    "monthly": _l("Monthly rate (月利率)"),
    "annual": _l("Annual rate (年利率)"),
    "period_fee": _l("Fee per installment (每期手续费率)"),
    "total_fee": _l("Total fee for the term (分期总费率)"),
    "installment": _l("I know the installment (每期还款额)"),
}
METHOD_LABELS = {
    "ei": _l("Equal installments (等额本息)"),
    "ep": _l("Equal principal (等额本金)"),
    "io": _l("Interest first, principal at the end (先息后本)"),
    "bullet": _l("All at the end (一次性还本付息)"),
    "flat": _l("Equal principal + flat fee (等本等费)"),
}
REPAYMENT_LABELS = {METHODS[code]: label for code, label in METHOD_LABELS.items()}
TIMING_LABELS = {
    "spread": _l("Spread over the installments"),
    "first": _l("All with the first installment"),
    "payout": _l("Deducted at payout"),
}
SORTS = ("cost", "apr", "payment")


def today() -> date:
    return datetime.now(CHINA).date()


def _options(labels: Mapping[str, object]) -> list[tuple[str, str]]:
    return [(key, str(text)) for key, text in labels.items()]


def form_options() -> dict:
    return {
        "kind_options": _options(KIND_LABELS),
        "method_options": _options(METHOD_LABELS),
        "timing_options": _options(TIMING_LABELS),
        "basis_options": [("365", str(_l("365 days a year"))), ("360", str(_l("360 days a year")))],
    }


def priced_product(form: Form, product, amount: Decimal, term: int, level: str = "typical",
                   start: date | None = None) -> QuoteResult | None:
    """A catalog product priced for the form's amount and term; what goes wrong becomes a field error."""
    quote = product.quote(amount, term, level, start_date=start or today())
    if quote is None:
        form.fail("term", "unknown")
        return None
    try:
        return price(quote)
    except FinanceError as exc:
        form.engine_error(exc, {"principal": "amount", "term": "term"}, "amount")
        return None


def _people(form: Form) -> dict:
    """The optional questions the warnings need: asked to pay first, student, lenders owed."""
    return {
        "fee_before_payout": form.flag("asked"),
        "student": form.flag("student"),
        "lenders_owed": form.integer("lenders", required=False, minimum=0, maximum=99),
    }


def advise_for(*, tips: bool = True, **facts) -> tuple[list[Advice], list[Advice]]:
    """Warnings and tips for these facts, against the catalog's dated reference data."""
    return advise(Situation(today=today(), **facts), get_catalog().reference, tips=tips)


def product_facts(product) -> dict:
    """What a catalog product tells advice beyond its price: penalty rate, prepayment fee, revolving terms."""
    facts: dict = {"lender_known": True}
    if product.penalty.overdue_daily_rate is not None:
        facts["penalty_daily_percent"] = product.penalty.overdue_daily_rate
    if product.prepayment.fee_percent_max:
        facts["prepayment_fee"] = Localized(product.prepayment.summary.model_dump())
    if product.revolving is not None:
        facts["revolving"] = Revolving(product.revolving.minimum_percent, product.revolving.daily_rate)
    return facts


# --- check my offer ----------------------------------------------------------------------------------


def check(args: Mapping[str, str]) -> dict:
    form = Form(args)
    # A price (a rate or an installment) makes a question; an amount and term alone are not yet one.
    submitted = any(form.has(k) for k in ("rate", "inst"))
    amount = form.amount("amount", required=submitted, maximum=MAX_PRINCIPAL)
    term = form.integer("term", required=submitted, minimum=1, maximum=MAX_TERM)
    start = form.day("start", default=today())
    people = _people(form)
    offer = read_offer(form, amount, term, start=start) if submitted else None
    result = None
    if offer is not None and form.valid:
        try:
            result = price(offer.quote)
        except FinanceError as exc:
            form.engine_error(exc, offer.fields, "rate")
    warnings, tips = ([], [])
    if result is not None:
        catalog = get_catalog()
        warnings, tips = advise_for(
            result=result,
            lender_known=catalog.is_licensed_lender(offer.lender) if offer.lender else False,
            stated_apr_percent=offer.stated_apr,
            **people,
        )
    return {
        "form": form,
        "submitted": submitted,
        "result": result,
        "chart": cost_bars(result.schedule) if result else None,
        "warnings": warnings,
        "tips": tips,
        "repayment_labels": REPAYMENT_LABELS,
        **form_options(),
    }


# --- compare ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One line of the comparison: a catalog product or a typed offer, priced."""

    key: str  # product id, or o1…o6
    name: object  # {zh, en} for products, the lender's name for offers
    credit_type: str | None
    typed: bool
    result: QuoteResult
    apr_low: float | None
    apr_high: float | None
    warnings: tuple[Advice, ...]
    confidence: str | None
    product_id: str | None


def product_rows(amount: Decimal, term: int, start: date) -> list[Row]:
    """Every catalog product that lends ``amount`` over ``term``, priced at its low, typical and high price.

    Cached per process: the answer depends only on the catalog, the inputs and the date.
    """
    return list(_product_rows(get_catalog(), amount, term, start))


@lru_cache(maxsize=512)
def _product_rows(catalog, amount: Decimal, term: int, start: date) -> tuple[Row, ...]:
    offered = []
    for product in catalog.products:
        quotes = {level: product.quote(amount, term, level, start_date=start) for level in LEVELS}
        if quotes["typical"] is not None:
            offered.append((product, quotes))
    # The published range only needs its annual rates: price every low and high price in one batch.
    ends = [q for _, quotes in offered for level in ("low", "high") if (q := quotes[level]) is not None]
    batch = price_batch(ends)
    end_aprs = iter(zip(batch.apr_percent, batch.errors))
    rows = []
    for product, quotes in offered:
        aprs = [apr for level in ("low", "high") if quotes[level] is not None
                for apr, error in [next(end_aprs)] if error is None]
        try:
            typical = price(quotes["typical"])
        except FinanceError:
            continue
        aprs.append(typical.apr_percent)
        spread = max(aprs) - min(aprs) > 0.005
        warnings, _ = advise(Situation(result=typical, today=start, **product_facts(product)), catalog.reference, tips=False)
        rows.append(
            Row(
                key=product.id,
                name=product.name,
                credit_type=product.credit_type,
                typed=False,
                result=typical,
                apr_low=float(min(aprs)) if spread else None,
                apr_high=float(max(aprs)) if spread else None,
                warnings=tuple(warnings),
                confidence=product.pricing.confidence,
                product_id=product.id,
            )
        )
    return tuple(rows)


def compare(args: Mapping[str, str]) -> dict:
    form = Form(args)
    submitted = form.has("amount") or form.has("term")
    amount = form.amount("amount", required=submitted, maximum=MAX_PRINCIPAL)
    term = form.integer("term", required=submitted, minimum=1, maximum=MAX_TERM)
    income = form.amount("income", required=False, maximum=MAX_PRINCIPAL)
    debts = form.amount("debts", required=False, maximum=MAX_PRINCIPAL, allow_zero=True)
    credit_type = form.choice("type", ("", *[t.id for t in get_catalog().credit_types]), "")
    sort = form.choice("sort", SORTS, "cost")
    picks = [p for p in request_list(args, "pick")][:4]
    start = today()

    offer_slots = []
    rows: list[Row] = []
    for k in range(1, MAX_OFFERS + 1):
        prefix = f"o{k}_"
        present = any(form.has(prefix + f) for f in ("rate", "inst", "lender"))
        offer_slots.append({"prefix": prefix, "present": present, "index": k})
        if not present or amount is None or term is None:
            continue
        offer = read_offer(form, amount, term, prefix=prefix, start=start)
        if offer is None:
            continue
        try:
            result = price(offer.quote)
        except FinanceError as exc:
            form.engine_error(exc, offer.fields, prefix + "rate")
            continue
        catalog = get_catalog()
        warnings, _ = advise_for(
            tips=False,
            result=result,
            lender_known=catalog.is_licensed_lender(offer.lender) if offer.lender else False,
            stated_apr_percent=offer.stated_apr,
        )
        rows.append(Row(f"o{k}", offer.lender or None, None, True, result, None, None, tuple(warnings), None, None))

    if amount is not None and term is not None:
        rows += product_rows(amount, term, start)
    if credit_type:
        rows = [r for r in rows if r.typed or r.credit_type == credit_type]
    key = {
        "cost": lambda r: (r.result.totals.cost, r.result.apr_percent),
        "apr": lambda r: (r.result.apr_percent, r.result.totals.cost),
        "payment": lambda r: (r.result.monthly_payment, r.result.totals.cost),
    }[sort]
    rows.sort(key=key)

    picked = [r for r in rows if r.key in picks]
    afford = None
    if income is not None and rows:
        try:
            afford = {
                r.key: assess(income, debts or Decimal(0), r.result.monthly_payment, get_catalog().dti_limits)
                for r in rows
            }
        except FinanceError as exc:
            form.engine_error(exc, {"income": "income", "debts": "debts"}, "income")
    offer_fields = ("lender", "kind", "rate", "basis", "method", "inst", "fee", "recv")
    row_summary_urls = {}
    for row in rows:
        if row.typed:
            prefix = row.key + "_"
            params = {name: form[prefix + name] for name in offer_fields if form.has(prefix + name)}
            params.update(amount=form["amount"], term=form["term"])
        else:
            params = {"product": row.product_id, "amount": form["amount"], "term": form["term"]}
        if form.has("lang"):
            params["lang"] = form["lang"]
        row_summary_urls[row.key] = url_for("summary.offer", **params)
    field_names = ["amount", "term", "income", "debts", "type", "sort"] + [
        slot["prefix"] + name for slot in offer_slots if slot["present"] for name in offer_fields
    ]
    return {
        "form": form,
        "submitted": submitted,
        "field_names": field_names,
        "row_summary_urls": row_summary_urls,
        "rows": rows,
        "picked": picked,
        "charts": {r.key: cost_bars(r.result.schedule) for r in picked},
        "afford": afford,
        "sort": sort,
        "offer_slots": offer_slots,
        "credit_types": get_catalog().credit_types,
        "repayment_labels": REPAYMENT_LABELS,
        **form_options(),
    }


def request_list(args: Mapping[str, str], name: str) -> list[str]:
    getlist = getattr(args, "getlist", None)
    values = getlist(name) if getlist else ([args[name]] if name in args else [])
    return [v[:40] for v in values if v][:8]


# --- can I afford it ---------------------------------------------------------------------------------


def afford(args: Mapping[str, str]) -> dict:
    form = Form(args)
    catalog = get_catalog()
    submitted = form.has("income")
    income = form.amount("income", required=submitted, maximum=MAX_PRINCIPAL)
    debts = form.amount("debts", required=False, maximum=MAX_PRINCIPAL, allow_zero=True) or Decimal(0)
    payment = form.amount("payment", required=False, maximum=MAX_PRINCIPAL)
    product_id = form.choice("product", ("", *[p.id for p in catalog.products]), "")
    amount = form.amount("amount", required=bool(product_id), maximum=MAX_PRINCIPAL)
    term = form.integer("term", required=bool(product_id), minimum=1, maximum=MAX_TERM)
    people = _people(form)
    bands = catalog.dti_limits

    result = None
    if product_id and amount is not None and term is not None:
        result = priced_product(form, catalog.product(product_id), amount, term)
    quote = result.quote if result is not None else None
    if submitted and payment is None and result is None and not form.errors:
        form.fail("payment", "required")

    assessment = largest = stressed = None
    if income is not None and form.valid and (payment is not None or result is not None):
        new_payment = result.monthly_payment if result is not None else payment
        try:
            stressed = stressed_payment(quote) if quote is not None else None
            assessment = assess(
                income, debts, new_payment, bands,
                rate_points=catalog.reference.value("stress_rate_points"),
                income_cut_percent=catalog.reference.value("stress_income_cut_percent"),
                payment_rate_up=stressed.monthly_payment if stressed else None,
            )
            if quote is not None:
                budget = max(bands.comfortable_max * income / 100 - debts, Decimal(0))
                largest = max_principal(quote, budget)
        except FinanceError as exc:
            form.engine_error(exc, {"income": "income", "debts": "debts", "new_payment": "payment"}, "income")
            assessment = None
    warnings, tips = ([], [])
    if assessment is not None:
        warnings, tips = advise_for(result=result, affordability=assessment, max_affordable=largest, **people)
    return {
        "form": form,
        "submitted": submitted,
        "result": result,
        "assessment": assessment,
        "largest": largest,
        "bands": bands,
        "warnings": warnings,
        "tips": tips,
        "products": catalog.products,
    }


# --- catalog -----------------------------------------------------------------------------------------


def catalog_index() -> dict:
    catalog = get_catalog()
    return {"catalog": catalog, "credit_types": catalog.credit_types, "platforms": catalog.platforms, "products": catalog.products}


def product_page(product_id: str, args: Mapping[str, str]) -> dict | None:
    catalog = get_catalog()
    product = catalog.product_or_none(product_id)
    if product is None:
        return None
    example_amount, example_term = Decimal(10000), 12
    if example_term not in product.terms.months:
        example_term = min(product.terms.months, key=lambda m: abs(m - 12))
    examples = {}
    for level in LEVELS:
        q = product.quote(example_amount, example_term, level, start_date=today())
        if q is not None:
            try:
                examples[level] = price(q)
            except FinanceError:
                continue
    typical = examples.get("typical")
    warnings, tips = advise_for(result=typical, **product_facts(product)) if typical else ([], [])
    return {
        "product": product,
        "catalog": catalog,
        "examples": examples,
        "example_amount": example_amount,
        "example_term": example_term,
        "warnings": warnings,
        "tips": tips,
        "repayment_labels": REPAYMENT_LABELS,
    }
