"""Hostile input over every form and endpoint: a clear 4xx or an inline error, never a 500, nothing reflected raw."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

MARKER = '<script>alert("loanlens")</script>'
HOSTILE = [
    "", "0", "-1", "-0.01", "1e309", "1e-309", "9" * 400, "0." + "0" * 300 + "1", "NaN", "nan", "Infinity", "-Infinity",
    "inf", "１２，０００．５０", "１２期", "一万五千", "两万", "三十六", "万五", "万分之五", "千分之三", "万", "亿亿亿",
    "1.5万", "1,000,000,000,000", "0x1F", "1_000", "١٢٣", "½", "1/3", "%", "%%", "%(x)s", "{{ 7*7 }}", "${7*7}",
    MARKER, '"><img src=x onerror=alert(1)>', "' OR 1=1 --", "'; DROP TABLE saved_summaries; --", "\x00",
    "\u202e12", "\n12", " 12 ", "12 12", "a" * 5000,
]
PAGES = {
    "/check": ("amount", "term", "kind", "rate", "basis", "timing", "inst", "method", "fee", "recv", "pfee", "stated",
               "start", "lender", "asked", "student", "lenders", "lang"),
    "/compare": ("amount", "term", "income", "debts", "type", "sort", "pick", "o1_kind", "o1_rate", "o1_lender", "o1_inst",
                 "o1_recv", "o6_fee", "lang"),
    "/afford": ("income", "debts", "payment", "product", "amount", "term", "lenders", "lang"),
    "/summary": ("amount", "term", "kind", "rate", "product", "level", "income", "debts", "lender"),
    "/embed/calculator": ("amount", "term", "kind", "rate", "fee", "theme", "accent", "lang"),
    "/embed": ("wlang", "theme", "accent", "amount", "term"),
    "/summary.csv": ("amount", "term", "kind", "rate"),
}
BASE = {"amount": "10000", "term": "12", "kind": "daily", "rate": "0.05", "income": "8000"}


def assert_safe(response) -> None:
    assert response.status_code < 500, response.status_code
    body = response.get_data(as_text=True)
    assert MARKER not in body
    assert "<img src=x" not in body


# Lone surrogates cannot travel in a URL (a client cannot encode them); invalid UTF-8 bytes can, and are tested below.
values = st.one_of(st.sampled_from(HOSTILE), st.text(st.characters(blacklist_categories=("Cs",)), max_size=60))


@pytest.mark.parametrize("path", list(PAGES))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_forms_never_fail_on_hostile_values(client, path: str, data) -> None:
    fields = data.draw(st.lists(st.sampled_from(PAGES[path]), min_size=1, max_size=4, unique=True))
    query = dict(BASE)
    for field in fields:
        query[field] = data.draw(values)
    for headers in ({}, {"HX-Request": "true"}):
        assert_safe(client.get(path, query_string=query, headers=headers))


@pytest.mark.parametrize("path", list(PAGES))
@pytest.mark.parametrize("value", HOSTILE)
def test_every_hostile_sample_in_the_first_field(client, path: str, value: str) -> None:
    assert_safe(client.get(path, query_string={**BASE, PAGES[path][0]: value}))


@pytest.mark.parametrize("path", list(PAGES))
def test_a_million_character_field(client, path: str) -> None:
    assert_safe(client.get(path, query_string={**BASE, PAGES[path][0]: "9" * 1_000_000}))


@pytest.mark.parametrize("path", ["/check", "/compare", "/afford", "/summary", "/embed/calculator"])
def test_invalid_utf8_in_the_query(client, path: str) -> None:
    assert_safe(client.get(path + "?amount=%ff%fe%fd&term=%c3%28&kind=%80"))


@pytest.mark.parametrize("path", ["/catalog/<script>", "/catalog/' OR 1=1 --", "/s/%ff%fe", "/s/" + "A" * 5000, "/api/v1/products/%00"])
def test_hostile_paths(client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert_safe(response)


@pytest.mark.parametrize("body", [b"\xff\xfe\xfd", b"{" * 10_000, b'{"principal": 1e999999}', b'{"principal": "1" }' * 3, b"null", b"[]",
                                  b'{"principal": 10000, "term": 12, "rate": {"kind": "daily", "percent": "NaN"}}',
                                  b'{"principal": 10000, "term": 99999999999999999999999, "rate": {"kind": "daily", "percent": 0.05}}'])
@pytest.mark.parametrize("path", ["/api/v1/quote", "/api/v1/apr", "/api/v1/affordability", "/api/v1/compare"])
def test_hostile_api_bodies(client, path: str, body: bytes) -> None:
    response = client.post(path, data=body, content_type="application/json")
    assert 400 <= response.status_code < 500
    assert response.get_json()["errors"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fields=st.dictionaries(st.sampled_from(["amount", "term", "kind", "rate", "lender", "income", "debts", "include_income", "product"]), values, max_size=5))
def test_saving_hostile_values(app, fields) -> None:
    from app.catalog import db
    from app.catalog.migrate import upgrade

    with app.app_context():
        upgrade(db.engine())
    client = app.test_client()
    page = client.get("/summary", query_string=BASE).get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post("/summaries", data={"csrf_token": token, **BASE, **fields})
    assert response.status_code in (303, 400, 422), response.status_code
    assert_safe(response)
