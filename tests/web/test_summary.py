"""The cost summary: key facts, saved links that survive a restart, CSV and server PDF."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup

from app import create_app
from app.catalog import db
from app.catalog.migrate import upgrade
from app.catalog.models import SavedSummary
from app.finance import Fee, FeeWhen, Quote, Rate, RateKind, Repayment, price

OFFER = {"amount": "10000", "term": "12", "kind": "daily", "rate": "0.04", "basis": "365", "fee": "300", "stated": "14.6"}
ENGINE = price(Quote(Decimal(10000), 12, Repayment.EQUAL_INSTALLMENT, Rate(RateKind.DAILY, Decimal("0.04"), 365),
                     fees=(Fee(FeeWhen.PAYOUT, amount=Decimal(300)),)))


def make_app(url: str, **config):
    app = create_app({"TESTING": True, "DATABASE_URL": url, "RATE_LIMITS": {}, **config})
    with app.app_context():
        upgrade(db.engine())
    return app


@pytest.fixture
def db_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'summaries.sqlite'}"


@pytest.fixture
def summary_client(db_url):
    return make_app(db_url).test_client()


def figure(html: str, name: str) -> str:
    return BeautifulSoup(html, "html.parser").select_one(f'[data-figure="{name}"]').get_text(strip=True)


def save(client, data: dict) -> str:
    page = client.get("/summary", query_string=data).get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post("/summaries", data={"csrf_token": token, **data})
    assert response.status_code == 303
    return response.headers["Location"]


def test_key_facts(summary_client) -> None:
    html = summary_client.get("/summary", query_string={**OFFER, "lang": "en"}).get_data(as_text=True)
    assert figure(html, "apr") == f"{ENGINE.apr_percent:.2f}%" == "20.46%"
    assert figure(html, "cost") == "CN¥1,108.36"
    assert figure(html, "received") == "CN¥9,700.00"
    assert figure(html, "payments") == "CN¥10,808.36"
    page = BeautifulSoup(html, "html.parser")
    codes = [li["data-code"] for li in page.select(".summary-warnings li")]
    assert codes[:2] == ["upfront_deduction", "stated_apr_understated"]
    assert "Civil Code of the PRC Art. 670" in page.select_one(".summary-warnings").get_text()


def test_a_saved_link_survives_a_restart_with_the_same_numbers(db_url) -> None:
    first = make_app(db_url).test_client()
    link = save(first, OFFER)
    assert re.fullmatch(r"/s/[A-Za-z0-9_-]{22}", link)
    before = first.get(link + "?lang=en").get_data(as_text=True)
    restarted = make_app(db_url).test_client()  # a new app on the same database file
    after = restarted.get(link + "?lang=en").get_data(as_text=True)
    for name in ("apr", "cost", "received", "payments"):
        assert figure(after, name) == figure(before, name)
    assert figure(after, "apr") == "20.46%"


def test_income_is_stored_only_when_the_borrower_ticks_the_box(db_url) -> None:
    app = make_app(db_url)
    client = app.test_client()
    with_income = {**OFFER, "income": "8000", "debts": "1500"}
    plain = save(client, with_income)
    page = client.get("/summary", query_string=with_income).get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    ticked = client.post("/summaries", data={"csrf_token": token, "include_income": "1", **with_income}).headers["Location"]
    with app.app_context():
        rows = {row.id: row for row in db.session().query(SavedSummary)}
    kept, dropped = rows[ticked.rsplit("/", 1)[1]], rows[plain.rsplit("/", 1)[1]]
    assert kept.income == Decimal(8000) and kept.inputs["debts"] == "1500"
    assert dropped.income is None and "income" not in dropped.inputs and "debts" not in dropped.inputs


@pytest.mark.parametrize("summary_id", ["nope", "A" * 22, "../../etc/passwd", "<script>"])
def test_unknown_or_malformed_ids_are_a_friendly_404(summary_client, summary_id: str) -> None:
    response = summary_client.get(f"/s/{summary_id}")
    assert response.status_code == 404
    assert "<h1>" in response.get_data(as_text=True)


def test_saving_needs_the_csrf_token(summary_client) -> None:
    assert summary_client.post("/summaries", data=OFFER).status_code == 400


def test_saving_is_rate_limited(db_url) -> None:
    client = make_app(db_url, RATE_LIMITS={"save": (2, 60.0)}).test_client()
    save(client, OFFER)
    save(client, OFFER)
    page = client.get("/summary", query_string=OFFER).get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert client.post("/summaries", data={"csrf_token": token, **OFFER}).status_code == 429


def test_when_the_database_is_down_calculators_work_and_saving_says_so() -> None:
    client = create_app({"TESTING": True, "DATABASE_URL": "postgresql://nobody@127.0.0.1:9/none", "RATE_LIMITS": {}}).test_client()
    assert client.get("/check", query_string=OFFER).status_code == 200
    page = client.get("/summary", query_string=OFFER).get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post("/summaries", data={"csrf_token": token, **OFFER})
    assert response.status_code == 503
    assert "Saving is temporarily unavailable" in client.post("/summaries?lang=en", data={"csrf_token": token, **OFFER}).get_data(as_text=True)


def test_csv_parses_and_its_columns_sum_to_the_totals(summary_client) -> None:
    response = summary_client.get("/summary.csv", query_string={**OFFER, "lang": "en"})
    body = response.get_data()
    assert body.startswith("\ufeff".encode())
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    header, data, total = rows[0], rows[1:-1], rows[-1]
    assert header == ["No.", "Due date", "Payment", "Principal", "Interest", "Fee", "Balance"]
    assert len(data) == 12
    column = lambda i: sum(Decimal(r[i]) for r in data)  # noqa: E731
    assert column(2) == ENGINE.totals.payments == Decimal(total[2])
    assert column(3) == ENGINE.totals.principal == Decimal(total[3])
    assert column(4) == ENGINE.totals.interest == Decimal(total[4])
    assert data[-1][6] == "0.00"


def test_csv_headers_in_chinese(summary_client) -> None:
    body = summary_client.get("/summary.csv", query_string=OFFER).get_data().decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(body)))
    assert header[0] != "No." and len(header) == 7


def pdf_text(data: bytes, tmp_path) -> str:
    if shutil.which("pdftotext") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("pdftotext (poppler-utils) is missing: `make test` installs it when run as root")
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "summary.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize(("lang", "money", "label"), [("en", "CN¥1,108.36", "Real annual rate"), ("zh", "¥1,108.36", "成本摘要")])
def test_server_pdf_has_the_key_figures(summary_client, tmp_path, lang: str, money: str, label: str) -> None:
    response = summary_client.get("/summary.pdf", query_string={**OFFER, "lang": lang})
    assert response.mimetype == "application/pdf" and response.data.startswith(b"%PDF")
    text = pdf_text(response.data, tmp_path)
    for expected in ("20.46%", money, "9,700.00", label):
        assert expected in text, expected
    fonts = subprocess.run(["pdffonts", str(tmp_path / "summary.pdf")], capture_output=True, text=True).stdout
    assert "CJK" in fonts and " yes " in fonts  # the Chinese font is embedded


def test_product_summary_names_the_lender_and_its_sources(summary_client) -> None:
    html = summary_client.get("/summary?product=jiebei&amount=20000&term=12&lang=en").get_data(as_text=True)
    assert "Chongqing Ant Consumer Finance" in html and "S29" in html
