"""/healthz: is this process up, and can it reach its database?"""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from ..catalog import db, get_catalog
from ..finance import ENGINE_VERSION

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    """200 when the database answers, 503 when it does not (the calculators work either way)."""
    try:
        with db.engine().connect() as connection:
            connection.execute(text("SELECT 1"))
        database = "ok"
    except SQLAlchemyError as exc:
        current_app.logger.warning("health check: database unavailable: %s", exc.__class__.__name__)
        database = "unavailable"
    body = {"status": "ok" if database == "ok" else "degraded", "database": database,
            "engine": ENGINE_VERSION, "catalog": get_catalog().content_hash[:12]}
    response = jsonify(body)
    response.status_code = 200 if database == "ok" else 503
    response.cache_control.no_store = True
    return response
