"""Shared test configuration."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# `make test` runs the default profile; HYPOTHESIS_PROFILE=heavy explores far more cases.
settings.register_profile("default", deadline=None)
settings.register_profile("heavy", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
