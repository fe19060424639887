"""Copy the catalog into the database, only when its content changed.

The YAML files are the source of truth; the tables are a copy for queries
(and for other processes). A content hash in ``catalog_meta`` makes loading
idempotent: the same files load once, and loading them again writes nothing.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete
from sqlalchemy.orm import Session

from . import models
from .catalog import Catalog
from .schema import CreditTypeInfo, Platform, Pricing, Product

HASH_KEY = "content_hash"


def load_into_db(session: Session, catalog: Catalog, *, now: dt.datetime | None = None) -> bool:
    """Write the catalog's rows when the stored hash differs; True if it wrote. The caller commits.

    A changed catalog replaces every catalog row: the tables are a copy, and no
    user data refers to them (saved summaries keep their inputs as JSON).
    """
    meta = session.get(models.CatalogMeta, HASH_KEY, with_for_update=True)
    if meta is not None and meta.value == catalog.content_hash:
        return False
    now = now or models.utcnow()
    for table in (models.PriceRange, models.Product, models.Platform, models.CreditType, models.LprFixing):
        session.execute(delete(table))
    session.add_all(_credit_type_row(c, now) for c in catalog.credit_types)
    session.add_all(_platform_row(p, now) for p in catalog.platforms)
    session.flush()  # parents first: products refer to platforms and credit types
    session.add_all(_product_row(p, now) for p in catalog.products)
    session.add_all(
        models.LprFixing(fixed_on=f.date, rate=f.rate, confidence=f.confidence) for f in catalog.lpr_fixings
    )
    for key, value in (
        (HASH_KEY, catalog.content_hash),
        ("as_of", catalog.as_of.isoformat()),
        ("loaded_at", now.isoformat()),
    ):
        session.merge(models.CatalogMeta(key=key, value=value, updated_at=now))
    session.flush()
    return True


def _credit_type_row(c: CreditTypeInfo, now: dt.datetime) -> models.CreditType:
    return models.CreditType(
        id=c.id,
        name_zh=c.name.zh,
        name_en=c.name.en,
        how_it_works_zh=c.how_it_works.zh,
        how_it_works_en=c.how_it_works.en,
        cost_shape_zh=c.cost_shape.zh,
        cost_shape_en=c.cost_shape.en,
        watch_for_zh=c.watch_for.zh,
        watch_for_en=c.watch_for.en,
        updated_at=now,
    )


def _platform_row(p: Platform, now: dt.datetime) -> models.Platform:
    return models.Platform(
        id=p.id,
        name_zh=p.name.zh,
        name_en=p.name.en,
        operator_zh=p.operator.zh,
        operator_en=p.operator.en,
        confidence=p.confidence,
        updated_at=now,
    )


def _product_row(p: Product, now: dt.datetime) -> models.Product:
    return models.Product(
        id=p.id,
        platform_id=p.platform,
        credit_type_id=p.credit_type,
        name_zh=p.name.zh,
        name_en=p.name.en,
        via_credit_card=p.via_credit_card,
        pricing_kind=p.pricing.kind,
        repayment=p.pricing.repayment,
        confidence=p.pricing.confidence,
        min_amount=p.amount.min,
        max_amount=p.amount.max,
        terms=list(p.terms.months),
        as_of=str(p.as_of),
        data=p.model_dump(mode="json"),
        updated_at=now,
        price_ranges=[row for variant, pricing in enumerate(p.pricings) for row in _price_rows(variant, pricing)],
    )


def _price_rows(variant: int, pricing: Pricing) -> list[models.PriceRange]:
    common = {"variant": variant, "kind": pricing.kind, "repayment": pricing.repayment}
    if pricing.by_term is None:
        return [
            models.PriceRange(
                **common,
                term=None,
                low=pricing.low,
                typical=pricing.typical,
                high=pricing.high,
                confidence=pricing.confidence,
            )
        ]
    return [
        models.PriceRange(
            **common,
            term=term,
            low=row.low,
            typical=row.typical,
            high=row.high,
            confidence=row.confidence or pricing.confidence,
        )
        for term, row in pricing.by_term.items()
    ]
