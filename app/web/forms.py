"""Reading calculator forms: every value as typed, every error next to its field.

A ``Form`` wraps the query string. Each accessor parses one field with the
rules people expect (``numbers.py``), checks its bounds, and on failure
records a message for that field instead of raising, so the page can show
every problem at once and keep what was typed. Errors from the money engine
(``InvalidInput``) are mapped back to the form field they are about.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from ..finance import FinanceError
from ..numbers import MAX_INPUT, NumberError, parse_amount, parse_int, parse_percent

MESSAGES = {
    "required": _l("Please fill this in."),
    "empty": _l("Please fill this in."),
    "too_long": _l("That is too long to be a number."),
    "not_a_number": _l("Enter a number, such as 10000, 1.5万 or 0.05%."),
    "not_whole": _l("Enter a whole number."),
    "not_positive": _l("Enter an amount above zero."),
    "negative": _l("This cannot be negative."),
    "too_large": _l("Enter at most %(maximum)s."),
    "too_small": _l("Enter at least %(minimum)s."),
    "out_of_range": _l("Enter a number from %(minimum)s to %(maximum)s."),
    "fractional_fen": _l("Amounts go to the fen (0.01 yuan) at most."),
    "too_many_decimals": _l("Use at most %(places)s decimal places."),
    "absurd": _l("Annualised, that is above %(maximum)s%% a year: check the figure and whether it is per day, per month or per year."),
    "unknown": _l("Choose one of the options."),
    "not_a_date": _l("Enter a date as 2026-12-04."),
    "fee_not_below_principal": _l("A fee must be smaller than the loan."),
    "fees_not_below_principal": _l("The fees add up to the whole loan or more."),
    "installments_below_principal": _l("The installments add up to less than the loan amount."),
    "rate_and_installment": _l("Give either the rate or the installment, not both."),
    "above_principal": _l("The amount received cannot exceed the loan amount."),
    "disagrees_with_payout_fees": _l("Amount received and fee at payout disagree: give one of them."),
    "flat_fee_needs_equal_principal_flat_fee": _l("A per-installment or total fee goes with “equal principal + flat fee”."),
    "balance_rate_cannot_be_flat_fee": _l("A daily, monthly or annual rate goes with a method that charges interest on the balance."),
    "installment_needs_equal_installment": _l("A stated installment means equal installments."),
    "repaid_less_than_received": _l("You would repay less than you receive: check the installment and the amount received."),
    "no_rate": _l("These figures do not describe a loan we can compute a rate for."),
    "not_a_loan": _l("These figures do not describe a loan we can compute a rate for."),
    "amount_or_percent": _l("Give an amount or a percentage."),
    "stress_needs_rate": _l("This needs the loan's rate."),
    "max_principal_needs_rate": _l("This needs the loan's rate."),
    "too_many_offers": _l("At most %(maximum)s offers."),
    "not_a_colour": _l("Enter a colour as #RRGGBB, e.g. #0b5cad."),
    "unknown_field": _l("This field is not part of the request."),
    "too_many_items": _l("At most %(maximum)s items."),
    "invalid": _l("This value is not valid here."),
    "new_payment_or_quote": _l("Give the new payment or a quote, one of the two."),
}


def message(code: str, **params: object) -> str:
    """The message for an error code in the request's language."""
    text = str(MESSAGES.get(code, MESSAGES["not_a_number"]))
    return text % params if params else text.replace("%%", "%")


class Form:
    """Parsed query-string values and per-field errors; ``raw`` keeps what was typed."""

    def __init__(self, args: Mapping[str, str] | MultiDict) -> None:
        self.raw: dict[str, str] = {k: (v if isinstance(v, str) else str(v)) for k, v in args.items()}
        self.errors: dict[str, str] = {}
        self.sources: dict[str, str] = {}  # field → the screenshot text a value was read from

    def __getitem__(self, name: str) -> str:
        return self.raw.get(name, "")

    @property
    def valid(self) -> bool:
        return not self.errors

    def has(self, name: str) -> bool:
        return bool(self.raw.get(name, "").strip())

    def fail(self, name: str, code: str, **params: object) -> None:
        self.errors.setdefault(name, message(code, **params))

    def _parse(self, name: str, parser, required: bool):
        text = self.raw.get(name, "")
        if not text.strip():
            if required:
                self.fail(name, "required")
            return None
        try:
            return parser(text)
        except NumberError as exc:
            self.fail(name, exc.code)
            return None

    def amount(self, name: str, *, required: bool = True, minimum: Decimal | None = Decimal("0.01"),
               maximum: Decimal | None = None, allow_zero: bool = False) -> Decimal | None:
        value = self._parse(name, parse_amount, required)
        if value is None:
            return None
        if value < 0:
            self.fail(name, "negative")
        elif value == 0 and not allow_zero:
            self.fail(name, "not_positive")
        elif value != 0 and minimum is not None and value < minimum:
            self.fail(name, "too_small", minimum=minimum)
        elif maximum is not None and value > maximum:
            self.fail(name, "too_large", maximum=maximum)
        elif value != value.quantize(Decimal("0.01")):
            self.fail(name, "fractional_fen")
        else:
            return value
        return None

    def percent(self, name: str, *, required: bool = True, maximum: Decimal | None = None) -> Decimal | None:
        value = self._parse(name, parse_percent, required)
        if value is None:
            return None
        if value < 0:
            self.fail(name, "negative")
        elif maximum is not None and value > maximum:
            self.fail(name, "too_large", maximum=maximum)
        else:
            return value
        return None

    def integer(self, name: str, *, required: bool = True, minimum: int, maximum: int) -> int | None:
        value = self._parse(name, parse_int, required)
        if value is None:
            return None
        if not minimum <= value <= maximum:
            self.fail(name, "out_of_range", minimum=minimum, maximum=maximum)
            return None
        return value

    def choice(self, name: str, choices: tuple[str, ...], default: str) -> str:
        value = self.raw.get(name, "").strip() or default
        if value not in choices:
            self.fail(name, "unknown")
            return default
        return value

    def flag(self, name: str) -> bool:
        return self.raw.get(name, "").strip().lower() in ("1", "on", "yes", "true", "y")

    def day(self, name: str, default: date | None = None) -> date | None:
        text = self.raw.get(name, "").strip()
        if not text:
            return default
        try:
            if len(text) > MAX_INPUT:
                raise ValueError(text)
            return date.fromisoformat(text)
        except ValueError:
            self.fail(name, "not_a_date")
            return default

    def text(self, name: str, max_length: int = 60) -> str:
        value = " ".join(self.raw.get(name, "").split())
        if len(value) > max_length:
            self.fail(name, "too_long")
            return value[:max_length]
        return value

    def engine_error(self, exc: FinanceError, fields: Mapping[str, str], fallback: str) -> None:
        """Attach a money-engine error to the form field it is about."""
        name = fields.get(exc.field) or fields.get(exc.field.split(".")[0].split("[")[0]) or fallback
        params = {k: v for k, v in exc.params.items() if k in ("minimum", "maximum", "places")}
        self.fail(name, exc.code, **params)
