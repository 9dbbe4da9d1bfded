"""Property-based tests for the set-based amount and date parsers (DuckDB macros)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from db import Store

from sql_batch import each

STORE = Store(":memory:")

cents = st.integers(min_value=-10**11, max_value=10**11).map(lambda c: Decimal(c) / 100)


def with_thousands(text: str, sep: str) -> str:
    head, _, tail = text.partition(".")
    groups = []
    while len(head) > 3:
        groups.insert(0, head[-3:])
        head = head[:-3]
    groups.insert(0, head)
    return sep.join(groups) + ("." + tail if tail else "")


def styles(value: Decimal) -> list[tuple[str, bool]]:
    """The ways finance exports write the same amount (text, decimal_comma)."""
    plain = f"{abs(value):.2f}"
    grouped = with_thousands(plain, ",")
    neg = value < 0
    out = [
        (f"-{plain}" if neg else plain, False),
        (f"-{grouped}" if neg else grouped, False),
        (f"(${grouped})" if neg else f"${grouped}", False),
        (f"£{grouped}-" if neg else f"£{grouped}", False),
        (f"{grouped} CR" if neg else f"{grouped} DR", False),
        (f"  {'-' if neg else ''}€ {plain}  ", False),
        (("-" if neg else "") + with_thousands(plain, ",").replace(",", "#").replace(".", ",")
         .replace("#", "."), True),
        (("-" if neg else "") + "USD " + grouped, False),
    ]
    return out


# each example is a batch of values read in one statement (sql_batch: binding is the cost)
@settings(max_examples=6, deadline=None)
@given(st.lists(cents, min_size=25, max_size=25))
def test_every_written_form_of_an_amount_parses_to_the_same_cents(values):
    written = [(value, text, dc) for value in values for text, dc in styles(value)]
    parsed = each(STORE, "parse_amount(t, dc)", t=([t for _, t, _ in written], "VARCHAR"),
                  dc=([dc for _, _, dc in written], "BOOLEAN"))
    for (value, text, _), got in zip(written, parsed, strict=True):
        assert got == value, text


@settings(max_examples=6, deadline=None)
@given(st.lists(st.text(alphabet="abcxyz!?#%&*", min_size=1, max_size=8), min_size=25,
                max_size=25))
def test_text_that_is_not_money_never_becomes_a_number(texts):
    parsed = each(STORE, "parse_amount(t, false)", t=(texts, "VARCHAR"))
    assert {t: p for t, p in zip(texts, parsed) if p is not None} == {}


FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%m/%d/%Y", "%d.%m.%Y", "%d-%b-%Y", "%d %B %Y",
           "%m/%d/%Y 0:00", "%Y-%m-%d 00:00:00"]


@settings(max_examples=12, deadline=None)
@given(st.sampled_from(FORMATS),
       st.lists(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2060, 12, 31)),
                min_size=25, max_size=25))
def test_a_date_written_in_its_column_format_reads_back(fmt, days):
    texts = [day.strftime(fmt) for day in days]
    parse_fmt = fmt.split(" ")[0] if fmt.endswith(("0:00", "00:00:00")) else fmt
    # the format is bound once per statement (DuckDB needs it constant)
    parsed = STORE.scalar("SELECT list(parse_date(t, ?) ORDER BY i) FROM (SELECT "
                          "unnest(?::VARCHAR[]) AS t, unnest(range(?)) AS i)",
                          [parse_fmt, texts, len(texts)])
    for day, text, got in zip(days, texts, parsed, strict=True):
        assert got == day, (text, fmt)


@settings(max_examples=4, deadline=None)
@given(st.lists(st.dates(min_value=dt.date(1955, 1, 1), max_value=dt.date(2099, 12, 31)),
                min_size=25, max_size=25))
def test_excel_serial_numbers_are_dates(days):
    serials = [str((day - dt.date(1899, 12, 30)).days) for day in days]
    assert each(STORE, "parse_date(t, '%d/%m/%Y')", t=(serials, "VARCHAR")) == days


def test_impossible_dates_are_not_guessed():
    for text in ["31/02/2025", "00/01/2025", "2025-13-01", "yesterday", "12/31/2025"]:
        assert STORE.scalar("SELECT parse_date(?, '%d/%m/%Y')", [text]) is None, text
