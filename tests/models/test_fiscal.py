"""Fiscal calendar: FY named by the calendar year it ends in; Python helpers agree with the SQL
macros of 001_core.sql for every day and every start month."""

from datetime import date, timedelta

import pytest

from db import Store, TechspendError
from models import fiscal
from models.fiscal import Quarter, parse_quarter, quarter_of


def test_april_start_puts_2025_04_01_in_fy2026_q1():
    q = quarter_of(date(2025, 4, 1), 4)
    assert q.label == "FY2026 Q1"
    assert (q.start, q.end) == (date(2025, 4, 1), date(2025, 6, 30))
    assert quarter_of(date(2026, 3, 31), 4).label == "FY2026 Q4"
    assert quarter_of(date(2025, 3, 31), 4).label == "FY2025 Q4"


def test_previous_and_same_quarter_last_year_cross_fiscal_years():
    q = Quarter(2026, 1, 4)
    assert q.previous() == Quarter(2025, 4, 4)
    assert (q.previous().start, q.previous().end) == (date(2025, 1, 1), date(2025, 3, 31))
    assert q.year_earlier() == Quarter(2025, 1, 4)
    assert q.year_earlier().start == date(2024, 4, 1)
    assert q.fiscal_year_start() == date(2025, 4, 1)
    assert q.fiscal_year_end() == date(2026, 3, 31)


def test_january_start_is_the_calendar_year():
    q = Quarter(2026, 1, 1)
    assert (q.start, q.end) == (date(2026, 1, 1), date(2026, 3, 31))
    assert Quarter(2026, 4, 1).end == date(2026, 12, 31)
    assert q.key == 20261


@pytest.mark.parametrize(
    "text", ["FY2026 Q1", "fy2026 q1", "FY26 Q1", "2026-Q1", "2026Q1", "Q1 FY2026", "Q1 2026", " FY 2026-Q1 "]
)
def test_parse_quarter_accepts_the_ways_people_write_it(text):
    assert parse_quarter(text, 7) == Quarter(2026, 1, 7)


@pytest.mark.parametrize("text", ["", "FY2026", "FY2026 Q5", "2026-13", "next quarter"])
def test_parse_quarter_rejects_with_a_readable_message(text):
    with pytest.raises(TechspendError, match="FY2026 Q1"):
        parse_quarter(text)


def test_quarters_between_is_inclusive_and_ordered():
    quarters = fiscal.quarters_between(Quarter(2025, 3, 4), Quarter(2026, 2, 4))
    assert [q.label for q in quarters] == ["FY2025 Q3", "FY2025 Q4", "FY2026 Q1", "FY2026 Q2"]


def test_python_helpers_agree_with_sql_macros_for_every_day_and_start_month():
    store = Store(":memory:")
    rows = store.rows(
        "SELECT d::DATE, m, fiscal_year(d, m), fiscal_quarter(d, m), fiscal_quarter_key(d, m), "
        "fiscal_quarter_label(d, m) "
        "FROM range(DATE '2023-01-01', DATE '2027-12-31', INTERVAL 1 DAY) t(d), range(1, 13) s(m)"
    )
    assert len(rows) == 1825 * 12
    for day, month, year, quarter, key, label in rows:
        q = quarter_of(day, month)
        assert (q.fiscal_year, q.quarter, q.key, q.label) == (year, quarter, key, label), (day, month)
        assert q.start <= day <= q.end


def test_quarter_ranges_tile_the_calendar_without_gaps():
    for month in range(1, 13):
        q = Quarter(2024, 1, month)
        for _ in range(12):
            following = q.next()
            assert following.start == q.end + timedelta(days=1)
            assert quarter_of(q.end, month) == q and quarter_of(following.start, month) == following
            q = following


def test_start_month_setting_is_read_and_checked():
    store = Store(":memory:")
    assert fiscal.start_month_of(store) == 1
    store.set_setting("fiscal_year_start_month", "4")
    assert fiscal.quarter_from_label(store, "FY2026 Q1").start == date(2025, 4, 1)
    store.set_setting("fiscal_year_start_month", "April")
    with pytest.raises(TechspendError, match="1-12"):
        fiscal.start_month_of(store)


def test_a_quarter_can_be_named_by_label_key_or_object():
    store = Store(":memory:")
    store.set_setting("fiscal_year_start_month", "4")
    expected = Quarter(2026, 1, 4)
    assert fiscal.as_quarter(store, "FY2026 Q1") == expected
    assert fiscal.as_quarter(store, 20261) == expected
    assert fiscal.as_quarter(store, expected) is expected
