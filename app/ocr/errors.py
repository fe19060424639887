"""Why a screenshot could not be read: one code per cause, for the web layer to put in words."""

from __future__ import annotations

# Code → what it means (English, for developers; the web layer owns the translated message).
ERROR_CODES = {
    "not_an_image": "The upload is empty or not a PNG, JPEG, WebP, BMP or GIF image.",
    "corrupt_image": "The file claims to be an image but cannot be decoded (truncated or damaged).",
    "too_large": "The upload is larger than MAX_BYTES.",
    "too_many_pixels": "The image has more than MAX_PIXELS pixels (a decompression bomb, or not a screenshot).",
    "too_slow": "Reading the image took longer than the time limit (server busy, or a pathological image).",
    "no_offer_found": "No loan figures (amount, rate, installment, amount received or stated APR) were found.",
    "unavailable": "The OCR engine is not installed or failed to load on this server.",
}


class OcrError(Exception):
    """A screenshot we cannot read; ``code`` is a key of ``ERROR_CODES``, ``params`` its figures."""

    def __init__(self, code: str, **params: object) -> None:
        if code not in ERROR_CODES:
            raise ValueError(f"unknown OCR error code {code!r}")
        super().__init__(code)
        self.code = code
        self.params = params
