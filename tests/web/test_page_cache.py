"""Calculator pages are rendered once per identical request, and only what may be kept is kept."""

from __future__ import annotations

from app.web import pages
from app.web.cache import RenderCache


def test_identical_requests_render_once(client, monkeypatch) -> None:
    calls = []
    original = pages.views.compare
    monkeypatch.setattr(pages.views, "compare", lambda args: calls.append(1) or original(args))
    pages.rendered.clear()
    first = client.get("/compare?amount=10000&term=12&lang=en").get_data()
    second = client.get("/compare?term=12&amount=10000&lang=en").get_data()  # same query, other order
    assert first == second and len(calls) == 1
    client.get("/compare?amount=10000&term=12&lang=zh")  # another language is another page
    client.get("/compare?amount=10000&term=12&lang=en", headers={"HX-Request": "true"})  # and the fragment too
    assert len(calls) == 3


def test_long_queries_are_not_kept(client) -> None:
    pages.rendered.clear()
    client.get("/check", query_string={"amount": "9" * 5000, "term": "12", "kind": "daily", "rate": "0.05"})
    assert not pages.rendered._items


def test_the_cache_is_bounded() -> None:
    cache = RenderCache(size=3)
    for k in range(5):
        cache.get(k, lambda k=k: str(k))
    assert list(cache._items) == [2, 3, 4]
    assert cache.get(3, lambda: "new") == "3"  # a hit returns what was kept
