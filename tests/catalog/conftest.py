"""Fixtures for the catalog tests: the shipped files, broken copies of them, apps and databases."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from app import create_app
from app.catalog import Catalog, CatalogError, Problem, load_catalog
from app.catalog.catalog import DEFAULT_LPR, DEFAULT_PRODUCTS, DEFAULT_THRESHOLDS
from app.catalog.db import make_engine, normalise_url
from app.catalog.errors import display_path

TODAY = dt.date(2026, 12, 4)  # the catalog's compile date; tests never depend on the real clock
SHIPPED = {"products": DEFAULT_PRODUCTS, "lpr": DEFAULT_LPR, "thresholds": DEFAULT_THRESHOLDS}


class CatalogCopy:
    """The shipped catalog files copied into a folder, to break one thing at a time."""

    def __init__(self, folder: Path) -> None:
        self.paths = {name: Path(shutil.copy(path, folder / path.name)) for name, path in SHIPPED.items()}

    def file(self, name: str) -> str:
        """The file name as problems print it."""
        return display_path(self.paths[name])

    def _lines(self, name: str) -> list[str]:
        return self.paths[name].read_text(encoding="utf-8").split("\n")

    def _find(self, lines: list[str], line: str, after: str | None) -> int:
        """Index of the first line equal to ``line`` (stripped of trailing space) after the line containing ``after``."""
        start = 0
        if after is not None:
            start = next(i for i, text in enumerate(lines) if after in text)
        for i in range(start, len(lines)):
            if lines[i].rstrip() == line:
                return i
        raise AssertionError(f"line {line!r} not found after {after!r}")

    def line_of(self, name: str, line: str, *, after: str | None = None) -> int:
        """1-based number of the line equal to ``line`` (the first after the line containing ``after``)."""
        return self._find(self._lines(name), line, after) + 1

    def replace_line(self, name: str, line: str, new: str | None, *, after: str | None = None) -> int:
        """Replace (or with None delete) the line equal to ``line``; returns its 1-based number."""
        lines = self._lines(name)
        index = self._find(lines, line, after)
        if new is None:
            del lines[index]
        else:
            lines[index] = new
        self.paths[name].write_text("\n".join(lines), encoding="utf-8")
        return index + 1

    def insert_after(self, name: str, line: str, new: str, *, after: str | None = None) -> int:
        """Insert ``new`` after the line equal to ``line``; returns the new line's number."""
        lines = self._lines(name)
        index = self._find(lines, line, after)
        lines.insert(index + 1, new)
        self.paths[name].write_text("\n".join(lines), encoding="utf-8")
        return index + 2

    def load(self, today: dt.date = TODAY) -> Catalog:
        return load_catalog(
            self.paths["products"], self.paths["lpr"], self.paths["thresholds"], today=today, use_cache=False
        )

    def problems(self, today: dt.date = TODAY) -> list[Problem]:
        """The problems loading the copy reports (it must report some)."""
        with pytest.raises(CatalogError) as info:
            self.load(today)
        return list(info.value.problems)


@pytest.fixture
def shipped() -> Catalog:
    """The shipped catalog, validated as of the compile date."""
    return load_catalog(today=TODAY)


@pytest.fixture
def copy(tmp_path: Path) -> CatalogCopy:
    return CatalogCopy(tmp_path)


@pytest.fixture
def make_app(tmp_path: Path) -> Iterator[Callable[..., Flask]]:
    """``make_app(**config)``: the real app factory, on a SQLite file in tmp_path and a fixed today."""
    apps: list[Flask] = []

    def factory(**config: object) -> Flask:
        settings = {"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'app.sqlite'}", "CATALOG_TODAY": TODAY}
        settings.update(config)
        app = create_app(settings)
        apps.append(app)
        return app

    yield factory
    for app in apps:
        app.extensions["loanlens.db"].engine.dispose()


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database: a SQLite file in tmp_path, or a new schema on the PostgreSQL at DATABASE_URL.

    Without a PostgreSQL URL the postgres cases skip, except under CI=true where they
    fail: CI must not pass by silently skipping them (`make test-postgres` starts one).
    """
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'loanlens.sqlite'}"
        return
    url = normalise_url(os.environ.get("DATABASE_URL", ""))
    if not url.startswith("postgresql+psycopg://"):
        message = "needs DATABASE_URL=postgresql://… (`make test-postgres` installs and starts one)"
        if _in_ci():
            pytest.fail(message)
        pytest.skip(message)
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url)
    try:
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        yield (
            make_url(url)
            .update_query_dict({"options": f"-csearch_path={schema}"})
            .render_as_string(hide_password=False)
        )
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    finally:
        admin.dispose()


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    yield engine
    engine.dispose()
