"""Rules across fields and files that the schema's types cannot say.

Each check yields ``(path, message)``; ``catalog.py`` turns the path into the
file's line. The rules: ids unique and references known; every figure's
confidence no surer than its sources; prices non-negative, ordered
(low ≤ typical ≤ high) and not absurd; terms 1..360 and ones the product's
method can have; dates not after today; LPR fixings in date order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal

from app.finance import FinanceError, Rate, RateKind, Repayment
from app.finance.quote import (
    BALANCE_KINDS,
    DAY_BASES,
    FLAT_KINDS,
    MAX_PRINCIPAL,
    MAX_RATE_DECIMALS,
    MAX_TERM,
    nominal_annual,
)

from .errors import ListIndex, Path_
from .schema import (
    LEVELS,
    Amount,
    Confidence,
    CreditType,
    Evidence,
    Grade,
    LicenceType,
    LprFile,
    PartialDate,
    Pricing,
    Product,
    ProductsFile,
    Source,
    TermPrice,
    ThresholdsFile,
    ThresholdUnit,
    TypicalBasis,
    walk,
)

Issue = tuple[Path_, str]

MAX_NAIVE_ANNUAL_PERCENT = Decimal(100)  # a consumer price above 100 % a year in the catalog is a typo
MAX_LPR_PERCENT = Decimal(20)
REQUIRED_THRESHOLDS = (
    "private_lending_cap",
    "licensed_total_cost_court",
    "regulatory_comprehensive_cost",
    "legacy_void_line",
    "kantouxi",
    "apr_must_be_shown",
    "credit_record_retention_years",
    "bank_penalty_uplift",
    "stated_apr_margin_points",
    "many_lenders_min",
    "long_term_months",
    "long_term_apr",
    "stress_rate_points",
    "stress_income_cut_percent",
    "card_installment_max_months",
    "card_cash_installment_max_months",
    "card_cash_installment_max_yuan",
)
REQUIRED_DTI_BANDS = ("comfortable", "stretched", "over_stretched")
_PER = {
    RateKind.DAILY: "a day",
    RateKind.MONTHLY: "a month",
    RateKind.ANNUAL: "a year",
    RateKind.PERIOD_FEE: "a period",
}


def _num(value: Decimal) -> str:
    """A Decimal as written in the file, without exponent noise (1E+1 → 10)."""
    return format(value, "f")


def _future(path: Path_, when: dt.date | PartialDate | None, today: dt.date) -> Iterator[Issue]:
    first = when.earliest if isinstance(when, PartialDate) else when
    if first is not None and first > today:
        yield path, f"{when} is after today ({today.isoformat()})"


def _duplicates(path: Path_, ids: Iterable[str], what: str) -> Iterator[Issue]:
    first: dict[str, int] = {}
    for i, item in enumerate(ids):
        if item in first:
            yield path + (ListIndex(i), what), f"duplicate {what} {item!r}: {path[-1]}[{first[item]}] already uses it"
        else:
            first[item] = i


# --- evidence: sources exist, confidence no surer than they are -------------------------------------------------


def _evidence(
    path: Path_, confidence: Confidence | None, cited: tuple[str, ...], sources: Mapping[str, Source]
) -> Iterator[Issue]:
    known = []
    for i, source in enumerate(cited):
        if source in sources:
            known.append(source)
        else:
            yield path + ("sources", ListIndex(i)), f"unknown source {source!r} (not in the sources table)"
    if confidence is Confidence.VERIFIED and not any(sources[s].grade is Grade.A for s in known):
        graded = ", ".join(f"{s} ({sources[s].grade})" for s in known) or "none"
        yield path + ("confidence",), f"'verified' needs a grade-A source; cited: {graded}"
    elif confidence is Confidence.SECONDARY and not cited:
        yield path + ("confidence",), "'secondary' needs at least one source; cite it or mark the figure unverified"


# --- products.yaml ---------------------------------------------------------------------------------------------------


def check_products(doc: ProductsFile, thresholds: ThresholdsFile | None, today: dt.date) -> Iterator[Issue]:
    """Every rule for products.yaml; ``thresholds`` (when valid) supplies the credit-card limits."""
    limits = {t.key: t.value for t in thresholds.thresholds} if thresholds is not None else {}
    yield from _future(("as_of",), doc.as_of, today)
    for key, source in doc.sources.items():
        yield from _future(("sources", key, "date"), source.date, today)

    yield from _one_of_each(("credit_types",), [c.id for c in doc.credit_types], list(CreditType), "credit type")
    yield from _one_of_each(("licence_types",), [c.id for c in doc.licence_types], list(LicenceType), "licence type")
    yield from _duplicates(("platforms",), [p.id for p in doc.platforms], "id")
    yield from _duplicates(("products",), [p.id for p in doc.products], "id")

    for path, obj in walk(doc):
        if isinstance(obj, Evidence):
            yield from _evidence(path, obj.confidence, obj.sources, doc.sources)
            yield from _future(path + ("as_of",), obj.as_of, today)
        elif isinstance(obj, TermPrice) and (obj.confidence is not None or obj.sources):
            yield from _evidence(path, obj.confidence, obj.sources, doc.sources)

    platforms = {p.id for p in doc.platforms}
    for i, product in enumerate(doc.products):
        base: Path_ = ("products", ListIndex(i))
        if product.platform not in platforms:
            yield base + ("platform",), f"unknown platform {product.platform!r} (not in platforms)"
        yield from _future(base + ("as_of",), product.as_of, today)
        issues = list(_product(base, product, limits))
        yield from issues
        if not issues:
            yield from _engine_accepts(base, product)


def _one_of_each(path: Path_, ids: list, members: list, what: str) -> Iterator[Issue]:
    first: dict[object, int] = {}
    for i, item in enumerate(ids):
        if item in first:
            yield path + (ListIndex(i), "id"), f"{what} {str(item)!r} is described twice ({path[-1]}[{first[item]}])"
        first.setdefault(item, i)
    for member in members:
        if member not in first:
            yield path, f"missing the {what} {str(member)!r}"


def _product(base: Path_, product: Product, limits: Mapping[str, Decimal | None]) -> Iterator[Issue]:
    months = product.terms.months
    yield from _terms(base + ("terms",), product, limits)
    methods = [option.method for option in product.repayment_methods]
    for j, method in enumerate(methods):
        if method in methods[:j]:
            yield base + ("repayment_methods", ListIndex(j), "method"), f"{str(method)!r} is listed twice"
    pricing_paths: list[tuple[Path_, Pricing]] = [(base + ("pricing",), product.pricing)]
    pricing_paths += [(base + ("other_pricing", ListIndex(k)), p) for k, p in enumerate(product.other_pricing)]
    for path, pricing in pricing_paths:
        if path[-2] == "other_pricing" and pricing.label is None:
            yield path + ("label",), "another pricing needs a label saying which product variant it prices"
        yield from _pricing(path, pricing, months)
        if pricing.repayment not in methods:
            listed = ", ".join(str(m) for m in methods)
            yield (
                path + ("repayment",),
                f"{str(pricing.repayment)!r} is not among the product's repayment_methods ({listed})",
            )
    yield from _amount(base + ("amount",), product, limits)
    penalty = product.penalty
    if penalty.overdue_daily_rate is not None:
        yield from _rate_value(
            base + ("penalty", "overdue_daily_rate"), penalty.overdue_daily_rate, RateKind.DAILY, 365, 1
        )
    if penalty.multiplier is not None and not Decimal(1) <= penalty.multiplier <= Decimal(3):
        yield base + ("penalty", "multiplier"), "a penalty multiplier of the contract rate lies between 1 and 3"
    if penalty.grace_days is not None and not 0 <= penalty.grace_days <= 90:
        yield base + ("penalty", "grace_days"), "grace days must be 0 to 90"
    fee_max = product.prepayment.fee_percent_max
    if fee_max is not None and not Decimal(0) <= fee_max <= Decimal(100):
        yield base + ("prepayment", "fee_percent_max"), "a prepayment fee must be 0 % to 100 % of the principal"
    free = product.interest_free
    if free is not None and free.max_days is not None and not 1 <= free.max_days <= 120:
        yield base + ("interest_free", "max_days"), "an interest-free period must be 1 to 120 days"
    for k, fee in enumerate(product.fees.items):
        path = base + ("fees", "items", ListIndex(k))
        if (fee.percent is None) == (fee.amount is None):
            yield path, "give a fee's percent or its amount, not both or neither"
        for name in ("percent", "amount"):
            value = getattr(fee, name)
            if value is not None and value < 0:
                yield path + (name,), "must not be negative"
        if fee.percent is not None and fee.percent > 100:
            yield path + ("percent",), "a fee above 100 % of the principal is a typo"


def _terms(path: Path_, product: Product, limits: Mapping[str, Decimal | None]) -> Iterator[Issue]:
    months = product.terms.months
    card_max = limits.get("card_installment_max_months") if product.via_credit_card else None
    cash_max = None
    if product.via_credit_card and product.credit_type is CreditType.CASH_INSTALLMENT:
        cash_max = limits.get("card_cash_installment_max_months")
    for j, month in enumerate(months):
        where = path + ("months", ListIndex(j))
        if not 1 <= month <= MAX_TERM:
            yield where, f"a term must be 1 to {MAX_TERM} months"
        elif j and month <= months[j - 1]:
            yield where, "terms must be listed in increasing order, each once"
        elif cash_max is not None and month > cash_max:
            yield (
                where,
                (
                    f"{month} months is longer than a credit-card cash installment may run "
                    f"({_num(cash_max)} months: thresholds card_cash_installment_max_months)"
                ),
            )
        elif card_max is not None and month > card_max:
            yield (
                where,
                (
                    f"{month} months is longer than a credit-card installment may run "
                    f"({_num(card_max)} months: thresholds card_installment_max_months)"
                ),
            )
    default = product.terms.default
    if default is not None and default not in months:
        yield path + ("default",), f"the default term {default} is not in months"


def _pricing(path: Path_, pricing: Pricing, months: tuple[int, ...]) -> Iterator[Issue]:
    kind = pricing.kind
    if kind is RateKind.DAILY:
        if pricing.day_basis is None:
            yield path + ("day_basis",), "a daily rate needs day_basis: 360 or 365 (how it annualises)"
        elif pricing.day_basis not in DAY_BASES:
            yield path + ("day_basis",), "day_basis must be 360 or 365"
    elif pricing.day_basis is not None:
        yield path + ("day_basis",), "day_basis applies only to a daily rate"
    if kind is RateKind.TOTAL_FEE and pricing.fee_timing is None:
        yield path + ("fee_timing",), "a total fee needs fee_timing: spread, first or payout"
    elif kind is not RateKind.TOTAL_FEE and pricing.fee_timing is not None:
        yield path + ("fee_timing",), "fee_timing applies only to a total_fee price"
    if kind in FLAT_KINDS and pricing.repayment is not Repayment.EQUAL_PRINCIPAL_FLAT_FEE:
        yield (
            path + ("repayment",),
            (
                f"a {kind} price is charged on the original principal, so repayment must be "
                "equal_principal_flat_fee (等本等费)"
            ),
        )
    if kind in BALANCE_KINDS and pricing.repayment is Repayment.EQUAL_PRINCIPAL_FLAT_FEE:
        yield (
            path + ("repayment",),
            f"equal_principal_flat_fee needs a fee on the original principal, not a {kind} rate",
        )

    basis = pricing.day_basis if pricing.day_basis in DAY_BASES else 365
    flat = {level: getattr(pricing, level) for level in LEVELS}
    if pricing.by_term is None:
        for level, value in flat.items():
            if value is None:
                yield path + (level,), "required (or give the prices by_term)"
        if all(v is not None for v in flat.values()):
            yield from _levels(path, pricing, pricing, kind, basis, min(months))
        return
    for level, value in flat.items():
        if value is not None:
            yield path + (level,), "give low/typical/high or by_term, not both"
    for term, row in pricing.by_term.items():
        row_path = path + ("by_term", term)
        if term not in months:
            listed = ", ".join(str(m) for m in months)
            yield row_path, f"term {term} is not in terms.months ({listed})"
        else:
            yield from _levels(row_path, row, pricing, kind, basis, term)


def _levels(
    path: Path_, levels: Pricing | TermPrice, pricing: Pricing, kind: RateKind, basis: int, term: int
) -> Iterator[Issue]:
    bad = False
    for level in LEVELS:
        issues = list(_rate_value(path + (level,), getattr(levels, level), kind, basis, term))
        bad = bad or bool(issues)
        yield from issues
    if bad:
        return
    low, typical, high = (getattr(levels, level) for level in LEVELS)
    if low > high:
        yield path + ("high",), f"high ({_num(high)}) is below low ({_num(low)})"
    elif typical < low:
        yield path + ("typical",), f"typical ({_num(typical)}) is below low ({_num(low)})"
    elif typical > high:
        yield path + ("typical",), f"typical ({_num(typical)}) is above high ({_num(high)})"
    elif pricing.typical_basis is TypicalBasis.MIDPOINT and typical != (low + high) / 2:
        yield (
            path + ("typical",),
            f"typical_basis is midpoint, so typical should be {_num((low + high) / 2)} ((low + high) / 2)",
        )


def _rate_value(path: Path_, value: Decimal, kind: RateKind, basis: int, term: int) -> Iterator[Issue]:
    """A single price figure: finite, not negative, at most 6 decimals, not absurd."""
    if not value.is_finite():
        yield path, "must be a finite number"
        return
    if value < 0:
        yield path, "must not be negative"
        return
    exponent = value.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent < -MAX_RATE_DECIMALS:
        yield path, f"at most {MAX_RATE_DECIMALS} decimal places (percent)"
        return
    naive = nominal_annual(Rate(kind, value, basis), term) * 100
    if naive > MAX_NAIVE_ANNUAL_PERCENT:
        per = _PER.get(kind, f"over {term} months")
        yield (
            path,
            (
                f"{_num(value)} % {per} is {float(naive):.0f} % a year before compounding; "
                f"above {_num(MAX_NAIVE_ANNUAL_PERCENT)} % a catalog price is a typo (rates are in percent)"
            ),
        )


def _amount(path: Path_, product: Product, limits: Mapping[str, Decimal | None]) -> Iterator[Issue]:
    amount: Amount = product.amount
    for name in ("min", "max", "credit_line_min", "credit_line_max"):
        value = getattr(amount, name)
        if value is not None and value <= 0:
            yield path + (name,), "must be positive"
        elif value is not None and value > MAX_PRINCIPAL:
            yield path + (name,), f"above {_num(MAX_PRINCIPAL)} yuan, beyond any consumer loan"
    for low, high in (("min", "max"), ("credit_line_min", "credit_line_max")):
        a, b = getattr(amount, low), getattr(amount, high)
        if a is not None and b is not None and a > b:
            yield path + (high,), f"{high} ({_num(b)}) is below {low} ({_num(a)})"
    cap = limits.get("card_cash_installment_max_yuan")
    card_cash = product.via_credit_card and product.credit_type is CreditType.CASH_INSTALLMENT
    if card_cash and cap is not None and (amount.max is None or amount.max > cap):
        yield (
            path + ("max",),
            (
                f"a credit-card cash installment is at most {_num(cap)} yuan "
                "(thresholds card_cash_installment_max_yuan): give max"
            ),
        )


def _engine_accepts(base: Path_, product: Product) -> Iterator[Issue]:
    """Every priced term at every level must make a quote the engine accepts."""
    for k, pricing in enumerate(product.pricings):
        path = base + (("pricing",) if k == 0 else ("other_pricing", ListIndex(k - 1)))
        for term in product.terms.months:
            for level in LEVELS:
                quote = product.quote(product.example_amount, term, level, pricing=pricing)
                if quote is None:
                    continue
                try:
                    quote.terms()
                except FinanceError as exc:
                    yield path, f"the engine rejects the {level} price for {term} months: {exc}"
                    return


# --- reference/lpr.yaml ----------------------------------------------------------------------------------------------


def check_lpr(doc: LprFile, today: dt.date) -> Iterator[Issue]:
    """LPR fixings: dated no later than today, in increasing date order, plausible rates, sourced when sure."""
    yield from _future(("as_of",), doc.as_of, today)
    for i, fixing in enumerate(doc.fixings):
        path: Path_ = ("fixings", ListIndex(i))
        yield from _future(path + ("date",), fixing.date, today)
        if i:
            before = doc.fixings[i - 1].date
            if fixing.date == before:
                yield path + ("date",), f"{fixing.date} is listed twice (also fixings[{i - 1}])"
            elif fixing.date < before:
                yield path + ("date",), f"fixings must be in increasing date order: {fixing.date} comes after {before}"
        if not fixing.rate.is_finite() or not Decimal(0) < fixing.rate <= MAX_LPR_PERCENT:
            yield path + ("rate",), f"an LPR must be above 0 and at most {MAX_LPR_PERCENT} % (rates are in percent)"
        if fixing.confidence is not Confidence.UNVERIFIED and not fixing.source:
            yield path + ("source",), f"a {fixing.confidence} fixing needs its source"


# --- reference/thresholds.yaml ---------------------------------------------------------------------------------------


def check_thresholds(doc: ThresholdsFile, today: dt.date) -> Iterator[Issue]:
    """Thresholds: every required key once, values that fit their unit; DTI bands rising, the last open-ended."""
    yield from _future(("as_of",), doc.as_of, today)
    keys = [t.key for t in doc.thresholds]
    yield from _duplicates(("thresholds",), keys, "key")
    for key in REQUIRED_THRESHOLDS:
        if key not in keys:
            yield ("thresholds",), f"missing the threshold {key!r}"
    for i, threshold in enumerate(doc.thresholds):
        path: Path_ = ("thresholds", ListIndex(i))
        if threshold.unit is ThresholdUnit.RULE:
            for name in ("value", "value_max"):
                if getattr(threshold, name) is not None:
                    yield path + (name,), "a rule has no value: leave it out"
        elif threshold.value is None:
            yield path + ("value",), f"required for a threshold in {threshold.unit}"
        elif threshold.value < 0:
            yield path + ("value",), "must not be negative"
        elif threshold.value_max is not None and threshold.value_max < threshold.value:
            yield (
                path + ("value_max",),
                f"value_max ({_num(threshold.value_max)}) is below value ({_num(threshold.value)})",
            )
        for j, citation in enumerate(threshold.citations):
            yield from _future(path + ("citations", ListIndex(j), "date"), citation.date, today)

    bands = doc.dti_bands
    yield from _duplicates(("dti_bands",), [b.key for b in bands], "key")
    for key in REQUIRED_DTI_BANDS:
        if key not in [b.key for b in bands]:
            yield ("dti_bands",), f"missing the band {key!r}"
    previous = Decimal(0)
    for i, band in enumerate(bands):
        path = ("dti_bands", ListIndex(i))
        last = i == len(bands) - 1
        if last and band.max_percent is not None:
            yield path + ("max_percent",), "the last band has no upper end: leave max_percent out"
        elif not last and band.max_percent is None:
            yield path + ("max_percent",), "required for every band but the last"
        elif band.max_percent is not None:
            if not previous < band.max_percent < 100:
                yield (
                    path + ("max_percent",),
                    f"must rise from band to band and stay below 100 (previous {_num(previous)})",
                )
            previous = band.max_percent
        for j, citation in enumerate(band.references):
            yield from _future(path + ("references", ListIndex(j), "date"), citation.date, today)
