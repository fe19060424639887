"""The database: migrations from empty, idempotent catalog loads, saved summaries; on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.catalog import migrate, models, queries
from app.catalog.db import make_engine, normalise_url
from app.catalog.sync import load_into_db
from app.finance import ENGINE_VERSION

from .conftest import TODAY

T1 = dt.datetime(2026, 12, 4, 8, 0, tzinfo=dt.UTC)
T2 = dt.datetime(2026, 12, 5, 8, 0, tzinfo=dt.UTC)


@pytest.fixture
def migrated(engine):
    migrate.upgrade(engine)
    return engine


def _count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model))


def _snapshot(session: Session) -> dict[str, object]:
    """What a rewrite would change: row ids and timestamps."""
    return {
        "products": session.execute(
            select(models.Product.id, models.Product.updated_at).order_by(models.Product.id)
        ).all(),
        "ranges": session.scalars(select(models.PriceRange.id).order_by(models.PriceRange.id)).all(),
        "meta": session.execute(
            select(models.CatalogMeta.key, models.CatalogMeta.updated_at).order_by(models.CatalogMeta.key)
        ).all(),
    }


def test_upgrade_from_an_empty_database(engine):
    assert migrate.current_revision(engine) is None
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.head_revision() == "0001"
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), models.Base.metadata)
    assert differences == []  # the migration creates exactly what the models describe


def test_load_then_load_again_is_a_no_op(migrated, shipped):
    with Session(migrated) as session:
        assert load_into_db(session, shipped, now=T1) is True
        session.commit()
    with Session(migrated) as session:
        assert queries.stored_hash(session) == shipped.content_hash
        assert _count(session, models.Product) == 13
        assert _count(session, models.Platform) == 9
        assert _count(session, models.CreditType) == 4
        assert _count(session, models.LprFixing) == len(shipped.lpr_fixings)
        before = _snapshot(session)
    with Session(migrated) as session:
        assert load_into_db(session, shipped, now=T2) is False
        session.commit()
    with Session(migrated) as session:
        assert _snapshot(session) == before


def test_changed_yaml_reloads(migrated, shipped, copy):
    with Session(migrated) as session:
        load_into_db(session, shipped, now=T1)
        session.commit()
    copy.replace_line("products", "      typical: 0.045", "      typical: 0.05", after="- id: jiebei")
    changed = copy.load()
    assert changed.content_hash != shipped.content_hash
    with Session(migrated) as session:
        assert load_into_db(session, changed, now=T2) is True
        session.commit()
    with Session(migrated) as session:
        assert queries.stored_hash(session) == changed.content_hash
        jiebei = session.get(models.Product, "jiebei")
        (price_range,) = jiebei.price_ranges
        assert (price_range.low, price_range.typical, price_range.high) == (
            Decimal("0.015"),
            Decimal("0.05"),
            Decimal("0.06"),
        )
        assert jiebei.updated_at.replace(tzinfo=dt.UTC) == T2
        assert jiebei.data["pricing"]["typical"] == "0.05"


def test_stored_catalog_rows(migrated, shipped):
    with Session(migrated) as session:
        load_into_db(session, shipped, now=T1)
        session.commit()
    with Session(migrated) as session:
        cards = queries.products(session, "credit_card_installment")
        assert [p.id for p in cards] == ["cmb_card_bill_installment", "icbc_card_installment"]
        icbc = cards[1]
        assert icbc.via_credit_card is True and icbc.min_amount == Decimal("600.00")
        assert [(r.variant, r.term) for r in icbc.price_ranges][:3] == [(0, 3), (0, 6), (0, 9)]
        assert {r.variant for r in icbc.price_ranges} == {0, 1}
        huabei_9 = session.scalars(
            select(models.PriceRange).where(models.PriceRange.product_id == "huabei", models.PriceRange.term == 9)
        ).one()
        assert huabei_9.confidence == "unverified"  # the row's own confidence, not the table's
        fixing = session.get(models.LprFixing, dt.date(2019, 8, 20))
        assert fixing.rate == Decimal("4.250")
        credit_loan = session.get(models.CreditType, "credit_loan")
        assert credit_loan.name_zh == "信用贷款"


def test_saved_summary_round_trip(migrated):
    inputs = {
        "product": "huabei",
        "amount": "3000.00",
        "term": 6,
        "note": "花呗 6 期",
        "fees": [{"when": "payout", "percent": "1"}],
    }
    with Session(migrated) as session:
        first = queries.save_summary(session, inputs, "zh")
        second = queries.save_summary(session, inputs, "en", income=Decimal("12000"))
        session.commit()
        first_id, second_id = first.id, second.id
    assert len(first_id) == models.SUMMARY_ID_LENGTH and first_id != second_id
    assert all(c.isalnum() or c in "-_" for c in first_id)
    with Session(migrated) as session:
        stored = queries.get_summary(session, first_id)
        assert stored.inputs == inputs
        assert (stored.locale, stored.engine_version, stored.income) == ("zh", ENGINE_VERSION, None)
        assert stored.created_at is not None
        assert queries.get_summary(session, second_id).income == Decimal("12000.00")
        assert queries.get_summary(session, "x" * models.SUMMARY_ID_LENGTH) is None
        assert queries.get_summary(session, "../../etc/passwd") is None


def test_saved_summaries_survive_a_catalog_reload(migrated, shipped, copy):
    with Session(migrated) as session:
        load_into_db(session, shipped, now=T1)
        summary_id = queries.save_summary(session, {"product": "jiebei"}, "zh").id
        session.commit()
    copy.replace_line("products", "      typical: 0.045", "      typical: 0.05", after="- id: jiebei")
    with Session(migrated) as session:
        load_into_db(session, copy.load(), now=T2)
        session.commit()
    with Session(migrated) as session:
        assert queries.get_summary(session, summary_id).inputs == {"product": "jiebei"}


def test_foreign_keys_are_enforced(migrated):
    with Session(migrated) as session:
        session.add(
            models.Product(
                id="orphan",
                platform_id="nowhere",
                credit_type_id="credit_loan",
                name_zh="无",
                name_en="none",
                via_credit_card=False,
                pricing_kind="daily",
                repayment="equal_installment",
                confidence="unverified",
                terms=[12],
                as_of="undated",
                data={},
                updated_at=T1,
            )
        )
        with pytest.raises(IntegrityError):
            session.flush()


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'instance' / 'loanlens.sqlite'}")  # the folder is created
    try:
        with engine.connect() as connection:
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgresql://u:p@db:5432/loanlens", "postgresql+psycopg://u:p@db:5432/loanlens"),
        ("postgres://u@db/loanlens", "postgresql+psycopg://u@db/loanlens"),
        ("postgresql+psycopg://u@db/loanlens", "postgresql+psycopg://u@db/loanlens"),
        ("sqlite:////srv/instance/loanlens.sqlite", "sqlite:////srv/instance/loanlens.sqlite"),
    ],
)
def test_normalise_url(url, expected):
    assert normalise_url(url) == expected


def test_catalog_as_of_is_stored(migrated, shipped):
    with Session(migrated) as session:
        load_into_db(session, shipped, now=T1)
        session.commit()
        assert session.get(models.CatalogMeta, "as_of").value == TODAY.isoformat()
