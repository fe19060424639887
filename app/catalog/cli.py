"""``flask catalog check|load`` and ``flask db upgrade|current|revision``."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from . import db, migrate
from .catalog import load_catalog
from .sync import load_into_db

catalog_cli = AppGroup("catalog", help="Check products.yaml and the reference data; copy them into the database.")
db_cli = AppGroup("db", help="Database migrations (Alembic, scripts in migrations/).")


@catalog_cli.command("check")
def check_command() -> None:
    """Validate the catalog files afresh; print every problem (exit 1) or a one-line summary."""
    config = current_app.config
    catalog = load_catalog(
        config.get("PRODUCTS_FILE"),
        config.get("CATALOG_LPR_FILE"),
        config.get("CATALOG_THRESHOLDS_FILE"),
        today=config.get("CATALOG_TODAY"),
        use_cache=False,
    )
    click.echo(f"catalog OK: {catalog.summary()}")


@catalog_cli.command("load")
def load_command() -> None:
    """Copy the catalog into the database if it changed since the last load (run `flask db upgrade` first)."""
    from . import get_catalog

    catalog = get_catalog()
    current, head = migrate.current_revision(db.engine()), migrate.head_revision()
    if current != head:
        raise click.ClickException(
            f"the database is at revision {current or '(none)'}, not {head}: run `flask db upgrade` first"
        )
    session = db.session()
    if load_into_db(session, catalog):
        session.commit()
        click.echo(f"catalog loaded: {catalog.summary()}")
    else:
        session.rollback()
        click.echo(f"catalog unchanged (hash {catalog.content_hash[:12]})")


@db_cli.command("upgrade")
@click.argument("revision", default="head")
def upgrade_command(revision: str) -> None:
    """Apply the migrations up to REVISION (default: the newest)."""
    engine = db.engine()
    migrate.upgrade(engine, revision)
    click.echo(
        f"database at revision {migrate.current_revision(engine)} ({engine.url.render_as_string(hide_password=True)})"
    )


@db_cli.command("current")
def current_command() -> None:
    """Print the database's revision and the newest one available."""
    engine = db.engine()
    current = migrate.current_revision(engine)
    head = migrate.head_revision()
    state = "up to date" if current == head else "run `flask db upgrade`"
    click.echo(f"database at revision {current or '(none)'}; newest {head} ({state})")


@db_cli.command("revision")
@click.option("-m", "--message", required=True, help="What the migration does.")
@click.option("--autogenerate", is_flag=True, help="Compare the models with the database to write the operations.")
def revision_command(message: str, autogenerate: bool) -> None:
    """Write a new migration script in migrations/versions."""
    migrate.revision(db.engine(), message, autogenerate)
