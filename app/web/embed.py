"""The embeddable calculator: a chrome-less "what does this offer really cost" for other sites.

Two ways in: ``<script src="https://HOST/static/embed.js" data-lang="zh" …>`` (the
loader creates and auto-sizes an iframe) or a plain iframe to
``/embed/calculator``. Only /embed/* may be framed (see security.py).
"""

from __future__ import annotations

import re

from flask import Blueprint, Response, make_response, render_template, request, url_for

from . import views

bp = Blueprint("embed", __name__)

HEX = re.compile(r"^#?([0-9a-fA-F]{6})$")
THEMES = ("light", "dark")
PASSED_ON = ("amount", "term", "kind", "rate", "basis", "fee", "inst", "recv", "method")


def accent_of(value: str | None) -> str | None:
    """A ``#rrggbb`` colour, or None when the parameter is not one."""
    match = HEX.match((value or "").strip())
    return f"#{match.group(1).lower()}" if match else None


def _context() -> dict:
    context = views.check(request.args)
    theme = request.args.get("theme", "light")
    context["theme"] = theme if theme in THEMES else "light"
    context["accent"] = accent_of(request.args.get("accent"))
    context["full_url"] = url_for(
        "pages.check", _external=True,
        **{k: v for k, v in request.args.items() if k in PASSED_ON or k == "lang"},
    )
    return context


@bp.get("/embed/calculator")
def calculator():
    """The widget itself (framed by other sites)."""
    template = "embed/_result.html" if request.headers.get("HX-Request") == "true" else "embed/calculator.html"
    response = make_response(render_template(template, **_context()))
    response.vary.add("HX-Request")
    return response


@bp.get("/embed/theme.css")
def theme_css():
    """The widget's accent colour as a stylesheet, so no inline style is needed."""
    accent = accent_of(request.args.get("accent")) or "#0b5cad"
    css = f":root {{ --brand: {accent}; }}\n"
    response = Response(css, mimetype="text/css")
    response.cache_control.public = True
    response.cache_control.max_age = 86400
    return response


@bp.get("/embed")
def configure():
    """Where a site owner sets up the widget, previews it and copies the snippet."""
    form = views.Form(request.args)
    lang = form.choice("wlang", ("zh", "en"), "zh")
    theme = form.choice("theme", THEMES, "light")
    accent = accent_of(form["accent"]) or "#0b5cad"
    if form.has("accent") and accent_of(form["accent"]) is None:
        form.fail("accent", "not_a_colour")
    amount = form.amount("amount", required=False) or None
    term = form.integer("term", required=False, minimum=1, maximum=360) or None
    params = {"lang": lang, "theme": theme, "accent": accent.lstrip("#")}
    if amount:
        params["amount"] = form["amount"].strip()
    if term:
        params["term"] = str(term)
    preview = url_for("embed.calculator", **params)
    loader = url_for("static", filename="embed.js", _external=True)
    data = " ".join(f'data-{k}="{v}"' for k, v in params.items())
    snippet = f'<script src="{loader}" {data} async></script>'
    iframe = f'<iframe src="{url_for("embed.calculator", _external=True, **params)}" title="LoanLens" width="100%" height="520" loading="lazy"></iframe>'
    return render_template("pages/embed_configure.html", form=form, preview=preview, snippet=snippet, iframe=iframe,
                           lang_choice=lang, theme=theme, accent=accent)
