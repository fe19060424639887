"""Compare, can-I-afford-it and the catalog pages through the Flask client."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup

from app.catalog import load_catalog
from app.finance import price

from .test_check import figure, soup

CATALOG = load_catalog(today=date(2026, 12, 4))


def rows(page: BeautifulSoup) -> list[str]:
    return [tr["data-row"] for tr in page.select("table.compare-table tbody tr")]


def cell(page: BeautifulSoup, row: str, column: str) -> str:
    return page.select_one(f'tr[data-row="{row}"] td.col-{column}').get_text(" ", strip=True)


def test_compare_lists_every_product_that_lends_the_amount_for_the_term(client) -> None:
    page = soup(client.get("/compare?amount=10000&term=12&lang=en"))
    expected = {p.id for p in CATALOG.products if p.quote(Decimal(10000), 12) is not None}
    assert set(rows(page)) == expected
    assert len(expected) >= 8


def test_compare_prices_each_product_with_the_engine(client) -> None:
    page = soup(client.get("/compare?amount=10000&term=12&lang=en"))
    typical = price(CATALOG.product("huabei").quote(Decimal(10000), 12))
    assert cell(page, "huabei", "cost") == f"CN¥{typical.totals.cost:,}"
    assert "13.57%" in cell(page, "huabei", "apr")  # 花呗 7.5% / 12期 (platforms.md §3)


def test_a_typed_offer_joins_the_table(client) -> None:
    page = soup(client.get("/compare?amount=10000&term=12&o1_lender=招行&o1_kind=period_fee&o1_rate=0.6&lang=en"))
    assert "o1" in rows(page)
    assert cell(page, "o1", "apr") == "13.03%"
    assert cell(page, "o1", "first") == "CN¥893.33"


def test_sorting(client) -> None:
    by = {}
    for key in ("cost", "apr", "payment"):
        page = soup(client.get(f"/compare?amount=10000&term=12&sort={key}&lang=en"))
        by[key] = rows(page)
    assert by["cost"] != by["apr"] or by["cost"] != by["payment"]
    page = soup(client.get("/compare?amount=10000&term=12&sort=apr&lang=en"))
    aprs = [float(td.get_text(" ", strip=True).split("typical")[-1].strip().rstrip("%")) for td in page.select("td.col-apr")]
    assert aprs == sorted(aprs)


def test_filter_by_credit_type_keeps_typed_offers(client) -> None:
    page = soup(client.get("/compare?amount=10000&term=12&type=credit_card_installment&o1_kind=daily&o1_rate=0.05&lang=en"))
    ids = rows(page)
    assert "o1" in ids
    assert {CATALOG.product(i).credit_type for i in ids if i != "o1"} == {"credit_card_installment"}


def test_side_by_side_for_picked_rows(client) -> None:
    page = soup(client.get("/compare?amount=10000&term=12&pick=jiebei&pick=huabei&lang=en"))
    assert {a["data-side"] for a in page.select("[data-side]")} == {"jiebei", "huabei"}
    assert len(page.select(".side-by-side svg")) == 2


def test_income_adds_a_debt_to_income_column(client) -> None:
    page = soup(client.get("/compare?amount=10000&term=12&income=8000&debts=1500&o1_kind=monthly&o1_rate=1&lang=en"))
    assert cell(page, "o1", "dti") == "29.86%"  # (1,500 + 888.49) / 8,000


def test_compare_errors_stay_on_the_page(client) -> None:
    page = soup(client.get("/compare?amount=lots&term=12&o1_kind=daily&o1_rate=abc&lang=en"))
    assert page.select_one("#err-amount").get_text(strip=True)
    assert page.select_one("#f-amount")["value"] == "lots"


def test_afford_with_a_payment(client) -> None:
    page = soup(client.get("/afford?income=8000&debts=1500&payment=1300&lang=en"))
    assert figure(page, "dti-before") == "18.75%"
    assert figure(page, "dti-after") == "35.00%"
    assert page.select_one("[data-band]")["data-band"] == "comfortable"


def test_afford_with_a_product_gives_the_largest_amount_and_the_stress_line(client) -> None:
    page = soup(client.get("/afford?income=8000&debts=1500&product=jiebei&amount=20000&term=12&lang=en"))
    quote = CATALOG.product("jiebei").quote(Decimal(20000), 12)
    payment = price(quote).monthly_payment
    assert figure(page, "new-payment") == f"CN¥{payment:,}"
    assert figure(page, "dti-after") == f"{(Decimal(1500) + payment) / 80:.2f}%"
    assert figure(page, "largest")  # computed by max_principal; its property is tested in the engine
    assert figure(page, "stress-income") == f"{(Decimal(1500) + payment) / 64:.2f}%"


def test_afford_over_stretched_warns(client) -> None:
    page = soup(client.get("/afford?income=5000&debts=2000&payment=600&lang=en"))
    assert page.select_one("[data-band]")["data-band"] == "over_stretched"
    assert "dti_high" in [li["data-code"] for li in page.select(".advice-warnings li.advice-item")]


def test_catalog_page_explains_the_four_types_and_lists_every_product(client) -> None:
    page = soup(client.get("/catalog?lang=en"))
    assert len(page.select("[id^=type-]")) == 4
    assert {tr["data-product"] for tr in page.select("tr[data-product]")} == {p.id for p in CATALOG.products}


@pytest.mark.parametrize("product", [p.id for p in CATALOG.products])
def test_product_pages(client, product: str) -> None:
    page = soup(client.get(f"/catalog/{product}?lang=en"))
    assert page.h1.get_text(strip=True) == CATALOG.product(product).name.en
    assert page.select("ol.sources li")  # every figure's sources are listed
    assert page.select(".confidence")


def test_unknown_product_is_a_friendly_404(client) -> None:
    response = client.get("/catalog/nope")
    assert response.status_code == 404
    assert "<h1>" in response.get_data(as_text=True)
