"""Bad uploads end in a typed OcrError, quickly, without decoding what is too big."""

from __future__ import annotations

import io
import random
import struct
import subprocess
import sys
import threading
import time
import zlib

import numpy as np
import pytest
from PIL import Image

from app.ocr import MAX_BYTES, MAX_PIXELS, OcrError, engine, read_offer
from app.ocr.image import MAX_ASPECT, decode

from .conftest import PATIENT
from .screens import no_offer_png


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_claiming(width: int, height: int) -> bytes:
    """A 60-byte PNG whose header claims ``width × height`` pixels: a decompression bomb's calling card."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(b"")) + _chunk(b"IEND", b"")


def png_of(image: Image.Image, fmt: str = "PNG") -> bytes:
    out = io.BytesIO()
    image.save(out, fmt)
    return out.getvalue()


def noise_png(width: int = 600, height: int = 400) -> bytes:
    """Random pixels: a valid PNG that does not compress, so cutting it loses real image data."""
    pixels = np.random.default_rng(3).integers(0, 256, (height, width, 3), dtype=np.uint8)
    return png_of(Image.fromarray(pixels))


def error_code(data, **kwargs) -> str:
    with pytest.raises(OcrError) as caught:
        read_offer(data, **kwargs)
    return caught.value.code


@pytest.mark.parametrize(
    "data",
    [b"", b"hello, this is text", random.Random(1).randbytes(4096), b"%PDF-1.7\n" + bytes(500), "not bytes"],
    ids=["empty", "text", "random_bytes", "pdf", "str"],
)
def test_not_an_image(data) -> None:
    assert error_code(data) == "not_an_image"


def test_truncated_png_is_corrupt() -> None:
    data = noise_png()
    assert error_code(data[: len(data) // 2]) == "corrupt_image"


def test_png_with_a_damaged_header_chunk_is_corrupt() -> None:
    data = bytearray(noise_png())
    data[29] ^= 0xFF  # inside IHDR's CRC: Pillow refuses the chunk
    assert error_code(bytes(data)) in ("corrupt_image", "not_an_image")


def test_30_mb_upload_is_refused_before_it_is_opened() -> None:
    data = b"\x89PNG\r\n\x1a\n" + bytes(30 * 1024 * 1024)
    with pytest.raises(OcrError) as caught:
        read_offer(data)
    assert caught.value.code == "too_large"
    assert caught.value.params == {"maximum": MAX_BYTES}


def test_20000_by_20000_decompression_bomb_is_refused_from_its_header() -> None:
    started = time.monotonic()
    with pytest.raises(OcrError) as caught:
        read_offer(png_claiming(20_000, 20_000))
    assert caught.value.code == "too_many_pixels"
    assert caught.value.params == {"maximum": MAX_PIXELS}
    assert time.monotonic() - started < 1  # nothing was decoded


def test_image_over_our_pixel_limit_but_under_pillows_is_refused() -> None:
    assert 8000 * 6000 > MAX_PIXELS
    assert error_code(png_claiming(8000, 6000)) == "too_many_pixels"


def test_pillows_bomb_warning_is_refused_whether_or_not_warnings_are_errors() -> None:
    """120 MP: Pillow warns (not raises); as an error (pytest) or a mere warning (production), we refuse."""
    assert error_code(png_claiming(12_000, 10_000)) == "too_many_pixels"
    with pytest.warns(Image.DecompressionBombWarning):
        assert error_code(png_claiming(12_000, 10_000)) == "too_many_pixels"


@pytest.mark.ocr
def test_image_without_an_offer(font, engine) -> None:
    assert error_code(no_offer_png(), timeout=PATIENT) == "no_offer_found"


@pytest.mark.ocr
def test_blank_image(engine) -> None:
    assert error_code(png_of(Image.new("RGB", (1080, 1920), "white")), timeout=PATIENT) == "no_offer_found"


@pytest.mark.ocr
def test_time_limit(engine) -> None:
    assert error_code(noise_png(), timeout=0.001) == "too_slow"


def test_a_stuck_recognition_frees_its_caller_and_queued_jobs_are_dropped(monkeypatch) -> None:
    """The caller gets too_slow at the deadline; a job queued behind a stuck one never starts."""
    release = threading.Event()
    calls = []

    def stuck(data: bytes, deadline: float):
        calls.append(len(data))
        release.wait(PATIENT)
        return [], False

    monkeypatch.setattr(engine, "_recognise", stuck)
    data = noise_png(60, 40)
    started = time.monotonic()
    assert error_code(data, timeout=0.2) == "too_slow"
    assert error_code(data, timeout=0.2) == "too_slow"  # queued behind the stuck one, then dropped
    assert time.monotonic() - started < 2
    release.set()
    engine.run_on_ocr_thread(lambda: None, PATIENT)  # the OCR thread is free again
    assert len(calls) == 1


def test_an_abandoned_recognition_stops_between_chunks() -> None:
    """Past its deadline, a job recognises no further chunk of text boxes: its CPU use is bounded."""
    chunks = []

    def recognise_text(crops, word_boxes=False):
        chunks.append(len(crops))
        time.sleep(0.05)
        return [("文字", 1.0)] * len(crops), 0.05

    crops = [None] * (5 * engine.REC_CHUNK)
    assert engine.until(time.monotonic() + 60, recognise_text)(crops, False)[0] == [("文字", 1.0)] * len(crops)
    chunks.clear()
    with pytest.raises(engine.Abandoned):
        engine.until(time.monotonic() + 0.01, recognise_text)(crops, False)
    assert chunks == [engine.REC_CHUNK]


# --- decoding, without OCR ----------------------------------------------------------------------------


def test_long_screenshot_is_cropped_to_ten_widths_and_scaled() -> None:
    decoded = decode(png_of(Image.new("L", (1080, 20_000), 255)))
    height, width, channels = decoded.pixels.shape
    assert decoded.cropped and channels == 3
    assert height == pytest.approx(MAX_ASPECT * width, rel=0.01)  # the width is rounded to a pixel
    assert width * height <= 4_000_000


def test_large_jpeg_decodes_reduced() -> None:
    decoded = decode(png_of(Image.new("RGB", (3000, 8000), "white"), "JPEG"))
    assert decoded.pixels.shape == (2133, 800, 3)  # the short side brought to MAX_SHORT_SIDE
    assert decoded.scale == pytest.approx(800 / 3000)


def test_transparent_screenshot_is_read_over_white() -> None:
    decoded = decode(png_of(Image.new("RGBA", (200, 300), (0, 0, 0, 0))))
    assert decoded.pixels[0, 0].tolist() == [255, 255, 255]


def test_importing_the_package_loads_no_ocr_engine() -> None:
    """The models load on first use, not when the web app imports app.ocr."""
    code = "import sys, app.ocr; print('rapidocr_onnxruntime' in sys.modules, 'onnxruntime' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert out.stdout.split() == ["False", "False"]
