"""The product catalog: products.yaml and dated reference data, validated, cached, and stored in the database.

``init_app(app)`` loads the catalog named by the app's config (``PRODUCTS_FILE``,
``CATALOG_LPR_FILE``, ``CATALOG_THRESHOLDS_FILE``; ``CATALOG_TODAY`` fixes the
date "not in the future" is checked against), refusing an invalid one with a
``CatalogError``; it also sets up the database session and the ``flask catalog``
and ``flask db`` commands. ``get_catalog()`` returns the app's catalog.
"""

from __future__ import annotations

from flask import Flask, current_app

from .catalog import Catalog, LprUnavailable, china_today, load_catalog
from .errors import CatalogError, Problem
from .schema import Confidence, CreditType, LicenceType, Product

EXTENSION = "loanlens.catalog"

__all__ = [
    "Catalog",
    "CatalogError",
    "Confidence",
    "CreditType",
    "LicenceType",
    "LprUnavailable",
    "Problem",
    "Product",
    "china_today",
    "get_catalog",
    "init_app",
    "load_catalog",
]


def init_app(app: Flask) -> None:
    """Load and validate the catalog (``CatalogError`` if invalid), set up the database and the CLI."""
    from . import cli, db

    app.cli.add_command(cli.catalog_cli)
    app.cli.add_command(cli.db_cli)
    app.extensions[EXTENSION] = load_catalog(
        app.config.get("PRODUCTS_FILE"),
        app.config.get("CATALOG_LPR_FILE"),
        app.config.get("CATALOG_THRESHOLDS_FILE"),
        today=app.config.get("CATALOG_TODAY"),
    )
    db.init_app(app)


def get_catalog() -> Catalog:
    """The current app's catalog (loaded once per process and shared while the files are unchanged)."""
    return current_app.extensions[EXTENSION]
