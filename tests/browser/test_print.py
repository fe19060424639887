"""The cost summary printed by Chromium: the key figures are on the page, in both languages, and
nothing meant for the screen (navigation, buttons, the save form) is printed."""

from __future__ import annotations

import os
import shutil
import subprocess
from decimal import Decimal

import pytest

from app.finance import Fee, FeeWhen, Quote, Rate, RateKind, Repayment, price

pytestmark = pytest.mark.browser
OFFER = "amount=10000&term=12&kind=daily&rate=0.04&basis=365&fee=300&stated=14.6"
ENGINE = price(Quote(Decimal(10000), 12, Repayment.EQUAL_INSTALLMENT, Rate(RateKind.DAILY, Decimal("0.04"), 365),
                     fees=(Fee(FeeWhen.PAYOUT, amount=Decimal(300)),)))


def pdf_text(path) -> str:
    if shutil.which("pdftotext") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("pdftotext (poppler-utils) is missing: `make test` installs it when run as root")
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(text.split())  # the layout's column spacing is not part of the words


@pytest.mark.parametrize(
    ("lang", "money", "labels", "screen_only"),
    [
        ("en", "CN¥", ("Cost summary", "Real annual rate", "Total cost", "Warnings"), ("Save this summary", "Download PDF")),
        ("zh", "¥", ("成本摘要", "真实年化利率"), ()),
    ],
)
def test_chromium_prints_the_key_figures(page, live_server, tmp_path, lang, money, labels, screen_only) -> None:
    page.goto(f"{live_server.url}/summary?{OFFER}&lang={lang}")
    page.emulate_media(media="print")
    path = tmp_path / f"summary-{lang}.pdf"
    page.pdf(path=str(path), format="A4", print_background=True)
    text = pdf_text(path)
    for figure in (f"{ENGINE.apr_percent:.2f}%", f"{money}{ENGINE.totals.cost:,}", f"{money}{ENGINE.totals.received:,}",
                   f"{money}{ENGINE.totals.payments:,}", f"{ENGINE.first_payment:,}"):
        assert figure in text, figure
    for label in labels:
        assert label in text, label
    for hidden in screen_only:
        assert hidden not in text, hidden
    pages = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    assert "(A4)" in pages
