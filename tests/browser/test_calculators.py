"""The calculators as a person uses them: typing updates the results, a plain submit gives the same
numbers, the language link keeps what was typed, the comparison sorts, takes typed offers and shows
picked rows side by side, and a bad value is flagged next to its field while it is being typed."""

from __future__ import annotations

import re

import pytest

from app.finance import Repayment

from .conftest import new_context, watch
from .support import engine_apr, eventually, expect, figures, row_keys, typical_aprs

pytestmark = pytest.mark.browser

# An offer as a borrower reads it off an app: 15,000 over 12 months at 日利率 0.05% (365-day year),
# with ¥200 kept back at payout.
OFFER = {"amount": "15000", "term": "12", "rate": "0.05", "fee": "200"}
OFFER_APR = dict(amount="15000", term=12, kind="daily", rate="0.05", basis=365, fee="200")


def type_offer(page) -> None:
    """Type the offer key by key into the check form, as a person would."""
    page.select_option("#f-kind", "daily")
    page.select_option("#f-basis", "365")
    for name, value in OFFER.items():
        page.locator(f"#f-{name}").press_sequentially(value)


def test_typing_updates_the_real_annual_rate_live(page, live_server, screenshot) -> None:
    page.goto(live_server.url + "/check")
    expect(page.locator(".notice")).to_be_visible()
    type_offer(page)

    apr = page.locator('#results [data-figure="apr"]')
    expect(apr).to_have_text(engine_apr("zh", **OFFER_APR))
    # The form was not replaced: what was typed is still there, and the URL is the shareable one.
    assert page.locator("#f-amount").input_value() == "15000"
    expect(page).to_have_url(re.compile(r"/check\?.*amount=15000.*fee=200"))
    screenshot(page, "check-live-zh-1280")


def test_a_plain_submit_without_javascript_gives_the_same_numbers(browser, live_server) -> None:
    live = new_context(browser)
    plain = new_context(browser, java_script_enabled=False)
    try:
        page = live.new_page()
        page.goto(live_server.url + "/check")
        type_offer(page)
        expect(page.locator('#results [data-figure="apr"]')).to_have_text(engine_apr("zh", **OFFER_APR))
        live_figures = eventually(lambda: figures(page), lambda f: f.get("received") == "¥14,800.00",
                                  what="live figures")

        page = plain.new_page()
        page.goto(live_server.url + "/check")
        type_offer(page)
        with page.expect_navigation():
            page.locator("#calc-form button[type=submit]").click()
        assert "amount=15000" in page.url
        assert figures(page) == live_figures
        assert len(live_figures) >= 6, live_figures
    finally:
        live.close()
        plain.close()


def test_the_language_link_keeps_what_was_typed(page, live_server, screenshot) -> None:
    page.goto(live_server.url + "/check")
    type_offer(page)
    expect(page.locator('[data-figure="apr"]')).to_have_text(engine_apr("zh", **OFFER_APR))
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")

    with page.expect_navigation():
        page.locator("a.lang-link").click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert "lang=en" in page.url
    for name, value in OFFER.items():
        assert page.locator(f"#f-{name}").input_value() == value, name
    expect(page.locator('[data-figure="apr"]')).to_have_text(engine_apr("en", **OFFER_APR))
    expect(page.locator('[data-figure="received"]')).to_have_text("CN¥14,800.00")
    screenshot(page, "check-live-en-1280")

    # and back to Chinese, still with the inputs
    with page.expect_navigation():
        page.locator("a.lang-link").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    assert page.locator("#f-fee").input_value() == "200"
    expect(page.locator('[data-figure="received"]')).to_have_text("¥14,800.00")


def test_a_field_error_shows_next_to_the_field_while_typing(page, live_server, screenshot) -> None:
    page.goto(live_server.url + "/check?amount=10000&term=12&kind=period_fee&rate=0.6")
    expect(page.locator('[data-figure="apr"]')).to_have_text("13.03%")  # DOMAIN.md §4

    amount = page.locator("#f-amount")
    amount.fill("")
    amount.press_sequentially("abc")
    error = page.locator('.field[data-field="amount"] #err-amount')
    expect(error).not_to_be_empty()
    expect(error).to_be_visible()
    assert amount.input_value() == "abc"
    expect(amount).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#results .notice")).to_be_visible()
    assert page.locator('#results [data-figure="apr"]').count() == 0
    screenshot(page, "check-field-error-zh-1280")

    # fixing it clears the message and brings the results back
    amount.fill("")
    amount.press_sequentially("10000")
    expect(error).to_be_empty()
    expect(amount).not_to_have_attribute("aria-invalid", "true")
    expect(page.locator('[data-figure="apr"]')).to_have_text("13.03%")


def test_compare_sorts_by_the_header_link_and_by_the_select(page, live_server, live_app) -> None:
    page.goto(live_server.url + "/compare?amount=10000&term=12")
    by_cost = row_keys(page)
    assert len(by_cost) >= 5, by_cost

    with page.expect_navigation():
        page.locator('.compare-table thead a[href*="sort=apr"]').click()
    assert "sort=apr" in page.url
    by_apr = row_keys(page)
    assert sorted(by_apr) == sorted(by_cost) and by_apr != by_cost
    aprs = typical_aprs(page)
    assert aprs == sorted(aprs), aprs
    expect(page.locator("#f-sort")).to_have_value("apr")

    page.select_option("#f-sort", "payment")
    expect(page).to_have_url(re.compile(r"sort=payment"))
    server = live_app.test_client().get("/compare?amount=10000&term=12&sort=payment", headers={"HX-Request": "true"})
    by_payment = re.findall(r'data-row="([^"]+)"', server.get_data(as_text=True))
    assert by_payment not in (by_cost, by_apr), "the catalog orders alike by payment: pick another amount/term"
    eventually(lambda: row_keys(page), lambda keys: keys == by_payment, what="rows sorted by payment")


def test_a_typed_offer_joins_the_comparison(page, live_server, screenshot) -> None:
    page.goto(live_server.url + "/compare?amount=10000&term=12")
    assert page.locator('tr[data-row="o1"]').count() == 0

    page.locator("#f-o1_lender").press_sequentially("招商银行")
    page.select_option("#f-o1_kind", "period_fee")
    page.locator("#f-o1_rate").press_sequentially("0.6")

    row = page.locator('#results tr[data-row="o1"]')
    expect(row).to_be_visible()
    expected = engine_apr("zh", amount="10000", term=12, kind="period_fee", rate="0.6",
                          repayment=Repayment.EQUAL_PRINCIPAL_FLAT_FEE)
    assert expected == "13.03%"  # DOMAIN.md §4: 等本等费 at 每期 0.6%
    expect(row.locator("td.col-apr")).to_have_text(expected)
    expect(row.locator("td.col-name")).to_contain_text("招商银行")
    screenshot(page, "compare-typed-offer-zh-1280")


def test_two_picked_rows_show_side_by_side_with_two_charts(page, live_server, screenshot) -> None:
    page.goto(live_server.url + "/compare?amount=10000&term=12&o1_lender=招行&o1_kind=period_fee&o1_rate=0.6")
    keys = row_keys(page)
    assert "o1" in keys
    other = next(k for k in keys if k != "o1")
    page.locator("#pick-o1").check()
    page.locator(f"#pick-{other}").check()
    page.locator("#compare-form button[type=submit]").click()

    cards = page.locator("#results .side-by-side article[data-side]")
    expect(cards).to_have_count(2)
    assert cards.evaluate_all("els => els.map(e => e.dataset.side)") == [k for k in keys if k in ("o1", other)]
    expect(page.locator("#results .side-by-side svg.chart-svg")).to_have_count(2)
    expect(page).to_have_url(re.compile(r"pick=o1"))
    screenshot(page, "compare-side-by-side-zh-1280")


def test_the_watch_catches_what_the_csp_refuses(browser, live_server) -> None:
    """Control for every other test: the ``page`` fixture's watch does see a CSP refusal."""
    ctx = new_context(browser)
    try:
        tab = ctx.new_page()
        problems = watch(tab)
        tab.goto(live_server.url + "/check")
        tab.evaluate("() => { const s = document.createElement('script'); s.textContent = '1'; document.head.append(s); }")
        eventually(lambda: problems, bool, timeout=5, what="a CSP refusal of an inline script")
    finally:
        ctx.close()
