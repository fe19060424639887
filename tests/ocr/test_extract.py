"""extract_fields on hand-built lines: labels, values, geometry and warnings, no OCR involved."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal as D

import pytest

from app.finance import price
from app.ocr import Line, extract_fields
from app.web.api import QuoteIn

TODAY = date(2026, 12, 1)
ROW = 90  # pixels between lines in the one-column helper


def column(*texts: str, score: float = 1.0) -> list[Line]:
    """One line per text, stacked at the left margin as a one-column screen lays them out."""
    return [Line(text, (60, 200 + i * ROW, 60 + 40 * len(text), 245 + i * ROW), score) for i, text in enumerate(texts)]


def read(*texts: str, today: date = TODAY):
    return extract_fields(column(*texts), today=today)


def codes(reading) -> list[str]:
    return [note.code for note in reading.warnings]


# --- the screen of DOMAIN.md's trap, line by line ---------------------------------------------------

UNDERSTATED = ("借款金额 10,000.00元", "借款期限 12期", "还款方式 等额本息", "日利率 0.04%", "年化利率(单利) 14.60%",
               "服务费 300元（放款时扣除）", "到账金额 9,700.00元", "每期还款 900.70元", "首期还款日 2027-01-04")


def test_one_column_offer_reads_every_field() -> None:
    reading = read(*UNDERSTATED)
    assert reading.fields == {
        "principal": "10000.00", "term": 12, "repayment": "equal_installment",
        "rate": {"kind": "daily", "percent": "0.04", "day_basis": 365}, "stated_apr_percent": "14.60",
        "installment": "900.70", "received": "9700.00",
        "fees": [{"when": "payout", "amount": "300.00", "label": "服务费"}], "start_date": "2026-12-04",
    }
    assert reading.first_due_date == date(2027, 1, 4)
    assert codes(reading) == ["rate_and_installment"]


def test_stated_apr_understates_the_real_one() -> None:
    """14.60% stated; 300 deducted at payout makes the money received cost ≈ 20.5% a year."""
    reading = read(*UNDERSTATED)
    body = QuoteIn.model_validate(reading.quote_request())
    assert body.installment == D("900.70") and body.rate is None
    result = price(body.quote())
    assert round(result.apr_percent, 1) == 20.5
    assert body.stated_apr_percent == D("14.60")


def test_rate_phrasing_prices_the_same_offer() -> None:
    """Priced from 日利率 0.04% (365 days) instead of the installment: the same 900.70 and ≈ 20.5%."""
    fields = read(*UNDERSTATED).quote_request()
    fields.pop("installment")
    fields["rate"] = {"kind": "daily", "percent": "0.04", "day_basis": 365}
    result = price(QuoteIn.model_validate(fields).quote())
    assert result.monthly_payment == D("900.70")
    assert round(result.apr_percent, 1) == 20.5


def test_every_value_carries_its_source_line() -> None:
    reading = read(*UNDERSTATED)
    assert [line.text for line in reading.sources["principal"]] == ["借款金额 10,000.00元"]
    assert reading.sources["principal"][0].box == (60, 200, 60 + 40 * len(UNDERSTATED[0]), 245)
    assert [line.text for line in reading.sources["fees[0]"]] == ["服务费 300元（放款时扣除）"]
    assert [line.text for line in reading.sources["start_date"]] == ["首期还款日 2027-01-04"]
    assert set(reading.sources) == {"principal", "term", "repayment", "rate", "stated_apr_percent", "installment",
                                    "received", "fees[0]", "start_date"}


def test_to_json_is_plain_json() -> None:
    out = json.loads(json.dumps(read(*UNDERSTATED).to_json(), ensure_ascii=False))
    assert out["fields"]["principal"] == "10000.00"
    assert out["first_due_date"] == "2027-01-04"
    assert out["sources"]["term"] == [{"text": "借款期限 12期", "box": [60, 290, 60 + 40 * 8, 335], "score": 1.0}]
    assert out["warnings"] == [{"code": "rate_and_installment", "field": "installment", "values": []}]


# --- geometry: values beside and below their labels ---------------------------------------------------


def test_two_columns_pair_label_and_value_at_the_same_height() -> None:
    lines = [
        Line("借款详情", (447, 47, 633, 99)),
        Line("借款金额", (59, 198, 215, 243)), Line("￥20,000.00", (827, 202, 1021, 242)),
        Line("借款期限", (58, 308, 213, 352)), Line("24个月", (898, 308, 1020, 353)),
        Line("月利率", (59, 529, 178, 574)), Line("0.8%", (928, 530, 1024, 571)),
        Line("担保费", (57, 638, 177, 684)), Line("每月15.00元", (809, 637, 1023, 684)),
    ]
    reading = extract_fields(lines, today=TODAY)
    assert reading.fields == {
        "principal": "20000.00", "term": 24, "rate": {"kind": "monthly", "percent": "0.8", "day_basis": 365},
        "fees": [{"when": "per_period", "amount": "15.00", "label": "担保费"}],
    }
    assert [line.text for line in reading.sources["term"]] == ["借款期限", "24个月"]


def test_labels_above_values_in_two_cards_side_by_side() -> None:
    """Each label takes the value under it, not the one under its neighbour or a label beside it."""
    lines = [
        Line("借款金额(元)", (57, 197, 240, 238)), Line("借款期限", (578, 196, 712, 237)),
        Line("50,000", (56, 264, 245, 328)), Line("36个月", (579, 263, 763, 325)),
        Line("年化利率(单利)", (60, 388, 274, 425)), Line("月供(元)", (574, 382, 699, 432)),
        Line("7.2%", (57, 455, 202, 514)), Line("300.00", (578, 456, 765, 513)),
        Line("还款方式：先息后本", (60, 579, 384, 618)),
    ]
    reading = extract_fields(lines, today=TODAY)
    assert reading.fields == {
        "principal": "50000.00", "term": 36, "repayment": "interest_only",
        "rate": {"kind": "annual", "percent": "7.2", "day_basis": 365}, "stated_apr_percent": "7.2",
        "installment": "300.00",
    }
    assert [line.text for line in reading.sources["installment"]] == ["月供(元)", "300.00"]


def test_a_value_far_below_its_label_is_not_taken() -> None:
    lines = [Line("借款金额", (60, 200, 220, 240)), Line("10,000元", (60, 600, 220, 640))]
    assert "principal" not in extract_fields(lines, today=TODAY).fields


# --- numbers as screens write them --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "principal"),
    [
        ("借款金额 10,000.00元", "10000.00"),
        ("借款金额：１０，０００．００元", "10000.00"),
        ("借款金额 1.5万", "15000.00"),
        ("借款本金 ¥9,700", "9700.00"),
        ("申请金额8000元", "8000.00"),
        ("分期本金 1.5万元", "15000.00"),
    ],
)
def test_amounts(text: str, principal: str) -> None:
    assert read(text).fields["principal"] == principal


@pytest.mark.parametrize(
    ("text", "term"),
    [("借款期限 12期", 12), ("分12期", 12), ("借款期限 12个月", 12), ("期数 十二期", 12), ("借款期限 1年", 12),
     ("借款期限：６个月", 6), ("分期期数 分24期", 24)],
)
def test_terms(text: str, term: int) -> None:
    assert read(text).fields["term"] == term


def test_a_term_in_days_is_not_a_month_count() -> None:
    reading = read("借款期限 30天")
    assert "term" not in reading.fields
    assert reading.warnings[0].code == "term_in_days" and reading.warnings[0].values == ("30",)


@pytest.mark.parametrize(
    ("texts", "rate"),
    [
        (("日利率0.05%",), {"kind": "daily", "percent": "0.05", "day_basis": 365}),
        (("日利率 万分之五",), {"kind": "daily", "percent": "0.05", "day_basis": 365}),
        (("日息万五",), {"kind": "daily", "percent": "0.05", "day_basis": 365}),
        (("日利率 0.05%", "（一年按360天计息）"), {"kind": "daily", "percent": "0.05", "day_basis": 360}),
        (("月利率 1%",), {"kind": "monthly", "percent": "1", "day_basis": 365}),
        (("年化利率(单利) 18.25%",), {"kind": "annual", "percent": "18.25", "day_basis": 365}),
        (("每期手续费率 0.6%",), {"kind": "period_fee", "percent": "0.6", "day_basis": 365}),
        (("分期总费率 7.5%",), {"kind": "total_fee", "percent": "7.5", "day_basis": 365}),
    ],
)
def test_rates_as_phrased(texts: tuple[str, ...], rate: dict) -> None:
    assert read(*texts).fields["rate"] == rate


def test_a_daily_rate_beside_its_annual_times_360_is_on_a_360_day_basis() -> None:
    reading = read("日利率 0.05%", "年化利率 18%")
    assert reading.fields["rate"] == {"kind": "daily", "percent": "0.05", "day_basis": 360}
    assert reading.fields["stated_apr_percent"] == "18"
    assert codes(reading) == ["day_basis_from_stated_apr"]


def test_a_fee_rate_implies_equal_principal_flat_fee() -> None:
    reading = read("分期金额 10,000元", "分12期", "每期手续费率 0.6%")
    assert reading.fields["repayment"] == "equal_principal_flat_fee"
    assert codes(reading) == ["repayment_inferred"]
    assert round(price(QuoteIn.model_validate(reading.quote_request()).quote()).apr_percent, 2) == 13.03


@pytest.mark.parametrize("texts", [("年化利率 7.2%-24%",), ("年化利率", "7.2%~24%"), ("日利率 0.02%至0.05%",)])
def test_a_rate_range_is_flagged_not_used(texts: tuple[str, ...]) -> None:
    reading = read("借款金额 10,000元", *texts)
    assert "rate" not in reading.fields and "stated_apr_percent" not in reading.fields
    assert codes(reading) == ["rate_range"]


@pytest.mark.parametrize(
    ("text", "repayment"),
    [("还款方式 等额本息", "equal_installment"), ("还款方式：等额本金", "equal_principal"),
     ("还款方式 先息后本", "interest_only"), ("按月付息，到期还本", "interest_only"),
     ("还款方式 到期还本付息", "bullet"), ("一次性还本付息", "bullet"),
     ("还款方式 等本等费", "equal_principal_flat_fee")],
)
def test_repayment_methods(text: str, repayment: str) -> None:
    assert read(text).fields["repayment"] == repayment


# --- fees ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("texts", "fee", "warnings"),
    [
        (("服务费 300元（放款时扣除）",), {"when": "payout", "amount": "300.00", "label": "服务费"}, []),
        (("担保费 每月15.00元",), {"when": "per_period", "amount": "15.00", "label": "担保费"}, []),
        (("每期手续费 90元",), {"when": "per_period", "amount": "90.00", "label": "手续费"}, []),
        (("会员费 99元",), {"when": "signing", "amount": "99.00", "label": "会员费"}, ["fee_timing_guessed"]),
        (("服务费 3%",), {"when": "payout", "percent": "3", "label": "服务费"}, ["fee_timing_guessed"]),
        (("管理费 50元 到期支付",), {"when": "end", "amount": "50.00", "label": "管理费"}, []),
    ],
)
def test_fees_and_when_they_are_paid(texts: tuple[str, ...], fee: dict, warnings: list[str]) -> None:
    reading = read(*texts)
    assert reading.fields["fees"] == [fee]
    assert codes(reading) == warnings


def test_a_fee_equal_to_the_money_withheld_was_deducted_at_payout() -> None:
    reading = read("借款金额 10,000元", "手续费 500元", "实际到账 9,500元")
    assert reading.fields["fees"] == [{"when": "payout", "amount": "500.00", "label": "手续费"}]
    assert codes(reading) == []


def test_no_fee_and_a_fee_advertised_as_waived() -> None:
    reading = read("借款金额 10,000元", "免服务费", "担保费 0元")
    assert "fees" not in reading.fields


def test_received_that_disagrees_with_the_fees_is_kept_over_them() -> None:
    reading = read("借款金额 10,000元", "借款期限 12期", "月利率 1%", "服务费 300元 放款时扣除", "到账金额 9,500元")
    assert codes(reading) == ["received_disagrees_with_fees"]
    assert reading.warnings[0].values == ("500.00", "300.00")
    body = QuoteIn.model_validate(reading.quote_request())
    assert body.fees == [] and body.received == D(9500)


# --- dates, conflicts, confidence ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "today", "due", "start", "guessed"),
    [
        ("首期还款日 2027-01-04", TODAY, date(2027, 1, 4), "2026-12-04", False),
        ("首次还款日 2027年1月4日", TODAY, date(2027, 1, 4), "2026-12-04", False),
        ("首期还款日 2027/1/4", TODAY, date(2027, 1, 4), "2026-12-04", False),
        ("首期还款日 01月04日", date(2026, 12, 20), date(2027, 1, 4), "2026-12-04", True),
        ("首期还款日 12月24日", date(2026, 12, 20), date(2026, 12, 24), "2026-11-24", True),
        ("首期还款日 2027-03-31", TODAY, date(2027, 3, 31), "2027-02-28", False),
    ],
)
def test_first_due_dates(text: str, today: date, due: date, start: str, guessed: bool) -> None:
    """start_date is the loan date the schedule counts from: one month before the first due date."""
    reading = read(text, today=today)
    assert reading.first_due_date == due
    assert reading.fields["start_date"] == start
    assert ("date_year_guessed" in codes(reading)) is guessed


def test_an_impossible_date_is_ignored() -> None:
    reading = read("首期还款日 2027-02-30")
    assert reading.first_due_date is None and "start_date" not in reading.fields


def test_the_topmost_of_two_different_values_wins_with_a_warning() -> None:
    reading = read("借款金额 10,000元", "借款金额 15,000元")
    assert reading.fields["principal"] == "10000.00"
    assert reading.warnings[0].code == "conflicting_values"
    assert reading.warnings[0].values == ("10000.00", "15000.00")


def test_a_value_read_with_low_confidence_is_flagged() -> None:
    reading = extract_fields(column("借款金额 10,000元", score=0.6), today=TODAY)
    assert [(n.code, n.field) for n in reading.warnings] == [("low_confidence", "principal")]


def test_a_screen_without_loan_figures_is_no_offer() -> None:
    reading = read("欢迎回来，张先生", "您的快递已到达驿站", "今日天气：晴18℃")
    assert reading.fields == {} and not reading.found_offer


def test_the_day_basis_line_is_part_of_the_rate_source() -> None:
    reading = read("日利率 0.05%", "（一年按360天计息）")
    assert [line.text for line in reading.sources["rate"]] == ["日利率 0.05%", "（一年按360天计息）"]
