"""Check an offer from a screenshot in the browser: choose the file, confirm the figures read, see the real rate."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.finance import Fee, FeeWhen, Quote, Repayment, price

from .support import expect

pytestmark = pytest.mark.browser
ocr = pytest.importorskip("rapidocr_onnxruntime", reason="the OCR engine is an install dependency; make install provides it")


def test_upload_confirm_and_see_the_real_rate(page, live_server, tmp_path, screenshot) -> None:
    from tests.ocr.screens import OFFER_SCREENS, cjk_font

    if cjk_font() is None:
        pytest.skip("needs a CJK font to draw the screenshot (fonts-noto-cjk)")
    shot = tmp_path / "offer.png"
    shot.write_bytes(OFFER_SCREENS["stated_apr_understated"].png)

    page.goto(live_server.url + "/check?lang=en")
    page.set_input_files("#f-image", str(shot))  # choosing the file sends it (site.js); no script: the button does
    expect(page.locator("[data-confirm]")).to_be_visible(timeout=30_000)
    assert page.locator("#f-amount").input_value() == "10000.00"
    assert page.locator("#f-inst").input_value() == "900.70"
    assert page.locator("#f-stated").input_value() == "14.60"
    expect(page.locator('[data-field="amount"] .read-from')).to_contain_text("借款金额")
    screenshot(page, "screenshot-confirm")

    page.click("#calc-form button[type=submit]")
    engine = price(Quote(Decimal(10000), 12, Repayment.EQUAL_INSTALLMENT, installment=Decimal("900.70"),
                         received=Decimal(9700), fees=(Fee(FeeWhen.PAYOUT, amount=Decimal(300)),)))
    expect(page.locator('#results [data-figure="apr"]')).to_have_text(f"{engine.apr_percent:.2f}%")
    expect(page.locator('li[data-code="stated_apr_understated"]')).to_be_visible()
