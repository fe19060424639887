"""The catalog in memory: three validated files behind one read-only object.

``load_catalog()`` reads products.yaml and the dated reference data
(reference/lpr.yaml, reference/thresholds.yaml), validates the shapes
(schema.py) and the rules across fields and files (checks.py), and raises
``CatalogError`` listing every problem as ``file:line: field: message``.
A valid catalog is cached per process by content hash, so every app created
from the same files shares one object.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import threading
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ValidationError

from app.finance.affordability import DtiBands
from app.settings import ROOT

from .checks import Issue, check_lpr, check_products, check_thresholds
from .errors import CatalogError, ListIndex, Path_, Problem
from .loader import Document, parse_yaml, read_bytes
from .schema import (
    CreditType,
    CreditTypeInfo,
    DtiBand,
    LicenceType,
    LicenceTypeInfo,
    LprFile,
    LprFixing,
    Platform,
    Product,
    ProductsFile,
    Source,
    Threshold,
    ThresholdsFile,
)

REFERENCE = Path(__file__).resolve().parent / "reference"
DEFAULT_PRODUCTS = ROOT / "products.yaml"
DEFAULT_LPR = REFERENCE / "lpr.yaml"
DEFAULT_THRESHOLDS = REFERENCE / "thresholds.yaml"
CHINA = ZoneInfo("Asia/Shanghai")

T = TypeVar("T")
U = TypeVar("U")

_cache: dict[tuple[Any, ...], Catalog] = {}
_cache_lock = threading.Lock()


class LprUnavailable(LookupError):
    """No 1-year LPR is known for the date asked (before the first fixing of 2019-08-20)."""


def china_today() -> dt.date:
    """Today's date in China: the catalog's dates are Beijing dates."""
    return dt.datetime.now(CHINA).date()


class Catalog:
    """Credit types, platforms, products, LPR fixings and thresholds, validated and read-only."""

    def __init__(self, products: ProductsFile, lpr: LprFile, thresholds: ThresholdsFile, content_hash: str) -> None:
        self._products_file = products
        self._lpr_file = lpr
        self._thresholds_file = thresholds
        self.content_hash = content_hash
        self._products = {p.id: p for p in products.products}
        self._platforms = {p.id: p for p in products.platforms}
        self._credit_types = {c.id: c for c in products.credit_types}
        self._thresholds = MappingProxyType({t.key: t for t in thresholds.thresholds})
        self._fixing_dates = [f.date for f in lpr.fixings]

    def __repr__(self) -> str:
        return f"<Catalog {self.summary()}>"

    @property
    def as_of(self) -> dt.date:
        """When products.yaml was compiled; each figure carries its own, older, date."""
        return self._products_file.as_of

    @property
    def products(self) -> tuple[Product, ...]:
        return self._products_file.products

    @property
    def platforms(self) -> tuple[Platform, ...]:
        return self._products_file.platforms

    @property
    def credit_types(self) -> tuple[CreditTypeInfo, ...]:
        return self._products_file.credit_types

    @property
    def licence_types(self) -> tuple[LicenceTypeInfo, ...]:
        return self._products_file.licence_types

    @property
    def sources(self) -> Mapping[str, Source]:
        return MappingProxyType(self._products_file.sources)

    @property
    def thresholds(self) -> Mapping[str, Threshold]:
        """Regulatory thresholds by key (``private_lending_cap``, ``legacy_void_line``…)."""
        return self._thresholds

    @property
    def dti_bands(self) -> tuple[DtiBand, ...]:
        return self._thresholds_file.dti_bands

    @property
    def lpr_fixings(self) -> tuple[LprFixing, ...]:
        return self._lpr_file.fixings

    @property
    def lpr_as_of(self) -> dt.date:
        """The fixings are complete up to this date; later fixings are not known to the catalog."""
        return self._lpr_file.as_of

    def product_or_none(self, product_id: str) -> Product | None:
        """The product with this id, or None."""
        return self._products.get(product_id)

    def product(self, product_id: str) -> Product:
        """The product with this id; ``KeyError`` when there is none."""
        try:
            return self._products[product_id]
        except KeyError:
            raise KeyError(f"no product {product_id!r} in the catalog") from None

    def platform(self, platform_id: str) -> Platform:
        try:
            return self._platforms[platform_id]
        except KeyError:
            raise KeyError(f"no platform {platform_id!r} in the catalog") from None

    def credit_type(self, credit_type: CreditType | str) -> CreditTypeInfo:
        return self._credit_types[CreditType(credit_type)]

    def products_of_type(self, credit_type: CreditType | str) -> tuple[Product, ...]:
        kind = CreditType(credit_type)
        return tuple(p for p in self.products if p.credit_type is kind)

    def lpr_fixing_on(self, day: dt.date) -> LprFixing:
        """The 1-year LPR fixing in force on ``day``: the latest fixing on or before it."""
        index = bisect.bisect_right(self._fixing_dates, day)
        if index == 0:
            first = self._fixing_dates[0]
            raise LprUnavailable(
                f"no 1-year LPR before its first fixing on {first.isoformat()} (asked for {day.isoformat()})"
            )
        return self._lpr_file.fixings[index - 1]

    def lpr_on(self, day: dt.date) -> Decimal:
        """The 1-year LPR in percent in force on ``day`` (the 4×LPR cap uses the contract date's)."""
        return self.lpr_fixing_on(day).rate

    def private_lending_cap_on(self, day: dt.date) -> Decimal:
        """The judicial cap for private lending on a contract made on ``day``, in percent a year (4 × LPR)."""
        return self.thresholds["private_lending_cap"].value * self.lpr_on(day)  # type: ignore[operator]

    def dti_band(self, dti_percent: Decimal | float) -> DtiBand:
        """The affordability band for a debt-to-income ratio in percent."""
        value = Decimal(str(dti_percent))
        for band in self.dti_bands:
            if band.max_percent is None or value <= band.max_percent:
                return band
        raise AssertionError("the last band is open-ended (checked on load)")

    # --- what advice and affordability read (the advice ``Reference`` protocol) ---------------------------

    @property
    def reference(self) -> Catalog:
        """The catalog is itself the reference data advice compares against."""
        return self

    def value(self, key: str, bound: str = "value") -> Decimal:
        """A threshold's number by key; ``bound="value_max"`` for the top of a range (30–50 %)."""
        number = getattr(self._thresholds[key], bound)
        if number is None:
            raise KeyError(f"threshold {key!r} has no {bound}")
        return number

    @property
    def dti_limits(self) -> DtiBands:
        """The comfortable and stretched bands' upper limits, as the affordability arithmetic takes them."""
        comfortable, stretched = (band.max_percent for band in self.dti_bands[:2])
        return DtiBands(comfortable, stretched)

    def is_licensed_lender(self, name: str) -> bool:
        """Whether a lender's name as typed is a licensed lender we know (or a product or platform lending
        through one): "借呗", "重庆蚂蚁消费金融", "WeBank" are; a blank, or a product whose lender is unknown, is not.
        """
        typed = _folded(name)
        if len(typed) < 2:
            return False
        for product in self.products:
            licensed = [lender for lender in product.lenders if lender.licence is not LicenceType.UNKNOWN]
            names = [product.name.zh, product.name.en, self._platforms[product.platform].name.zh,
                     self._platforms[product.platform].name.en] if licensed else []
            names += [text for lender in licensed for text in (lender.name.zh, lender.name.en)]
            for known in map(_folded, names):
                if len(known) >= 2 and (typed in known or known in typed):
                    return True
        return False

    def summary(self) -> str:
        """One line: what the catalog holds and how current it is."""
        return (
            f"{len(self.products)} products, {len(self.platforms)} platforms, {len(self.credit_types)} credit types, "
            f"{len(self.sources)} sources, {len(self.lpr_fixings)} LPR fixings, {len(self.thresholds)} thresholds, "
            f"{len(self.dti_bands)} DTI bands; as_of {self.as_of.isoformat()}; hash {self.content_hash[:12]}"
        )


def _folded(text: str) -> str:
    """Lower case, full-width folded, without spaces or punctuation: how names are matched."""
    normal = unicodedata.normalize("NFKC", text or "").lower()
    return "".join(ch for ch in normal if ch.isalnum())


def load_catalog(
    products: Path | str | None = None,
    lpr: Path | str | None = None,
    thresholds: Path | str | None = None,
    *,
    today: dt.date | None = None,
    use_cache: bool = True,
) -> Catalog:
    """Read and validate the three catalog files; raises ``CatalogError`` listing every problem.

    ``today`` (default: today in China) is what "not in the future" means.
    """
    paths = tuple(
        Path(p).resolve() for p in (products or DEFAULT_PRODUCTS, lpr or DEFAULT_LPR, thresholds or DEFAULT_THRESHOLDS)
    )
    today = today or china_today()
    files = _all_or_raise(read_bytes, paths)
    digest = hashlib.sha256()
    for path, (_, raw) in zip(paths, files, strict=True):
        digest.update(path.name.encode() + b"\0" + raw + b"\0")
    key = (paths, digest.hexdigest(), today)
    if use_cache and key in _cache:
        return _cache[key]

    docs = _all_or_raise(lambda file_and_raw: parse_yaml(*file_and_raw), files)
    problems = [p for doc in docs for p in doc.problems]  # keys written twice
    products_doc, lpr_doc, thresholds_doc = docs
    products_file = _validate(products_doc, ProductsFile, problems)
    lpr_file = _validate(lpr_doc, LprFile, problems)
    thresholds_file = _validate(thresholds_doc, ThresholdsFile, problems)
    # The rules need well-shaped data: each file's rules run once its schema passes.
    if lpr_file is not None:
        problems += _located(lpr_doc, check_lpr(lpr_file, today))
    if thresholds_file is not None:
        problems += _located(thresholds_doc, check_thresholds(thresholds_file, today))
    if products_file is not None:
        problems += _located(products_doc, check_products(products_file, thresholds_file, today))
    if problems:
        order = {doc.file: i for i, doc in enumerate(docs)}
        unique = list(dict.fromkeys(problems))  # in the order found, each once
        raise CatalogError(sorted(unique, key=lambda p: (order[p.file], p.line)))

    catalog = Catalog(products_file, lpr_file, thresholds_file, digest.hexdigest())
    if use_cache:
        with _cache_lock:
            _cache[key] = catalog
    return catalog


def _all_or_raise(step: Callable[[T], U], items: Iterable[T]) -> list[U]:
    """``step`` over every item, collecting the ``CatalogError``s of all of them before raising one."""
    done: list[U] = []
    problems: list[Problem] = []
    for item in items:
        try:
            done.append(step(item))
        except CatalogError as exc:
            problems.extend(exc.problems)
    if problems:
        raise CatalogError(problems)
    return done


def _located(doc: Document, issues: Iterable[Issue]) -> list[Problem]:
    return [doc.problem(path, message) for path, message in issues]


def _validate(doc: Document, model: type[BaseModel], problems: list[Problem]) -> Any:
    """``model`` from the document's data, or None with one problem per schema error."""
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        for error in exc.errors():
            path = _path_of(doc.data, error["loc"])
            problems.append(doc.problem(path, _message(error)))
        return None


def _path_of(data: object, loc: tuple[Any, ...]) -> Path_:
    """A pydantic error location as a path into the YAML data (list positions become ``ListIndex``)."""
    path: list[str | int] = []
    node = data
    for part in loc:
        if part == "[key]":  # pydantic marks a bad mapping key with an extra element
            continue
        if isinstance(node, list) and isinstance(part, int):
            path.append(ListIndex(part))
            node = node[part] if 0 <= part < len(node) else None
        elif isinstance(node, dict):
            path.append(part)
            node = node.get(part)
        else:
            path.append(part)
            node = None
    return tuple(path)


def _show(value: object) -> str:
    if isinstance(value, (dict, list)):
        return f"a {'mapping' if isinstance(value, dict) else 'list'}"
    text = str(value) if isinstance(value, Decimal) else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _message(error: Any) -> str:
    """A pydantic error in the words of someone editing YAML."""
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return "unknown field (a typo, or not part of the schema)"
    if kind in ("enum", "literal_error"):
        return f"{_show(error['input'])} is not allowed; expected {ctx.get('expected', '?')}"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if "[key]" in error["loc"]:
        return f"bad key {_show(error['input'])}: {error['msg'].lower()}"
    return f"{error['msg']} (got {_show(error['input'])})"
