"""Money at the edges: Decimal yuan in and out, integer fen inside.

Lenders compute each amount to the fen (0.01 yuan) and round half-up
(四舍五入); we do the same. Inside the engine amounts are ``int`` fen so sums are
exact; ``Decimal`` yuan is what callers see.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction

FEN = Decimal("0.01")
HUNDRED = Decimal(100)


def to_decimal(value: object) -> Decimal:
    """Turn an int, str, float or Decimal into a Decimal (floats via their repr)."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    try:
        return Decimal(value)  # type: ignore[arg-type]
    except (InvalidOperation, TypeError, ValueError) as exc:
        raise ValueError(f"not a number: {value!r}") from exc


def yuan(fen: int) -> Decimal:
    """Integer fen → Decimal yuan with two places."""
    return (Decimal(fen) / 100).quantize(FEN)


def fen_exact(amount: Decimal) -> int | None:
    """Decimal yuan → integer fen, or None when it has fractions of a fen."""
    scaled = amount * 100
    if scaled != scaled.to_integral_value():
        return None
    return int(scaled)


def round_half_up(value: Fraction) -> int:
    """Round a non-negative exact fraction to the nearest integer, halves up."""
    return (2 * value.numerator + value.denominator) // (2 * value.denominator)


def fen_of(amount: Decimal) -> int:
    """Decimal yuan → integer fen, rounded half-up."""
    return int((amount * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def rounded_percent(percent: float, places: int = 2) -> Decimal:
    """A rate in percent rounded half-up for comparison with a published line.

    Thresholds are compared on the rounded figure: a loan at exactly 24% computes
    to 24.0008% after fen rounding and must not be flagged as above 24%.
    """
    return Decimal(repr(percent)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
