"""Database tables (SQLAlchemy 2, typed): the catalog's copy, LPR fixings and saved summaries.

The catalog tables are a copy of the YAML files, rewritten only when their
content hash changes (``sync.py``); saved summaries belong to users and are
never touched by a reload. The same models run on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    Numeric,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

SUMMARY_ID_BYTES = 16  # 128 random bits: unguessable
SUMMARY_ID_LENGTH = 22  # len(secrets.token_urlsafe(16))

# Stable constraint names, so Alembic migrations name the same things on every database.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def new_summary_id() -> str:
    """A fixed-length, URL-safe, unguessable id for a saved summary."""
    return secrets.token_urlsafe(SUMMARY_ID_BYTES)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class CatalogMeta(Base):
    """Key/value facts about the loaded catalog: its content hash, as_of, when it was loaded."""

    __tablename__ = "catalog_meta"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class CreditType(Base):
    """One of the four credit types, explained."""

    __tablename__ = "credit_types"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name_zh: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100))
    how_it_works_zh: Mapped[str] = mapped_column(Text)
    how_it_works_en: Mapped[str] = mapped_column(Text)
    cost_shape_zh: Mapped[str] = mapped_column(Text)
    cost_shape_en: Mapped[str] = mapped_column(Text)
    watch_for_zh: Mapped[str] = mapped_column(Text)
    watch_for_en: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class Platform(Base):
    """An app or wallet where borrowers meet products."""

    __tablename__ = "platforms"

    id: Mapped[str] = mapped_column(String(60), primary_key=True)
    name_zh: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    operator_zh: Mapped[str] = mapped_column(String(200))
    operator_en: Mapped[str] = mapped_column(String(200))
    confidence: Mapped[str] = mapped_column(String(12))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class Product(Base):
    """A product: the columns people filter and sort on, and the whole validated entry as JSON."""

    __tablename__ = "products"

    id: Mapped[str] = mapped_column(String(60), primary_key=True)
    platform_id: Mapped[str] = mapped_column(ForeignKey("platforms.id"), index=True)
    credit_type_id: Mapped[str] = mapped_column(ForeignKey("credit_types.id"), index=True)
    name_zh: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    via_credit_card: Mapped[bool] = mapped_column(Boolean)
    pricing_kind: Mapped[str] = mapped_column(String(20))
    repayment: Mapped[str] = mapped_column(String(40))
    confidence: Mapped[str] = mapped_column(String(12))
    min_amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    max_amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    terms: Mapped[list[int]] = mapped_column(JSON)
    as_of: Mapped[str] = mapped_column(String(20))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    price_ranges: Mapped[list[PriceRange]] = relationship(
        back_populates="product", cascade="all, delete-orphan", order_by="(PriceRange.variant, PriceRange.term)"
    )


class PriceRange(Base):
    """A published price range (low / typical / high, percent in the pricing's kind) for a term or all terms.

    ``variant`` 0 is the product's main pricing, 1… its other pricings in order;
    ``term`` is None when one range applies to every term the product offers.
    """

    __tablename__ = "price_ranges"
    __table_args__ = (UniqueConstraint("product_id", "variant", "term"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    product_id: Mapped[str] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"), index=True)
    variant: Mapped[int] = mapped_column(SmallInteger)
    kind: Mapped[str] = mapped_column(String(20))
    repayment: Mapped[str] = mapped_column(String(40))
    term: Mapped[int | None] = mapped_column(Integer)
    low: Mapped[Decimal] = mapped_column(Numeric(12, 6))
    typical: Mapped[Decimal] = mapped_column(Numeric(12, 6))
    high: Mapped[Decimal] = mapped_column(Numeric(12, 6))
    confidence: Mapped[str] = mapped_column(String(12))

    product: Mapped[Product] = relationship(back_populates="price_ranges")


class LprFixing(Base):
    """A 1-year LPR fixing: the rate in percent in force from ``fixed_on``."""

    __tablename__ = "lpr_fixings"

    fixed_on: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    rate: Mapped[Decimal] = mapped_column(Numeric(6, 3))
    confidence: Mapped[str] = mapped_column(String(12))


class SavedSummary(Base):
    """A result a user chose to save, to share or print: its inputs, never recomputed silently.

    ``income`` stays NULL unless the user chooses to include it.
    """

    __tablename__ = "saved_summaries"

    id: Mapped[str] = mapped_column(String(SUMMARY_ID_LENGTH), primary_key=True, default=new_summary_id)
    inputs: Mapped[dict[str, Any]] = mapped_column(JSON)
    locale: Mapped[str] = mapped_column(String(10))
    engine_version: Mapped[str] = mapped_column(String(20))
    income: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
