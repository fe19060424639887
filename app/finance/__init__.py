"""The money engine: quotes → schedules → real annual rates. No Flask, no database."""

from .cost import ENGINE_VERSION, FeeItem, QuoteResult, ScheduleRow, Totals, price
from .errors import FinanceError, InvalidInput, NoRateError
from .quote import Fee, FeeTiming, FeeWhen, Quote, Rate, RateKind, Repayment

__all__ = [
    "ENGINE_VERSION", "Fee", "FeeItem", "FeeTiming", "FeeWhen", "FinanceError", "InvalidInput",
    "NoRateError", "Quote", "QuoteResult", "Rate", "RateKind", "Repayment", "ScheduleRow",
    "Totals", "price",
]
