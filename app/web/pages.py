"""The borrower's pages: home, compare, check my offer, can I afford it, and the catalog.

Calculators are GET forms, so every result is a link to bookmark or share.
One URL serves the whole page or, to htmx, only the results fragment (with
the field errors sent out of band); ``Vary: HX-Request`` keeps caches honest.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, abort, current_app, make_response, render_template, request

from ..catalog import get_catalog
from . import lang, views
from .cache import RenderCache

bp = Blueprint("pages", __name__)
rendered = RenderCache()
MAX_CACHED_QUERY = 2048  # bytes of query string


def _respond(page: str, partial: str, compute: Callable[..., dict]):
    """The full page, or just the results fragment when htmx asks; identical requests render once."""
    fragment = request.headers.get("HX-Request") == "true"
    template = partial if fragment else page
    key = (request.endpoint, lang(), fragment, tuple(sorted(request.args.items(multi=True))),
           views.today(), get_catalog().content_hash)

    def render() -> str:
        return render_template(template, **compute(request.args))

    # Long queries are someone's experiment, not a shared link: render them without keeping them.
    cacheable = current_app.config.get("PAGE_CACHE", True) and len(request.query_string) <= MAX_CACHED_QUERY
    html = rendered.get(key, render) if cacheable else render()
    response = make_response(html)
    response.vary.add("HX-Request")
    return response


@bp.get("/")
def home():
    """What LoanLens does, and the three doors."""
    return render_template("pages/home.html")


@bp.get("/check")
def check():
    """Check my offer (算清这笔账): any phrasing → real APR, cost, schedule, warnings."""
    return _respond("pages/check.html", "partials/_check_results.html", views.check)


@bp.get("/compare")
def compare():
    """Compare (货比三家): catalog products and the borrower's own offers side by side."""
    return _respond("pages/compare.html", "partials/_compare_results.html", views.compare)


@bp.get("/afford")
def afford():
    """Can I afford it: DTI before and after, its band, the stress line and the largest safe amount."""
    return _respond("pages/afford.html", "partials/_afford_results.html", views.afford)


@bp.get("/catalog")
def catalog():
    """The four credit types explained, and every platform and product."""
    return render_template("pages/catalog.html", **views.catalog_index())


@bp.get("/catalog/<product_id>")
def product(product_id: str):
    """One product: price range, what 10,000 × 12 really costs, lender, sources.

    :raise 404: no product has that id.
    """
    context = views.product_page(product_id, request.args)
    if context is None:
        abort(404)
    return render_template("pages/product.html", **context)
