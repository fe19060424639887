"""The 1-year LPR in force on a date: the fixing on or before it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from app.catalog import Confidence, LprUnavailable


@pytest.mark.parametrize(
    ("day", "rate"),
    [
        (dt.date(2019, 8, 20), "4.25"),  # the first fixing, on its day
        (dt.date(2019, 9, 19), "4.25"),  # the day before the next fixing
        (dt.date(2019, 9, 20), "4.20"),
        (dt.date(2020, 4, 19), "4.05"),
        (dt.date(2020, 4, 20), "3.85"),
        (dt.date(2021, 12, 19), "3.85"),
        (dt.date(2021, 12, 20), "3.80"),
        (dt.date(2022, 3, 21), "3.70"),  # a confirming fixing: same rate
        (dt.date(2025, 5, 19), "3.10"),
        (dt.date(2025, 5, 20), "3.00"),
        (dt.date(2026, 12, 4), "3.00"),
    ],
)
def test_lpr_on(shipped, day, rate):
    assert shipped.lpr_on(day) == Decimal(rate)


def test_before_the_first_fixing_is_an_error(shipped):
    with pytest.raises(
        LprUnavailable, match=r"no 1-year LPR before its first fixing on 2019-08-20 \(asked for 2019-08-19\)"
    ):
        shipped.lpr_on(dt.date(2019, 8, 19))


def test_fixing_says_how_sure_it_is(shipped):
    fixing = shipped.lpr_fixing_on(dt.date(2020, 6, 1))
    assert (fixing.date, fixing.rate, fixing.confidence, fixing.date_confidence) == (
        dt.date(2020, 4, 20),
        Decimal("3.85"),
        Confidence.VERIFIED,
        Confidence.UNVERIFIED,
    )
    assert shipped.lpr_fixing_on(dt.date(2024, 1, 1)).confidence is Confidence.UNVERIFIED


def test_fixings_are_ascending_and_known_until_as_of(shipped):
    dates = [f.date for f in shipped.lpr_fixings]
    assert dates == sorted(set(dates))
    assert shipped.lpr_as_of == dt.date(2026, 12, 4)
