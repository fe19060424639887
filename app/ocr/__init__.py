"""Read a loan offer from a screenshot (issue 9): the figures, where each came from, what to check.

``read_offer(data)`` takes the uploaded bytes and returns an ``OfferReading``,
or raises ``OcrError(code)`` (codes in ``ERROR_CODES``). ``extract_fields(lines)``
is the pure half, from recognised lines to fields, testable without OCR.

The image is handled in memory only: never written to disk, never logged.
The OCR engine (RapidOCR, models inside its wheel: nothing is downloaded) is
created on first use, once per process; see ``engine`` for the time limit.
"""

from __future__ import annotations

from datetime import date

from .engine import MAX_BOXES, TIME_LIMIT, recognise, warm_up
from .errors import ERROR_CODES, OcrError
from .extract import extract_fields, normalise
from .image import MAX_BYTES, MAX_PIXELS, check_header
from .reading import WARNING_CODES, Line, Note, OfferReading

__all__ = [
    "ERROR_CODES", "MAX_BOXES", "MAX_BYTES", "MAX_PIXELS", "TIME_LIMIT", "WARNING_CODES",
    "Line", "Note", "OcrError", "OfferReading", "extract_fields", "normalise", "read_offer", "warm_up",
]


def read_offer(data: bytes, *, timeout: float = TIME_LIMIT, today: date | None = None) -> OfferReading:
    """The offer on a screenshot; ``OcrError`` if the bytes are no usable image or show no offer.

    Size and pixel limits are checked on the header before anything is decoded;
    decoding and recognition then run on the OCR thread, waited for ``timeout``
    seconds at most. ``today`` dates a due date shown without a year.
    """
    check_header(data)
    lines, cropped = recognise(bytes(data), timeout)
    reading = extract_fields(lines, today=today)
    if not reading.found_offer:
        raise OcrError("no_offer_found")
    if cropped:
        reading.warnings.append(Note("image_cropped"))
    return reading
