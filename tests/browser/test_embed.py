"""The embeddable calculator on someone else's site: a page served from another port carries the
documented snippet; the widget computes inside its frame, the frame grows to fit the results, the
whole widget weighs at most 100 KB, and a page that is not the widget refuses to be framed."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from .conftest import LiveServer, new_context
from .support import engine_apr, eventually, expect

pytestmark = pytest.mark.browser

WIDGET_BUDGET = 100 * 1024  # bytes: the widget document and everything it loads, htmx included

THIRD_PARTY_PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Money matters, a personal blog</title></head>
<body>
<main>
  <h1>Before you borrow</h1>
  <p>Type the offer you were given into the calculator below.</p>
  <script src="{app}/static/embed.js" data-lang="en" data-amount="10000" data-term="12" async></script>
  <h2>Someone framing a page that is not the widget</h2>
  <iframe id="framed-check" src="{app}/check" title="LoanLens check page" width="600" height="200"></iframe>
</main>
</body>
</html>
"""


@pytest.fixture
def third_party_site(live_server):
    """Another origin (same host, another port) whose page embeds the widget with the documented snippet."""
    body = THIRD_PARTY_PAGE.format(app=live_server.url).encode("utf-8")

    def site(environ, start_response):
        if environ.get("PATH_INFO") == "/":
            start_response("200 OK", [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))])
            return [body]
        start_response("404 Not Found", [("Content-Type", "text/plain"), ("Content-Length", "0")])
        return [b""]

    with LiveServer(site) as server:
        assert server.port != live_server.port
        yield server


def frame_heights(frame_element, frame) -> tuple[float, float]:
    """(height of the <iframe> on the host page, height of the widget's document inside it)."""
    outer = frame_element.evaluate("el => el.getBoundingClientRect().height")
    inner = frame.evaluate("() => Math.ceil(document.documentElement.getBoundingClientRect().height)")
    return outer, inner


def fitted_height(frame_element, frame, what: str) -> float:
    outer, _ = eventually(lambda: frame_heights(frame_element, frame), lambda h: abs(h[0] - h[1]) <= 1, what=what)
    return outer


def test_the_widget_works_on_a_third_party_page(browser, live_server, third_party_site, screenshot) -> None:
    context = new_context(browser, locale="en-US")
    try:
        page = context.new_page()
        responses = []
        page.on("response", lambda response: responses.append(response))
        page.goto(third_party_site.url + "/")

        holder = page.locator("iframe.loanlens-frame")
        expect(holder).to_have_count(1)
        frame_element = holder.element_handle()
        widget = frame_element.content_frame()
        assert widget is not None
        widget.wait_for_load_state("load")
        assert widget.url.startswith(live_server.url + "/embed/calculator?")
        assert "lang=en" in widget.url and "amount=10000" in widget.url and "term=12" in widget.url
        expect(widget.locator("#w-amount")).to_have_value("10000")
        expect(widget.locator("#w-term")).to_have_value("12")

        # the loader sized the frame to the widget's content before any result
        before = fitted_height(frame_element, widget, "the frame fitting the empty widget")

        widget.locator("#w-rate").press_sequentially("0.05")
        apr = widget.locator('[data-figure="apr"]')
        expected = engine_apr("en", amount="10000", term=12, kind="daily", rate="0.05", basis=365)
        expect(apr).to_have_text(expected)
        expect(widget.locator('[data-figure="cost"]')).not_to_be_empty()

        after = eventually(lambda: fitted_height(frame_element, widget, "the frame fitting the results"),
                           lambda h: h > before, what="the frame growing with the results")
        assert holder.evaluate("el => el.style.height") == f"{int(after)}px"
        page.wait_for_load_state("networkidle")
        screenshot(page, "embed-third-party-en-1280")

        # Bytes the widget costs the host page: loader + frame document + its subresources + live updates.
        mine = [r for r in responses if r.url.startswith(live_server.url) and urlsplit(r.url).path != "/check"]
        sizes = {r.url.removeprefix(live_server.url): len(r.body()) for r in mine}
        total = sum(sizes.values())
        print(f"\nwidget bytes: {total:,} ({total / 1024:.1f} KB) in {len(sizes)} responses")
        for url, size in sorted(sizes.items(), key=lambda item: -item[1]):
            print(f"  {size:>8,}  {url[:100]}")
        assert any("/static/vendor/htmx" in url for url in sizes), sizes
        assert any(url.startswith("/embed/calculator?") for url in sizes), sizes
        assert total <= WIDGET_BUDGET, f"the widget transfers {total:,} bytes, over {WIDGET_BUDGET:,}"
    finally:
        context.close()


def test_pages_other_than_the_widget_refuse_to_be_framed(browser, live_server, third_party_site) -> None:
    context = new_context(browser, locale="en-US")
    try:
        page = context.new_page()
        with page.expect_response(lambda r: urlsplit(r.url).path == "/check") as framed:
            page.goto(third_party_site.url + "/")
        policy = framed.value.headers.get("content-security-policy", "")
        assert "frame-ancestors 'none'" in policy, policy
        assert framed.value.headers.get("x-frame-options") == "DENY"

        frame = page.locator("#framed-check").element_handle().content_frame()
        assert frame is not None
        frame.wait_for_load_state("load")
        print(f"\nframed /check ended at: {frame.url}")
        assert not frame.url.startswith(live_server.url), frame.url
        assert frame.locator("#calc-form, .site-header, main#main").count() == 0
        text = frame.evaluate("() => document.documentElement ? document.documentElement.innerText : ''")
        assert "LoanLens" not in text and "借贷明镜" not in text, text[:200]
    finally:
        context.close()
