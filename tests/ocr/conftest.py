"""OCR test fixtures: a CJK font to draw screenshots with, and one OCR engine for the session."""

from __future__ import annotations

import os

import pytest

from app.ocr import OfferReading, read_offer, warm_up

from .screens import TODAY, cjk_font

# Generous: the tests check what is read, not how fast (bench/ocr.py measures that), and
# a CI machine busy with other work must not turn a correct reading into too_slow.
PATIENT = 120.0


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "ocr: runs the real OCR engine on drawn screenshots (about 1 s each)")


@pytest.fixture(scope="session")
def font() -> tuple[str, int]:
    """The CJK font the screenshots are drawn with; CI without one is a failure, elsewhere a skip."""
    found = cjk_font()
    if found is None:
        message = "no CJK font to draw screenshots with: apt-get install fonts-noto-cjk (make system-deps)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return found


@pytest.fixture(scope="session")
def engine() -> None:
    """Load the models once; every test then shares the process's one engine."""
    warm_up(timeout=PATIENT)


@pytest.fixture(scope="session")
def read_screen(font, engine):
    """read_offer on a drawn screen, each screen read once per session."""
    cache: dict[str, OfferReading] = {}

    def read(name: str, png: bytes) -> OfferReading:
        if name not in cache:
            cache[name] = read_offer(png, timeout=PATIENT, today=TODAY)
        return cache[name]

    return read
