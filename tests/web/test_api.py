"""JSON API v1: the published examples through /apr, DOMAIN.md's through /quote, and its errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.i18n import translations

VECTORS = json.loads((Path(__file__).parent.parent / "data" / "apr_vectors_public.json").read_text("utf-8"))


def as_request(vector: dict) -> dict:
    """A public vector as an /api/v1/apr request."""
    if vector["method"] == "regz_appj":
        flow = lambda f: {"amount": f["amount"], "period": f["t"] + f.get("f", 0), "count": f.get("count", 1), "every": f.get("step", 1)}  # noqa: E731
        return {"method": "actuarial", "per_year": vector["unit_periods_per_year"],
                "advances": [flow(a) for a in vector["advances"]], "payments": [flow(p) for p in vector["payments"]]}
    if vector["method"] == "eu_aprc":
        flow = lambda f: {"amount": f["amount"], "years": f["t_years"], "count": f.get("count", 1), "every": f.get("step_years", 1)}  # noqa: E731
        return {"method": "eu", "advances": [flow(a) for a in vector["advances"]], "payments": [flow(p) for p in vector["payments"]]}
    payments = [{"amount": p["amount"], "period": p["month"], "count": p.get("count", 1)} for p in vector["payments"]]
    return {"method": "actuarial", "per_year": 12, "advances": [{"amount": vector["net_proceeds"], "period": 0}], "payments": payments}


@pytest.mark.parametrize("vector", VECTORS, ids=[v["id"] for v in VECTORS])
def test_public_vectors_through_the_api(client, vector: dict) -> None:
    response = client.post("/api/v1/apr", json=as_request(vector))
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    key = "effective_annual_percent" if vector.get("annualisation") == "effective" else "apr_percent"
    assert body[key] == pytest.approx(vector["expected_apr_percent"], abs=vector["tolerance_percent"])


def test_apr_example_of_the_issue(client) -> None:
    body = client.post("/api/v1/apr", json={"method": "actuarial", "per_year": 12, "advances": [{"amount": 5000, "period": 0}],
                                            "payments": [{"amount": 230, "period": 1, "count": 24}]}).get_json()
    assert round(body["apr_percent"], 2) == 9.69 and body["method"] == "actuarial"
    assert body["periodic_rate"] * 12 * 100 == pytest.approx(body["apr_percent"])


@pytest.mark.parametrize(
    ("request_body", "apr", "first", "last", "cost"),
    [
        ({"repayment": "equal_installment", "rate": {"kind": "monthly", "percent": 1}}, 12.00, "888.49", "888.47", "661.86"),
        ({"repayment": "equal_principal_flat_fee", "rate": {"kind": "period_fee", "percent": 0.6}}, 13.03, "893.33", "893.37", "720.00"),
        ({"repayment": "equal_installment", "rate": {"kind": "daily", "percent": 0.05, "day_basis": 360}}, 18.00, "916.80", "916.81", "1001.61"),
        ({"repayment": "equal_principal", "rate": {"kind": "monthly", "percent": 1}}, 12.00, "933.33", "841.70", "650.00"),
    ],
)
def test_domain_examples_through_quote(client, request_body: dict, apr: float, first: str, last: str, cost: str) -> None:
    body = client.post("/api/v1/quote", json={"principal": 10000, "term": 12, **request_body}).get_json()
    assert round(body["apr_percent"], 2) == apr
    assert (body["schedule"][0]["payment"], body["schedule"][-1]["payment"], body["totals"]["cost"]) == (first, last, cost)


def test_quote_example_of_the_issue(client) -> None:
    request_body = {"principal": 10000, "term": 12, "repayment": "equal_installment",
                    "rate": {"kind": "daily", "percent": 0.05, "day_basis": 360},
                    "fees": [{"when": "payout", "amount": 300}, {"when": "per_period", "percent": 0.1}],
                    "start_date": "2026-12-04", "contract_date": "2026-12-04"}
    body = client.post("/api/v1/quote?lang=en", json=request_body).get_json()
    assert body["totals"]["received"] == "9700.00"
    assert body["schedule"][0] == {"n": 1, "due_date": "2027-01-04", "payment": "926.80", "principal": "766.80",
                                   "interest": "150.00", "fee": "10.00", "balance": "9233.20"}
    assert body["naive_annual_percent"] == 18.0
    codes = [w["code"] for w in body["warnings"]]
    assert "upfront_deduction" in codes and "rate_not_annualised" in codes
    warning = next(w for w in body["warnings"] if w["code"] == "upfront_deduction")
    assert warning["severity"] == "danger" and warning["citation"][0]["confidence"] in ("verified", "secondary", "unverified")
    assert "CN¥9,700.00" in warning["message"]


def test_reverse_mode(client) -> None:
    body = client.post("/api/v1/quote", json={"principal": 10000, "term": 12, "installment": 893.33, "received": 9700}).get_json()
    assert round(body["apr_percent"], 2) == 18.87


def test_money_is_two_decimal_strings_and_rates_unrounded_numbers(client) -> None:
    body = client.post("/api/v1/quote", json={"principal": 10000, "term": 12, "repayment": "equal_principal_flat_fee",
                                              "rate": {"kind": "period_fee", "percent": 0.6}}).get_json()
    assert body["totals"]["payments"] == "10720.00"
    assert isinstance(body["apr_percent"], float) and round(body["apr_percent"], 4) == 13.0342


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"principal": -1, "term": 12, "rate": {"kind": "monthly", "percent": 1}}, "principal"),
        ({"principal": 10000, "term": 0, "rate": {"kind": "monthly", "percent": 1}}, "term"),
        ({"principal": 10000, "term": 12, "rate": {"kind": "weekly", "percent": 1}}, "rate.kind"),
        ({"principal": 10000, "term": 12}, "rate"),
        ({"principal": 10000, "term": 12, "rate": {"kind": "daily", "percent": 50}}, "rate.percent"),
        ({"principal": 10000, "term": 12, "rate": {"kind": "monthly", "percent": 1}, "fees": [{"when": "payout", "amount": 20000}]}, "fees[0]"),
        ({"principal": 10000, "term": 12, "rate": {"kind": "monthly", "percent": 1}, "surprise": 1}, "surprise"),
        ({"principal": "lots", "term": 12, "rate": {"kind": "monthly", "percent": 1}}, "principal"),
    ],
)
def test_bad_values_are_422_naming_the_field(client, payload: dict, field: str) -> None:
    response = client.post("/api/v1/quote?lang=en", json=payload)
    assert response.status_code == 422
    errors = response.get_json()["errors"]
    assert errors[0]["field"] == field and errors[0]["message"]


def test_errors_come_in_the_request_language(app) -> None:
    en = app.test_client().post("/api/v1/quote?lang=en", json={"principal": 0, "term": 12}).get_json()["errors"][0]["message"]
    zh = app.test_client().post("/api/v1/quote", json={"principal": 0, "term": 12},
                                headers={"Accept-Language": "zh-CN"}).get_json()["errors"][0]["message"]
    assert en == "Enter an amount above zero."
    assert zh == translations("zh").gettext(en) != en


@pytest.mark.parametrize(
    ("data", "content_type", "status"),
    [("not json", "application/json", 400), ("[1, 2]", "application/json", 400), ('{"principal": NaN}', "application/json", 400),
     ("principal=1", "application/x-www-form-urlencoded", 415)],
)
def test_malformed_bodies(client, data: str, content_type: str, status: int) -> None:
    response = client.post("/api/v1/quote", data=data, content_type=content_type)
    assert response.status_code == status
    assert response.get_json()["errors"]


def test_no_rate_exists(client) -> None:
    response = client.post("/api/v1/apr", json={"advances": [{"amount": 1000, "period": 0}], "payments": [{"amount": 100, "period": 1, "count": 5}]})
    assert response.status_code == 422
    assert response.get_json()["errors"][0]["field"] == "payments"


def test_body_size_limit(client) -> None:
    response = client.post("/api/v1/quote", data="{" + " " * 200_000 + "}", content_type="application/json")
    assert response.status_code == 413


def test_rate_limit(app) -> None:
    app.config["RATE_LIMITS"] = {"api": (3, 60.0)}
    client = app.test_client()
    statuses = [client.get("/api/v1/products").status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]
    response = client.get("/api/v1/products")
    assert int(response.headers["Retry-After"]) >= 1 and response.get_json()["errors"]


def test_affordability(client) -> None:
    body = client.post("/api/v1/affordability", json={"monthly_income": 8000, "monthly_debt_payments": 1500, "new_payment": 1300}).get_json()
    assert (body["dti_before_percent"], body["dti_after_percent"], body["band"]) == (18.75, 35.0, "comfortable")
    assert body["max_principal"] is None


def test_affordability_with_a_quote(client) -> None:
    body = client.post("/api/v1/affordability", json={
        "monthly_income": 8000, "monthly_debt_payments": 1500,
        "quote": {"principal": 10000, "term": 12, "rate": {"kind": "daily", "percent": 0.05, "day_basis": 360}}}).get_json()
    assert body["new_payment"] == "916.81"
    assert body["max_principal"] is not None and float(body["max_principal"]) > 10000
    assert body["stress"]["dti_rate_up_percent"] > body["dti_after_percent"]


def test_affordability_needs_one_of_payment_or_quote(client) -> None:
    response = client.post("/api/v1/affordability", json={"monthly_income": 8000})
    assert response.status_code == 422


def test_products(client) -> None:
    body = client.get("/api/v1/products?lang=en").get_json()
    ids = [p["id"] for p in body["products"]]
    assert "huabei" in ids and len(ids) == 13
    one = client.get("/api/v1/products/huabei?lang=en").get_json()
    assert one["name"] == "Ant Huabei (Ant Check Later)" and one["sources"]
    assert client.get("/api/v1/products/nope").status_code == 404


def test_compare(client) -> None:
    body = client.post("/api/v1/compare", json={"amount": 10000, "term": 12, "monthly_income": 8000,
                                                "offers": [{"name": "My bank", "repayment": "equal_principal_flat_fee",
                                                            "rate": {"kind": "period_fee", "percent": 0.6}}]}).get_json()
    mine = next(r for r in body["rows"] if r["key"] == "o1")
    assert mine["name"] == "My bank" and mine["first_payment"] == "893.33" and round(mine["apr_percent"], 2) == 13.03
    costs = [float(r["total_cost"]) for r in body["rows"]]
    assert costs == sorted(costs) and len(body["rows"]) > 5


def test_openapi_document(client) -> None:
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.1")
    assert {"/api/v1/apr", "/api/v1/quote", "/api/v1/affordability", "/api/v1/compare", "/api/v1/products"} <= set(spec["paths"])
    assert client.get("/api").status_code == 200
