"""Loan figures from recognised lines: find each label, pair it with its value, parse the value.

A value is looked for in three places, in this order: after the label on the same
line ("借款金额 10,000.00元"), in the nearest line to the right at the same height
(two columns), in the nearest line below that overlaps it horizontally (a small
label above a big value). Lines are matched after NFKC folding, so full-width
digits and punctuation (１０，０００：) read as ASCII; numbers are parsed by the
same functions as the forms (1.5万, 万分之五, 十二期).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from ..finance.dates import add_months
from ..finance.quote import MAX_TERM
from ..numbers import NumberError, parse_amount, parse_int, parse_percent
from .reading import Line, Note, OfferReading, money, percent

CHINA = ZoneInfo("Asia/Shanghai")
LOW_CONFIDENCE = 0.8  # OCR score under which the form should ask the borrower to check the value

# (field, detail, label pattern). At each position the longest label wins, so
# 每期手续费率 is a rate and not the fee 手续费, and 借款期限 beats 期限.
_LABELS = [
    ("rate", "period_fee", "每期手续费率|每期费率|月手续费率|月费率"),
    ("rate", "total_fee", "分期总费率|总手续费率|总费率"),
    ("rate", "daily", "日利率|日息|日费率"),
    ("rate", "monthly", "月利率|月息"),
    ("rate", "annual", "年化利率|年化费率|年利率|综合年化|年化"),
    ("principal", "", "借款金额|借款本金|申请金额|贷款金额|分期本金|分期金额"),
    ("term", "", "借款期限|贷款期限|分期期数|还款期数|借款期数|期限|期数"),
    ("repayment", "", "还款方式"),
    ("installment", "", "每月应还|每期应还|每期还款|每月还款|月供|月还款额"),
    ("received", "", "到账金额|实际到账|到手金额|实际到手|实到金额"),
    ("first_due_date", "", "首期还款日|首次还款日|首期应还日|第一期还款日"),
    ("fee", "", "服务费|担保费|会员费|手续费|咨询费|管理费"),
]
_LABEL_PATTERNS = [(name, detail, re.compile(pattern)) for name, detail, pattern in _LABELS]

# Checked in this order: 按月付息到期还本 must be interest-only before 到期还本 is looked at.
_REPAYMENT_WORDS = [
    ("等本等费", "equal_principal_flat_fee"),
    ("等额本息", "equal_installment"),
    ("等额本金", "equal_principal"),
    ("先息后本", "interest_only"),
    ("按月付息", "interest_only"),
    ("到期还本付息", "bullet"),
    ("一次性还本付息", "bullet"),
    ("利随本清", "bullet"),
]

_MONEY = re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(万)?(?![\d.%]|期|个月|月|天|年|日)")
_PERCENT = re.compile(r"\d+(?:\.\d+)?%|[万千]分之[零〇一二两三四五六七八九十点\d.]+|万[一二三四五六七八九]")
_RANGE = re.compile(r"\d%?[-~至到]\d+(?:\.\d+)?%")
_TERM = re.compile(r"(\d+|[一二两三四五六七八九十]+)(个月|期|月|年|天)?")
_SPLIT_TERM = re.compile(r"分(\d+|[一二两三四五六七八九十]+)期")
_FULL_DATE = re.compile(r"(20\d\d)[-/.年](\d{1,2})[-/.月](\d{1,2})")
_MONTH_DAY = re.compile(r"(\d{1,2})月(\d{1,2})日")
_BASIS = re.compile(r"(360|365)[天日]|按(360|365)")

# When a fee is paid, from the words near it; failing those, from its name.
_FEE_TIMING = [
    ("per_period", re.compile(r"每期|每月|按月|/月|/期|月付")),
    ("end", re.compile(r"到期|最后一期|末期")),
    ("payout", re.compile(r"扣除|砍头|放款时|预扣|从借款|前置|放款前")),
    ("signing", re.compile(r"签约|签署|开通|单独支付|另行支付")),
]
_USUAL_FEE_TIMING = {"服务费": "payout", "手续费": "payout", "咨询费": "payout", "管理费": "payout",
                     "担保费": "per_period", "会员费": "signing"}


def normalise(text: str) -> str:
    """Fold full-width characters to ASCII and drop spaces: how labels and numbers are matched."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@dataclass
class _Label:
    field: str
    detail: str
    name: str  # the label as shown: 服务费, 日利率 …
    line: Line
    rest: str  # the normalised text after the label, up to the next label on the line
    context: str  # the whole normalised line, for words like 每期 / 放款时扣除
    alone: bool  # the only label on its line: its value may be on another line


def labels_in(text: str) -> list[tuple[str, str, re.Match]]:
    """(field, detail, match) of each label in ``text``, left to right, longest first at a position."""
    found = []
    position = 0
    while True:
        best = None
        for name, detail, pattern in _LABEL_PATTERNS:
            match = pattern.search(text, position)
            if match and (best is None or (match.start(), -len(match[0])) < (best[2].start(), -len(best[2][0]))):
                best = (name, detail, match)
        if best is None:
            return found
        found.append(best)
        position = best[2].end()


def parse_money(text: str) -> tuple[Decimal, str] | None:
    """The first amount in yuan (``10,000.00元``, ``1.5万``, ``¥9,700``) and the text it came from."""
    for match in _MONEY.finditer(text):
        try:
            return parse_amount(match[0]), match[0]
        except NumberError:
            continue
    return None


def parse_rate(text: str) -> tuple[Decimal, str] | None:
    """The first percent (``0.05%``, ``万分之五``, ``万五``) and the text it came from."""
    match = _PERCENT.search(text)
    if match is None:
        return None
    try:
        return parse_percent(match[0]), match[0]
    except NumberError:
        return None


def parse_term(text: str) -> tuple[int, str] | None:
    """Months from ``12期``, ``分12期``, ``24个月``, ``1年``, a bare ``12``; days come back negative."""
    for match in _TERM.finditer(text):
        try:
            count = parse_int(match[1])
        except NumberError:
            continue
        unit = match[2] or ""
        if unit == "年":
            return count * 12, match[0]
        if unit == "天":
            return -count, match[0]
        return count, match[0]
    return None


def parse_repayment(text: str) -> tuple[str, str] | None:
    """The engine's repayment value for the first method word in ``text`` (等额本息 …)."""
    for word, method in _REPAYMENT_WORDS:
        if word in text:
            return method, word
    return None


def parse_date(text: str, today: date) -> tuple[date, bool] | None:
    """A date (2027-01-04, 2027年1月4日, 01月04日) and whether its year was guessed."""
    match = _FULL_DATE.search(text)
    if match:
        try:
            return date(int(match[1]), int(match[2]), int(match[3])), False
        except ValueError:
            return None
    match = _MONTH_DAY.search(text)
    if match:
        month, day = int(match[1]), int(match[2])
        for year in (today.year, today.year + 1):
            try:
                candidate = date(year, month, day)
            except ValueError:
                return None
            if candidate >= today:
                return candidate, True
    return None


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> float:
    return min(a[1], b[1]) - max(a[0], b[0])


class _Reader:
    """One pass over the lines: every label with its value, then one value per field."""

    def __init__(self, lines: list[Line], today: date) -> None:
        self.lines = sorted(lines, key=lambda line: (line.box[1], line.box[0]))
        self.texts = {id(line): normalise(line.text) for line in self.lines}
        self.label_lines = {id(line) for line in self.lines if labels_in(self.texts[id(line)])}
        self.used: set[int] = set()
        self.today = today
        self.reading = OfferReading(lines=list(lines))
        self.found: dict[str, list[tuple[object, tuple[Line, ...]]]] = {}

    # --- finding values ------------------------------------------------------------------------

    def labels(self) -> list[_Label]:
        out = []
        for line in self.lines:
            text = self.texts[id(line)]
            matches = labels_in(text)
            for i, (name, detail, match) in enumerate(matches):
                if match.start() > 0 and text[match.start() - 1] == "免":
                    continue  # 免服务费: advertises the absence of a fee
                end = matches[i + 1][2].start() if i + 1 < len(matches) else len(text)
                out.append(_Label(name, detail, match[0], line, text[match.end():end], text, len(matches) == 1))
        return out

    def beside(self, label: Line) -> Line | None:
        """The nearest unlabelled line to the right at the same height (two columns)."""
        best = None
        for other in self.lines:
            if id(other) in self.label_lines or id(other) in self.used or other.box[0] < label.box[2] - 5:
                continue
            shared_height = _overlap((label.box[1], label.box[3]), (other.box[1], other.box[3]))
            if shared_height < 0.5 * min(label.height, other.height):
                continue
            if best is None or other.box[0] < best.box[0]:
                best = other
        return best

    def below(self, label: Line) -> Line | None:
        """The nearest unlabelled line under the label that overlaps it horizontally."""
        best = None
        for other in self.lines:
            if id(other) in self.label_lines or id(other) in self.used:
                continue
            if other.box[1] < label.box[1] + label.height / 2:
                continue
            if other.box[1] - label.box[3] > 2 * max(label.height, other.height):
                continue
            if _overlap((label.box[0], label.box[2]), (other.box[0], other.box[2])) <= 0:
                continue
            if best is None or other.box[1] < best.box[1]:
                best = other
        return best

    def value(self, label: _Label, parse):
        """(parsed value, the lines it came from, the text around the value) or None."""
        parsed = parse(label.rest)
        if parsed is not None:
            return parsed, (label.line,), label.context
        if not label.alone:
            return None
        for other in (self.beside(label.line), self.below(label.line)):
            if other is None:
                continue
            parsed = parse(self.texts[id(other)])
            if parsed is not None:
                self.used.add(id(other))
                return parsed, (label.line, other), label.context + self.texts[id(other)]
        return None

    def add(self, key: str, value: object, lines: tuple[Line, ...]) -> None:
        self.found.setdefault(key, []).append((value, lines))

    def collect(self) -> None:
        for label in self.labels():
            match label.field:
                case "rate":
                    found = self.value(label, parse_rate)
                    if found and _RANGE.search(found[2]):
                        self.note("rate_range", "rate", tuple(line.text for line in found[1]))
                    elif found:
                        (pct, _), lines, _ = found
                        self.add("rate", (label.detail, pct), lines)
                case "principal" | "installment" | "received":
                    found = self.value(label, parse_money)
                    if found and found[0][0] > 0:
                        self.add(label.field, found[0][0], found[1])
                case "term":
                    found = self.value(label, parse_term)
                    if found:
                        self.add("term", found[0][0], found[1])
                case "repayment":
                    found = self.value(label, parse_repayment)
                    if found:
                        self.add("repayment", found[0][0], found[1])
                case "first_due_date":
                    found = self.value(label, lambda text: parse_date(text, self.today))
                    if found:
                        self.add("first_due_date", found[0], found[1])
                case "fee":
                    self.collect_fee(label)
        # Phrasings that need no label: 分12期, a method word, 按360天计息.
        for line in self.lines:
            text = self.texts[id(line)]
            if (match := _SPLIT_TERM.search(text)) and (found := parse_term(match[0])):
                self.add("term_unlabelled", found[0], (line,))
            if found := parse_repayment(text):
                self.add("repayment_unlabelled", found[0], (line,))
            if match := _BASIS.search(text):
                self.add("day_basis", int(match[1] or match[2]), (line,))

    def collect_fee(self, label: _Label) -> None:
        found = self.value(label, lambda text: parse_rate(text) if "%" in text else parse_money(text))
        if not found or found[0][0] <= 0:
            return
        (amount, token), lines, context = found
        timing = next((when for when, pattern in _FEE_TIMING if pattern.search(context)), None)
        fee = {"when": timing or _USUAL_FEE_TIMING[label.name], "guessed": timing is None, "label": label.name}
        fee["percent" if token.endswith("%") else "amount"] = amount
        self.add("fees", fee, lines)

    # --- choosing one value per field ----------------------------------------------------------

    def note(self, code: str, field: str = "", values: tuple[str, ...] = ()) -> None:
        if Note(code, field, values) not in self.reading.warnings:
            self.reading.warnings.append(Note(code, field, values))

    def first(self, key: str, field: str, show=str):
        """The topmost value found for ``key``; a warning if the screen also shows a different one."""
        found = self.found.get(key)
        if not found:
            return None
        value, lines = found[0]
        others = [show(v) for v, _ in found[1:] if v != value]
        if others:
            self.note("conflicting_values", field, (show(value), *dict.fromkeys(others)))
        self.reading.sources[field] = lines
        return value

    def read(self) -> OfferReading:
        self.collect()
        fields = self.reading.fields
        if (principal := self.first("principal", "principal", money)) is not None:
            fields["principal"] = money(principal)
        self.choose_term(fields)
        self.choose_rate(fields)
        repayment = self.first("repayment", "repayment")
        if repayment is None:
            repayment = self.first("repayment_unlabelled", "repayment")
        if repayment is not None:
            fields["repayment"] = repayment
        elif fields.get("rate", {}).get("kind") in ("period_fee", "total_fee"):
            fields["repayment"] = "equal_principal_flat_fee"  # the engine prices fee rates only this way
            self.note("repayment_inferred", "repayment")
        for key in ("installment", "received"):
            if (amount := self.first(key, key, money)) is not None:
                fields[key] = money(amount)
        self.choose_fees(fields)
        self.choose_date(fields)
        if "rate" in fields and "installment" in fields:
            self.note("rate_and_installment", "installment")
        for field, lines in self.reading.sources.items():
            if min(line.score for line in lines) < LOW_CONFIDENCE:
                self.note("low_confidence", field)
        return self.reading

    def choose_term(self, fields: dict) -> None:
        term = self.first("term", "term")
        if term is None:
            term = self.first("term_unlabelled", "term")
        if term is None:
            return
        if term < 0:
            self.note("term_in_days", "term", (str(-term),))
            del self.reading.sources["term"]
        elif 1 <= term <= MAX_TERM:
            fields["term"] = term

    def choose_rate(self, fields: dict) -> None:
        rates = self.found.get("rate", [])
        stated = [(value, lines) for value, lines in rates if value[0] == "annual"]
        # The lender's own phrasing (日利率, 每期费率 …) prices the loan; a 年化 figure next to
        # it is the lender's claim about the whole cost, kept to compare with the real one.
        phrased = [(value, lines) for value, lines in rates if value[0] != "annual"] or stated
        if stated:
            self.found["stated"] = [(value[1], lines) for value, lines in stated]
            fields["stated_apr_percent"] = percent(self.first("stated", "stated_apr_percent", percent))
        if not phrased:
            return
        self.found["phrased"] = phrased
        kind, pct = self.first("phrased", "rate", lambda v: f"{v[0]} {percent(v[1])}")
        basis = self.first("day_basis", "day_basis")
        # The line that gives the day basis (按360天计息) is part of the rate's source.
        self.reading.sources["rate"] += self.reading.sources.pop("day_basis", ())
        if basis is None:
            basis = 365
            if kind == "daily" and stated and stated[0][0][1] == pct * 360 != pct * 365:
                basis = 360
                self.note("day_basis_from_stated_apr", "rate")
        fields["rate"] = {"kind": kind, "percent": percent(pct), "day_basis": basis}

    def choose_fees(self, fields: dict) -> None:
        fees = []
        for fee, lines in self.found.get("fees", []):
            if any(fee == kept for kept, _ in fees):
                continue  # the same fee shown twice (a summary and a breakdown)
            fees.append((fee, lines))
        principal, received = self.found.get("principal"), self.found.get("received")
        gap = principal[0][0] - received[0][0] if principal and received else None
        out = []
        for index, (fee, lines) in enumerate(fees):
            key = f"fees[{index}]"
            self.reading.sources[key] = lines
            if fee["guessed"]:
                if gap is not None and fee.get("amount") == gap and gap > 0:
                    fee["when"] = "payout"  # principal − received is exactly this fee: it was deducted
                else:
                    self.note("fee_timing_guessed", key, (fee["label"],))
            item = {"when": fee["when"]}
            if "amount" in fee:
                item["amount"] = money(fee["amount"])
            else:
                item["percent"] = percent(fee["percent"])
            item["label"] = fee["label"]
            out.append(item)
        if out:
            fields["fees"] = out
        payout = sum((fee["amount"] for fee, _ in fees if fee["when"] == "payout" and "amount" in fee), Decimal(0))
        if gap is not None and payout and gap != payout:
            self.note("received_disagrees_with_fees", "received", (money(gap), money(payout)))

    def choose_date(self, fields: dict) -> None:
        found = self.first("first_due_date", "start_date", lambda v: v[0].isoformat())
        if found is None:
            return
        due, guessed = found
        self.reading.first_due_date = due
        fields["start_date"] = add_months(due, -1).isoformat()
        if guessed:
            self.note("date_year_guessed", "start_date", (due.isoformat(),))


def extract_fields(lines: list[Line], *, today: date | None = None) -> OfferReading:
    """The offer's fields from recognised lines (no OCR: pure, and fast to test)."""
    return _Reader(lines, today or datetime.now(CHINA).date()).read()
