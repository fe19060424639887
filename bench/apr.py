"""APR solver and batch pricing speed, side by side with numpy-financial and pyxirr.

Run: .venv/bin/python bench/apr.py   (prints figures; nothing here passes or fails)

Workload: a 1,000,000 loan at 4.9% a year, level payment rounded to the fen,
n = 12 / 36 / 360 months (the loan of tooling.md's probe). Each figure is the
best of 5 repeats. Then 1,000 offers × 36 months priced in one batch.
"""

from __future__ import annotations

import platform
import sys
import timeit
from decimal import Decimal
from pathlib import Path

import numpy as np
import numpy_financial as npf

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.finance import Quote, Rate, RateKind, Repayment  # noqa: E402
from app.finance.batch import price_batch, schedule_arrays  # noqa: E402
from app.finance.rates import regular_irr, regular_irr_rows  # noqa: E402

try:
    import pyxirr
except ImportError:  # pyxirr is a benchmark extra only
    pyxirr = None


def best_us(fn, number: int) -> float:
    return min(timeit.repeat(fn, number=number, repeat=5)) / number * 1e6


def solver_table() -> None:
    print(f"APR solve, µs per call (best of 5) — Python {platform.python_version()}, numpy {np.__version__}")
    print(f"{'periods':>8} {'LoanLens':>10} {'npf.irr':>12} {'npf.rate':>10} {'pyxirr.irr':>11} {'vs npf.irr':>11} {'vs pyxirr':>10}")
    principal, monthly = 1_000_000.0, 0.049 / 12
    for n in (12, 36, 360):
        payment = round(principal * monthly / (1 - (1 + monthly) ** -n), 2)
        payments = [payment] * n
        flows = np.array([-principal] + payments)
        reps = 2000 if n < 100 else 200
        ours = best_us(lambda: regular_irr(principal, payments), reps)
        irr = best_us(lambda: npf.irr(flows), max(reps // 50, 2) if n > 100 else reps // 10)
        rate = best_us(lambda: npf.rate(n, -payment, principal, 0), reps // 10)
        pyx = best_us(lambda: pyxirr.irr(flows), reps) if pyxirr else float("nan")
        check = (regular_irr(principal, payments), float(npf.irr(flows)))
        assert abs(check[0] - check[1]) < 1e-9, check
        print(f"{n:>8} {ours:>10.1f} {irr:>12.1f} {rate:>10.1f} {pyx:>11.1f} {irr / ours:>10.0f}× {pyx / ours:>9.2f}×")


def batch_table() -> None:
    m, n = 1000, 36
    quotes = [
        Quote(Decimal(5000 + 37 * j), n, Repayment.EQUAL_INSTALLMENT if j % 2 else Repayment.EQUAL_PRINCIPAL,
              Rate(RateKind.DAILY, Decimal(15 + j % 50) / 1000 / 10, 365))
        for j in range(m)
    ]
    terms = [q.terms() for q in quotes]

    def kernel() -> None:
        for method in {t.method for t in terms}:
            group = [t for t in terms if t.method is method]
            principal, interest, fees = schedule_arrays(group)
            advance = np.array([t.advance for t in group], dtype=float)
            regular_irr_rows(advance, (principal + interest + fees).astype(float))

    e2e = min(timeit.repeat(lambda: price_batch(quotes), number=1, repeat=5))
    core = min(timeit.repeat(kernel, number=1, repeat=5))
    validate = min(timeit.repeat(lambda: [q.terms() for q in quotes], number=1, repeat=5))
    print(f"\nBatch: {m:,} offers × {n} months in one call")
    print(f"  schedules + IRR from validated terms: {core * 1e3:7.2f} ms  → {m / core:>9,.0f} offers/s")
    print(f"  validating the {m:,} quotes:           {validate * 1e3:7.2f} ms")
    print(f"  end to end, price_batch(quotes):      {e2e * 1e3:7.2f} ms  → {m / e2e:>9,.0f} offers/s")


if __name__ == "__main__":
    solver_table()
    batch_table()
