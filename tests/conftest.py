"""Shared test configuration."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# `make test` runs the default profile; HYPOTHESIS_PROFILE=heavy explores far more cases.
settings.register_profile("default", deadline=None)
settings.register_profile("heavy", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


import pytest  # noqa: E402

from app import create_app  # noqa: E402


@pytest.fixture
def app(tmp_path):
    """An app on a fresh SQLite file, with request limits off (tests that test them turn them on)."""
    return create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'loanlens.sqlite'}", "RATE_LIMITS": {}})


@pytest.fixture
def client(app):
    return app.test_client()
