"""Security headers, framing rules, cookies, health and static caching."""

from __future__ import annotations

import re

import pytest

from app import create_app

PAGES = ["/", "/check", "/compare?amount=10000&term=12", "/afford", "/catalog", "/catalog/huabei", "/api", "/embed",
         "/summary?amount=10000&term=12&kind=monthly&rate=1", "/api/v1/products", "/nope"]


def policy(response) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in response.headers["Content-Security-Policy"].split(";"))


@pytest.mark.parametrize("path", PAGES)
def test_every_response_carries_the_headers(client, path: str) -> None:
    response = client.get(path)
    csp = policy(response)
    assert "'unsafe-inline'" not in csp["script-src"] and "'unsafe-eval'" not in csp["script-src"]
    assert "'unsafe-inline'" not in csp["style-src"]
    assert csp["frame-ancestors"] == "'none'"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


@pytest.mark.parametrize("path", ["/", "/check?amount=10000&term=12&kind=monthly&rate=1", "/embed/calculator", "/summary?amount=1&term=1"])
def test_pages_have_no_inline_script_or_style(client, path: str) -> None:
    html = client.get(path).get_data(as_text=True)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline <script>"
    assert "<style" not in html and " style=" not in html
    assert not re.search(r"\son[a-z]+=", html), "inline event handler"


def test_only_the_widget_may_be_framed(client) -> None:
    widget = client.get("/embed/calculator")
    assert policy(widget)["frame-ancestors"] == "*"
    assert "X-Frame-Options" not in widget.headers


def test_the_framing_allow_list_is_configurable(tmp_path) -> None:
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite'}",
                      "EMBED_FRAME_ANCESTORS": "https://blog.example https://forum.example"})
    assert policy(app.test_client().get("/embed/calculator"))["frame-ancestors"] == "https://blog.example https://forum.example"


def test_cookies_are_httponly_samesite_and_secure_outside_development(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("LOANLENS_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "test-secret")
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite'}"})
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["SESSION_COOKIE_HTTPONLY"]
    response = app.test_client().get("/summary?amount=10000&term=12&kind=monthly&rate=1", base_url="https://localhost")
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_secret_key_is_required_outside_development(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("LOANLENS_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite'}"})


def test_healthz_checks_the_database(client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_json()["database"] == "ok"
    down = create_app({"TESTING": True, "DATABASE_URL": "postgresql://nobody@127.0.0.1:9/none"}).test_client()
    response = down.get("/healthz")
    assert response.status_code == 503 and response.get_json()["database"] == "unavailable"


def static_headers(client, url: str):
    with client.get(url) as response:  # static files stream from disk: close them
        return response.headers


def test_static_files_are_fingerprinted_and_cached_long(client) -> None:
    html = client.get("/").get_data(as_text=True)
    url = re.search(r'href="(/static/css/site\.css\?v=[0-9a-f]{12})"', html).group(1)
    cache = static_headers(client, url)["Cache-Control"]
    assert "immutable" in cache and "max-age=31536000" in cache
    assert "max-age=3600" in static_headers(client, "/static/css/site.css?v=stale")["Cache-Control"]
    loader = static_headers(client, "/static/embed.js")
    assert loader["Access-Control-Allow-Origin"] == "*" and "immutable" not in loader["Cache-Control"]
