"""What the browser tests share: the pages to visit, the engine's own figures, and waiting helpers.

Playwright is imported lazily here so that a machine without it still collects
the suite; the ``browser`` fixture then skips (or, in CI, fails) with the reason.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from decimal import Decimal
from typing import TypeVar

try:  # the test extra installs it; conftest.py reports its absence
    from playwright.sync_api import expect
except ImportError:  # pragma: no cover - exercised only on machines without Playwright
    expect = None

from app import i18n
from app.finance import Fee, FeeWhen, Quote, Rate, RateKind, Repayment, price
from app.web.views import today

T = TypeVar("T")

# Every page a person can reach, in the states worth checking: empty, with results, with errors.
# Query strings are the documented examples of docs/url-spec.md where there is one.
PAGES: dict[str, str] = {
    "home": "/",
    "check": "/check",
    "check-results": "/check?amount=10000&term=12&kind=daily&rate=0.04&basis=365&fee=300&stated=14.6",
    "check-errors": "/check?amount=abc&term=12&kind=daily&rate=0.05",
    "compare": "/compare",
    "compare-results": "/compare?amount=10000&term=12&income=8000&debts=1500&o1_lender=招行&o1_kind=period_fee&o1_rate=0.6",
    "compare-side-by-side": "/compare?amount=10000&term=12&o1_lender=招行&o1_kind=period_fee&o1_rate=0.6&pick=o1&pick=jiebei",
    "afford": "/afford",
    "afford-results": "/afford?income=8000&debts=1500&product=jiebei&amount=20000&term=12",
    "catalog": "/catalog",
    "product": "/catalog/jiebei",
    "embed-configure": "/embed",
    "embed-calculator": "/embed/calculator",
    "embed-calculator-results": "/embed/calculator?amount=10000&term=12&rate=0.05",
    "embed-calculator-dark": "/embed/calculator?amount=10000&term=12&rate=0.05&theme=dark",
    "summary": "/summary?amount=10000&term=12&kind=period_fee&rate=0.6",
    "api": "/api",
    "not-found": "/no-such-page",
}
LANGS = ("zh", "en")


def in_lang(path: str, lang: str) -> str:
    """``path`` as a reader of ``lang`` opens it: Chinese is the default, English asks with ?lang=en."""
    if lang == "zh":
        return path
    return path + ("&" if "?" in path else "?") + "lang=en"


def engine_apr(lang: str, *, amount: str, term: int, kind: str, rate: str, basis: int = 365,
               repayment: Repayment = Repayment.EQUAL_INSTALLMENT, fee: str | None = None) -> str:
    """The real annual rate the engine gives for these inputs, formatted as the page shows it."""
    start = today()
    quote = Quote(
        principal=Decimal(amount),
        term=term,
        repayment=repayment,
        rate=Rate(RateKind(kind), Decimal(rate), basis),
        fees=(Fee(FeeWhen.PAYOUT, amount=Decimal(fee), label="fee"),) if fee else (),
        start_date=start,
        contract_date=start,
    )
    return i18n.rate(price(quote).apr_percent, lang)


def figures(page_or_frame) -> dict[str, str]:
    """Every ``[data-figure]`` on the page, by name, as displayed."""
    return page_or_frame.locator("[data-figure]").evaluate_all(
        "els => Object.fromEntries(els.map(e => [e.dataset.figure, e.textContent.trim()]))"
    )


def row_keys(page) -> list[str]:
    return page.locator("#results tbody tr[data-row]").evaluate_all("els => els.map(e => e.dataset.row)")


def typical_aprs(page) -> list[float]:
    """The typical real annual rate of each comparison row (a range cell names its typical figure)."""
    cells = page.locator("#results tbody td.col-apr").evaluate_all(
        "els => els.map(e => (e.querySelector('.hint') || e).textContent)"
    )
    return [float(re.search(r"(\d+(?:\.\d+)?)%", text).group(1)) for text in cells]


def eventually(probe: Callable[[], T], accept: Callable[[T], bool], timeout: float = 10.0, what: str = "") -> T:
    """Poll ``probe`` until ``accept`` holds (htmx swaps are asynchronous), else fail with the last value."""
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if accept(value):
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{what or 'condition'} not reached in {timeout}s; last value: {value!r}")
        time.sleep(0.05)
