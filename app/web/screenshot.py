"""Check an offer from a screenshot: upload (or drop, or paste) → the figures fill the form to confirm.

The figures read are never turned straight into a verdict: the check page comes
back with the form filled in and each figure's source text beside it; the
borrower corrects what needs correcting and asks for the real cost. The image
stays in memory (``InMemoryRequest``) and is neither stored nor logged.
"""

from __future__ import annotations

import io

from flask import Blueprint, make_response, render_template, request
from flask_babel import lazy_gettext as _l
from htmx_flask.requests import HtmxAwareRequest

from .. import ocr
from ..finance import Repayment
from ..ocr import OcrError, OfferReading
from . import limits, views
from .forms import Form
from .offers import METHOD_CODES

bp = Blueprint("screenshot", __name__)

UPLOAD_LIMIT = ocr.MAX_BYTES + 64 * 1024  # the image plus the multipart envelope
STATUS = {"not_an_image": 415, "corrupt_image": 422, "too_large": 413, "too_many_pixels": 413, "too_slow": 503,
          "no_offer_found": 422, "unavailable": 503}
MESSAGES = {
    "not_an_image": _l("That file is not an image. Upload a screenshot (PNG, JPEG, WebP, BMP or GIF)."),
    "corrupt_image": _l("That image is damaged and cannot be read. Take the screenshot again."),
    "too_large": _l("That image is too large (over %(megabytes)s MB). Upload the screenshot itself, not a photo of the screen."),
    "too_many_pixels": _l("That image has too many pixels to be a screenshot."),
    "too_slow": _l("Reading the screenshot took too long; try again in a moment."),
    "no_offer_found": _l("We could not find loan figures on that image. Type the offer in instead."),
    "unavailable": _l("Reading screenshots is not available on this server; type the offer in instead."),
}
# What the borrower should double-check, by the reader's warning code (app/ocr/reading.py).
READING_NOTES = {
    "conflicting_values": _l("The screen shows a figure twice with different values; we used the first. Check it."),
    "rate_and_installment": _l("The screen shows both a rate and an installment; we used the installment you pay."),
    "rate_range": _l("The rate is shown as a range, not one figure; enter the rate of your own offer."),
    "repayment_inferred": _l("No repayment method was shown; we assumed the one its fee phrasing implies."),
    "day_basis_from_stated_apr": _l("The days-in-a-year basis was worked out from the stated annual rate."),
    "fee_timing_guessed": _l("Nothing says when the fee is paid; we assumed the usual timing for its name."),
    "received_disagrees_with_fees": _l("The amount received does not match the amount less the fees; we used the amount received."),
    "date_year_guessed": _l("The first due date has no year; we assumed the next such day."),
    "term_in_days": _l("The term is in days; enter it in months."),
    "low_confidence": _l("Some text was hard to read: check the highlighted figures."),
    "image_cropped": _l("The screenshot is very long; we read only its top part."),
}


def reading_note(code: str) -> str:
    return str(READING_NOTES.get(code, READING_NOTES["low_confidence"]))


# How the reading's quote fields fill the check form (docs/url-spec.md).
KIND_FIELDS = {"daily", "monthly", "annual", "period_fee", "total_fee"}


class InMemoryRequest(HtmxAwareRequest):
    """Uploads are kept in memory: Werkzeug would spill files over 500 KB to a temporary file."""

    def _get_file_stream(self, total_content_length, content_type, filename=None, content_length=None):  # noqa: ANN001, ANN202
        return io.BytesIO()


def error_message(error: OcrError) -> str:
    text = str(MESSAGES[error.code])
    return text % {"megabytes": ocr.MAX_BYTES // (1024 * 1024)} if "%(" in text else text


def read_upload() -> OfferReading:
    """The offer on the uploaded ``image``; ``OcrError`` when there is none to read."""
    request.max_content_length = UPLOAD_LIMIT  # answered 413 before the body is read
    upload = request.files.get("image")
    if upload is None:
        raise OcrError("not_an_image")
    data = upload.read(ocr.MAX_BYTES + 1)
    if len(data) > ocr.MAX_BYTES:
        raise OcrError("too_large", maximum=ocr.MAX_BYTES)
    return ocr.read_offer(data, today=views.today())


def form_values(reading: OfferReading) -> tuple[dict[str, str], dict[str, str]]:
    """(check-form values, form field → the text each was read from)."""
    fields = reading.fields
    values: dict[str, str] = {}
    sources: dict[str, str] = {}

    def source(key: str) -> str:
        return " / ".join(line.text for line in reading.sources.get(key, ()))

    def put(form_field: str, value: object, key: str) -> None:
        values[form_field] = str(value)
        if source(key):
            sources[form_field] = source(key)

    if "principal" in fields:
        put("amount", fields["principal"], "principal")
    if "term" in fields:
        put("term", fields["term"], "term")
    rate = fields.get("rate")
    if "installment" in fields and (rate is None or fields.get("repayment", "equal_installment") == "equal_installment"):
        values["kind"] = "installment"
        put("inst", fields["installment"], "installment")
    elif rate and rate.get("kind") in KIND_FIELDS:
        values["kind"] = rate["kind"]
        put("rate", rate["percent"], "rate")
        if rate.get("day_basis"):
            values["basis"] = str(rate["day_basis"])
    if fields.get("repayment") in {m.value for m in METHOD_CODES}:
        put("method", METHOD_CODES[Repayment(fields["repayment"])], "repayment")
    if "received" in fields:
        put("recv", fields["received"], "received")
    for index, fee in enumerate(fields.get("fees", [])):
        target = {"payout": "fee", "per_period": "pfee"}.get(fee["when"])
        if target and "amount" in fee and target not in values:
            put(target, fee["amount"], f"fees[{index}]")
    if "stated_apr_percent" in fields:
        put("stated", fields["stated_apr_percent"], "stated_apr_percent")
    if "start_date" in fields:
        put("start", fields["start_date"], "start_date")
    return values, sources


@bp.post("/check/screenshot")
def check_screenshot():
    """Read an uploaded screenshot and show its figures in the check form, to confirm or correct."""
    limits.check("ocr")
    try:
        reading = read_upload()
    except OcrError as error:
        context = views.check({})
        context["upload_error"] = error_message(error)
        return make_response(render_template("pages/check.html", **context), STATUS[error.code])
    values, sources = form_values(reading)
    if request.args.get("lang"):
        values["lang"] = request.args["lang"]
    form = Form(values)
    form.sources = sources
    context = views.check({})  # the options and an empty result: nothing is judged before confirmation
    context.update(form=form, confirming=True, reading_notes=[n.code for n in reading.warnings])
    return render_template("pages/check.html", **context)
