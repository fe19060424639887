"""read_offer on drawn screenshots: every layout yields exactly the fields it shows."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from decimal import Decimal as D
from pathlib import Path

import pytest
from PIL import Image

from app.finance import price
from app.ocr import read_offer
from app.web.api import QuoteIn

from .conftest import PATIENT
from .screens import OFFER_SCREENS, SCREENS, TODAY

pytestmark = pytest.mark.ocr
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("screen", SCREENS, ids=[s.name for s in SCREENS])
def test_screen_fields(read_screen, screen) -> None:
    reading = read_screen(screen.name, screen.png)
    assert reading.fields == screen.fields
    assert reading.first_due_date == screen.first_due_date
    # low_confidence depends on the OCR's scores, which may shift between model builds.
    assert {n.code for n in reading.warnings} - {"low_confidence"} == screen.warnings


@pytest.mark.parametrize("screen", SCREENS, ids=[s.name for s in SCREENS])
def test_every_field_points_at_text_on_the_screen(read_screen, screen) -> None:
    reading = read_screen(screen.name, screen.png)
    width, height = Image.open(io.BytesIO(screen.png)).size
    expected = set(screen.fields) | {f"fees[{i}]" for i in range(len(screen.fields.get("fees", [])))}
    expected -= {"fees"}
    assert set(reading.sources) == expected
    for lines in reading.sources.values():
        for line in lines:
            x0, y0, x1, y1 = line.box
            assert 0 <= x0 < x1 <= width and 0 <= y0 < y1 <= height
            assert line in reading.lines


def test_stated_apr_understates_the_real_one(read_screen) -> None:
    """The screen says 年化利率 14.60%; what the borrower pays for 9,700 received is ≈ 20.5%."""
    screen = OFFER_SCREENS["stated_apr_understated"]
    body = QuoteIn.model_validate(read_screen(screen.name, screen.png).quote_request())
    assert body.stated_apr_percent == D("14.60")
    assert round(price(body.quote()).apr_percent, 1) == 20.5


def test_the_value_source_is_the_text_that_shows_it(read_screen) -> None:
    screen = OFFER_SCREENS["two_columns"]
    reading = read_screen(screen.name, screen.png)
    label, value = reading.sources["principal"]
    assert (label.text, value.text.lstrip("¥￥")) == ("借款金额", "20,000.00")
    assert value.box[0] > 700 > label.box[2]  # label in the left column, value in the right


def test_large_jpeg_is_scaled_down_and_boxes_come_back_in_its_pixels(read_screen) -> None:
    """A 2160 px wide JPEG of a screen reads the same, with boxes twice those of the 1080 px one."""
    screen = OFFER_SCREENS["dark"]
    small = read_screen(screen.name, screen.png)
    image = Image.open(io.BytesIO(screen.png))
    out = io.BytesIO()
    image.resize((image.width * 2, image.height * 2), Image.Resampling.LANCZOS).save(out, "JPEG", quality=90)
    large = read_offer(out.getvalue(), timeout=PATIENT, today=TODAY)
    assert large.fields == small.fields
    for a, b in zip(small.sources["principal"][-1].box, large.sources["principal"][-1].box, strict=True):
        assert abs(2 * a - b) <= 8


def test_reading_writes_nothing_to_home_temp_or_working_directory(font, tmp_path) -> None:
    """In a fresh process: no image copy, no model cache, no telemetry queue (ONNX Runtime's) on disk."""
    home, temp, work = (tmp_path / name for name in ("home", "tmp", "work"))
    for folder in (home, temp, work):
        folder.mkdir()
    code = ("import sys; from app.ocr import read_offer; "
            "print(read_offer(sys.stdin.buffer.read(), timeout=120).fields['principal'])")
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(home), "TMPDIR": str(temp),
           "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1"}
    out = subprocess.run([sys.executable, "-c", code], input=OFFER_SCREENS["two_columns"].png, cwd=work, env=env,
                         capture_output=True, check=True, timeout=PATIENT)
    assert out.stdout.decode().strip() == "20000.00"
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []
