"""Public JSON API v1: the same numbers the pages show, as data.

Money in replies is a string with two decimals ("893.33"); rates are numbers
in percent, unrounded. Errors are ``{"errors": [{"field", "message"}]}`` in the
request's language with status 400 (not JSON, wrong shape) or 422 (valid JSON,
values the engine cannot use); never a 500, never a stack trace.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from flask import Blueprint, Response, jsonify, render_template, request
from flask_babel import gettext as _
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ..advice import Advice
from ..catalog import get_catalog
from ..finance import (
    Fee, FeeTiming, FeeWhen, FinanceError, NoRateError, Quote, QuoteResult, Rate, RateKind, Repayment, price,
)
from ..finance.affordability import assess, max_principal, stressed_payment
from ..finance.quote import MAX_TERM
from ..finance.rates import Flow, actuarial_rate, effective_annual, eu_aprc
from . import limits, payloads, views
from .forms import message
from .openapi import openapi_document

bp = Blueprint("api", __name__, url_prefix="/api/v1")

MAX_FLOWS = 5000
Money = Annotated[Decimal, Field(allow_inf_nan=False, max_digits=20)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --- /apr ---------------------------------------------------------------------------------------------


class FlowIn(Strict):
    amount: Money = Field(gt=0)
    period: Decimal | None = Field(default=None, ge=0, le=100000, allow_inf_nan=False)
    years: Decimal | None = Field(default=None, ge=0, le=1000, allow_inf_nan=False)
    count: int = Field(default=1, ge=1, le=MAX_FLOWS)
    every: Decimal = Field(default=Decimal(1), gt=0, le=1000, allow_inf_nan=False)


class AprIn(Strict):
    method: Literal["actuarial", "eu"] = "actuarial"
    per_year: Decimal = Field(default=Decimal(12), gt=0, le=366, allow_inf_nan=False)
    advances: list[FlowIn] = Field(min_length=1, max_length=MAX_FLOWS)
    payments: list[FlowIn] = Field(min_length=1, max_length=MAX_FLOWS)

    @model_validator(mode="after")
    def _times(self) -> AprIn:
        key = "period" if self.method == "actuarial" else "years"
        for side in ("advances", "payments"):
            for i, flow in enumerate(getattr(self, side)):
                if getattr(flow, key) is None:
                    raise _FieldProblem(f"{side}[{i}].{key}", "required")
        if sum(f.count for f in self.advances) + sum(f.count for f in self.payments) > MAX_FLOWS:
            raise _FieldProblem("payments", "too_large", maximum=MAX_FLOWS)
        return self


# --- /quote -------------------------------------------------------------------------------------------


class RateIn(Strict):
    kind: RateKind
    percent: Decimal = Field(ge=0, allow_inf_nan=False, max_digits=20)
    day_basis: Literal[360, 365] = 360
    fee_timing: FeeTiming = FeeTiming.SPREAD


class FeeIn(Strict):
    when: FeeWhen
    amount: Money | None = Field(default=None, ge=0)
    percent: Decimal | None = Field(default=None, ge=0, le=100, allow_inf_nan=False)
    label: str = Field(default="", max_length=60)


class QuoteIn(Strict):
    principal: Money = Field(gt=0)
    term: int = Field(ge=1, le=MAX_TERM)
    repayment: Repayment = Repayment.EQUAL_INSTALLMENT
    rate: RateIn | None = None
    fees: list[FeeIn] = Field(default_factory=list, max_length=20)
    start_date: date | None = None
    contract_date: date | None = None
    installment: Money | None = Field(default=None, gt=0)
    received: Money | None = Field(default=None, gt=0)
    stated_apr_percent: Decimal | None = Field(default=None, ge=0, le=1000, allow_inf_nan=False)
    lender: str | None = Field(default=None, max_length=60)
    fee_before_payout: bool = False
    student: bool = False
    lenders_owed: int | None = Field(default=None, ge=0, le=99)

    def quote(self) -> Quote:
        return Quote(
            principal=self.principal,
            term=self.term,
            repayment=self.repayment,
            rate=Rate(self.rate.kind, self.rate.percent, self.rate.day_basis, self.rate.fee_timing) if self.rate else None,
            fees=tuple(Fee(f.when, f.amount, f.percent, f.label) for f in self.fees),
            start_date=self.start_date or views.today(),
            contract_date=self.contract_date or self.start_date or views.today(),
            installment=self.installment,
            received=self.received,
        )


class AffordabilityIn(Strict):
    monthly_income: Money = Field(gt=0)
    monthly_debt_payments: Money = Field(default=Decimal(0), ge=0)
    new_payment: Money | None = Field(default=None, ge=0)
    quote: QuoteIn | None = None

    @model_validator(mode="after")
    def _one_of(self) -> AffordabilityIn:
        if (self.new_payment is None) == (self.quote is None):
            raise _FieldProblem("new_payment", "new_payment_or_quote")
        return self


class OfferIn(QuoteIn):
    principal: Money | None = Field(default=None, gt=0)  # type: ignore[assignment]
    term: int | None = Field(default=None, ge=1, le=MAX_TERM)  # type: ignore[assignment]
    name: str | None = Field(default=None, max_length=60)


class CompareIn(Strict):
    amount: Money = Field(gt=0)
    term: int = Field(ge=1, le=MAX_TERM)
    monthly_income: Money | None = Field(default=None, gt=0)
    monthly_debt_payments: Money = Field(default=Decimal(0), ge=0)
    credit_type: str | None = None
    offers: list[OfferIn] = Field(default_factory=list, max_length=views.MAX_OFFERS)


# --- errors -------------------------------------------------------------------------------------------


class _FieldProblem(ValueError):
    def __init__(self, field: str, code: str, **params: object) -> None:
        super().__init__(code)
        self.field, self.code, self.params = field, code, params


class ApiError(Exception):
    def __init__(self, status: int, errors: list[dict[str, str]]) -> None:
        self.status, self.errors = status, errors


_PYDANTIC_CODES = {
    "missing": "required",
    "extra_forbidden": "unknown_field",
    "literal_error": "unknown",
    "enum": "unknown",
    "greater_than": "not_positive",
    "greater_than_equal": "negative",
    "less_than_equal": "too_large",
    "less_than": "too_large",
    "too_long": "too_many_items",
    "too_short": "required",
    "finite_number": "not_a_number",
    "decimal_max_digits": "too_large",
}


def _dotted(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _validation_errors(exc: ValidationError) -> list[dict[str, str]]:
    errors = []
    for err in exc.errors(include_url=False):
        ctx_error = (err.get("ctx") or {}).get("error")
        if isinstance(ctx_error, _FieldProblem):
            errors.append({"field": ctx_error.field, "message": message(ctx_error.code, **ctx_error.params)})
            continue
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith(("function-", "tagged-union"))))
        code = _PYDANTIC_CODES.get(err["type"], "not_a_number" if err["type"].endswith("parsing") or err["type"].endswith("_type") else "invalid")
        params = {}
        limit = (err.get("ctx") or {}).get("le") or (err.get("ctx") or {}).get("lt") or (err.get("ctx") or {}).get("max_length")
        if code in ("too_large", "too_many_items") and limit is not None:
            params["maximum"] = limit
        errors.append({"field": _dotted(loc), "message": message(code, **params)})
    return errors


def _body(model: type[BaseModel]) -> Any:
    """The request's JSON as ``model``; ApiError 400/422 otherwise."""
    if not request.is_json:
        raise ApiError(415, [{"field": "", "message": _("Send JSON with Content-Type: application/json.")}])
    try:
        data = json.loads(request.get_data(cache=False), parse_float=Decimal, parse_constant=_no_constants)
    except (ValueError, UnicodeDecodeError):
        raise ApiError(400, [{"field": "", "message": _("The body is not valid JSON.")}]) from None
    if not isinstance(data, dict):
        raise ApiError(400, [{"field": "", "message": _("The body must be a JSON object.")}])
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ApiError(422, _validation_errors(exc)) from None


def _no_constants(name: str) -> None:
    raise ValueError(f"{name} is not a number")


def _engine_error(exc: FinanceError) -> ApiError:
    params = {k: v for k, v in exc.params.items() if k in ("minimum", "maximum", "places")}
    return ApiError(422, [{"field": exc.field, "message": message(exc.code, **params)}])


@bp.errorhandler(ApiError)
def _api_error(exc: ApiError):
    return jsonify(errors=exc.errors), exc.status


# --- serialisation -----------------------------------------------------------------------------------


def _lang() -> str:
    from . import lang

    return lang()


def _priced(body: QuoteIn) -> tuple[QuoteResult, list[Advice], list[Advice]]:
    try:
        result = price(body.quote())
    except FinanceError as exc:
        raise _engine_error(exc) from None
    catalog = get_catalog()
    warnings, tips = views.advise_for(
        result=result,
        lender_known=catalog.is_licensed_lender(body.lender) if body.lender else None,
        stated_apr_percent=body.stated_apr_percent,
        fee_before_payout=body.fee_before_payout,
        student=body.student,
        lenders_owed=body.lenders_owed,
    )
    return result, warnings, tips


# --- endpoints ---------------------------------------------------------------------------------------


@bp.before_request
def _rate_limit():
    limits.check("api")


@bp.post("/apr")
def apr():
    """The annual rate of any cash flows (Regulation Z Appendix J, or the EU APRC)."""
    body: AprIn = _body(AprIn)
    key = "period" if body.method == "actuarial" else "years"

    def expand(flows: list[FlowIn]) -> list[tuple[float, float]]:
        return [(float(f.amount), float(getattr(f, key) + k * f.every)) for f in flows for k in range(f.count)]

    advances, payments = expand(body.advances), expand(body.payments)
    try:
        if body.method == "eu":
            x = eu_aprc(advances, payments)
            return jsonify(method="eu", apr_percent=x * 100, periodic_rate=x, effective_annual_percent=x * 100)
        split = lambda t: (int(t), t - int(t))  # noqa: E731 - whole periods and the fraction
        i = actuarial_rate([Flow(a, *split(t)) for a, t in advances], [Flow(a, *split(t)) for a, t in payments])
    except NoRateError as exc:
        raise _engine_error(exc) from None
    w = float(body.per_year)
    return jsonify(method="actuarial", apr_percent=i * w * 100, periodic_rate=i,
                   effective_annual_percent=effective_annual(i, w) * 100)


@bp.post("/quote")
def quote():
    """A quote as the lender phrases it → schedule, totals, real rates, warnings and tips."""
    body: QuoteIn = _body(QuoteIn)
    result, warnings, tips = _priced(body)
    return jsonify(payloads.quote_json(result, warnings, tips, _lang()))


@bp.post("/affordability")
def affordability():
    """Debt-to-income before and after a new payment (or a quote), its band and the stress line."""
    body: AffordabilityIn = _body(AffordabilityIn)
    catalog = get_catalog()
    reference = catalog.reference
    result = None
    stressed = None
    if body.quote is not None:
        result, _w, _t = _priced(body.quote)
        new_payment = result.monthly_payment
        try:
            stressed = stressed_payment(result.quote) if result.quote.installment is None else None
        except FinanceError as exc:
            raise _engine_error(exc) from None
    else:
        new_payment = body.new_payment
    try:
        a = assess(
            body.monthly_income, body.monthly_debt_payments, new_payment, catalog.dti_limits,
            rate_points=reference.value("stress_rate_points"),
            income_cut_percent=reference.value("stress_income_cut_percent"),
            payment_rate_up=stressed.monthly_payment if stressed else None,
        )
        largest = None
        if result is not None and result.quote.installment is None:
            budget = max(catalog.dti_limits.comfortable_max * body.monthly_income / 100 - body.monthly_debt_payments, Decimal(0))
            largest = max_principal(result.quote, budget)
    except FinanceError as exc:
        raise _engine_error(exc) from None
    warnings, _tips = views.advise_for(result=result, affordability=a, max_affordable=largest)
    return jsonify(
        dti_before_percent=float(a.dti_before),
        dti_after_percent=float(a.dti_after),
        band=a.band_after.value,
        band_before=a.band_before.value,
        new_payment=payloads.money(a.new_payment),
        room=payloads.money(a.room),
        max_principal=payloads.money(largest) if largest is not None else None,
        stress={
            "rate_points": float(a.stress.rate_points),
            "income_cut_percent": float(a.stress.income_cut_percent),
            "payment_rate_up": payloads.money(a.stress.payment_rate_up) if a.stress.payment_rate_up is not None else None,
            "dti_rate_up_percent": float(a.stress.dti_rate_up) if a.stress.dti_rate_up is not None else None,
            "band_rate_up": a.stress.band_rate_up.value if a.stress.band_rate_up else None,
            "dti_income_down_percent": float(a.stress.dti_income_down),
            "band_income_down": a.stress.band_income_down.value,
        },
        warnings=payloads.advice_json(warnings, _lang()),
    )


@bp.get("/products")
def products():
    """Every catalog product, with its published price and where the figures come from."""
    lang = _lang()
    return jsonify(as_of=get_catalog().as_of.isoformat(), products=[payloads.product_json(p, lang) for p in get_catalog().products])


@bp.get("/products/<product_id>")
def product(product_id: str):
    """One catalog product."""
    found = get_catalog().product_or_none(product_id)
    if found is None:
        return jsonify(errors=[{"field": "product_id", "message": _("No product has that id.")}]), 404
    return jsonify(payloads.product_json(found, _lang()))


@bp.post("/compare")
def compare():
    """Catalog products that can lend this amount for this term, and typed offers: one row each."""
    body: CompareIn = _body(CompareIn)
    lang = _lang()
    typed = []
    for index, offer in enumerate(body.offers):
        data = offer.model_dump(exclude={"name"}) | {"principal": offer.principal or body.amount, "term": offer.term or body.term}
        try:
            typed.append((offer.name, QuoteIn.model_validate(data)))
        except ValidationError as exc:
            raise ApiError(422, [{"field": f"offers[{index}].{e['field']}", "message": e["message"]} for e in _validation_errors(exc)]) from None
    rows = []
    for index, (name, quote_in) in enumerate(typed):
        try:
            result, warnings, _tips = _priced(quote_in)
        except ApiError as exc:
            raise ApiError(exc.status, [{"field": f"offers[{index}].{e['field']}", "message": e["message"]} for e in exc.errors]) from None
        rows.append(payloads.compare_row_json(f"o{index + 1}", name, None, result, None, None, warnings, lang))
    for row in views.product_rows(body.amount, body.term, views.today()):
        if body.credit_type and row.credit_type != body.credit_type:
            continue
        rows.append(payloads.compare_row_json(row.key, row.name, row.credit_type, row.result, row.apr_low, row.apr_high, list(row.warnings), lang))
    if body.monthly_income is not None:
        bands = get_catalog().dti_limits
        for row in rows:
            a = assess(body.monthly_income, body.monthly_debt_payments, Decimal(row["monthly_payment"]), bands)
            row["dti_after_percent"] = float(a.dti_after)
            row["band"] = a.band_after.value
    rows.sort(key=lambda r: (Decimal(r["total_cost"]), r["apr_percent"]))
    return jsonify(amount=payloads.money(body.amount), term=body.term, rows=rows)


@bp.post("/offer-from-image")
def offer_from_image():
    """Read a loan offer from a screenshot (multipart field ``image``): fields, their sources, and the quote."""
    from ..ocr import OcrError
    from .screenshot import STATUS, error_message, read_upload

    limits.check("ocr")
    try:
        reading = read_upload()
    except OcrError as error:
        return jsonify(errors=[{"field": "image", "message": error_message(error)}]), STATUS[error.code]
    reply = reading.to_json()
    reply["quote"], reply["quote_errors"] = None, []
    try:
        body = QuoteIn.model_validate(reading.quote_request())
        result, warnings, tips = _priced(body)
        reply["quote"] = payloads.quote_json(result, warnings, tips, _lang())
    except ValidationError as exc:
        reply["quote_errors"] = _validation_errors(exc)
    except ApiError as exc:
        reply["quote_errors"] = exc.errors
    return jsonify(reply)


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI 3.1 description of this API."""
    return jsonify(openapi_document())


def docs() -> Response:
    """The human-readable API page."""
    return render_template("pages/api_docs.html", spec=openapi_document())

