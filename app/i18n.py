"""Languages and formatting: Chinese by default, English one click away.

Every number, amount, rate and date a person reads is formatted by Babel for
the locale it is shown in. The functions here take the locale explicitly, so
the same text comes out of a web page, the JSON API, a PDF or a test; the web
layer passes the request's locale (Flask-Babel) and templates use the filters
registered in ``app.web``.

The Chinese catalog lives in ``app/translations/zh`` (not ``zh_CN``): Flask-Babel
normalises ``zh_CN`` to ``zh_Hans_CN``, which only a ``zh`` catalog serves for
every spelling (tooling.md).
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date
from babel.numbers import NumberPattern, format_currency, format_decimal, parse_pattern
from babel.support import NullTranslations, Translations

from .finance.money import rounded_percent

LANGUAGES = ("zh", "en")
DEFAULT = "zh"
TRANSLATIONS_DIR = Path(__file__).resolve().parent / "translations"
BABEL_LOCALE = {"zh": "zh_Hans_CN", "en": "en"}


def normalise(tag: str | None) -> str | None:
    """A supported language code for ``zh``, ``zh-CN``, ``zh_Hans_CN``, ``EN``… or None."""
    if not tag:
        return None
    head = str(tag).strip().replace("-", "_").split("_")[0].lower()
    return head if head in LANGUAGES else None


@lru_cache(maxsize=None)
def translations(lang: str) -> NullTranslations:
    """The compiled catalog for ``lang`` (English is the source language)."""
    if lang == "en":
        return NullTranslations()
    return Translations.load(str(TRANSLATIONS_DIR), [lang])


def gettext(lang: str, message: str, **params: object) -> str:
    """``message`` translated into ``lang``, with ``%(name)s`` parameters filled in."""
    text = translations(lang).gettext(message)
    return text % params if params else text


@lru_cache(maxsize=None)
def locale_of(lang: str) -> Locale:
    return Locale.parse(BABEL_LOCALE.get(lang, lang))


@lru_cache(maxsize=None)
def _percent_pattern(places: int) -> NumberPattern:
    return parse_pattern("#,##0." + "0" * places + "%" if places else "#,##0%")


_FEN = Decimal("0.01")


def money(amount: Decimal | int | float, lang: str) -> str:
    """¥10,661.86 in Chinese, CN¥10,661.86 in English."""
    return format_currency(Decimal(amount).quantize(_FEN, rounding=ROUND_HALF_UP), "CNY", locale=locale_of(lang))


def rate(percent: float | Decimal, lang: str, places: int = 2) -> str:
    """A rate given in percent (13.0335 → '13.03%'), rounded half-up like every threshold check."""
    shown = rounded_percent(float(percent), places)
    return _percent_pattern(places).apply(shown / 100, locale_of(lang))


def number(value: Decimal | int | float, lang: str, places: int | None = None) -> str:
    """A plain number (counts, months, days), grouped for the locale."""
    if places is not None:
        value = Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        return format_decimal(value, format="#,##0." + "0" * places if places else "#,##0", locale=locale_of(lang))
    return format_decimal(value, locale=locale_of(lang))


def day(value: date, lang: str, style: str = "medium") -> str:
    """A date: 2026年12月4日 / Dec 4, 2026."""
    return format_date(value, format=style, locale=locale_of(lang))
