"""The catalog inside the app: loaded by create_app, refused when invalid, and the flask commands."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from app.catalog import CatalogError, china_today, get_catalog, load_catalog
from app.settings import ROOT

from .conftest import TODAY


def test_app_has_the_catalog(make_app):
    app = make_app()
    with app.app_context():
        assert get_catalog() is load_catalog(today=TODAY)


def test_app_refuses_an_invalid_catalog_with_the_same_message(make_app, copy):
    copy.replace_line("products", "      high: 0.06", "      high: 0.6", after="- id: jiebei")
    with pytest.raises(CatalogError) as from_loader:
        copy.load()
    with pytest.raises(CatalogError) as from_app:
        make_app(PRODUCTS_FILE=str(copy.paths["products"]))
    assert str(from_app.value) == str(from_loader.value)
    assert str(from_app.value).count("\n") == 0 and "products[1].pricing.high" in str(from_app.value)


def _flask(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run the real ``flask --app app`` command, as a person would."""
    environment = {**os.environ, **env}
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "app", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_catalog_check_command(tmp_path):
    done = _flask("catalog", "check", DATABASE_URL=f"sqlite:///{tmp_path / 'x.sqlite'}")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("catalog OK: 13 products, 9 platforms, 4 credit types, ")
    assert "as_of 2026-12-04" in done.stdout


def test_catalog_check_command_lists_every_problem(tmp_path, copy):
    copy.replace_line("products", "      high: 0.06", "      high: 0.6", after="- id: jiebei")
    copy.replace_line("products", "as_of: 2026-12-04", "as_of: 2099-01-01")
    with pytest.raises(CatalogError) as expected:
        copy.load(today=china_today())  # the command checks against the real date
    done = _flask(
        "catalog",
        "check",
        DATABASE_URL=f"sqlite:///{tmp_path / 'x.sqlite'}",
        LOANLENS_PRODUCTS=str(copy.paths["products"]),
    )
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr == str(expected.value) + "\n"
    assert len(done.stderr.splitlines()) == 2 and "Traceback" not in done.stderr


def test_db_and_catalog_commands(make_app):
    app = make_app()
    runner = app.test_cli_runner()
    assert (
        runner.invoke(args=["db", "current"]).output
        == "database at revision (none); newest 0001 (run `flask db upgrade`)\n"
    )
    assert runner.invoke(args=["db", "upgrade"]).output.startswith("database at revision 0001 (sqlite:///")
    first = runner.invoke(args=["catalog", "load"])
    assert first.exit_code == 0 and first.output.startswith("catalog loaded: 13 products")
    again = runner.invoke(args=["catalog", "load"])
    assert again.output == f"catalog unchanged (hash {get_catalog_hash(app)[:12]})\n"
    assert runner.invoke(args=["db", "current"]).output == "database at revision 0001; newest 0001 (up to date)\n"


def get_catalog_hash(app) -> str:  # noqa: ANN001
    with app.app_context():
        return get_catalog().content_hash


def test_session_is_closed_after_the_request(make_app):
    from app.catalog import db

    app = make_app()
    with app.app_context():
        session = db.session()
        assert db.session() is session
    with app.app_context():
        assert db.session() is not session


def test_catalog_load_asks_for_migrations_first(make_app):
    result = make_app().test_cli_runner().invoke(args=["catalog", "load"])
    assert result.exit_code == 1
    assert result.output == "Error: the database is at revision (none), not 0001: run `flask db upgrade` first\n"
