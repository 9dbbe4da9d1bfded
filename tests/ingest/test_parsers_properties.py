"""Property-based tests for the set-based amount and date parsers (DuckDB macros)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from db import Store

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


@settings(max_examples=150, deadline=None)
@given(cents)
def test_every_written_form_of_an_amount_parses_to_the_same_cents(value):
    written = styles(value)
    # every form in one statement (binding parse_amount costs more than parsing 8 cells)
    parsed = STORE.scalar(
        "SELECT list(parse_amount(t, dc) ORDER BY i) FROM (SELECT unnest(?::VARCHAR[]) AS t,"
        " unnest(?::BOOLEAN[]) AS dc, unnest(range(?)) AS i)",
        [[t for t, _ in written], [dc for _, dc in written], len(written)])
    for (text, _), got in zip(written, parsed, strict=True):
        assert got == value, text


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="abcxyz!?#%&*", min_size=1, max_size=8))
def test_text_that_is_not_money_never_becomes_a_number(text):
    assert STORE.scalar("SELECT parse_amount(?, false)", [text]) is None


@settings(max_examples=150, deadline=None)
@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2060, 12, 31)),
       st.sampled_from(["%Y-%m-%d", "%d/%m/%Y", "%m/%d/%Y", "%d.%m.%Y", "%d-%b-%Y", "%d %B %Y",
                        "%m/%d/%Y 0:00", "%Y-%m-%d 00:00:00"]))
def test_a_date_written_in_its_column_format_reads_back(day, fmt):
    text = day.strftime(fmt)
    parse_fmt = fmt.split(" ")[0] if fmt.endswith(("0:00", "00:00:00")) else fmt
    assert STORE.scalar("SELECT parse_date(?, ?)", [text, parse_fmt]) == day


@settings(max_examples=100, deadline=None)
@given(st.dates(min_value=dt.date(1955, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_excel_serial_numbers_are_dates(day):
    serial = (day - dt.date(1899, 12, 30)).days
    assert STORE.scalar("SELECT parse_date(?, '%d/%m/%Y')", [str(serial)]) == day


def test_impossible_dates_are_not_guessed():
    for text in ["31/02/2025", "00/01/2025", "2025-13-01", "yesterday", "12/31/2025"]:
        assert STORE.scalar("SELECT parse_date(?, '%d/%m/%Y')", [text]) is None, text
