"""Catalog tables (credit types, platforms, products, price ranges, LPR fixings, meta) and saved summaries.

Revision ID: 0001
Revises:
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "catalog_meta",
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_catalog_meta")),
    )
    op.create_table(
        "credit_types",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("name_zh", sa.String(length=100), nullable=False),
        sa.Column("name_en", sa.String(length=100), nullable=False),
        sa.Column("how_it_works_zh", sa.Text(), nullable=False),
        sa.Column("how_it_works_en", sa.Text(), nullable=False),
        sa.Column("cost_shape_zh", sa.Text(), nullable=False),
        sa.Column("cost_shape_en", sa.Text(), nullable=False),
        sa.Column("watch_for_zh", sa.Text(), nullable=False),
        sa.Column("watch_for_en", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_credit_types")),
    )
    op.create_table(
        "platforms",
        sa.Column("id", sa.String(length=60), nullable=False),
        sa.Column("name_zh", sa.String(length=200), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.Column("operator_zh", sa.String(length=200), nullable=False),
        sa.Column("operator_en", sa.String(length=200), nullable=False),
        sa.Column("confidence", sa.String(length=12), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_platforms")),
    )
    op.create_table(
        "products",
        sa.Column("id", sa.String(length=60), nullable=False),
        sa.Column("platform_id", sa.String(length=60), nullable=False),
        sa.Column("credit_type_id", sa.String(length=40), nullable=False),
        sa.Column("name_zh", sa.String(length=200), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.Column("via_credit_card", sa.Boolean(), nullable=False),
        sa.Column("pricing_kind", sa.String(length=20), nullable=False),
        sa.Column("repayment", sa.String(length=40), nullable=False),
        sa.Column("confidence", sa.String(length=12), nullable=False),
        sa.Column("min_amount", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("max_amount", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("terms", sa.JSON(), nullable=False),
        sa.Column("as_of", sa.String(length=20), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["credit_type_id"], ["credit_types.id"], name=op.f("fk_products_credit_type_id_credit_types")
        ),
        sa.ForeignKeyConstraint(["platform_id"], ["platforms.id"], name=op.f("fk_products_platform_id_platforms")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_products")),
    )
    op.create_index(op.f("ix_products_credit_type_id"), "products", ["credit_type_id"])
    op.create_index(op.f("ix_products_platform_id"), "products", ["platform_id"])
    op.create_table(
        "price_ranges",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("product_id", sa.String(length=60), nullable=False),
        sa.Column("variant", sa.SmallInteger(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("repayment", sa.String(length=40), nullable=False),
        sa.Column("term", sa.Integer(), nullable=True),
        sa.Column("low", sa.Numeric(precision=12, scale=6), nullable=False),
        sa.Column("typical", sa.Numeric(precision=12, scale=6), nullable=False),
        sa.Column("high", sa.Numeric(precision=12, scale=6), nullable=False),
        sa.Column("confidence", sa.String(length=12), nullable=False),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name=op.f("fk_price_ranges_product_id_products"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_price_ranges")),
        sa.UniqueConstraint("product_id", "variant", "term", name=op.f("uq_price_ranges_product_id_variant_term")),
    )
    op.create_index(op.f("ix_price_ranges_product_id"), "price_ranges", ["product_id"])
    op.create_table(
        "lpr_fixings",
        sa.Column("fixed_on", sa.Date(), nullable=False),
        sa.Column("rate", sa.Numeric(precision=6, scale=3), nullable=False),
        sa.Column("confidence", sa.String(length=12), nullable=False),
        sa.PrimaryKeyConstraint("fixed_on", name=op.f("pk_lpr_fixings")),
    )
    op.create_table(
        "saved_summaries",
        sa.Column("id", sa.String(length=22), nullable=False),
        sa.Column("inputs", sa.JSON(), nullable=False),
        sa.Column("locale", sa.String(length=10), nullable=False),
        sa.Column("engine_version", sa.String(length=20), nullable=False),
        sa.Column("income", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saved_summaries")),
    )
    op.create_index(op.f("ix_saved_summaries_created_at"), "saved_summaries", ["created_at"])


def downgrade() -> None:
    op.drop_table("saved_summaries")
    op.drop_table("lpr_fixings")
    op.drop_table("price_ranges")
    op.drop_table("products")
    op.drop_table("platforms")
    op.drop_table("credit_types")
    op.drop_table("catalog_meta")
