"""The OpenAPI 3.1 document of /api/v1.

Request schemas are generated from the very pydantic models that validate
requests, so the document cannot drift from what the API accepts; reply
schemas are written out here and checked against real replies by the tests
(schemathesis).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from pydantic.json_schema import GenerateJsonSchema

from ..finance import ENGINE_VERSION

MONEY = {"type": "string", "pattern": r"^-?\d+\.\d{2}$", "description": "Yuan, two decimals."}
PERCENT = {"type": "number", "description": "Percent, unrounded (13.0335 means 13.0335%)."}
NULLABLE_MONEY = {"anyOf": [MONEY, {"type": "null"}]}
NULLABLE_PERCENT = {"anyOf": [PERCENT, {"type": "null"}]}
ERRORS = {
    "type": "object",
    "required": ["errors"],
    "properties": {
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["field", "message"],
                "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
            },
        }
    },
}
CITATION = {
    "type": "object",
    "required": ["document", "confidence"],
    "properties": {
        "document": {"type": "string"},
        "article": {"type": ["string", "null"]},
        "date": {"type": ["string", "null"]},
        "url": {"type": ["string", "null"]},
        "confidence": {"enum": ["verified", "secondary", "unverified"]},
    },
}
ADVICE = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["code", "severity", "message", "citation"],
        "properties": {
            "code": {"type": "string"},
            "severity": {"enum": ["info", "caution", "danger"]},
            "message": {"type": "string"},
            "citation": {"type": "array", "items": CITATION},
        },
    },
}
QUOTE_REPLY = {
    "type": "object",
    "required": ["schedule", "totals", "apr_percent", "effective_annual_percent", "naive_annual_percent", "warnings", "tips"],
    "properties": {
        "schedule": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["n", "due_date", "payment", "principal", "interest", "fee", "balance"],
                "properties": {
                    "n": {"type": "integer", "minimum": 1},
                    "due_date": {"type": ["string", "null"], "format": "date"},
                    "payment": MONEY, "principal": MONEY, "interest": MONEY, "fee": MONEY, "balance": MONEY,
                },
            },
        },
        "totals": {
            "type": "object",
            "required": ["received", "payments", "interest", "fees", "cost"],
            "properties": {k: MONEY for k in ("principal", "received", "payments", "interest", "fees", "cost", "cost_per_10k")},
        },
        "apr_percent": PERCENT,
        "effective_annual_percent": PERCENT,
        "aprc_percent": PERCENT,
        "naive_annual_percent": NULLABLE_PERCENT,
        "monthly_payment": MONEY,
        "warnings": ADVICE,
        "tips": ADVICE,
    },
}
BAND = {"enum": ["comfortable", "stretched", "over_stretched"]}
COMPARE_ROW = {
    "type": "object",
    "required": ["key", "name", "typed", "apr_percent", "first_payment", "last_payment", "monthly_payment", "total_cost", "warnings"],
    "properties": {
        "key": {"type": "string"},
        "name": {"type": ["string", "null"]},
        "credit_type": {"type": ["string", "null"]},
        "typed": {"type": "boolean"},
        "apr_percent": PERCENT,
        "apr_low_percent": NULLABLE_PERCENT,
        "apr_high_percent": NULLABLE_PERCENT,
        "effective_annual_percent": PERCENT,
        "first_payment": MONEY,
        "last_payment": MONEY,
        "monthly_payment": MONEY,
        "total_cost": MONEY,
        "received": MONEY,
        "dti_after_percent": PERCENT,
        "band": BAND,
        "warnings": ADVICE,
    },
}
PRODUCT = {
    "type": "object",
    "required": ["id", "name", "credit_type", "platform", "lenders", "pricing", "terms", "as_of", "sources"],
    "properties": {
        "id": {"type": "string"},
        "name": {"type": "string"},
        "credit_type": {"type": "string"},
        "platform": {"type": "string"},
        "lenders": {"type": "array", "items": {"type": "object"}},
        "pricing": {"type": "object"},
        "terms": {"type": "array", "items": {"type": "integer"}},
        "example": {"type": ["object", "null"]},
        "as_of": {"type": "string"},
        "sources": {"type": "array", "items": {"type": "object"}},
    },
}


def _reply(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*codes: int) -> dict:
    text = {400: "Not JSON or not an object.", 413: "Body too large.", 415: "Not sent as JSON.",
            422: "Values the engine cannot use; each error names its field.", 429: "Too many requests.", 404: "Not found."}
    return {str(code): _reply(ERRORS, text[code]) for code in codes}


EXAMPLES = {
    "AprIn": {
        "regz_c1_i": {"summary": "Regulation Z Appendix J (c)(1)(i): 9.69%",
                      "value": {"method": "actuarial", "per_year": 12, "advances": [{"amount": 5000, "period": 0}],
                                "payments": [{"amount": 230, "period": 1, "count": 24}]}},
        "eu_98_7": {"summary": "98/7/EC Annex III: 12.96%",
                    "value": {"method": "eu", "advances": [{"amount": 1000, "years": 0}],
                              "payments": [{"amount": 1200, "years": 1.4958904}]}},
    },
    "QuoteIn": {
        "daily_rate_and_fees": {"summary": "日利率 0.05%, a 300 fee deducted and 0.1% a month",
                                "value": {"principal": 10000, "term": 12, "repayment": "equal_installment",
                                          "rate": {"kind": "daily", "percent": 0.05, "day_basis": 360},
                                          "fees": [{"when": "payout", "amount": 300}, {"when": "per_period", "percent": 0.1}],
                                          "start_date": "2026-12-04", "contract_date": "2026-12-04"}},
        "fee_per_installment": {"summary": "每期手续费 0.6% × 12: 13.03%",
                                "value": {"principal": 10000, "term": 12, "repayment": "equal_principal_flat_fee",
                                          "rate": {"kind": "period_fee", "percent": 0.6}}},
        "reverse": {"summary": "到手 9,700, 12 × 893.33",
                    "value": {"principal": 10000, "term": 12, "installment": 893.33, "received": 9700}},
    },
    "AffordabilityIn": {
        "payment": {"summary": "A known new payment",
                    "value": {"monthly_income": 8000, "monthly_debt_payments": 1500, "new_payment": 1300}},
        "quote": {"summary": "A quote: gives the largest comfortable amount too",
                  "value": {"monthly_income": 8000, "monthly_debt_payments": 1500,
                            "quote": {"principal": 10000, "term": 12, "rate": {"kind": "monthly", "percent": 1}}}},
    },
    "CompareIn": {
        "with_offer": {"summary": "10,000 × 12 and a bank card's 0.6% per installment",
                       "value": {"amount": 10000, "term": 12, "monthly_income": 8000,
                                 "offers": [{"name": "Bank card", "repayment": "equal_principal_flat_fee",
                                             "rate": {"kind": "period_fee", "percent": 0.6}}]}},
    },
}


def _post(summary: str, request_schema: str, reply: dict, description: str) -> dict:
    return {
        "post": {
            "summary": summary,
            "description": description,
            "parameters": [{"$ref": "#/components/parameters/lang"}],
            "requestBody": {"required": True, "content": {"application/json": {
                "schema": {"$ref": f"#/components/schemas/{request_schema}"},
                "examples": EXAMPLES[request_schema],
            }}},
            "responses": {"200": _reply(reply, "OK"), **_errors(400, 413, 415, 422, 429)},
        }
    }


class DecimalsAsNumbers(GenerateJsonSchema):
    """Decimal fields are JSON numbers (pydantic would also allow numeric strings, which we don't document)."""

    def decimal_schema(self, schema):  # noqa: ANN001, ANN201 - pydantic's signature
        json_schema: dict[str, Any] = {"type": "number"}
        self.update_with_validations(json_schema, schema, self.ValidationsMapping.numeric)
        return json_schema


@lru_cache(maxsize=1)
def openapi_document() -> dict[str, Any]:
    from .api import AffordabilityIn, AprIn, CompareIn, QuoteIn

    schemas: dict[str, Any] = {}
    for model in (AprIn, QuoteIn, AffordabilityIn, CompareIn):
        schema = model.model_json_schema(ref_template="#/components/schemas/{model}", mode="validation",
                                         schema_generator=DecimalsAsNumbers)
        schemas.update(schema.pop("$defs", {}))
        schemas[model.__name__] = schema
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "LoanLens API",
            "version": f"1.0 (engine {ENGINE_VERSION})",
            "description": (
                "The real annual rate (IRR method, every fee, on the money actually received), the total cost "
                "and the schedule of Chinese consumer-credit offers. Money is a string with two decimals; "
                "rates are numbers in percent. Messages follow `?lang=zh|en` or Accept-Language."
            ),
        },
        "servers": [{"url": "/"}],
        "paths": {
            "/api/v1/apr": _post(
                "Annual rate of any cash flows", "AprIn",
                {"type": "object", "required": ["apr_percent", "periodic_rate", "effective_annual_percent", "method"],
                 "properties": {"apr_percent": PERCENT, "periodic_rate": {"type": "number"},
                                "effective_annual_percent": PERCENT, "method": {"enum": ["actuarial", "eu"]}}},
                "`actuarial`: US Regulation Z Appendix J (unit-period rate × per_year; a fractional period "
                "discounts as (1+f·i)(1+i)^t). `eu`: Directive 2008/48/EC Annex I APRC, times in years.",
            ),
            "/api/v1/quote": _post(
                "A quote as the lender phrases it", "QuoteIn", QUOTE_REPLY,
                "Give `rate` (daily/monthly/annual on the balance, period_fee/total_fee on the original "
                "principal) or, in reverse mode, `installment` (and `received`).",
            ),
            "/api/v1/affordability": _post(
                "Debt-to-income and the stress line", "AffordabilityIn",
                {"type": "object", "required": ["dti_before_percent", "dti_after_percent", "band", "stress", "warnings"],
                 "properties": {"dti_before_percent": PERCENT, "dti_after_percent": PERCENT, "band": BAND,
                                "band_before": BAND, "new_payment": MONEY, "room": MONEY,
                                "max_principal": NULLABLE_MONEY, "stress": {"type": "object"}, "warnings": ADVICE}},
                "Give `new_payment` or a `quote`; with a quote, `max_principal` is the largest amount that keeps "
                "debt-to-income within the comfortable band at the same price and term.",
            ),
            "/api/v1/compare": _post(
                "Catalog products and typed offers, priced alike", "CompareIn",
                {"type": "object", "required": ["amount", "term", "rows"],
                 "properties": {"amount": MONEY, "term": {"type": "integer"}, "rows": {"type": "array", "items": COMPARE_ROW}}},
                "One row per catalog product that lends this amount for this term, and per typed offer, cheapest first.",
            ),
            "/api/v1/offer-from-image": {
                "post": {
                    "summary": "Read a loan offer from a screenshot",
                    "description": (
                        "Upload a screenshot of an offer page as the multipart field `image` (PNG, JPEG, WebP, BMP "
                        "or GIF; at most 10 MiB and 40 megapixels). The figures come back in the /api/v1/quote "
                        "request's names, each with the text it was read from, and priced when they suffice. "
                        "The image is processed in memory and not kept."
                    ),
                    "parameters": [{"$ref": "#/components/parameters/lang"}],
                    "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
                        "type": "object", "required": ["image"],
                        "properties": {"image": {"type": "string", "format": "binary"}}}}}},
                    "responses": {
                        "200": _reply({"type": "object", "required": ["fields", "sources", "warnings", "quote", "quote_errors"],
                                       "properties": {
                                           "fields": {"type": "object", "description": "The /api/v1/quote request fields read, plus stated_apr_percent."},
                                           "first_due_date": {"type": ["string", "null"], "format": "date"},
                                           "sources": {"type": "object", "additionalProperties": {"type": "array", "items": {
                                               "type": "object", "required": ["text", "box"],
                                               "properties": {"text": {"type": "string"}, "box": {"type": "array", "items": {"type": "number"}},
                                                              "score": {"type": ["number", "null"]}}}}},
                                           "warnings": {"type": "array", "items": {"type": "object"}},
                                           "quote": {"anyOf": [QUOTE_REPLY, {"type": "null"}]},
                                           "quote_errors": ERRORS["properties"]["errors"],
                                       }}, "OK"),
                        **_errors(413, 415, 422, 429),
                        "503": _reply(ERRORS, "Reading took too long, or screenshots cannot be read on this server."),
                    },
                }
            },
            "/api/v1/products": {
                "get": {
                    "summary": "The catalog",
                    "parameters": [{"$ref": "#/components/parameters/lang"}],
                    "responses": {
                        "200": _reply({"type": "object", "required": ["as_of", "products"],
                                       "properties": {"as_of": {"type": "string"}, "products": {"type": "array", "items": PRODUCT}}}, "OK"),
                        **_errors(429),
                    },
                }
            },
            "/api/v1/products/{product_id}": {
                "get": {
                    "summary": "One catalog product",
                    "parameters": [
                        {"name": "product_id", "in": "path", "required": True, "schema": {"type": "string"}},
                        {"$ref": "#/components/parameters/lang"},
                    ],
                    "responses": {"200": _reply(PRODUCT, "OK"), **_errors(404, 429)},
                }
            },
        },
        "components": {
            "schemas": schemas,
            "parameters": {
                "lang": {"name": "lang", "in": "query", "required": False, "schema": {"enum": ["zh", "en"]},
                         "description": "Language of messages (default: Accept-Language, else zh)."}
            },
        },
    }
