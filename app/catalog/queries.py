"""Reads and writes the rest of the app needs: stored catalog rows and saved summaries."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.finance import ENGINE_VERSION

from . import models
from .sync import HASH_KEY

_SUMMARY_ID = re.compile(rf"^[A-Za-z0-9_-]{{{models.SUMMARY_ID_LENGTH}}}$")


def stored_hash(session: Session) -> str | None:
    """The content hash of the catalog the database holds (None before the first load)."""
    meta = session.get(models.CatalogMeta, HASH_KEY)
    return None if meta is None else meta.value


def products(session: Session, credit_type: str | None = None) -> list[models.Product]:
    """Stored products with their price ranges, optionally of one credit type, by id."""
    query = select(models.Product).options(selectinload(models.Product.price_ranges)).order_by(models.Product.id)
    if credit_type is not None:
        query = query.where(models.Product.credit_type_id == credit_type)
    return list(session.scalars(query))


def save_summary(
    session: Session,
    inputs: dict[str, Any],
    locale: str,
    *,
    income: Decimal | None = None,
    engine_version: str = ENGINE_VERSION,
) -> models.SavedSummary:
    """Store a summary's inputs under a new unguessable id; ``income`` only when the user chose to include it."""
    summary = models.SavedSummary(inputs=inputs, locale=locale, income=income, engine_version=engine_version)
    session.add(summary)
    session.flush()
    return summary


def get_summary(session: Session, summary_id: str) -> models.SavedSummary | None:
    """The saved summary with this id; None for an unknown or malformed id (no query is made for the latter)."""
    if not _SUMMARY_ID.match(summary_id):
        return None
    return session.get(models.SavedSummary, summary_id)
