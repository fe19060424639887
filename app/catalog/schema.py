"""The shape of the catalog files (pydantic v2): fields, types and enums.

Rules that span fields or files (low ≤ typical ≤ high, known source ids, the
terms a method can have, dates not in the future…) live in ``checks.py``, so
each problem can name the exact field and line. Models are frozen: the catalog
is read-only once loaded. Every text meant for users is a ``Text`` pair.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    StringConstraints,
)
from pydantic_core import core_schema

from app.finance import Fee, FeeTiming, FeeWhen, Quote, Rate, RateKind, Repayment
from app.finance.money import to_decimal

from .errors import ListIndex, Path_

Level = Literal["low", "typical", "high"]
LEVELS: tuple[Level, ...] = ("low", "typical", "high")
EXAMPLE_AMOUNT = Decimal(10000)


class Confidence(StrEnum):
    """How sure a figure is (mapping from the research marks: see the top of products.yaml)."""

    VERIFIED = "verified"  # in a grade-A source
    SECONDARY = "secondary"  # only in B/C-grade sources
    UNVERIFIED = "unverified"  # recollection or assumption


class CreditType(StrEnum):
    """The four kinds of consumer credit the app explains."""

    CREDIT_LOAN = "credit_loan"  # 信用贷款
    MERCHANDISE_INSTALLMENT = "merchandise_installment"  # 商品分期
    CASH_INSTALLMENT = "cash_installment"  # 现金分期
    CREDIT_CARD_INSTALLMENT = "credit_card_installment"  # 信用卡分期


class LicenceType(StrEnum):
    """What kind of licence the lender holds."""

    BANK = "bank"
    CONSUMER_FINANCE_COMPANY = "consumer_finance_company"
    NETWORK_MICROLOAN_COMPANY = "network_microloan_company"
    UNKNOWN = "unknown"


class Grade(StrEnum):
    """Source grade: A regulator / official / top wire / academic, B business press, C explainer or Q&A page."""

    A = "A"
    B = "B"
    C = "C"


class TypicalBasis(StrEnum):
    """Where a price's typical figure comes from."""

    PUBLISHED = "published"
    MIDPOINT = "midpoint"  # no typical figure is published: (low + high) / 2
    ASSUMED = "assumed"


class Charged(StrEnum):
    """Whether a fee is part of every loan (and so of the quote) or only of some."""

    ALWAYS = "always"
    SOMETIMES = "sometimes"


class ThresholdUnit(StrEnum):
    """What a threshold's value measures."""

    PERCENT_PER_YEAR = "percent_per_year"
    LPR_MULTIPLE = "lpr_multiple"
    PERCENT_OF_CONTRACT_RATE = "percent_of_contract_rate"
    YEARS = "years"
    MONTHS = "months"
    YUAN = "yuan"
    PERCENTAGE_POINTS = "percentage_points"
    PERCENT = "percent"
    COUNT = "count"
    RULE = "rule"


_PARTIAL_DATE = re.compile(r"^(~?)(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True)
class PartialDate:
    """A date as precise as the source is: ``2022-01-06``, ``2022-01``, ``2022``, ``~2023`` or ``undated``."""

    text: str

    @classmethod
    def parse(cls, value: object) -> PartialDate:
        """Accept YAML dates, bare years and the text forms above."""
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, dt.datetime):
            raise ValueError("give a date without a time")
        if isinstance(value, dt.date):
            return cls(value.isoformat())
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            raise ValueError("expected a date: 2022-01-06, 2022-01, 2022, ~2022 or undated")
        text = value.strip()
        if text == "undated":
            return cls(text)
        match = _PARTIAL_DATE.match(text)
        if match is None:
            raise ValueError(f"{text!r} is not a date: expected 2022-01-06, 2022-01, 2022, ~2022 or undated")
        _, year, month, day = match.groups()
        try:
            dt.date(int(year), int(month or 1), int(day or 1))
        except ValueError as exc:
            raise ValueError(f"{text!r} is not a date: {exc}") from None
        return cls(text)

    @property
    def earliest(self) -> dt.date | None:
        """The first day the text can mean (None when undated): what "not in the future" is checked on."""
        match = _PARTIAL_DATE.match(self.text)
        if match is None:
            return None
        _, year, month, day = match.groups()
        return dt.date(int(year), int(month or 1), int(day or 1))

    @property
    def approximate(self) -> bool:
        return self.text.startswith("~")

    def __str__(self) -> str:
        return self.text

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            cls.parse, serialization=core_schema.plain_serializer_function_ser_schema(str)
        )


Slug = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)]
SourceId = Annotated[str, StringConstraints(pattern=r"^S\d+[a-z]?$")]
Url = Annotated[str, StringConstraints(pattern=r"^https?://\S+$")]
Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Model(BaseModel):
    """Base: unknown fields are errors (they are typos), and loaded data is read-only."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Model):
    """A text for users, in Chinese and English."""

    zh: Line
    en: Line

    def get(self, locale: str) -> str:
        """The text for ``locale`` (``zh``, ``zh_CN``, ``en``…); English for any other language."""
        return self.zh if locale.lower().startswith("zh") else self.en


class Evidence(Model):
    """Where a figure comes from and how sure it is."""

    confidence: Confidence
    sources: tuple[SourceId, ...] = ()
    as_of: PartialDate | None = None
    note: Text | None = None
    dispute: Text | None = None  # sources disagree, or the fact is contested


class Source(Model):
    """One entry of the sources table."""

    title: Line
    url: Url | None = None
    date: PartialDate
    grade: Grade
    grade_note: str | None = None
    note: str | None = None


class CreditTypeInfo(Model):
    """A credit type explained: how it works, its cost shape, what to watch for."""

    id: CreditType
    name: Text
    how_it_works: Text
    cost_shape: Text
    watch_for: Text


class LicenceTypeInfo(Model):
    """A licence type explained."""

    id: LicenceType
    name: Text
    explanation: Text


class Platform(Evidence):
    """Where the borrower meets the product (an app or wallet) and who runs it."""

    id: Slug
    name: Text
    operator: Text


class Lender(Evidence):
    """An institution that actually lends the money, and its licence."""

    name: Text
    licence: LicenceType


class TermPrice(Model):
    """Low / typical / high price for one term; its own confidence when it differs from the table's."""

    low: Decimal
    typical: Decimal
    high: Decimal
    confidence: Confidence | None = None
    sources: tuple[SourceId, ...] = ()
    note: Text | None = None


class Pricing(Evidence):
    """How the lender phrases the price, in the engine's conventions, with its published range.

    Either one range for every term (``low``/``typical``/``high``) or a range per
    term (``by_term``), in percent per the ``kind`` (0.05 with ``daily`` = 0.05 % a day).
    """

    label: Text | None = None
    phrasing: Text
    kind: RateKind
    repayment: Repayment
    day_basis: int | None = None
    fee_timing: FeeTiming | None = None
    low: Decimal | None = None
    typical: Decimal | None = None
    high: Decimal | None = None
    typical_basis: TypicalBasis = TypicalBasis.PUBLISHED
    by_term: dict[int, TermPrice] | None = None

    def percent_at(self, term: int, level: Level) -> Decimal | None:
        """The price in percent for ``term`` at ``level``, or None when this pricing has none for the term."""
        if level not in LEVELS:
            raise ValueError(f"level must be one of {', '.join(LEVELS)}, not {level!r}")
        if self.by_term is not None:
            row = self.by_term.get(term)
            return None if row is None else getattr(row, level)
        return getattr(self, level)

    def rate(self, percent: Decimal) -> Rate:
        """The engine's ``Rate`` for a price of ``percent`` in this phrasing."""
        return Rate(self.kind, percent, self.day_basis or 360, self.fee_timing or FeeTiming.SPREAD)


class Terms(Evidence):
    """The terms (months) the product lends for."""

    months: Annotated[tuple[int, ...], Field(min_length=1)]
    default: int | None = None


class RepaymentOption(Evidence):
    """A repayment method the product offers."""

    method: Repayment


class FeeRule(Evidence):
    """A fee besides the price: a ``percent`` of the principal or a fixed ``amount`` in yuan."""

    label: Text
    when: FeeWhen
    percent: Decimal | None = None
    amount: Decimal | None = None
    charged: Charged

    def engine_fee(self) -> Fee:
        return Fee(self.when, amount=self.amount, percent=self.percent, label=self.label.en)


class Fees(Evidence):
    """Fees besides the price, with a plain summary (often: none found)."""

    summary: Text
    items: tuple[FeeRule, ...] = ()


class Penalty(Evidence):
    """What being late costs: a daily rate on the overdue amount and/or a multiple of the contract rate."""

    summary: Text
    overdue_daily_rate: Decimal | None = None  # percent a day
    multiplier: Decimal | None = None  # × the contract rate
    grace_days: int | None = None


class Prepayment(Evidence):
    """Repaying early: allowed or not (None = unknown), its fee, and whether fees already paid come back."""

    summary: Text
    allowed: bool | None = None
    fee_percent_max: Decimal | None = None
    fees_refunded: bool | None = None


class InterestFree(Evidence):
    """The interest-free period, where there is one."""

    summary: Text
    max_days: int | None = None


class Amount(Evidence):
    """How much one loan (``min``/``max``) and the credit line can be, in yuan; None = not known."""

    min: Decimal | None = None
    max: Decimal | None = None
    credit_line_min: Decimal | None = None
    credit_line_max: Decimal | None = None
    summary: Text | None = None

    def allows(self, amount: Decimal) -> bool:
        """True unless ``amount`` is outside a known limit."""
        return (self.min is None or amount >= self.min) and (self.max is None or amount <= self.max)


class Revolving(Evidence):
    """Paying less than the whole bill: the minimum share of each bill and the daily rate on the rest."""

    minimum_percent: Decimal = Field(gt=0, le=100)
    daily_rate: Decimal = Field(ge=0, le=1)  # percent a day


class Note(Evidence):
    """Anything else a borrower should know, with its source."""

    text: Text


class Product(Model):
    """A consumer-credit product: who lends, how it is priced, and its terms and rules."""

    id: Slug
    name: Text
    platform: Slug
    credit_type: CreditType
    via_credit_card: bool = False
    lenders: Annotated[tuple[Lender, ...], Field(min_length=1)]
    lender_dispute: Text | None = None
    pricing: Pricing
    other_pricing: tuple[Pricing, ...] = ()
    terms: Terms
    repayment_methods: Annotated[tuple[RepaymentOption, ...], Field(min_length=1)]
    fees: Fees
    penalty: Penalty
    prepayment: Prepayment
    interest_free: InterestFree | None = None
    revolving: Revolving | None = None
    amount: Amount
    notes: tuple[Note, ...] = ()
    as_of: PartialDate
    as_of_note: Text | None = None

    @property
    def pricings(self) -> tuple[Pricing, ...]:
        """The main pricing first, then the other ways the product is priced."""
        return (self.pricing, *self.other_pricing)

    @property
    def sources(self) -> tuple[str, ...]:
        """Every source id cited anywhere in the product, in order of first citation."""
        seen: dict[str, None] = {}
        for _, obj in walk(self):
            if obj is self:  # a product's own ``sources`` is this property
                continue
            for source in getattr(obj, "sources", ()):
                seen.setdefault(source, None)
        return tuple(seen)

    @property
    def example_amount(self) -> Decimal:
        """¥10,000, moved inside the product's amount limits: a sensible default to show."""
        amount = EXAMPLE_AMOUNT
        if self.amount.max is not None:
            amount = min(amount, self.amount.max)
        if self.amount.min is not None:
            amount = max(amount, self.amount.min)
        return amount

    def quote(
        self,
        amount: Decimal | int | str,
        term: int,
        level: Level = "typical",
        start_date: dt.date | None = None,
        *,
        pricing: Pricing | None = None,
    ) -> Quote | None:
        """The engine ``Quote`` for borrowing ``amount`` over ``term`` months at the ``level`` price.

        Uses the product's main pricing (or ``pricing``, one of ``self.pricings``)
        and the fees every loan carries. None when the product does not lend that
        amount or term, or the pricing has no price for the term.
        """
        chosen = self.pricing if pricing is None else pricing
        percent = chosen.percent_at(term, level)
        principal = to_decimal(amount)
        if percent is None or term not in self.terms.months or not self.amount.allows(principal):
            return None
        fees = tuple(f.engine_fee() for f in self.fees.items if f.charged is Charged.ALWAYS)
        return Quote(
            principal=principal,
            term=term,
            repayment=chosen.repayment,
            rate=chosen.rate(percent),
            fees=fees,
            start_date=start_date,
            contract_date=start_date,
        )


class ProductsFile(Model):
    """products.yaml."""

    schema_version: Literal[1]
    as_of: dt.date
    sources: dict[SourceId, Source]
    credit_types: tuple[CreditTypeInfo, ...]
    licence_types: tuple[LicenceTypeInfo, ...]
    platforms: tuple[Platform, ...]
    products: tuple[Product, ...]


class LprFixing(Model):
    """A 1-year LPR fixing: the rate (percent) in force from ``date`` until the next fixing."""

    date: dt.date
    rate: Decimal
    confidence: Confidence
    date_confidence: Confidence | None = None  # when the day is less sure than the rate
    source: str | None = None
    note: str | None = None


class LprFile(Model):
    """reference/lpr.yaml."""

    as_of: dt.date
    fixings: Annotated[tuple[LprFixing, ...], Field(min_length=1)]


class Citation(Model):
    """Where a rule is written: document, number, article, date, link."""

    document: Line
    number: str | None = None
    article: str | None = None
    date: PartialDate | None = None
    url: Url | None = None
    note: str | None = None


class Threshold(Model):
    """A regulatory line an offer is compared with, and what it rests on."""

    key: Slug
    value: Decimal | None = None
    value_max: Decimal | None = None
    unit: ThresholdUnit
    summary: Text
    applies_to: Text | None = None
    citations: Annotated[tuple[Citation, ...], Field(min_length=1)]
    confidence: Confidence
    note: Text | None = None
    editorial: bool = False  # a line LoanLens chose for a warning, not a rule of law


class DtiBand(Model):
    """An affordability band: debt-to-income up to ``max_percent`` (None: no upper end)."""

    key: Slug
    max_percent: Decimal | None = None
    label: Text
    explanation: Text
    references: Annotated[tuple[Citation, ...], Field(min_length=1)]
    confidence: Confidence


class ThresholdsFile(Model):
    """reference/thresholds.yaml."""

    as_of: dt.date
    thresholds: tuple[Threshold, ...]
    dti_bands: tuple[DtiBand, ...]


def walk(model: BaseModel, path: Path_ = ()) -> Iterator[tuple[Path_, BaseModel]]:
    """Every model inside ``model`` (itself first) with its path: tuples give ``ListIndex``es, dicts their keys."""
    yield path, model
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(value, BaseModel):
            yield from walk(value, path + (name,))
        elif isinstance(value, tuple):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from walk(item, path + (name, ListIndex(i)))
        elif isinstance(value, dict):
            for key, item in value.items():
                if isinstance(item, BaseModel):
                    yield from walk(item, path + (name, key))
