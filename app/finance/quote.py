"""A quote as the lender phrases it, and the exact terms it implies.

Chinese lenders price the same loan in many phrasings (DOMAIN.md §1):

* 日利率 0.05% (万五) — interest per day on the outstanding balance, with a day
  basis of 360 or 365 days a year;
* 月利率 1% — interest per month on the outstanding balance;
* 年化利率 / 年利率 (单利) — a nominal annual rate on the balance;
* 每期手续费率 0.6% — a fee every period on the ORIGINAL principal;
* 分期总费率 7.5% — a fee for the whole term on the original principal, spread
  evenly over the periods, charged with the first period, or at payout;

plus fees deducted at payout (服务费 / 砍头息), paid at signing, added every
period, or due at the end. ``Quote`` holds any of these; ``Quote.terms()``
validates it and turns it into ``Terms``: integer fen and exact fractions,
the one form the schedule builder understands.

Months are equal, as Regulation Z Appendix J (b)(3) counts them: a daily rate
``d`` on a ``B``-day basis is ``d × B / 12`` a month. That reproduces the
lender's own level payment (10,000 × 12 at 日利率 0.05%, base 360 → 916.80).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from functools import lru_cache
from typing import NamedTuple

from .errors import InvalidInput
from .money import fen_exact, to_decimal

MAX_PRINCIPAL = Decimal("100000000")  # 1亿元: beyond any consumer or mortgage loan
MAX_TERM = 360  # months (30 years)
MAX_NOMINAL_ANNUAL_PERCENT = Decimal(1000)  # above this a quote is a typo, not a price
MAX_RATE_DECIMALS = 6  # of the percent figure, e.g. 0.019583%
DAY_BASES = (360, 365)
_ZERO = Fraction(0)


class Repayment(StrEnum):
    """How principal is paid back (还款方式)."""

    EQUAL_INSTALLMENT = "equal_installment"  # 等额本息
    EQUAL_PRINCIPAL = "equal_principal"  # 等额本金
    INTEREST_ONLY = "interest_only"  # 先息后本
    BULLET = "bullet"  # 一次性还本付息
    EQUAL_PRINCIPAL_FLAT_FEE = "equal_principal_flat_fee"  # 等本等费


class RateKind(StrEnum):
    """How the price is phrased."""

    DAILY = "daily"  # 日利率, on the balance
    MONTHLY = "monthly"  # 月利率, on the balance
    ANNUAL = "annual"  # 年利率 (nominal), on the balance
    PERIOD_FEE = "period_fee"  # 每期手续费率, on the original principal
    TOTAL_FEE = "total_fee"  # 分期总费率, on the original principal


class FeeWhen(StrEnum):
    """When a fee is paid."""

    PAYOUT = "payout"  # deducted from the money paid out (砍头息 / 服务费)
    SIGNING = "signing"  # paid by the borrower at signing
    PER_PERIOD = "per_period"  # added to every installment
    END = "end"  # added to the last installment


class FeeTiming(StrEnum):
    """When a total fee (分期总费率) is charged."""

    SPREAD = "spread"  # evenly over the periods
    FIRST = "first"  # all with the first installment
    PAYOUT = "payout"  # deducted at payout


BALANCE_KINDS = frozenset({RateKind.DAILY, RateKind.MONTHLY, RateKind.ANNUAL})
FLAT_KINDS = frozenset({RateKind.PERIOD_FEE, RateKind.TOTAL_FEE})


@dataclass(frozen=True)
class Rate:
    """The price as phrased: a kind and a figure in percent (0.05 means 0.05%)."""

    kind: RateKind
    percent: Decimal
    day_basis: int = 360
    fee_timing: FeeTiming = FeeTiming.SPREAD


@dataclass(frozen=True)
class Fee:
    """A fee: a fixed ``amount`` in yuan or a ``percent`` of the contract principal."""

    when: FeeWhen
    amount: Decimal | None = None
    percent: Decimal | None = None
    label: str = ""


@dataclass(frozen=True)
class Quote:
    """A loan offer as the borrower sees it.

    Either ``rate`` (the lender's phrasing) or ``installment`` (reverse mode:
    "到手 received, 每期还 installment × term") must be given.
    """

    principal: Decimal
    term: int
    repayment: Repayment = Repayment.EQUAL_INSTALLMENT
    rate: Rate | None = None
    fees: tuple[Fee, ...] = ()
    start_date: date | None = None
    contract_date: date | None = None
    installment: Decimal | None = None
    received: Decimal | None = None

    def terms(self) -> Terms:
        """Validate and convert to exact terms; raises ``InvalidInput`` naming the field."""
        return _to_terms(self)

    def with_principal(self, principal: Decimal) -> Quote:
        return replace(self, principal=principal)


class Terms(NamedTuple):
    """A quote reduced to exact numbers: integer fen and fractions.

    ``balance_rate`` is the interest per month on the outstanding balance.
    Fees added to installments are ``period_fee`` every month, plus
    ``first_extra`` on the first and ``last_extra`` on the last (a total fee
    charged up front, the rounding of a spread total, a fee due at the end).
    Upfront fees are kept apart: they change the money received, not the
    installments.
    """

    principal: int
    n: int
    method: Repayment
    balance_rate: Fraction
    period_fee: int = 0
    first_extra: int = 0
    last_extra: int = 0
    payout_fee: int = 0
    signing_fee: int = 0
    installment: int | None = None
    received_override: int | None = None
    fee_items: tuple[tuple[FeeWhen, int, str], ...] = ()

    @property
    def flat_fees(self) -> tuple[int, ...]:
        """The fee added to each installment, month 1..n."""
        fees = [self.period_fee] * self.n
        fees[0] += self.first_extra
        fees[-1] += self.last_extra
        return tuple(fees)

    @property
    def received(self) -> int:
        """Money actually paid out to the borrower, in fen."""
        if self.received_override is not None:
            return self.received_override
        return self.principal - self.payout_fee

    @property
    def advance(self) -> int:
        """Net money the borrower has at the start: received less fees paid at signing."""
        return self.received - self.signing_fee

    def with_extra_balance_rate(self, extra: Fraction) -> Terms:
        """The same loan with ``extra`` more interest per month on the balance (stress test)."""
        return self._replace(balance_rate=self.balance_rate + extra, installment=None)


def finite_decimal(field_name: str, value: object) -> Decimal:
    """``value`` as a finite Decimal, or ``InvalidInput(field_name, "not_a_number")``."""
    try:
        number = to_decimal(value)
    except ValueError:
        raise InvalidInput(field_name, "not_a_number") from None
    if not number.is_finite():
        raise InvalidInput(field_name, "not_a_number")
    return number


def _positive_decimal(field_name: str, value: object, *, maximum: Decimal | None = None) -> Decimal:
    number = finite_decimal(field_name, value)
    if number <= 0:
        raise InvalidInput(field_name, "not_positive")
    if maximum is not None and number > maximum:
        raise InvalidInput(field_name, "too_large", maximum=maximum)
    return number


def _money_fen(field_name: str, value: object, *, maximum: Decimal | None = None) -> int:
    number = _positive_decimal(field_name, value, maximum=maximum)
    fen = fen_exact(number)
    if fen is None:
        raise InvalidInput(field_name, "fractional_fen")
    return fen


def _percent(field_name: str, value: object) -> Fraction:
    number = finite_decimal(field_name, value)
    if number < 0:
        raise InvalidInput(field_name, "negative")
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -MAX_RATE_DECIMALS:
        if number != number.quantize(Decimal(1).scaleb(-MAX_RATE_DECIMALS)):
            raise InvalidInput(field_name, "too_many_decimals", places=MAX_RATE_DECIMALS)
    return Fraction(number) / 100


def nominal_annual(rate: Rate, term: int) -> Fraction:
    """The annual figure the phrasing suggests (as a fraction, 0.072 = 7.2%).

    This is the "naive" figure: 日利率 × day basis, 月利率 × 12, 每期费率 × 12,
    总费率 ÷ years. For balance rates it is also the contract's nominal rate.
    """
    p = Fraction(rate.percent) / 100
    match rate.kind:
        case RateKind.DAILY:
            return p * rate.day_basis
        case RateKind.MONTHLY | RateKind.PERIOD_FEE:
            return p * 12
        case RateKind.ANNUAL:
            return p
        case RateKind.TOTAL_FEE:
            return p * 12 / term
    raise AssertionError(rate.kind)


def _balance_rate(rate: Rate) -> Fraction:
    p = Fraction(rate.percent) / 100
    match rate.kind:
        case RateKind.DAILY:
            return p * rate.day_basis / 12
        case RateKind.MONTHLY:
            return p
        case RateKind.ANNUAL:
            return p / 12
    return _ZERO


def _spread(total: int, n: int) -> tuple[int, int]:
    """``total`` fen over ``n`` periods: (equal rounded share, what the last period adds).

    The last period absorbs the rounding; a share rounded up so far that the
    last would go negative (a few fen over many months) is rounded down instead.
    """
    share = (2 * total + n) // (2 * n)
    if share * (n - 1) > total:
        share = total // n
    return share, total - share * n


def _share_of(principal: int, fraction: Fraction) -> int:
    """``principal × fraction`` in fen, rounded half-up (integer arithmetic: this runs per offer)."""
    return (2 * principal * fraction.numerator + fraction.denominator) // (2 * fraction.denominator)


@lru_cache(maxsize=4096)
def _rate_terms(rate: Rate, n: int) -> tuple[Fraction, Fraction, Rate]:
    """Validate a phrased rate once: (balance rate a month, flat fee fraction, normalised rate)."""
    try:
        kind = RateKind(rate.kind)
    except ValueError:
        raise InvalidInput("rate.kind", "unknown", value=rate.kind) from None
    try:
        basis = int(rate.day_basis)
    except (TypeError, ValueError):
        raise InvalidInput("rate.day_basis", "unknown", value=rate.day_basis) from None
    if basis not in DAY_BASES:
        raise InvalidInput("rate.day_basis", "unknown", value=rate.day_basis)
    try:
        timing = FeeTiming(rate.fee_timing)
    except ValueError:
        raise InvalidInput("rate.fee_timing", "unknown", value=rate.fee_timing) from None
    pct = _percent("rate.percent", rate.percent)
    rate = Rate(kind, to_decimal(rate.percent), basis, timing)
    if nominal_annual(rate, n) * 100 > MAX_NOMINAL_ANNUAL_PERCENT:
        raise InvalidInput("rate.percent", "absurd", maximum=MAX_NOMINAL_ANNUAL_PERCENT)
    flat = pct if kind in FLAT_KINDS else _ZERO
    return _balance_rate(rate), flat, rate


def _to_terms(q: Quote) -> Terms:
    principal = _money_fen("principal", q.principal, maximum=MAX_PRINCIPAL)
    if not isinstance(q.term, int) or isinstance(q.term, bool):
        raise InvalidInput("term", "not_a_number")
    if q.term < 1 or q.term > MAX_TERM:
        raise InvalidInput("term", "out_of_range", minimum=1, maximum=MAX_TERM)
    n = q.term
    method = q.repayment
    if not isinstance(method, Repayment):
        try:
            method = Repayment(method)
        except ValueError:
            raise InvalidInput("repayment", "unknown", value=q.repayment) from None

    balance_rate = _ZERO
    period_fee = first_extra = last_extra = 0
    payout_fee = signing_fee = 0
    installment = received_override = None
    items: list[tuple[FeeWhen, int, str]] = []

    if q.installment is not None:
        installment = _money_fen("installment", q.installment, maximum=MAX_PRINCIPAL)
        if q.rate is not None:
            raise InvalidInput("rate", "rate_and_installment")
        if method is not Repayment.EQUAL_INSTALLMENT:
            raise InvalidInput("repayment", "installment_needs_equal_installment")
        if installment * n < principal:
            raise InvalidInput("installment", "installments_below_principal")
    elif q.rate is None:
        raise InvalidInput("rate", "required")
    else:
        balance_rate, flat_rate, rate = _rate_terms(q.rate, n)
        if rate.kind in FLAT_KINDS and method is not Repayment.EQUAL_PRINCIPAL_FLAT_FEE:
            raise InvalidInput("repayment", "flat_fee_needs_equal_principal_flat_fee")
        if rate.kind in BALANCE_KINDS and method is Repayment.EQUAL_PRINCIPAL_FLAT_FEE:
            raise InvalidInput("repayment", "balance_rate_cannot_be_flat_fee")
        if rate.kind is RateKind.PERIOD_FEE:
            period_fee = _share_of(principal, flat_rate)
            items.append((FeeWhen.PER_PERIOD, period_fee * n, "rate"))
        elif rate.kind is RateKind.TOTAL_FEE:
            total = _share_of(principal, flat_rate)
            if rate.fee_timing == FeeTiming.PAYOUT:
                payout_fee += total
                items.append((FeeWhen.PAYOUT, total, "rate"))
            elif rate.fee_timing == FeeTiming.FIRST:
                first_extra += total
                items.append((FeeWhen.PER_PERIOD, total, "rate"))
            else:
                period_fee, last_extra = _spread(total, n)
                items.append((FeeWhen.PER_PERIOD, total, "rate"))

    for index, fee in enumerate(q.fees):
        name = f"fees[{index}]"
        try:
            when = FeeWhen(fee.when)
        except ValueError:
            raise InvalidInput(f"{name}.when", "unknown", value=fee.when) from None
        if (fee.amount is None) == (fee.percent is None):
            raise InvalidInput(name, "amount_or_percent")
        if fee.amount is not None:
            amount_dec = finite_decimal(f"{name}.amount", fee.amount)
            if amount_dec < 0:
                raise InvalidInput(f"{name}.amount", "negative")
            amount = fen_exact(amount_dec)
            if amount is None:
                raise InvalidInput(f"{name}.amount", "fractional_fen")
        else:
            amount = _share_of(principal, _percent(f"{name}.percent", fee.percent))
        if amount >= principal:
            raise InvalidInput(name, "fee_not_below_principal")
        match when:
            case FeeWhen.PAYOUT:
                payout_fee += amount
                items.append((when, amount, fee.label))
            case FeeWhen.SIGNING:
                signing_fee += amount
                items.append((when, amount, fee.label))
            case FeeWhen.PER_PERIOD:
                period_fee += amount
                items.append((when, amount * n, fee.label))
            case FeeWhen.END:
                last_extra += amount
                items.append((when, amount, fee.label))

    if payout_fee + signing_fee >= principal:
        raise InvalidInput("fees", "fees_not_below_principal")

    if q.received is not None:
        received_override = _money_fen("received", q.received, maximum=MAX_PRINCIPAL)
        if received_override > principal:
            raise InvalidInput("received", "above_principal")
        if payout_fee and received_override != principal - payout_fee:
            raise InvalidInput("received", "disagrees_with_payout_fees")
        if received_override - signing_fee <= 0:
            raise InvalidInput("fees", "fees_not_below_principal")

    return Terms(
        principal=principal,
        n=n,
        method=method,
        balance_rate=balance_rate,
        period_fee=period_fee,
        first_extra=first_extra,
        last_extra=last_extra,
        payout_fee=payout_fee,
        signing_fee=signing_fee,
        installment=installment,
        received_override=received_override,
        fee_items=tuple(items),
    )
