"""Every published APR example in tests/data/apr_vectors_public.json, at its own tolerance."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.finance.rates import Flow, actuarial_rate, effective_annual, eu_aprc, regular_irr

VECTORS = json.loads((Path(__file__).parent.parent / "data" / "apr_vectors_public.json").read_text("utf-8"))


def _expand(flows: list[dict], time_key: str, step_key: str) -> list[tuple[float, float]]:
    out = []
    for flow in flows:
        for k in range(flow.get("count", 1)):
            out.append((flow["amount"], flow[time_key] + k * flow.get(step_key, 1)))
    return out


def computed_percent(vector: dict) -> float:
    """The vector's rate in percent, computed by the engine as its method defines it."""
    match vector["method"]:
        case "regz_appj":
            advances = [Flow(a["amount"], a["t"], a["f"]) for a in vector["advances"]]
            payments = [
                Flow(p["amount"], p["t"] + k * p.get("step", 1), p["f"])
                for p in vector["payments"]
                for k in range(p.get("count", 1))
            ]
            return actuarial_rate(advances, payments) * vector["unit_periods_per_year"] * 100
        case "eu_aprc":
            drawdowns = [(a["amount"], a["t_years"]) for a in vector["advances"]]
            return eu_aprc(drawdowns, _expand(vector["payments"], "t_years", "step_years")) * 100
        case "irr_monthly":
            pays = _expand(vector["payments"], "month", "step")
            assert [m for _, m in pays] == list(range(1, len(pays) + 1))
            i = regular_irr(vector["net_proceeds"], [a for a, _ in pays])
            if vector["annualisation"] == "nominal":
                return i * 12 * 100
            return effective_annual(i, 12) * 100
    raise AssertionError(vector["method"])


@pytest.mark.parametrize("vector", VECTORS, ids=[v["id"] for v in VECTORS])
def test_public_vector(vector: dict) -> None:
    assert computed_percent(vector) == pytest.approx(vector["expected_apr_percent"], abs=vector["tolerance_percent"])


@pytest.mark.parametrize(
    "vector", [v for v in VECTORS if v["method"] == "regz_appj"], ids=lambda v: v["id"]
)
def test_appendix_j_vectors_round_to_the_stated_apr(vector: dict) -> None:
    """Appendix J (b)(9): iterate until the APR rounded to 2 decimals is correct."""
    assert round(computed_percent(vector), 2) == vector["expected_apr_percent"]
