"""Uploaded bytes → a pixel array fit for OCR, refusing what is too big before it is decoded.

Everything happens in memory: the bytes are never written to disk nor logged.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageOps

from .errors import OcrError

MAX_BYTES = 10 * 1024 * 1024  # a phone screenshot is 0.2–3 MB; 10 MB leaves room for photos of screens
MAX_PIXELS = 40_000_000  # a 1440 × 20,000 scrolling screenshot is 29 MP; 40 MP decodes to ≤160 MB RGBA
FORMATS = ("PNG", "JPEG", "WEBP", "BMP", "GIF")  # what phones and desktops save screenshots as
# OCR input. Detection time and memory grow with the area, and text still reads at 800 px
# wide: 13 px grey text drawn on a 1080 px screen (9.6 px after scaling) read exactly. Phone
# screenshots (1080–1440 px wide, text 30–60 px tall) lose nothing; larger images are scaled down.
MAX_SHORT_SIDE = 800
MAX_OCR_PIXELS = 4_000_000
# The detector scales the short side up to 736 px, so its work grows with the aspect ratio:
# longer strips are read from their top (or left) part, ten times as long as wide at most.
MAX_ASPECT = 10


@dataclass(frozen=True)
class Decoded:
    """Pixels ready for OCR (BGR uint8), the scale from upload to them, and whether we cropped."""

    pixels: np.ndarray
    scale: float
    cropped: bool


def check_header(data: bytes) -> tuple[int, int]:
    """(width, height) from the header alone; ``OcrError`` for anything we will not decode."""
    if not isinstance(data, (bytes, bytearray, memoryview)) or len(data) == 0:
        raise OcrError("not_an_image")
    if len(data) > MAX_BYTES:
        raise OcrError("too_large", maximum=MAX_BYTES)
    with _open(data) as image:
        return image.size


def _open(data: bytes) -> Image.Image:
    """Open lazily (header only) and check the pixel count before anything is decoded."""
    try:
        image = Image.open(io.BytesIO(data), formats=FORMATS)
    except Image.DecompressionBombError:
        raise OcrError("too_many_pixels", maximum=MAX_PIXELS) from None
    except Image.DecompressionBombWarning:
        # Only raised where warnings are errors (the tests); elsewhere the size check below catches it.
        raise OcrError("too_many_pixels", maximum=MAX_PIXELS) from None
    except Image.UnidentifiedImageError:
        raise OcrError("not_an_image") from None
    except Exception:
        # A header a plugin chokes on (bad chunk, impossible field) is a damaged file, not our bug.
        raise OcrError("corrupt_image") from None
    width, height = image.size
    if width < 1 or height < 1:
        image.close()
        raise OcrError("corrupt_image")
    if width * height > MAX_PIXELS:
        image.close()
        raise OcrError("too_many_pixels", maximum=MAX_PIXELS)
    return image


def ocr_scale(width: int, height: int) -> float:
    """The factor (≤ 1) that brings an image within MAX_SHORT_SIDE and MAX_OCR_PIXELS."""
    return min(1.0, MAX_SHORT_SIDE / min(width, height), (MAX_OCR_PIXELS / (width * height)) ** 0.5)


def decode(data: bytes) -> Decoded:
    """The image cropped to MAX_ASPECT and scaled for OCR; ``OcrError`` if it cannot be decoded."""
    with _open(data) as image:
        full_width = image.width
        kept = (min(image.width, MAX_ASPECT * image.height), min(image.height, MAX_ASPECT * image.width))
        scale = ocr_scale(*kept)
        if image.format == "JPEG":
            # JPEG decodes at 1/2, 1/4 or 1/8 size directly: less time and memory than full size.
            image.draft("RGB", (round(image.width * scale), round(image.height * scale)))
        try:
            image.load()
            drafted = image.width / full_width
            # Photos of a screen carry their rotation in EXIF; boxes are given in the upright frame.
            ImageOps.exif_transpose(image, in_place=True)
            rgb = _to_rgb(image)
        except Exception:
            # Truncated data, bad CRC, decoder errors: Pillow raises many types, all mean "damaged".
            raise OcrError("corrupt_image") from None
    width, height = rgb.size
    cropped = height > MAX_ASPECT * width or width > MAX_ASPECT * height
    if cropped:
        rgb = rgb.crop((0, 0, min(width, MAX_ASPECT * height), min(height, MAX_ASPECT * width)))
    full_size_width = rgb.width / drafted  # the crop starts at (0, 0): only the scale maps boxes back
    target = (max(1, round(rgb.width * scale / drafted)), max(1, round(rgb.height * scale / drafted)))
    if rgb.width > target[0]:
        rgb = rgb.resize(target, Image.Resampling.LANCZOS)
    pixels = np.ascontiguousarray(np.asarray(rgb)[:, :, ::-1])
    return Decoded(pixels, rgb.width / full_size_width, cropped)


def _to_rgb(image: Image.Image) -> Image.Image:
    """RGB, with any transparency laid over white (screens are read as shown on a light page)."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("RGB")
    return image.convert("RGB")
