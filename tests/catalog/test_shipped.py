"""The shipped catalog: valid, complete, and every product priceable by the engine."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from app.catalog import Confidence, CreditType, load_catalog
from app.catalog.schema import Evidence, Grade, walk
from app.finance import Repayment, price

from .conftest import TODAY

PRODUCT_IDS = [
    "huabei",
    "jiebei",
    "jd_jintiao",
    "jd_baitiao",
    "suning_renxingfu",
    "baidu_youqianhua",
    "webank_weilidai",
    "meituan_jieqian",
    "meituan_yuefu",
    "mucfc_haoqidai",
    "cmb_card_bill_installment",
    "cmb_card_cash_installment",
    "icbc_card_installment",
]


def test_shipped_files_are_valid():
    catalog = load_catalog(today=TODAY, use_cache=False)
    assert [p.id for p in catalog.products] == PRODUCT_IDS
    assert {c.id for c in catalog.credit_types} == set(CreditType)
    assert catalog.as_of == dt.date(2026, 12, 4)
    assert len(catalog.content_hash) == 64


def test_summary_line(shipped):
    assert shipped.summary().startswith("13 products, 9 platforms, 4 credit types, ")
    assert shipped.summary().endswith(f"as_of 2026-12-04; hash {shipped.content_hash[:12]}")


def test_loaded_once_per_process():
    assert load_catalog(today=TODAY) is load_catalog(today=TODAY)


def test_card_installments_from_two_banks(shipped):
    banks = {p.platform for p in shipped.products_of_type(CreditType.CREDIT_CARD_INSTALLMENT)}
    assert banks == {"cmb", "icbc"}
    assert shipped.product("cmb_card_cash_installment").credit_type is CreditType.CASH_INSTALLMENT


def test_every_user_text_has_both_languages(shipped):
    huabei = shipped.product("huabei")
    assert huabei.name.get("zh_CN") == "蚂蚁花呗"
    assert huabei.name.get("en") == "Ant Huabei (Ant Check Later)"
    for credit_type in shipped.credit_types:
        for text in (credit_type.how_it_works, credit_type.cost_shape, credit_type.watch_for):
            assert text.zh and text.en


def test_no_figure_is_surer_than_its_sources(shipped):
    """The loader enforces it; this states the rule as the data's readers rely on it."""
    for product in shipped.products:
        for path, obj in walk(product):
            if isinstance(obj, Evidence) and obj.confidence is Confidence.VERIFIED:
                assert any(shipped.sources[s].grade is Grade.A for s in obj.sources), (product.id, path)


def test_disputes_are_recorded(shipped):
    assert shipped.product("jd_jintiao").lender_dispute is not None
    assert shipped.product("jd_baitiao").penalty.dispute.en.startswith("2017 sources give 0.03 %")
    assert shipped.product("icbc_card_installment").other_pricing[0].dispute is not None


def test_assumed_menus_are_unverified(shipped):
    for product_id in ("suning_renxingfu", "meituan_jieqian"):
        terms = shipped.product(product_id).terms
        assert terms.confidence is Confidence.UNVERIFIED
        assert "assumed" in terms.note.en


def test_product_sources_collects_every_citation(shipped):
    assert shipped.product("jiebei").sources[:4] == ("S1", "S3", "S29", "S30")


@pytest.mark.parametrize("product_id", PRODUCT_IDS)
def test_every_product_prices_at_its_typical_price(shipped, product_id):
    product = shipped.product(product_id)
    priced = 0
    for pricing in product.pricings:
        for term in product.terms.months:
            quote = product.quote(product.example_amount, term, "typical", pricing=pricing)
            if quote is None:
                continue
            result = price(quote)
            assert 0 <= result.apr_percent < 40
            assert result.totals.principal == product.example_amount
            priced += 1
    assert priced >= 1


# Real APRs (IRR × 12, percent) that the research notes computed by hand for these schedules:
# products_draft.yaml apr_irr_pct_* fields and platforms.md § 2 / § 3 (shared/reference, 2026-12-04).
# The engine must reproduce them from the catalog's prices: a check on both the data entry and the engine.
RESEARCH_APRS = [
    ("huabei", 0, 3, "typical", Decimal("13.75")),
    ("huabei", 0, 6, "typical", Decimal("15.27")),
    ("huabei", 0, 12, "typical", Decimal("13.57")),
    ("huabei", 0, 3, "high", Decimal("14.94")),
    ("huabei", 0, 12, "high", Decimal("15.86")),
    ("jd_baitiao", 0, 3, "typical", Decimal("8.98")),
    ("jd_baitiao", 0, 12, "typical", Decimal("10.90")),
    ("jd_baitiao", 0, 24, "typical", Decimal("11.13")),
    ("jd_baitiao", 0, 12, "high", Decimal("25.60")),
    ("suning_renxingfu", 0, 12, "low", Decimal("10.85")),
    ("suning_renxingfu", 0, 12, "high", Decimal("21.46")),
    ("cmb_card_bill_installment", 0, 3, "typical", Decimal("16.13")),
    ("cmb_card_bill_installment", 0, 6, "typical", Decimal("15.27")),
    ("cmb_card_bill_installment", 0, 12, "typical", Decimal("14.31")),
    ("cmb_card_bill_installment", 0, 24, "typical", Decimal("14.96")),
    ("cmb_card_cash_installment", 0, 3, "typical", Decimal("17.02")),
    ("cmb_card_cash_installment", 0, 12, "typical", Decimal("16.22")),
    ("cmb_card_cash_installment", 0, 24, "typical", Decimal("16.43")),
    ("icbc_card_installment", 0, 3, "typical", Decimal("14.34")),
    ("icbc_card_installment", 0, 6, "typical", Decimal("16.27")),
    ("icbc_card_installment", 0, 9, "typical", Decimal("16.13")),
    ("icbc_card_installment", 0, 12, "typical", Decimal("15.79")),
    ("icbc_card_installment", 0, 24, "typical", Decimal("16.43")),
    ("icbc_card_installment", 0, 36, "typical", Decimal("16.24")),
    ("icbc_card_installment", 1, 3, "typical", Decimal("9.95")),
    ("icbc_card_installment", 1, 6, "typical", Decimal("12.56")),
    ("icbc_card_installment", 1, 12, "typical", Decimal("13.86")),
    ("icbc_card_installment", 1, 24, "typical", Decimal("16.59")),
]


@pytest.mark.parametrize(("product_id", "variant", "term", "level", "apr"), RESEARCH_APRS)
def test_engine_reproduces_the_research_aprs(shipped, product_id, variant, term, level, apr):
    product = shipped.product(product_id)
    quote = product.quote(10000, term, level, pricing=product.pricings[variant])
    assert abs(Decimal(repr(price(quote).apr_percent)) - apr) <= Decimal("0.01")


def test_jiebei_benchmark_is_about_16_4_percent(shipped):
    """0.045 % a day on the balance ≈ 16.425 % a year (S29)."""
    result = price(shipped.product("jiebei").quote(10000, 12))
    assert round(result.apr_percent, 1) == 16.4
    assert result.quote.repayment is Repayment.EQUAL_INSTALLMENT


def test_quote_follows_the_pricing(shipped):
    quote = shipped.product("huabei").quote(Decimal("3000"), 6, "typical", start_date=dt.date(2026, 12, 1))
    assert quote.rate.kind == "total_fee" and quote.rate.percent == Decimal("4.5")
    assert quote.repayment is Repayment.EQUAL_PRINCIPAL_FLAT_FEE
    assert quote.start_date == quote.contract_date == dt.date(2026, 12, 1)
    assert quote.fees == ()


@pytest.mark.parametrize(
    ("product_id", "amount", "term", "variant"),
    [
        ("jiebei", 10000, 3, 0),  # 3 months is not on the menu
        ("jiebei", 300001, 12, 0),  # above the ¥300,000 limit
        ("jiebei", 999, 12, 0),  # below the ¥1,000 minimum
        ("cmb_card_cash_installment", 50001, 12, 0),  # above the ¥50,000 card cash-installment cap
        ("icbc_card_installment", 10000, 9, 1),  # the older table has no 9-month price
    ],
)
def test_quote_is_none_when_the_product_does_not_lend_it(shipped, product_id, amount, term, variant):
    product = shipped.product(product_id)
    assert product.quote(amount, term, pricing=product.pricings[variant]) is None


def test_quote_rejects_an_unknown_level(shipped):
    with pytest.raises(ValueError, match="level must be one of low, typical, high"):
        shipped.product("jiebei").quote(10000, 12, "median")  # type: ignore[arg-type]


def test_fees_every_loan_carries_are_in_the_quote(copy):
    copy.replace_line(
        "products", "          charged: sometimes", "          charged: always", after="- id: baidu_youqianhua"
    )
    product = copy.load().product("baidu_youqianhua")
    (fee,) = product.quote(10000, 12).fees
    assert (fee.when, fee.percent) == ("per_period", Decimal("0.3"))


def test_unknown_product_is_a_key_error(shipped):
    with pytest.raises(KeyError, match="no product 'nope' in the catalog"):
        shipped.product("nope")


def test_thresholds_carry_citations_and_confidence(shipped):
    cap = shipped.thresholds["private_lending_cap"]
    assert (cap.value, cap.unit, cap.confidence) == (Decimal(4), "lpr_multiple", Confidence.SECONDARY)
    assert cap.citations[0].article == "第二十五条、第二十九条"
    assert shipped.thresholds["credit_record_retention_years"].value == 5
    uplift = shipped.thresholds["bank_penalty_uplift"]
    assert (uplift.value, uplift.value_max) == (30, 50)
    assert shipped.thresholds["kantouxi"].value is None


@pytest.mark.parametrize(
    ("dti", "band"),
    [
        (0, "comfortable"),
        (35, "comfortable"),
        (Decimal("35.01"), "stretched"),
        (50, "stretched"),
        (50.5, "over_stretched"),
    ],
)
def test_dti_bands(shipped, dti, band):
    assert shipped.dti_band(dti).key == band


def test_private_lending_cap_uses_the_contract_date(shipped):
    assert shipped.private_lending_cap_on(dt.date(2026, 12, 4)) == Decimal("12.00")
    assert shipped.private_lending_cap_on(dt.date(2019, 8, 20)) == Decimal("17.00")
