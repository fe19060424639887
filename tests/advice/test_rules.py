"""Every warning at, just below and just above its line; messages in both languages; citations.

Lines come from the shipped reference data (thresholds.yaml, lpr.yaml) and are
read from it here, so a test fails if the data and the rule ever disagree.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest

from app.advice import Situation, advise, rules
from app.advice.engine import Revolving
from app.advice.messages import MESSAGES
from app.finance import Fee, FeeWhen, Quote, Rate, RateKind, Repayment, price
from app.finance.affordability import assess
from app.finance.money import rounded_percent
from app.finance.penalty import minimum_payment_path, overdue_cost

TODAY = date(2026, 12, 4)


def codes(situation: Situation, reference) -> list[str]:
    warnings, _ = advise(situation, reference, tips=False)
    return [w.code for w in warnings]


def at_annual(percent: str, *, term: int = 12, contract: date = TODAY, **kw) -> Situation:
    """A loan at a nominal annual rate on the balance: its real APR rounds to that rate."""
    quote = Quote(D(10000), term, Repayment.EQUAL_INSTALLMENT, Rate(RateKind.ANNUAL, D(percent)), contract_date=contract)
    result = price(quote)
    assert rounded_percent(result.apr_percent) == D(percent)  # the premise: fen rounding stays below 0.005
    return Situation(result=result, today=TODAY, **kw)


# --- the APR lines: only the highest that applies is shown ------------------------------------------


@pytest.mark.parametrize(
    ("percent", "expected"),
    [
        ("35.99", "apr_above_24"),
        ("36.00", "apr_above_24"),  # exactly on the line: not above it
        ("36.01", "apr_above_36"),
        ("23.99", "apr_above_private_cap"),
        ("24.00", "apr_above_private_cap"),
        ("24.01", "apr_above_24"),
        ("11.99", None),
        ("12.00", None),
        ("12.01", "apr_above_private_cap"),
    ],
)
def test_apr_lines(percent: str, expected: str | None, reference) -> None:
    found = [c for c in codes(at_annual(percent), reference) if c.startswith("apr_above")]
    assert found == ([expected] if expected else [])


def test_a_loan_at_exactly_24_percent_is_not_above_24(reference) -> None:
    """DOMAIN.md §3: 等额本息 at 24% computes to 24.0008% after fen rounding."""
    result = price(Quote(D(10000), 12, Repayment.EQUAL_INSTALLMENT, Rate(RateKind.MONTHLY, D(2))))
    assert result.apr_percent > 24.0
    assert "apr_above_24" not in codes(Situation(result=result, today=TODAY), reference)


def test_the_lines_come_from_the_reference_data(reference) -> None:
    assert reference.value("legacy_void_line") == 36
    assert reference.value("regulatory_comprehensive_cost") == 24
    assert reference.value("private_lending_cap") * reference.lpr_on(TODAY) == D("12.00")


@pytest.mark.parametrize(
    ("contract", "below", "above"),
    [
        (date(2020, 6, 1), "15.40", "15.41"),  # LPR 3.85% then: cap 15.40%
        (date(2025, 1, 1), "12.40", "12.41"),  # LPR 3.10%: cap 12.40%
        (date(2026, 12, 4), "12.00", "12.01"),  # LPR 3.00%: cap 12.00%
    ],
)
def test_private_cap_uses_the_lpr_at_the_contract_date(contract: date, below: str, above: str, reference) -> None:
    cap = reference.value("private_lending_cap") * reference.lpr_on(contract)
    assert cap == D(below)
    assert "apr_above_private_cap" not in codes(at_annual(below, contract=contract), reference)
    assert "apr_above_private_cap" in codes(at_annual(above, contract=contract), reference)


def test_private_cap_message_names_the_lpr_and_the_date(reference) -> None:
    warnings, _ = advise(at_annual("13.00", contract=date(2020, 6, 1)), reference, tips=False)
    assert not [w for w in warnings if w.code == "apr_above_private_cap"]  # 13% < 15.40% in 2020
    warnings, _ = advise(at_annual("16.00", contract=date(2020, 6, 1)), reference, tips=False)
    (cap,) = [w for w in warnings if w.code == "apr_above_private_cap"]
    text = cap.message("en")
    assert "15.40%" in text and "3.85%" in text and "Jun 1, 2020" in text


# --- the quote's own warnings --------------------------------------------------------------------------


@pytest.mark.parametrize(("received", "flagged"), [("10000", False), ("9999.99", True), ("9700", True)])
def test_upfront_deduction(received: str, flagged: bool, reference) -> None:
    quote = Quote(D(10000), 12, installment=D("893.33"), received=D(received))
    assert ("upfront_deduction" in codes(Situation(result=price(quote), today=TODAY), reference)) is flagged


def test_upfront_deduction_states_the_rate_on_the_money_received(reference) -> None:
    quote = Quote(D(10000), 12, Repayment.EQUAL_INSTALLMENT, Rate(RateKind.DAILY, D("0.04"), 365), fees=(Fee(FeeWhen.PAYOUT, amount=D(300)),))
    result = price(quote)
    warnings, _ = advise(Situation(result=result, today=TODAY), reference, tips=False)
    (w,) = [w for w in warnings if w.code == "upfront_deduction"]
    assert w.severity == "danger"
    for lang, money in (("en", "CN¥9,700.00"), ("zh", "¥9,700.00")):
        text = w.message(lang)
        assert money in text and "20.46%" in text


@pytest.mark.parametrize(
    ("rate", "method", "flagged"),
    [
        (Rate(RateKind.DAILY, D("0.05")), Repayment.EQUAL_INSTALLMENT, True),
        (Rate(RateKind.MONTHLY, D(1)), Repayment.EQUAL_INSTALLMENT, True),
        (Rate(RateKind.PERIOD_FEE, D("0.6")), Repayment.EQUAL_PRINCIPAL_FLAT_FEE, True),
        (Rate(RateKind.TOTAL_FEE, D("7.5")), Repayment.EQUAL_PRINCIPAL_FLAT_FEE, True),
        (Rate(RateKind.ANNUAL, D(12)), Repayment.EQUAL_INSTALLMENT, False),
    ],
)
def test_rate_not_annualised(rate: Rate, method: Repayment, flagged: bool, reference) -> None:
    result = price(Quote(D(10000), 12, method, rate))
    assert ("rate_not_annualised" in codes(Situation(result=result, today=TODAY), reference)) is flagged


def test_rate_not_annualised_shows_naive_beside_real(reference) -> None:
    """0.6% × 12 = 7.2% vs 13.03% (issue 4)."""
    result = price(Quote(D(10000), 12, Repayment.EQUAL_PRINCIPAL_FLAT_FEE, Rate(RateKind.PERIOD_FEE, D("0.6"))))
    warnings, _ = advise(Situation(result=result, today=TODAY), reference, tips=False)
    (w,) = [w for w in warnings if w.code == "rate_not_annualised"]
    assert "7.20%" in w.message("en") and "13.03%" in w.message("en") and "0.60%" in w.message("en")


@pytest.mark.parametrize(("stated", "flagged"), [("19.96", False), ("19.95", True), ("14.60", True), ("21", False)])
def test_stated_apr_understated(stated: str, flagged: bool, reference) -> None:
    """Real 20.46%; the margin (0.5 points) comes from the reference data."""
    assert reference.value("stated_apr_margin_points") == D("0.5")
    quote = Quote(D(10000), 12, Repayment.EQUAL_INSTALLMENT, Rate(RateKind.DAILY, D("0.04"), 365), fees=(Fee(FeeWhen.PAYOUT, amount=D(300)),))
    situation = Situation(result=price(quote), stated_apr_percent=D(stated), today=TODAY)
    assert ("stated_apr_understated" in codes(situation, reference)) is flagged


@pytest.mark.parametrize(("term", "percent", "flagged"), [(24, "18.01", True), (24, "18.00", False), (23, "20.00", False), (36, "19.00", True)])
def test_long_term_high_cost(term: int, percent: str, flagged: bool, reference) -> None:
    assert ("long_term_high_cost" in codes(at_annual(percent, term=term), reference)) is flagged


def test_penalty_cost_in_yuan(reference) -> None:
    result = price(Quote(D(10000), 12, Repayment.EQUAL_PRINCIPAL_FLAT_FEE, Rate(RateKind.PERIOD_FEE, D("0.6"))))
    warnings, _ = advise(Situation(result=result, penalty_daily_percent=D("0.05"), today=TODAY), reference, tips=False)
    (w,) = [w for w in warnings if w.code == "penalty_cost"]
    expected = overdue_cost(result.monthly_payment, D("0.05"))
    assert expected == D("13.40")  # 893.37 × 0.05% × 30 days
    assert "CN¥13.40" in w.message("en") and "5 years" in w.message("en")


def test_minimum_payment_trap(reference) -> None:
    result = price(Quote(D(10000), 12, Repayment.EQUAL_PRINCIPAL_FLAT_FEE, Rate(RateKind.TOTAL_FEE, D("7.5"))))
    revolving = Revolving(D(10), D("0.05"))
    warnings, _ = advise(Situation(result=result, revolving=revolving, today=TODAY), reference, tips=False)
    (w,) = [w for w in warnings if w.code == "minimum_payment_trap"]
    path = minimum_payment_path(D(10000), D(10), D("0.05"), minimum_floor=D(100))
    text = w.message("en")
    assert f"{path.months} months" in text and f"CN¥{path.interest:,}" in text


# --- what the borrower told us -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("payments", "expected"),
    [("2800", None), ("2800.80", "dti_caution"), ("4000", "dti_caution"), ("4000.80", "dti_high")],
)
def test_dti_bands(payments: str, expected: str | None, reference) -> None:
    """Income 8,000: 35.00% is comfortable, 35.01% stretched, 50.00% stretched, 50.01% over-stretched."""
    a = assess(D(8000), D(0), D(payments), reference.dti_limits)
    found = [c for c in codes(Situation(affordability=a, today=TODAY), reference) if c.startswith("dti")]
    assert found == ([expected] if expected else [])


@pytest.mark.parametrize(("owed", "flagged"), [(2, False), (3, True), (None, False)])
def test_many_lenders(owed: int | None, flagged: bool, reference) -> None:
    assert ("many_lenders" in codes(Situation(lenders_owed=owed, today=TODAY), reference)) is flagged


@pytest.mark.parametrize(
    ("facts", "code"),
    [
        ({"student": True}, "student_borrower"),
        ({"fee_before_payout": True}, "fee_before_payout"),
        ({"lender_known": False}, "unknown_lender"),
    ],
)
def test_what_the_borrower_says(facts: dict, code: str, reference) -> None:
    assert code in codes(Situation(today=TODAY, **facts), reference)
    assert code not in codes(Situation(today=TODAY), reference)


def test_warnings_come_most_serious_first(reference) -> None:
    quote = Quote(D(10000), 12, Repayment.EQUAL_INSTALLMENT, Rate(RateKind.DAILY, D("0.1"), 365), fees=(Fee(FeeWhen.PAYOUT, amount=D(500)),))
    warnings, _ = advise(Situation(result=price(quote), student=True, today=TODAY), reference)
    order = {"danger": 0, "caution": 1, "info": 2}
    assert [order[w.severity] for w in warnings] == sorted(order[w.severity] for w in warnings)
    assert warnings[0].severity == "danger"


# --- tips from the borrower's own numbers --------------------------------------------------------------


def test_tips_quote_the_savings(reference) -> None:
    result = price(Quote(D(10000), 12, Repayment.EQUAL_INSTALLMENT, Rate(RateKind.MONTHLY, D(1))))
    _, tips = advise(Situation(result=result, debts=(("A", 12.0), ("B", 24.5)), today=TODAY), reference)
    by_code = {t.code: t for t in tips}
    equal_principal = price(Quote(D(10000), 12, Repayment.EQUAL_PRINCIPAL, Rate(RateKind.MONTHLY, D(1))))
    saving = result.totals.interest - equal_principal.totals.interest
    assert saving == D("11.86")  # 661.86 − 650.00 (DOMAIN.md §4)
    assert "CN¥11.86" in by_code["tip_equal_principal"].message("en")
    shorter = price(Quote(D(10000), 6, Repayment.EQUAL_INSTALLMENT, Rate(RateKind.MONTHLY, D(1))))
    assert f"CN¥{result.totals.cost - shorter.totals.cost:,}" in by_code["tip_shorter_term"].message("en")
    assert by_code["tip_repay_order"].message("en").index("B (24.50%)") < by_code["tip_repay_order"].message("en").index("A (12.00%)")
    assert {"tip_autopay", "tip_contract", "tip_complain"} <= set(by_code)


# --- the rules as data ---------------------------------------------------------------------------------


def test_every_rule_has_wording_and_every_wording_a_rule() -> None:
    assert set(rules()) == {code for code in MESSAGES if "." not in code}


def test_citations_claim_no_more_confidence_than_cn_rules_gives() -> None:
    marks = json.loads((Path(__file__).parent.parent / "data" / "cn_rules_marks.json").read_text("utf-8"))["marks"]
    allowed = {"V": 3, "V2": 3, "S": 2, "R": 1}
    claimed = {"verified": 3, "secondary": 2, "unverified": 1}
    for rule in rules().values():
        for citation in rule.citations:
            assert claimed[citation.confidence] <= allowed[marks[citation.key]], (rule.code, citation.key)
            if citation.confidence != "verified":
                assert citation.note, f"{citation.key}: a less than verified citation says why"


@pytest.mark.parametrize("code", [c for c in MESSAGES if "." not in c])
def test_every_message_renders_in_both_languages(code: str) -> None:
    from app.advice.engine import Count, Money, Percent, _advice

    sample = {
        "apr": Percent(20.46), "line": Percent(24), "cap": Percent(12), "lpr": Percent(3), "date": "2026-12-04",
        "received": Money(D(9700)), "principal": Money(D(10000)), "deducted": Money(D(300)), "phrase": "x",
        "naive": Percent(14.6), "stated": Percent(14.6), "gap": Percent(5.86), "dti": Percent(40), "max": Money(D(1)),
        "count": Count(3), "months": Count(24), "cost": Money(D(1)), "share": Percent(10, 0), "min_share": Percent(10, 0),
        "floor": Money(D(100)), "balance": Money(D(10000)), "daily": Percent(0.05), "total": Money(D(1)),
        "interest": Money(D(1)), "fee": "x", "payment": Money(D(900)), "penalty": Money(D(13.4)), "basis": "x",
        "years": Count(5), "saving": Money(D(1)), "first": "", "term": Count(12), "current": Money(D(2)),
        "order": "x", "fees": Money(D(300)),
    }
    advice = _advice(code, **{k: v for k, v in sample.items() if f"%({k})s" in MESSAGES[code]})
    for lang in ("zh", "en"):
        text = advice.message(lang)
        assert "%(" not in text and text.strip()
