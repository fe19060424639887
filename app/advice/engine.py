"""Which warnings and tips apply to a borrower's situation, with the numbers that make them true."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Protocol, Union

import yaml

from .. import i18n
from ..finance import FinanceError, QuoteResult, RateKind, Repayment, price
from ..finance.affordability import Affordability, Band, DtiBands
from ..finance.money import rounded_percent
from ..finance.penalty import minimum_payment_path, overdue_cost
from .messages import FRAGMENTS, MESSAGES, PHRASES

RULES_FILE = Path(__file__).with_name("rules.yaml")
SEVERITY_ORDER = {"danger": 0, "caution": 1, "info": 2}


class Reference(Protocol):
    """The dated reference data advice compares against (see app/catalog/reference)."""

    def value(self, key: str, bound: str = "value") -> Decimal:
        """A threshold by key, e.g. ``regulatory_comprehensive_cost`` → 24 (``bound="value_max"``: top of a range)."""

    def lpr_on(self, day: date) -> Decimal:
        """The 1-year LPR in force on ``day``, in percent."""

    @property
    def dti_limits(self) -> DtiBands:
        """The comfortable and stretched bands' upper limits."""


# --- parameters: raw values, formatted only when a message is rendered -------------------------


@dataclass(frozen=True)
class Money:
    value: Decimal


@dataclass(frozen=True)
class Percent:
    value: float | Decimal
    places: int = 2


@dataclass(frozen=True)
class Points:
    """A difference between two rates, in percentage points (5.86)."""

    value: float | Decimal


@dataclass(frozen=True)
class Day:
    value: date


@dataclass(frozen=True)
class Count:
    value: int


@dataclass(frozen=True)
class Localized:
    """Text from the data files, already in both languages."""

    text: Mapping[str, str]


@dataclass(frozen=True)
class Phrase:
    """A translatable fragment with its own parameters."""

    template: str
    params: Mapping[str, Param] = field(default_factory=dict)


@dataclass(frozen=True)
class Joined:
    """Fragments joined with the locale's list separator."""

    items: tuple[Param, ...]


Param = Union[Money, Percent, Points, Day, Count, Localized, Phrase, Joined, str]


def render(param: Param, lang: str) -> str:
    """One parameter in ``lang``: Babel formats every number, amount, rate and date."""
    match param:
        case Money(value):
            return i18n.money(value, lang)
        case Percent(value, places):
            return i18n.rate(value, lang, places)
        case Points(value):
            return i18n.number(value, lang, 2)
        case Day(value):
            return i18n.day(value, lang)
        case Count(value):
            return i18n.number(value, lang)
        case Localized(text):
            return text.get(lang) or text.get("en", "")
        case Phrase(template, params):
            return i18n.gettext(lang, template) % {k: render(v, lang) for k, v in params.items()}
        case Joined(items):
            return i18n.gettext(lang, FRAGMENTS["list_separator"]).join(render(p, lang) for p in items)
        case str():
            return param
    raise TypeError(param)


# --- rules and citations --------------------------------------------------------------------------


@dataclass(frozen=True)
class Citation:
    key: str
    document: Mapping[str, str]
    article: Mapping[str, str] | None
    date: str | None
    url: str | None
    confidence: str
    note: Mapping[str, str] | None = None

    def text(self, lang: str) -> str:
        """"《…》第十六条 (2013-03-15)" in the reader's language."""
        parts = [self.document.get(lang, self.document["en"])]
        if self.article:
            parts.append(self.article.get(lang, self.article["en"]))
        label = (" " if lang == "en" else "").join(parts)
        if not self.date:
            return label
        return f"{label} ({self.date})" if lang == "en" else f"{label}（{self.date}）"


@dataclass(frozen=True)
class Rule:
    code: str
    kind: str
    severity: str
    citations: tuple[Citation, ...]


@lru_cache(maxsize=1)
def rules() -> dict[str, Rule]:
    """Rules by code, from rules.yaml (read once per process)."""
    data = yaml.safe_load(RULES_FILE.read_text("utf-8"))
    citations = {key: Citation(key=key, **value) for key, value in data["citations"].items()}
    return {
        r["code"]: Rule(r["code"], r["kind"], r["severity"], tuple(citations[c] for c in r["citations"]))
        for r in data["rules"]
    }


@dataclass(frozen=True)
class Advice:
    """A warning or a tip: what it is, how serious, what it rests on, and its numbers."""

    code: str
    kind: str
    severity: str
    params: Mapping[str, Param]
    citations: tuple[Citation, ...]
    template: str

    def message(self, lang: str) -> str:
        """The message in ``lang`` (rendered once per language: a comparison shows it in many places)."""
        rendered = self.__dict__.setdefault("_rendered", {})
        if lang not in rendered:
            rendered[lang] = i18n.gettext(lang, self.template) % {k: render(v, lang) for k, v in self.params.items()}
        return rendered[lang]


def _advice(code: str, template: str | None = None, **params: Param) -> Advice:
    rule = rules()[code]
    return Advice(code, rule.kind, rule.severity, params, rule.citations, template or MESSAGES[code])


# --- the borrower's situation -------------------------------------------------------------------


@dataclass(frozen=True)
class Revolving:
    """A revolving line (花呗, credit cards): minimum share of each bill and the daily rate on the rest."""

    minimum_percent: Decimal
    daily_rate_percent: Decimal


@dataclass(frozen=True)
class Situation:
    """Everything advice may look at. Only what the borrower told us is flagged from their answers."""

    result: QuoteResult | None = None
    affordability: Affordability | None = None
    max_affordable: Decimal | None = None  # at the top of the comfortable band, this price and term
    lender_known: bool | None = None  # False: a typed offer whose lender is blank or unlicensed
    fee_before_payout: bool = False
    student: bool = False
    lenders_owed: int | None = None
    stated_apr_percent: Decimal | None = None
    penalty_daily_percent: Decimal | None = None  # the lender's published penalty rate, if any
    prepayment_fee: Param | None = None
    revolving: Revolving | None = None
    shorter: QuoteResult | None = None  # the same offer over a shorter term, when the caller knows its price
    debts: tuple[tuple[str, float], ...] = ()  # (name, APR %) of the borrower's other debts
    today: date | None = None


def _percent_places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(2, -exponent) if isinstance(exponent, int) else 2


def _apr_lines(s: Situation, ref: Reference) -> list[Advice]:
    r = s.result
    assert r is not None
    apr = rounded_percent(r.apr_percent)  # 24.0008% is 24.00%: not above 24
    shown = Percent(r.apr_percent)
    void, comprehensive = ref.value("legacy_void_line"), ref.value("regulatory_comprehensive_cost")
    if apr > void:
        return [_advice("apr_above_36", apr=shown, line=Percent(void))]
    if apr > comprehensive:
        return [_advice("apr_above_24", apr=shown, line=Percent(comprehensive))]
    contract = r.quote.contract_date or r.quote.start_date or s.today
    if contract is None:
        return []
    lpr = ref.lpr_on(contract)
    cap = ref.value("private_lending_cap") * lpr
    if apr > cap:
        return [_advice("apr_above_private_cap", apr=shown, cap=Percent(cap), lpr=Percent(lpr), date=Day(contract))]
    return []


def _quote_warnings(s: Situation, ref: Reference) -> list[Advice]:
    r = s.result
    assert r is not None
    out = _apr_lines(s, ref)
    apr = Percent(r.apr_percent)
    if r.upfront_deduction > 0:
        out.append(
            _advice(
                "upfront_deduction",
                received=Money(r.totals.received),
                principal=Money(r.totals.principal),
                deducted=Money(r.upfront_deduction),
                apr=apr,
            )
        )
    rate = r.quote.rate
    if rate is not None and rate.kind in PHRASES:
        figure = Percent(rate.percent, _percent_places(rate.percent))
        out.append(
            _advice(
                "rate_not_annualised",
                phrase=Phrase(PHRASES[rate.kind], {"figure": figure}),
                naive=Percent(r.naive_annual_percent or 0),
                apr=apr,
            )
        )
    if s.stated_apr_percent is not None:
        gap = rounded_percent(r.apr_percent) - rounded_percent(float(s.stated_apr_percent))
        if gap > ref.value("stated_apr_margin_points"):
            out.append(_advice("stated_apr_understated", stated=Percent(s.stated_apr_percent), apr=apr, gap=Points(gap)))
    if r.terms.n >= ref.value("long_term_months") and rounded_percent(r.apr_percent) > ref.value("long_term_apr"):
        share = r.totals.cost / r.totals.received * 100
        out.append(_advice("long_term_high_cost", months=Count(r.terms.n), cost=Money(r.totals.cost), share=Percent(share, 0), apr=apr))
    if s.revolving is not None:
        floor = (r.totals.principal / 100).quantize(Decimal("0.01"))
        path = minimum_payment_path(r.totals.principal, s.revolving.minimum_percent, s.revolving.daily_rate_percent, minimum_floor=floor)
        out.append(
            _advice(
                "minimum_payment_trap",
                min_share=Percent(s.revolving.minimum_percent, 0),
                floor=Money(floor),
                balance=Money(r.totals.principal),
                daily=Percent(s.revolving.daily_rate_percent, _percent_places(s.revolving.daily_rate_percent)),
                months=Count(path.months),
                total=Money(path.total_paid),
                interest=Money(path.interest),
            )
        )
    if s.prepayment_fee is not None:
        out.append(_advice("prepayment_fee", fee=s.prepayment_fee))
    out.append(_penalty(s, ref))
    return out


def _penalty(s: Situation, ref: Reference) -> Advice:
    r = s.result
    assert r is not None
    payment = r.monthly_payment
    if s.penalty_daily_percent is not None:
        daily = s.penalty_daily_percent
        basis = Phrase(FRAGMENTS["penalty_basis_product"], {"rate": Percent(daily, _percent_places(daily))})
    else:
        uplift = ref.value("bank_penalty_uplift", "value_max")
        daily = Decimal(repr(r.apr_percent)) * (100 + uplift) / 100 / 365
        basis = Phrase(FRAGMENTS["penalty_basis_uplift"], {"uplift": Percent(uplift, 0)})
    return _advice(
        "penalty_cost",
        payment=Money(payment),
        penalty=Money(overdue_cost(payment, daily)),
        basis=basis,
        years=Count(int(ref.value("credit_record_retention_years"))),
    )


def _personal_warnings(s: Situation, ref: Reference) -> list[Advice]:
    out = []
    a = s.affordability
    if a is not None and a.band_after is not Band.COMFORTABLE:
        line = Percent(ref.dti_limits.comfortable_max, 0)
        if a.band_after is Band.OVER_STRETCHED:
            if s.max_affordable is not None:
                out.append(_advice("dti_high", dti=Percent(a.dti_after), max=Money(s.max_affordable), line=line))
            else:
                out.append(_advice("dti_high", MESSAGES["dti_high.no_quote"], dti=Percent(a.dti_after)))
        else:
            out.append(_advice("dti_caution", dti=Percent(a.dti_after), line=line))
    if s.fee_before_payout:
        out.append(_advice("fee_before_payout"))
    if s.student:
        out.append(_advice("student_borrower"))
    if s.lender_known is False:
        out.append(_advice("unknown_lender"))
    if s.lenders_owed is not None and s.lenders_owed >= ref.value("many_lenders_min"):
        out.append(_advice("many_lenders", count=Count(s.lenders_owed)))
    return out


def _shorter(r: QuoteResult) -> QuoteResult | None:
    """The same price over half the term, where the phrasing keeps its meaning (not a total fee)."""
    rate = r.quote.rate
    if rate is None or rate.kind is RateKind.TOTAL_FEE or r.terms.n < 6:
        return None
    try:
        return price(replace(r.quote, term=r.terms.n // 2))
    except FinanceError:
        return None


def _tips(s: Situation) -> list[Advice]:
    out = []
    r = s.result
    if r is not None:
        rate = r.quote.rate
        if r.terms.method is Repayment.EQUAL_INSTALLMENT and rate is not None and r.terms.balance_rate > 0:
            other = price(replace(r.quote, repayment=Repayment.EQUAL_PRINCIPAL))
            saving = r.totals.interest - other.totals.interest
            if saving > 0:
                out.append(_advice("tip_equal_principal", saving=Money(saving), first=Money(other.first_payment)))
        shorter = s.shorter or _shorter(r)
        if shorter is not None and shorter.totals.cost < r.totals.cost:
            out.append(
                _advice(
                    "tip_shorter_term",
                    months=Count(shorter.terms.n),
                    term=Count(r.terms.n),
                    cost=Money(shorter.totals.cost),
                    current=Money(r.totals.cost),
                    saving=Money(r.totals.cost - shorter.totals.cost),
                    payment=Money(shorter.monthly_payment),
                )
            )
    if len(s.debts) >= 2:
        ordered = sorted(s.debts, key=lambda d: -d[1])
        items = tuple(Phrase(FRAGMENTS["order_item"], {"name": name, "apr": Percent(apr)}) for name, apr in ordered)
        out.append(_advice("tip_repay_order", order=Joined(items)))
    stretched = s.affordability is not None and s.affordability.band_after is not Band.COMFORTABLE
    if stretched or (s.lenders_owed or 0) >= 2:
        out.append(_advice("tip_no_borrow_to_repay"))
    if r is not None:
        first = r.schedule[0].due_date
        due = Phrase(FRAGMENTS["first_due"], {"date": Day(first)}) if first else ""
        out.append(_advice("tip_autopay", payment=Money(r.monthly_payment), first=due))
        out.append(_advice("tip_contract", apr=Percent(r.apr_percent), fees=Money(r.totals.fees), received=Money(r.totals.received)))
    out.append(_advice("tip_complain"))
    return out


def advise(situation: Situation, reference: Reference, *, tips: bool = True) -> tuple[list[Advice], list[Advice]]:
    """(warnings, tips) for ``situation``; warnings most serious first. ``tips=False`` skips the tips
    (a comparison table shows only warning badges, and tips price alternatives)."""
    warnings: list[Advice] = []
    if situation.result is not None:
        warnings += _quote_warnings(situation, reference)
    warnings += _personal_warnings(situation, reference)
    warnings.sort(key=lambda a: SEVERITY_ORDER[a.severity])
    return warnings, (_tips(situation) if tips else [])
