"""What a screenshot said: recognised lines in, fields with their sources and warnings out."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in the uploaded image's pixels

# Code → what it means. Each warning names the field it is about ("" for the whole screen).
WARNING_CODES = {
    "conflicting_values": "The screen shows this field twice with different values; the first (topmost) is used.",
    "rate_and_installment": "Both a rate and an installment were read; /api/v1/quote takes one (see quote_request).",
    "rate_range": "The rate is shown as a range (7.2%–24%), not one figure; it was not used.",
    "repayment_inferred": "No repayment method was shown; 等本等费 follows from the fee-rate phrasing.",
    "day_basis_from_stated_apr": "No day basis was shown; the stated annual rate is the daily rate × 360.",
    "fee_timing_guessed": "Nothing near the fee says when it is paid; the timing is the usual one for its name.",
    "received_disagrees_with_fees": "Amount received ≠ amount − fees deducted at payout.",
    "date_year_guessed": "The first due date has no year; it is taken as the next such day from today.",
    "term_in_days": "The term is in days, which the quote form cannot take; it was not used.",
    "low_confidence": "The OCR was unsure of the text this value came from: check it.",
    "image_cropped": "The image is very long; only its first part (10 × its width) was read.",
}


@dataclass(frozen=True)
class Line:
    """One recognised line of text, its box, and the OCR's confidence in it (0–1)."""

    text: str
    box: Box
    score: float = 1.0

    @property
    def height(self) -> float:
        return self.box[3] - self.box[1]


@dataclass(frozen=True)
class Note:
    """A warning about the reading: a code of ``WARNING_CODES``, its field, the values involved."""

    code: str
    field: str = ""
    values: tuple[str, ...] = ()


@dataclass
class OfferReading:
    """The figures read from one screenshot.

    ``fields`` uses the /api/v1/quote request names: money as strings in yuan with
    two decimals, percents as strings as shown ("14.60"), ``start_date`` the loan
    date ISO (the first due date less one month, as the schedule counts). What the
    screen said about the due date is ``first_due_date``. ``sources`` maps each
    field (fees as ``fees[0]``…) to the lines it was read from, label line first.
    """

    fields: dict = field(default_factory=dict)
    sources: dict[str, tuple[Line, ...]] = field(default_factory=dict)
    warnings: list[Note] = field(default_factory=list)
    first_due_date: date | None = None
    lines: list[Line] = field(default_factory=list)

    @property
    def found_offer(self) -> bool:
        """True when at least one money or rate figure was read."""
        return any(key in self.fields for key in ("principal", "rate", "installment", "received", "stated_apr_percent"))

    def quote_request(self) -> dict:
        """``fields`` made acceptable to /api/v1/quote, which takes a rate or an installment, not both.

        An equal-installment loan keeps the installment (the money actually paid;
        the lender's own figure stays in ``stated_apr_percent``), any other keeps
        the rate. When the amount received disagrees with the fees deducted at
        payout, the amount received is kept: the real rate is computed on it.
        """
        body = copy.deepcopy(self.fields)
        if "rate" in body and "installment" in body:
            if body.get("repayment", "equal_installment") == "equal_installment":
                del body["rate"]
            else:
                del body["installment"]
        if any(note.code == "received_disagrees_with_fees" for note in self.warnings):
            body["fees"] = [fee for fee in body.get("fees", []) if fee["when"] != "payout"]
            if not body["fees"]:
                del body["fees"]
        return body

    def to_json(self) -> dict:
        """A JSON-ready reply: fields, first due date, sources and warnings (not the full text)."""
        return {
            "fields": self.fields,
            "first_due_date": self.first_due_date.isoformat() if self.first_due_date else None,
            "sources": {
                key: [{"text": line.text, "box": list(line.box), "score": line.score} for line in lines]
                for key, lines in self.sources.items()
            },
            "warnings": [{"code": n.code, "field": n.field, "values": list(n.values)} for n in self.warnings],
        }


def money(value: Decimal) -> str:
    """Yuan as the API writes it: two decimals, no exponent ("10000.00")."""
    return f"{value:.2f}"


def percent(value: Decimal) -> str:
    """A percent figure as shown on the screen ("14.60", "0.05"), never in exponent form."""
    return format(value, "f")
