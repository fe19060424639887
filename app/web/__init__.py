"""The web doors: pages, htmx partials, languages and the template filters that format numbers."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Flask, g, render_template, request
from flask_babel import Babel
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from htmx_flask import Htmx

from .. import i18n

BADGES = {
    "apr_above_36": _l("Above 36%"),
    "apr_above_24": _l("Above 24%"),
    "apr_above_private_cap": _l("Above 4×LPR"),
    "upfront_deduction": _l("Deducted at payout"),
    "rate_not_annualised": _l("Rate not annualised"),
    "stated_apr_understated": _l("Stated rate too low"),
    "long_term_high_cost": _l("Long and costly"),
    "minimum_payment_trap": _l("Minimum-payment trap"),
    "prepayment_fee": _l("Prepayment fee"),
    "unknown_lender": _l("Unknown lender"),
}

babel = Babel()
htmx = Htmx()


def select_language() -> str:
    """``?lang=`` first, then the ``lang`` cookie, then the browser's preference; Chinese by default."""
    for candidate in (request.args.get("lang"), request.cookies.get("lang")):
        lang = i18n.normalise(candidate)
        if lang:
            return lang
    return request.accept_languages.best_match(i18n.LANGUAGES) or i18n.DEFAULT


def lang() -> str:
    """The language code of this request: 'zh' or 'en' (chosen once per request, as Flask-Babel's locale is)."""
    if "lang" not in g:
        g.lang = select_language()
    return g.lang


def url_with(**changes: object) -> str:
    """The current URL with some query parameters changed (None removes one)."""
    args = request.args.to_dict(flat=False)
    for key, value in changes.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = [str(value)]
    query = urlencode(args, doseq=True)
    return request.path + ("?" + query if query else "")


def _localized(text: object) -> str:
    """A {zh, en} pair from the data files (a mapping or a catalog ``Text``) in the page's language."""
    if isinstance(text, dict):
        return text.get(lang()) or text.get("en") or text.get("zh") or ""
    if hasattr(text, "zh") and hasattr(text, "en"):
        return text.zh if lang() == "zh" else text.en
    return "" if text is None else str(text)


def _partial_date(value: object) -> str:
    """A source date as precise as it is: 2022-01-06, 2022-01, 2022, about 2023, or undated."""
    text = "" if value is None else str(value)
    if text == "undated":
        return _("undated")
    if text.startswith("~"):
        return _("about %(date)s", date=text[1:])
    return text


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(i18n.TRANSLATIONS_DIR))
    babel.init_app(app, locale_selector=select_language)
    htmx.init_app(app)
    # Templates translate through the same compiled catalogs as Flask-Babel, looked up once per
    # request instead of once per string (a comparison table calls _() hundreds of times).
    app.jinja_env.install_gettext_callables(
        gettext=lambda message: i18n.translations(lang()).gettext(message),
        ngettext=lambda singular, plural, n: i18n.translations(lang()).ngettext(singular, plural, n),
        newstyle=True,
    )

    app.jinja_env.filters.update(
        money=lambda v: i18n.money(v, lang()),
        rate=lambda v, places=2: i18n.rate(v, lang(), places),
        num=lambda v, places=None: i18n.number(v, lang(), places),
        day=lambda v, style="medium": i18n.day(v, lang(), style) if v else "",
        loc=_localized,
        pdate=_partial_date,
        badge_label=lambda code: str(BADGES.get(code, code)),
    )
    app.jinja_env.globals.update(lang=lang, url_with=url_with, html_lang=lambda: "zh-CN" if lang() == "zh" else "en")
    app.jinja_env.add_extension("jinja2.ext.do")

    @app.after_request
    def remember_language(response):
        chosen = i18n.normalise(request.args.get("lang"))
        if chosen and request.cookies.get("lang") != chosen:
            response.set_cookie("lang", chosen, max_age=365 * 24 * 3600, samesite="Lax", httponly=True,
                                secure=request.is_secure)
        response.vary.add("Accept-Language")
        response.vary.add("Cookie")
        return response

    @app.errorhandler(404)
    def not_found(error):
        return render_template("errors/404.html"), 404

    @app.errorhandler(413)
    def too_large(error):
        if request.path.startswith("/api/"):
            return {"errors": [{"field": "", "message": _("The request is too large.")}]}, 413
        return render_template("errors/413.html"), 413

    @app.errorhandler(500)
    def server_error(error):
        return render_template("errors/500.html"), 500

    from . import api, assets, embed, health, pages, screenshot, security, summary

    app.request_class = screenshot.InMemoryRequest
    app.jinja_env.globals["reading_note"] = screenshot.reading_note
    security.init_app(app)
    assets.init_app(app)
    app.register_blueprint(health.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(embed.bp)
    app.register_blueprint(summary.bp)
    app.register_blueprint(screenshot.bp)
    app.add_url_rule("/api", "api_docs", api.docs)
