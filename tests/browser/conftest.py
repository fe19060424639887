"""The real app on a free loopback port, and Debian's Chromium driven through Playwright.

One server and one browser per session; a fresh context (a clean profile:
no cookies, zh-CN) per test. Without the ``playwright`` package or Chromium the
browser tests are skipped with the reason, except in CI (``CI=true``), where
they fail: a green CI must mean the pages were really driven.

Screenshots go to ``test-artifacts/screenshots/`` (gitignored) for people to look at.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import WSGIRequestHandler, make_server

from app import create_app

CHROMIUM = os.environ.get("LOANLENS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
AXE = Path(__file__).resolve().parent / "vendor" / "axe-4.14.1.min.js"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}
# What a page must never log: a script error, or something the Content-Security-Policy blocked.
PROBLEM = re.compile(r"Content Security Policy|Refused to|Uncaught", re.IGNORECASE)


def unavailable(reason: str) -> None:
    """Skip on a developer's machine; fail in CI, where a skipped browser suite would hide a broken page."""
    if os.environ.get("CI", "").strip().lower() == "true":
        pytest.fail(f"browser tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(reason)


class QuietHandler(WSGIRequestHandler):
    """No access log on the test output (errors are still logged)."""

    def log_request(self, code="-", size="-") -> None:
        pass


class LiveServer:
    """A WSGI app served by werkzeug on 127.0.0.1 at a free port, in a daemon thread."""

    def __init__(self, wsgi_app) -> None:
        self._server = make_server("127.0.0.1", 0, wsgi_app, threaded=True, request_handler=QuietHandler)
        self.port = self._server.server_port
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, name=f"live-server-{self.port}", daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> LiveServer:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


@pytest.fixture(scope="session")
def live_app(tmp_path_factory):
    """The app as the tests elsewhere build it: a fresh SQLite file, request limits off."""
    database = tmp_path_factory.mktemp("browser-db") / "loanlens.sqlite"
    return create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{database}", "RATE_LIMITS": {}})


@pytest.fixture(scope="session")
def live_server(live_app) -> Iterator[LiveServer]:
    with LiveServer(live_app) as server:
        yield server


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One headless Chromium for the whole session (a fresh temporary profile)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the playwright package is not installed (pip install -e '.[test]')")
    if not (shutil.which(CHROMIUM) or os.access(CHROMIUM, os.X_OK)):
        unavailable(f"Chromium not found at {CHROMIUM} (apt-get install chromium, or set LOANLENS_CHROMIUM)")
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    except Exception as exc:  # noqa: BLE001 - any launch failure means "no browser here"
        playwright.stop()
        unavailable(f"Chromium at {CHROMIUM} did not start: {exc}")
    try:
        yield chromium
    finally:
        chromium.close()
        playwright.stop()


def new_context(browser, **options):
    """A clean context: Chinese browser preferences, a desktop window unless told otherwise."""
    settings = {"locale": "zh-CN", "viewport": DESKTOP}
    settings.update(options)
    context = browser.new_context(**settings)
    context.set_default_timeout(10_000)
    return context


@pytest.fixture
def context(browser) -> Iterator[object]:
    ctx = new_context(browser)
    try:
        yield ctx
    finally:
        ctx.close()


def watch(page) -> list[str]:
    """Collect what the page reports that should never happen (script errors, CSP refusals)."""
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("console", lambda msg: problems.append(f"console {msg.type}: {msg.text}")
            if msg.type == "error" and PROBLEM.search(msg.text) else None)
    return problems


@pytest.fixture
def page(context) -> Iterator[object]:
    """A page in a fresh context; the test fails if a script errs or the CSP blocks anything."""
    tab = context.new_page()
    problems = watch(tab)
    yield tab
    assert not problems, problems


@pytest.fixture
def screenshot():
    """``screenshot(page, name)`` saves a full-page PNG under test-artifacts/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def save(page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        # caret="initial": hiding the caret makes Playwright inject a <style>, which the CSP rightly refuses
        page.screenshot(path=str(path), full_page=True, caret="initial")
        return path

    return save
