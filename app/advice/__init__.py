"""Compliance warnings and repayment tips, each tied to the rule it rests on.

``advise(situation, reference)`` reads a priced quote (and, when there is one,
the affordability result and what the borrower told us) and returns the
warnings and tips that apply. Each carries a stable code, a severity, its
citations with their confidence, and a message rendered on demand in the
reader's language with Babel-formatted numbers.

What is compared against what is here; the numbers compared against (36%,
24%, 4 × LPR, the DTI bands…) come from the dated reference data through
``reference``; the wording is in ``messages.py``; the citations in ``rules.yaml``.
"""

from __future__ import annotations

from .engine import Advice, Citation, Reference, Situation, advise, rules

__all__ = ["Advice", "Citation", "Reference", "Situation", "advise", "rules"]
