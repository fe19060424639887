"""Schemathesis against our own OpenAPI document: no 5xx, and every reply matches the schema.

Three kinds of requests, each bounded so `make test` stays quick: the document's
own examples (which must succeed), generated schema-valid requests (most are
refused by the engine with a documented 422: an absurd rate, fees above the
principal) and generated schema-invalid ones (hostile input).
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import checks
from schemathesis.generation import GenerationMode

from app import create_app
from app.web.openapi import EXAMPLES, openapi_document

OPERATIONS = [(path, verb) for path, ops in openapi_document.__wrapped__()["paths"].items() for verb in ops]
IDS = [f"{verb.upper()} {path}" for path, verb in OPERATIONS]


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory):
    app = create_app({"TESTING": True, "RATE_LIMITS": {},
                      "DATABASE_URL": f"sqlite:///{tmp_path_factory.mktemp('db') / 'api.sqlite'}"})
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


def _run(operation, mode: GenerationMode, examples: int) -> None:
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def check(case) -> None:
        response = case.call()
        assert response.status_code < 500, (case.body, response.text[:300])
        # A schema-valid request the engine refuses (absurd rate, fees above the principal) is a
        # documented 422: "every schema-valid request succeeds" is not a property we claim.
        case.validate_response(response, excluded_checks=[checks.positive_data_acceptance, checks.negative_data_rejection])

    check()


@pytest.mark.parametrize(("path", "verb"), OPERATIONS, ids=IDS)
def test_generated_requests(api_schema, path: str, verb: str) -> None:
    _run(api_schema[path][verb.upper()], GenerationMode.POSITIVE, 40)


@pytest.mark.parametrize(("path", "verb"), [op for op in OPERATIONS if op[1] == "post"], ids=[i for i in IDS if i.startswith("POST")])
def test_schema_invalid_requests_are_refused_cleanly(api_schema, path: str, verb: str) -> None:
    _run(api_schema[path][verb.upper()], GenerationMode.NEGATIVE, 40)


@pytest.mark.parametrize(
    ("path", "name", "body"),
    [(path, name, example["value"]) for path, verb in OPERATIONS if verb == "post"
     for name, example in EXAMPLES[openapi_document()["paths"][path]["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"].split("/")[-1]].items()],
)
def test_documented_examples_succeed_and_conform(api_schema, path: str, name: str, body: dict) -> None:
    operation = api_schema[path]["POST"]
    case = operation.Case(body=body, media_type="application/json")
    response = case.call()
    assert response.status_code == 200, response.text[:300]
    case.validate_response(response)
