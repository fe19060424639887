"""The check-my-offer page through the Flask client: exact cells, inputs as typed, errors in place."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def cells(page: BeautifulSoup, column: str) -> list[str]:
    return [td.get_text(strip=True) for td in page.select(f"table.schedule-table tbody td.col-{column}")]


def figure(page: BeautifulSoup, name: str) -> str:
    return page.select_one(f'[data-figure="{name}"]').get_text(strip=True)


@pytest.mark.parametrize(
    ("query", "apr", "first", "last", "cost"),
    [
        ("kind=monthly&rate=1&method=ei", "12.00%", "CN¥888.49", "CN¥888.47", "CN¥661.86"),
        ("kind=period_fee&rate=0.6", "13.03%", "CN¥893.33", "CN¥893.37", "CN¥720.00"),
        ("kind=daily&rate=0.05&basis=360&method=ei", "18.00%", "CN¥916.80", "CN¥916.81", "CN¥1,001.61"),
        ("kind=monthly&rate=1&method=ep", "12.00%", "CN¥933.33", "CN¥841.70", "CN¥650.00"),
    ],
)
def test_domain_examples_through_the_page(client, query: str, apr: str, first: str, last: str, cost: str) -> None:
    page = soup(client.get(f"/check?amount=10000&term=12&{query}&lang=en"))
    assert figure(page, "apr") == apr
    assert figure(page, "cost") == cost
    payments = cells(page, "payment")
    assert (payments[0], payments[-1], len(payments)) == (first, last, 12)


def test_pboc_example_with_fee_at_payout(client) -> None:
    page = soup(client.get("/check?amount=100000&term=12&kind=period_fee&rate=0.5&fee=1000&lang=en"))
    assert figure(page, "apr") == "12.80%"
    assert figure(page, "effective") == "13.58%"
    assert figure(page, "received") == "CN¥99,000.00"


def test_chinese_is_the_default_and_formats_money_for_it(client) -> None:
    page = soup(client.get("/check?amount=10000&term=12&kind=monthly&rate=1"))
    assert page.html["lang"] == "zh-CN"
    assert cells(page, "payment")[0] == "¥888.49"


@pytest.mark.parametrize(
    ("amount", "rate", "principal"),
    [("1.5万", "1", "CN¥15,000.00"), ("１２０００", "1", "CN¥12,000.00"), ("10,000", "1", "CN¥10,000.00"), ("¥9,700.00", "1", "CN¥9,700.00")],
)
def test_amounts_as_people_type_them(client, amount: str, rate: str, principal: str) -> None:
    page = soup(client.get("/check", query_string={"amount": amount, "term": "12", "kind": "monthly", "rate": rate, "lang": "en"}))
    assert sum_principal(page) == principal


def sum_principal(page: BeautifulSoup) -> str:
    return page.select_one("table.schedule-table tfoot td.col-principal").get_text(strip=True)


@pytest.mark.parametrize("rate", ["万五", "万分之五", "0.05%", "０．０５"])
def test_daily_rate_phrasings(client, rate: str) -> None:
    page = soup(client.get("/check", query_string={"amount": "10000", "term": "12", "kind": "daily", "rate": rate, "basis": "360", "lang": "en"}))
    assert figure(page, "apr") == "18.00%"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("amount", "abc", "Enter a number, such as 10000, 1.5万 or 0.05%."),
        ("amount", "-5", "This cannot be negative."),
        ("amount", "0", "Enter an amount above zero."),
        ("amount", "1e9999", "Enter a number, such as 10000, 1.5万 or 0.05%."),
        ("term", "0", "Enter a number from 1 to 360."),
        ("term", "12.5", "Enter a whole number."),
        ("rate", "NaN", "Enter a number, such as 10000, 1.5万 or 0.05%."),
        ("rate", "5", "Annualised, that is above 1000% a year: check the figure and whether it is per day, per month or per year."),
        ("fee", "10000", "A fee must be smaller than the loan."),
    ],
)
def test_errors_appear_next_to_their_field_and_keep_what_was_typed(client, field: str, value: str, message: str) -> None:
    query = {"amount": "10000", "term": "12", "kind": "daily", "rate": "0.05", "lang": "en", field: value}
    page = soup(client.get("/check", query_string=query))
    assert page.select_one(f"#err-{field}").get_text(strip=True) == message
    assert page.select_one(f"#f-{field}")["value"] == value
    assert page.select_one(f"#f-{field}")["aria-invalid"] == "true"
    assert page.select_one('[data-figure="apr"]') is None


def test_htmx_gets_the_results_fragment_with_errors_out_of_band(client) -> None:
    response = client.get("/check?amount=abc&term=12&kind=daily&rate=0.05&lang=en", headers={"HX-Request": "true"})
    assert "HX-Request" in response.headers["Vary"]
    html = response.get_data(as_text=True)
    assert "<html" not in html
    page = BeautifulSoup(html, "html.parser")
    oob = page.select_one("#err-amount")
    assert oob["hx-swap-oob"] == "true" and oob.get_text(strip=True)
    assert page.select_one("#results") is not None


def test_markup_typed_in_a_field_is_never_reflected_unescaped(client) -> None:
    attack = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
    response = client.get("/check", query_string={"amount": attack, "term": "12", "lender": attack, "kind": "daily", "rate": "0.05"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html


def test_reverse_mode_installment_and_money_received(client) -> None:
    page = soup(client.get("/check?amount=10000&term=12&kind=installment&inst=893.33&recv=9700&lang=en"))
    assert figure(page, "apr") == "18.87%"
    codes = [li["data-code"] for li in page.select(".advice-warnings li.advice-item")]
    assert "upfront_deduction" in codes


def test_stated_rate_that_understates_is_flagged(client) -> None:
    page = soup(client.get("/check?amount=10000&term=12&kind=daily&rate=0.04&basis=365&fee=300&stated=14.6&lang=en"))
    codes = [li["data-code"] for li in page.select(".advice-warnings li.advice-item")]
    assert codes[:2] == ["upfront_deduction", "stated_apr_understated"]
    assert figure(page, "apr") == "20.46%"


def test_first_visit_shows_the_form_without_errors(client) -> None:
    page = soup(client.get("/check"))
    assert all(not p.get_text(strip=True) for p in page.select(".field-error"))
    assert page.select_one('[data-figure="apr"]') is None


def test_due_dates_follow_the_loan_date(client) -> None:
    page = soup(client.get("/check?amount=3000&term=3&kind=monthly&rate=1&method=ep&start=2026-01-31&lang=en"))
    assert cells(page, "due") == ["Feb 28, 2026", "Mar 31, 2026", "Apr 30, 2026"]
