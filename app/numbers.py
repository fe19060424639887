"""Numbers as people type them: ``1.5万``, ``10,000``, ``１２０００``, ``0.05%``, ``万五``, ``一万五千``.

``parse_amount`` and ``parse_percent`` return a ``Decimal`` or raise
``NumberError`` with a code the form turns into a message in the page's
language. Nothing here knows about HTTP or Babel.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

MAX_INPUT = 40  # characters: longer is not a number anyone typed

_DIGITS = {"零": 0, "〇": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "三": 3, "叁": 3, "四": 4, "肆": 4,
           "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9}
_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_BIG = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")


class NumberError(ValueError):
    """Not a number we can read; ``code`` says why (empty, too_long, not_a_number)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _clean(text: str) -> str:
    if len(text) > MAX_INPUT:
        raise NumberError("too_long")
    # NFKC folds full-width digits and punctuation (１２，０００．５％) to ASCII.
    s = unicodedata.normalize("NFKC", text).strip()
    for noise in ("人民币", "RMB", "rmb", "CNY", "cny", "¥", "￥", "元", "块", " ", "_", "'", "\u00a0"):
        s = s.replace(noise, "")
    # 1,000 and 1，000 group digits; a comma is never a decimal point in Chinese amounts.
    s = re.sub(r"(?<=\d),(?=\d{3}(\D|$))", "", s)
    if not s:
        raise NumberError("empty")
    return s


def _chinese_integer(s: str) -> int | None:
    """一万五千 → 15000, 三千 → 3000, 十二 → 12; None when ``s`` is not a Chinese numeral."""
    if not s or any(ch not in _DIGITS and ch not in _UNITS and ch not in _BIG for ch in s):
        return None
    total = section = digit = 0
    seen_digit = False
    for ch in s:
        if ch in _DIGITS:
            digit, seen_digit = _DIGITS[ch], True
        elif ch in _UNITS:
            section += (digit if seen_digit else 1) * _UNITS[ch]
            digit, seen_digit = 0, False
        else:
            section += digit
            total += (section or 1) * _BIG[ch]
            section = digit = 0
            seen_digit = False
    return total + section + digit


def _decimal(s: str) -> Decimal:
    if not _NUMBER.fullmatch(s):
        value = _chinese_integer(s)
        if value is None:
            raise NumberError("not_a_number")
        return Decimal(value)
    try:
        value = Decimal(s)
    except InvalidOperation:
        raise NumberError("not_a_number") from None
    if not value.is_finite():
        raise NumberError("not_a_number")
    return value


def parse_amount(text: str) -> Decimal:
    """Yuan: ``10000``, ``10,000``, ``１２０００``, ``1.5万``, ``¥9,700.00``, ``一万五千``."""
    s = _clean(text)
    scale = Decimal(1)
    for suffix, factor in _BIG.items():
        if s.endswith(suffix) and len(s) > 1 and _NUMBER.fullmatch(s[: -len(suffix)]):
            s, scale = s[: -len(suffix)], Decimal(factor)
            break
    return _decimal(s) * scale


def parse_percent(text: str) -> Decimal:
    """A rate in percent: ``0.05``, ``0.05%``, ``万五`` / ``万分之五`` (0.05), ``千分之三`` (0.3)."""
    s = _clean(text)
    for prefix, divisor in (("万分之", 100), ("千分之", 10), ("万", 100)):
        if s.startswith(prefix) and len(s) > len(prefix):
            rest = s[len(prefix):].replace("点", ".")
            if rest[0] in _DIGITS or rest[0] in _UNITS:
                head, _, tail = rest.partition(".")
                whole = _chinese_integer(head)
                if whole is None or not all(ch in _DIGITS for ch in tail):
                    raise NumberError("not_a_number")
                rest = f"{whole}." + "".join(str(_DIGITS[ch]) for ch in tail) if tail else str(whole)
            return _decimal(rest) / divisor
    if s.endswith("%"):
        s = s[:-1]
    return _decimal(s)


def parse_int(text: str) -> int:
    """A whole count (months, lenders): ``12``, ``１２``, ``十二``, ``12期``, ``12个月``."""
    s = _clean(text)
    for suffix in ("个月", "期", "月", "家"):
        if s.endswith(suffix):
            s = s[: -len(suffix)]
            break
    value = _decimal(s)
    if value != value.to_integral_value():
        raise NumberError("not_whole")
    return int(value)
