"""The borrower's pages: home, compare, check my offer, can I afford it, and the catalog.

Calculators are GET forms, so every result is a link to bookmark or share.
One URL serves the whole page or, to htmx, only the results fragment (with
the field errors sent out of band); ``Vary: HX-Request`` keeps caches honest.
"""

from __future__ import annotations

from flask import Blueprint, abort, make_response, render_template, request

from . import views

bp = Blueprint("pages", __name__)


def _respond(page: str, partial: str, context: dict):
    """The full page, or just the results fragment when htmx asks."""
    template = partial if request.headers.get("HX-Request") == "true" else page
    response = make_response(render_template(template, **context))
    response.vary.add("HX-Request")
    return response


@bp.get("/")
def home():
    """What LoanLens does, and the three doors."""
    return render_template("pages/home.html")


@bp.get("/check")
def check():
    """Check my offer (算清这笔账): any phrasing → real APR, cost, schedule, warnings."""
    return _respond("pages/check.html", "partials/_check_results.html", views.check(request.args))


@bp.get("/compare")
def compare():
    """Compare (货比三家): catalog products and the borrower's own offers side by side."""
    return _respond("pages/compare.html", "partials/_compare_results.html", views.compare(request.args))


@bp.get("/afford")
def afford():
    """Can I afford it: DTI before and after, its band, the stress line and the largest safe amount."""
    return _respond("pages/afford.html", "partials/_afford_results.html", views.afford(request.args))


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
