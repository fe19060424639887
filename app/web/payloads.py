"""The JSON shapes of the API: money as two-decimal strings, rates as unrounded percents, advice with citations."""

from __future__ import annotations

from decimal import Decimal

from ..advice import Advice
from ..catalog import get_catalog
from ..finance import FinanceError, QuoteResult, price
from .views import today


def money(value: Decimal) -> str:
    """Yuan as the API writes it: a string with two decimals."""
    return f"{value:.2f}"


def advice_json(items: list[Advice], lang: str) -> list[dict]:
    return [
        {
            "code": a.code,
            "severity": a.severity,
            "message": a.message(lang),
            "citation": [
                {
                    "document": c.document.get(lang, c.document["en"]),
                    "article": (c.article or {}).get(lang) if c.article else None,
                    "date": c.date,
                    "url": c.url,
                    "confidence": c.confidence,
                }
                for c in a.citations
            ],
        }
        for a in items
    ]


def quote_json(result: QuoteResult, warnings: list[Advice], tips: list[Advice], lang: str) -> dict:
    t = result.totals
    return {
        "schedule": [
            {
                "n": r.n,
                "due_date": r.due_date.isoformat() if r.due_date else None,
                "payment": money(r.payment),
                "principal": money(r.principal),
                "interest": money(r.interest),
                "fee": money(r.fee),
                "balance": money(r.balance),
            }
            for r in result.schedule
        ],
        "totals": {
            "principal": money(t.principal),
            "received": money(t.received),
            "payments": money(t.payments),
            "interest": money(t.interest),
            "fees": money(t.fees),
            "cost": money(t.cost),
            "cost_per_10k": money(t.cost_per_10k),
        },
        "apr_percent": result.apr_percent,
        "effective_annual_percent": result.effective_annual_percent,
        "aprc_percent": result.aprc_percent,
        "naive_annual_percent": result.naive_annual_percent,
        "monthly_payment": money(result.monthly_payment),
        "warnings": advice_json(warnings, lang),
        "tips": advice_json(tips, lang),
    }


def compare_row_json(key, name, credit_type, result: QuoteResult, apr_low, apr_high, warnings, lang: str) -> dict:
    return {
        "key": key,
        "name": (name.get(lang) if hasattr(name, "get") else name) if name is not None else None,
        "credit_type": str(credit_type) if credit_type else None,
        "typed": key.startswith("o") and credit_type is None,
        "apr_percent": result.apr_percent,
        "apr_low_percent": apr_low,
        "apr_high_percent": apr_high,
        "effective_annual_percent": result.effective_annual_percent,
        "first_payment": money(result.first_payment),
        "last_payment": money(result.last_payment),
        "monthly_payment": money(result.monthly_payment),
        "total_cost": money(result.totals.cost),
        "received": money(result.totals.received),
        "warnings": advice_json(list(warnings), lang),
    }


def product_json(product, lang: str) -> dict:
    """A product as the API shows it: published facts with their confidence and sources."""
    catalog = get_catalog()
    text = lambda t: t.get(lang) if t is not None else None  # noqa: E731
    example = None
    term = 12 if 12 in product.terms.months else min(product.terms.months, key=lambda m: abs(m - 12))
    q = product.quote(product.example_amount, term, "typical", start_date=today())
    if q is not None:
        try:
            r = price(q)
            example = {"amount": money(r.totals.principal), "term": term, "apr_percent": r.apr_percent,
                       "total_cost": money(r.totals.cost), "first_payment": money(r.first_payment)}
        except FinanceError:
            example = None
    p = product.pricing
    return {
        "id": product.id,
        "name": text(product.name),
        "credit_type": str(product.credit_type),
        "platform": text(catalog.platform(product.platform).name),
        "lenders": [{"name": text(l.name), "licence": str(l.licence), "confidence": str(l.confidence)} for l in product.lenders],
        "pricing": {
            "phrasing": text(p.phrasing), "kind": str(p.kind), "repayment": str(p.repayment), "day_basis": p.day_basis,
            "low": float(p.low) if p.low is not None else None,
            "typical": float(p.typical) if p.typical is not None else None,
            "high": float(p.high) if p.high is not None else None,
            "by_term": {str(k): {"low": float(v.low), "typical": float(v.typical), "high": float(v.high)} for k, v in (p.by_term or {}).items()},
            "confidence": str(p.confidence), "as_of": str(p.as_of) if p.as_of else None,
        },
        "terms": list(product.terms.months),
        "example": example,
        "as_of": str(product.as_of),
        "sources": [{"id": sid, "title": catalog.sources[sid].title, "url": catalog.sources[sid].url,
                     "date": str(catalog.sources[sid].date), "grade": str(catalog.sources[sid].grade)} for sid in product.sources],
    }

