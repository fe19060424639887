"""Advice is tested against the shipped catalog's reference data (thresholds, LPR fixings)."""

from __future__ import annotations

from datetime import date

import pytest

from app.catalog import load_catalog


@pytest.fixture(scope="session")
def reference():
    return load_catalog(today=date(2026, 12, 4))
