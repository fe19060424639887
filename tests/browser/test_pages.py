"""Every page, in both languages: no accessibility violation axe-core can find, and no sideways
scrolling on a 360 px phone. Each visit leaves two screenshots (1280 and 360 px wide) in
test-artifacts/screenshots/.

One visit serves both checks (axe on the desktop layout, then the same page narrowed to a
phone's width) to keep the suite quick; a failure names every problem found on the page.
"""

from __future__ import annotations

import pytest

from .conftest import AXE, PHONE, new_context, watch
from .support import LANGS, PAGES, in_lang

pytestmark = pytest.mark.browser

CASES = [pytest.param(name, lang, id=f"{name}-{lang}") for name in PAGES for lang in LANGS]

AXE_RUN = """async () => (await axe.run(document, {resultTypes: ['violations']})).violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' :: ' + n.failureSummary.replace(/\\s+/g, ' '))}))"""

# What sticks out of the page (scrolling tables and code blocks scroll inside their own box).
STICKING_OUT = """() => [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
    .filter(e => !e.closest('.table-scroll, pre, .visually-hidden'))
    .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''))"""


@pytest.fixture(scope="module")
def axe_source() -> str:
    # Evaluated through the DevTools protocol, which the pages' CSP (script-src 'self') does not govern.
    return AXE.read_text(encoding="utf-8") + "\n;true"


@pytest.mark.parametrize(("name", "lang"), CASES)
def test_page_is_accessible_and_fits_a_phone(browser, live_server, axe_source, screenshot, name: str, lang: str) -> None:
    context = new_context(browser)
    try:
        page = context.new_page()
        problems = watch(page)
        response = page.goto(live_server.url + in_lang(PAGES[name], lang))
        assert response is not None and response.status == (404 if name == "not-found" else 200), name
        assert page.locator("html").get_attribute("lang") == ("zh-CN" if lang == "zh" else "en")
        # what a reader can unfold is checked too
        page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")

        page.evaluate(axe_source)
        violations = page.evaluate(AXE_RUN)
        screenshot(page, f"{name}-{lang}-1280")

        page.set_viewport_size(PHONE)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        sticking_out = page.evaluate(STICKING_OUT) if width > PHONE["width"] else []
        screenshot(page, f"{name}-{lang}-360")

        failures = [f"axe {v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(v["nodes"]) for v in violations]
        if width > PHONE["width"]:
            failures.append(f"at {PHONE['width']} px the page is {width} px wide; sticking out: {sticking_out}")
        failures += problems
        assert not failures, "\n".join(failures)
    finally:
        context.close()
