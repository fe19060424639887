"""Typed errors of the money engine.

Every error names the input field it is about and carries a stable ``code`` and
its parameters, never a sentence: the engine knows no language, so each door
(web form, JSON API) turns ``(field, code, params)`` into a message in the
borrower's language.
"""

from __future__ import annotations


class FinanceError(ValueError):
    """Base class: something about ``field`` prevents an answer."""

    def __init__(self, field: str, code: str, **params: object) -> None:
        self.field = field
        self.code = code
        self.params = params
        detail = ", ".join(f"{k}={v}" for k, v in params.items())
        super().__init__(f"{field}: {code}" + (f" ({detail})" if detail else ""))


class InvalidInput(FinanceError):
    """An input is missing, out of range or inconsistent with another input."""


class NoRateError(FinanceError):
    """No annual rate exists for these cash flows (e.g. less is repaid than received)."""
