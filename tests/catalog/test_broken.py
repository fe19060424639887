"""Broken copies of the shipped catalog: each mistake gets its own message, at its field and line."""

from __future__ import annotations

import datetime as dt

import pytest

from app.catalog import CatalogError, Problem, load_catalog

from .conftest import TODAY, CatalogCopy


def problem(copy: CatalogCopy, name: str, line: int, field: str, message: str) -> Problem:
    return Problem(copy.file(name), line, field, message)


def test_missing_field(copy):
    copy.replace_line("products", "    credit_type: credit_loan", None, after="- id: jiebei")
    line = copy.line_of("products", "  - id: jiebei")
    assert copy.problems() == [problem(copy, "products", line, "products[1].credit_type", "required field is missing")]


def test_unknown_enum(copy):
    line = copy.replace_line("products", "      kind: daily", "      kind: hourly", after="- id: jiebei")
    assert copy.problems() == [
        problem(
            copy,
            "products",
            line,
            "products[1].pricing.kind",
            "'hourly' is not allowed; expected 'daily', 'monthly', 'annual', 'period_fee' or 'total_fee'",
        )
    ]


def test_unknown_field_is_a_typo(copy):
    line = copy.replace_line("products", "      fee_timing: spread", "      fee_timng: spread", after="- id: huabei")
    assert copy.problems() == [
        problem(
            copy, "products", line, "products[0].pricing.fee_timng", "unknown field (a typo, or not part of the schema)"
        )
    ]


def test_negative_rate(copy):
    line = copy.replace_line("products", "      low: 0.015", "      low: -0.015", after="- id: jiebei")
    assert copy.problems() == [problem(copy, "products", line, "products[1].pricing.low", "must not be negative")]


def test_absurd_daily_rate(copy):
    line = copy.replace_line("products", "      high: 0.06", "      high: 0.6", after="- id: jiebei")
    assert copy.problems() == [
        problem(
            copy,
            "products",
            line,
            "products[1].pricing.high",
            "0.6 % a day is 219 % a year before compounding; above 100 % a catalog price is a typo (rates are in percent)",
        )
    ]


def test_absurd_rate_in_a_term_table(copy):
    line = copy.replace_line(
        "products",
        "        3: {low: 0, typical: 0.90, high: 1.67}",
        "        3: {low: 0, typical: 0.90, high: 16.7}",
        after="- id: cmb_card_bill_installment",
    )
    assert copy.problems() == [
        problem(
            copy,
            "products",
            line,
            "products[10].pricing.by_term.3.high",
            "16.7 % a period is 200 % a year before compounding; above 100 % a catalog price is a typo (rates are in percent)",
        )
    ]


def test_typical_below_low(copy):
    line = copy.replace_line("products", "      typical: 0.045", "      typical: 0.01", after="- id: jiebei")
    assert copy.problems() == [
        problem(copy, "products", line, "products[1].pricing.typical", "typical (0.01) is below low (0.015)")
    ]


def test_midpoint_must_be_the_midpoint(copy):
    line = copy.replace_line("products", "      typical: 15.65", "      typical: 16", after="- id: mucfc_haoqidai")
    assert copy.problems() == [
        problem(
            copy,
            "products",
            line,
            "products[9].pricing.typical",
            "typical_basis is midpoint, so typical should be 15.65 ((low + high) / 2)",
        )
    ]


def test_duplicate_id(copy):
    line = copy.replace_line("products", "  - id: jd_jintiao", "  - id: jiebei")
    assert copy.problems() == [
        problem(copy, "products", line, "products[2].id", "duplicate id 'jiebei': products[1] already uses it")
    ]


def test_yaml_syntax_error(copy):
    line = copy.replace_line("products", "    platform: alipay", "    platform: alipay: yes", after="- id: huabei")
    (found,) = copy.problems()
    assert (found.file, found.line, found.field) == (copy.file("products"), line, "(yaml syntax)")
    # libyaml says "…in this context", PyYAML's pure-Python parser "…here"
    assert found.message.startswith("mapping values are not allowed")


def test_key_written_twice(copy):
    first = copy.line_of("products", "      typical: 0.045", after="- id: jiebei")
    line = copy.insert_after("products", "      high: 0.06", "      typical: 0.05", after="- id: jiebei")
    assert copy.problems() == [
        problem(
            copy,
            "products",
            line,
            "products[1].pricing.typical",
            f"key written twice (first at line {first}); YAML would keep only the last",
        )
    ]


def test_card_cash_installment_longer_than_two_years(copy):
    line = copy.replace_line(
        "products",
        "      months: [3, 6, 10, 12, 18, 24]",
        "      months: [3, 6, 10, 12, 18, 24, 36]",
        after="- id: cmb_card_cash_installment",
    )
    assert copy.problems() == [
        problem(
            copy,
            "products",
            line,
            "products[11].terms.months[6]",
            "36 months is longer than a credit-card cash installment may run (24 months: thresholds card_cash_installment_max_months)",
        )
    ]


def test_term_table_uses_a_term_not_offered(copy):
    copy.replace_line("products", "      months: [3, 6, 9, 12]", "      months: [3, 6, 12]", after="- id: huabei")
    line = copy.line_of("products", "        9:", after="- id: huabei")
    assert copy.problems() == [
        problem(copy, "products", line, "products[0].pricing.by_term.9", "term 9 is not in terms.months (3, 6, 12)")
    ]


def test_term_out_of_range(copy):
    line = copy.replace_line(
        "products", "      months: [5, 10, 20]", "      months: [5, 10, 400]", after="- id: webank_weilidai"
    )
    assert copy.problems() == [
        problem(copy, "products", line, "products[6].terms.months[2]", "a term must be 1 to 360 months")
    ]


def test_fee_on_original_principal_needs_flat_fee_repayment(copy):
    line = copy.replace_line(
        "products",
        "      repayment: equal_principal_flat_fee",
        "      repayment: equal_installment",
        after="- id: jd_baitiao",
    )
    assert copy.problems() == [
        problem(
            copy,
            "products",
            line,
            "products[3].pricing.repayment",
            "a period_fee price is charged on the original principal, so repayment must be equal_principal_flat_fee (等本等费)",
        ),
        problem(
            copy,
            "products",
            line,
            "products[3].pricing.repayment",
            "'equal_installment' is not among the product's repayment_methods (equal_principal_flat_fee)",
        ),
    ]


def test_catalog_as_of_in_the_future(copy):
    line = copy.replace_line("products", "as_of: 2026-12-04", "as_of: 2026-12-05")
    assert copy.problems() == [problem(copy, "products", line, "as_of", "2026-12-05 is after today (2026-12-04)")]


def test_product_as_of_in_the_future(copy):
    line = copy.replace_line("products", '    as_of: "2022-01-06"', '    as_of: "2027"', after="- id: huabei")
    assert copy.problems() == [problem(copy, "products", line, "products[0].as_of", "2027 is after today (2026-12-04)")]


def test_today_is_injectable():
    """The shipped files, checked as if it were the day before they were compiled."""
    with pytest.raises(CatalogError) as info:
        load_catalog(today=TODAY - dt.timedelta(days=1), use_cache=False)
    fields = [(p.file.rsplit("/", 1)[-1], p.field, p.message) for p in info.value.problems]
    assert fields == [
        ("products.yaml", "as_of", "2026-12-04 is after today (2026-12-03)"),
        ("lpr.yaml", "as_of", "2026-12-04 is after today (2026-12-03)"),
        ("thresholds.yaml", "as_of", "2026-12-04 is after today (2026-12-03)"),
    ]


def test_unknown_source(copy):
    line = copy.replace_line(
        "products", "      sources: [S29, S30, S31]", "      sources: [S29, S999, S31]", after="      kind: daily"
    )
    assert copy.problems() == [
        problem(
            copy, "products", line, "products[1].pricing.sources[1]", "unknown source 'S999' (not in the sources table)"
        )
    ]


def test_confidence_surer_than_its_sources(copy):
    line = copy.replace_line(
        "products", "      confidence: secondary", "      confidence: verified", after="- id: cmb_card_cash_installment"
    )
    assert copy.problems() == [
        problem(
            copy,
            "products",
            line,
            "products[11].pricing.confidence",
            "'verified' needs a grade-A source; cited: S85 (C), S86 (C)",
        )
    ]


def test_secondary_needs_a_source(copy):
    line = copy.replace_line("products", "        sources: [S1, S3]", None, after="- id: jiebei")
    confidence_line = line - 1
    assert copy.problems() == [
        problem(
            copy,
            "products",
            confidence_line,
            "products[1].lenders[0].confidence",
            "'secondary' needs at least one source; cite it or mark the figure unverified",
        )
    ]


def test_every_problem_is_listed_in_file_order(copy):
    late = copy.replace_line("products", "      high: 0.06", "      high: 0.6", after="- id: jiebei")
    early = copy.replace_line("products", "as_of: 2026-12-04", "as_of: 2027-01-01")
    problems = copy.problems()
    assert [(p.line, p.field) for p in problems] == [(early, "as_of"), (late, "products[1].pricing.high")]
    with pytest.raises(CatalogError) as info:
        copy.load()
    assert str(info.value) == "\n".join(str(p) for p in problems)
    assert str(problems[0]) == f"{copy.file('products')}:{early}: as_of: 2027-01-01 is after today (2026-12-04)"


def test_missing_file(copy):
    copy.paths["products"].unlink()
    assert copy.problems() == [problem(copy, "products", 1, "(file)", "cannot read: No such file or directory")]


def test_lpr_fixings_out_of_order(copy):
    line = copy.replace_line(
        "lpr",
        "  - {date: 2019-09-20, rate: 4.20, confidence: unverified, note: recollection}",
        "  - {date: 2019-08-01, rate: 4.20, confidence: unverified, note: recollection}",
    )
    assert copy.problems() == [
        problem(
            copy,
            "lpr",
            line,
            "fixings[1].date",
            "fixings must be in increasing date order: 2019-08-01 comes after 2019-08-20",
        )
    ]


def test_lpr_fixing_listed_twice(copy):
    line = copy.replace_line(
        "lpr",
        "  - {date: 2019-09-20, rate: 4.20, confidence: unverified, note: recollection}",
        "  - {date: 2019-08-20, rate: 4.20, confidence: unverified, note: recollection}",
    )
    assert copy.problems() == [
        problem(copy, "lpr", line, "fixings[1].date", "2019-08-20 is listed twice (also fixings[0])")
    ]


def test_lpr_rate_in_basis_points_by_mistake(copy):
    line = copy.replace_line(
        "lpr",
        "  - {date: 2019-09-20, rate: 4.20, confidence: unverified, note: recollection}",
        "  - {date: 2019-09-20, rate: 420, confidence: unverified, note: recollection}",
    )
    assert copy.problems() == [
        problem(copy, "lpr", line, "fixings[1].rate", "an LPR must be above 0 and at most 20 % (rates are in percent)")
    ]


def test_threshold_missing(copy):
    copy.replace_line("thresholds", "  - key: kantouxi", "  - key: kantouxi_rule")
    line = copy.line_of("thresholds", "thresholds:")
    assert copy.problems() == [problem(copy, "thresholds", line, "thresholds", "missing the threshold 'kantouxi'")]


def test_dti_bands_must_rise(copy):
    line = copy.replace_line("thresholds", "    max_percent: 50", "    max_percent: 30")
    assert copy.problems() == [
        problem(
            copy,
            "thresholds",
            line,
            "dti_bands[1].max_percent",
            "must rise from band to band and stay below 100 (previous 35)",
        )
    ]
