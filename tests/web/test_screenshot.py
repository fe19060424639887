"""Reading an offer from a screenshot through the web: the form comes back filled, with sources, never a verdict."""

from __future__ import annotations

from decimal import Decimal

import pytest
from bs4 import BeautifulSoup

from app.finance import Fee, FeeWhen, Quote, Repayment, price

pytest.importorskip("rapidocr_onnxruntime", reason="the OCR engine is an install dependency; make install provides it")
from tests.ocr.screens import OFFER_SCREENS, cjk_font  # noqa: E402

pytestmark = pytest.mark.skipif(cjk_font() is None, reason="needs a CJK font to draw screenshots (fonts-noto-cjk)")
STATED = OFFER_SCREENS["stated_apr_understated"]


BOUNDARY = "loanlens-test-boundary"


def upload(client, path: str, data: bytes, name: str = "shot.png"):
    """POST ``data`` as the multipart field ``image`` (encoded here: the test client would spool it to a temp file)."""
    body = (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"image\"; filename=\"{name}\"\r\n"
            "Content-Type: application/octet-stream\r\n\r\n").encode() + data + f"\r\n--{BOUNDARY}--\r\n".encode()
    return client.post(path, data=body, content_type=f"multipart/form-data; boundary={BOUNDARY}")


def test_the_form_comes_back_filled_with_each_figures_source(client) -> None:
    response = upload(client, "/check/screenshot?lang=en", STATED.png)
    assert response.status_code == 200
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    value = lambda name: page.select_one(f"#f-{name}")["value"]  # noqa: E731
    assert (value("amount"), value("term"), value("inst"), value("recv"), value("fee"), value("stated")) == (
        "10000.00", "12", "900.70", "9700.00", "300.00", "14.60")
    read = page.select_one('[data-field="amount"] .read-from').get_text()
    assert "借款金额" in read and "10,000.00" in read
    assert page.select_one("[data-confirm]") is not None
    assert page.select_one('[data-figure="apr"]') is None  # nothing judged before the borrower confirms


def test_confirming_the_figures_gives_the_real_rate_and_the_understated_warning(client) -> None:
    page = BeautifulSoup(upload(client, "/check/screenshot?lang=en", STATED.png).get_data(as_text=True), "html.parser")
    form = page.select_one("#calc-form")
    query = {i["name"]: i.get("value", "") for i in form.select("input") if i.get("type") not in ("checkbox",) and i.get("value")}
    query.update({s["name"]: s.select_one("option[selected]")["value"] for s in form.select("select") if s.select_one("option[selected]")})
    result = BeautifulSoup(client.get("/check", query_string=query).get_data(as_text=True), "html.parser")
    engine = price(Quote(Decimal(10000), 12, Repayment.EQUAL_INSTALLMENT, installment=Decimal("900.70"), received=Decimal(9700),
                         fees=(Fee(FeeWhen.PAYOUT, amount=Decimal(300)),)))
    assert result.select_one('[data-figure="apr"]').get_text(strip=True) == f"{engine.apr_percent:.2f}%"
    assert round(engine.apr_percent, 1) == 20.5  # issue 9's example
    codes = [li["data-code"] for li in result.select(".advice-warnings li.advice-item")]
    assert "stated_apr_understated" in codes


@pytest.mark.parametrize(("data", "status"), [(b"", 415), (STATED.png[:4000], 422), (b"just text", 415)],
                         ids=["empty", "truncated png", "text"])
def test_bad_uploads_explain_themselves_next_to_the_field(client, data: bytes, status: int) -> None:
    response = upload(client, "/check/screenshot?lang=en", data)
    assert response.status_code == status
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert page.select_one("#err-image").get_text(strip=True)


def test_an_upload_over_the_limit_is_refused_before_reading(client) -> None:
    response = upload(client, "/check/screenshot", b"\x89PNG" + b"\x00" * (11 * 1024 * 1024))
    assert response.status_code == 413


def test_api_offer_from_image(client) -> None:
    body = upload(client, "/api/v1/offer-from-image?lang=en", STATED.png).get_json()
    assert body["fields"]["stated_apr_percent"] == "14.60"
    assert body["fields"]["principal"] == "10000.00"
    assert any("借款金额" in s["text"] for s in body["sources"]["principal"])
    assert round(body["quote"]["apr_percent"], 2) == 20.46
    assert "stated_apr_understated" in [w["code"] for w in body["quote"]["warnings"]]


def test_api_offer_from_image_errors(client) -> None:
    response = upload(client, "/api/v1/offer-from-image?lang=en", b"not an image")
    assert response.status_code == 415
    assert response.get_json()["errors"][0]["field"] == "image"
    too_big = upload(client, "/api/v1/offer-from-image", b"\x89PNG" + b"\x00" * (11 * 1024 * 1024))
    assert too_big.status_code == 413 and too_big.get_json()["errors"]


def test_rendering_a_pdf_does_not_make_damaged_screenshots_readable(client) -> None:
    """WeasyPrint's import sets Pillow's LOAD_TRUNCATED_IMAGES for the whole process; we put it back."""
    from PIL import ImageFile

    assert client.get("/summary.pdf?amount=10000&term=12&kind=monthly&rate=1").status_code == 200
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
    assert upload(client, "/check/screenshot?lang=en", STATED.png[:4000]).status_code == 422
