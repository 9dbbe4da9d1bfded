"""Property tests for the value parsers of migration 006 (amounts, dates, periods, currencies).

Each property writes a value the way some locale's export writes it and checks that the
set-based parser reads back exactly that value, or refuses it when it is written against the
column's convention (it must never be read as a different number).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from db import Store
from ingest.load import period_of_name

from sql_batch import each

STORE = Store(":memory:")

# up to six decimals, up to a thousand billion
exact = st.integers(min_value=-10**18 + 1, max_value=10**18 - 1).map(lambda n: Decimal(n) / 10**6)
cents = st.integers(min_value=1, max_value=10**13).map(lambda c: Decimal(c) / 100)


def grouped(value: Decimal, group: str, mark: str) -> str:
    plain = format(abs(value), "f")
    head, _, tail = plain.partition(".")
    tail = tail.rstrip("0")
    parts = []
    while len(head) > 3:
        parts.insert(0, head[-3:])
        head = head[:-3]
    parts.insert(0, head)
    return group.join(parts) + (mark + tail if tail else "")


DOT_GROUPS = [",", "'", "’", " ", "\u00a0", "\u202f", ""]
COMMA_GROUPS = [".", " ", "\u00a0", "\u202f", "'", ""]


def parse(text: str, decimal_comma: bool):
    return STORE.scalar("SELECT parse_amount(?, ?)", [text, decimal_comma])


def parse_all(texts: list[str], decimal_comma: bool) -> list:
    """Every text read in one statement (binding parse_amount is the cost, not parsing)."""
    return each(STORE, "parse_amount(t, dc)", t=(texts, "VARCHAR"),
                dc=([decimal_comma] * len(texts), "BOOLEAN"))


def _misread(texts: list[str], expected: list, decimal_comma: bool) -> dict:
    got = parse_all(texts, decimal_comma)
    return {t: (g, e) for t, g, e in zip(texts, got, expected, strict=True) if g != e}


# each example is a batch of values, read in one statement
@settings(max_examples=8, deadline=None)
@given(st.lists(st.tuples(exact, st.sampled_from(DOT_GROUPS)), min_size=20, max_size=20))
def test_decimal_point_amounts_with_any_grouping_read_exactly(cases):
    texts, expected = [], []
    for value, group in cases:
        body = grouped(value, group, ".")
        forms = [f"-{body}", f"({body})", f"{body}-"] if value < 0 else [body, f"+{body}"]
        texts += forms
        expected += [value] * len(forms)
    assert _misread(texts, expected, False) == {}


@settings(max_examples=8, deadline=None)
@given(st.lists(st.tuples(exact, st.sampled_from(COMMA_GROUPS)), min_size=20, max_size=20))
def test_decimal_comma_amounts_with_any_grouping_read_exactly(cases):
    texts = [(f"-{b}" if v < 0 else b) for v, g in cases for b in [grouped(v, g, ",")]]
    assert _misread(texts, [v for v, _ in cases], True) == {}


@settings(max_examples=6, deadline=None)
@given(st.lists(cents, min_size=20, max_size=20))
def test_an_amount_written_against_the_columns_convention_is_refused_never_misread(values):
    # 1234.56 written '1.234,56' in a decimal-point column (or '1,234.56' in a decimal-comma
    # column) is not read as 1.23456 or 123456: it does not parse, so the row is rejected
    fractional = [v for v in values if v != v.to_integral_value()]
    comma_written = [grouped(v, ".", ",") for v in fractional]
    dot_written = [grouped(v, ",", ".") for v in fractional]
    assert _misread(comma_written, [None] * len(fractional), False) == {}
    assert _misread(dot_written, [None] * len(fractional), True) == {}
    decided = [i for i, v in enumerate(fractional)
               if v.as_tuple().exponent == -2 or v * 10 != (v * 10).to_integral_value()]
    evidence = each(STORE, "amount_decimal_evidence(t)",
                    t=([comma_written[i] for i in decided] + [dot_written[i] for i in decided],
                       "VARCHAR"))
    assert evidence == ["comma"] * len(decided) + ["dot"] * len(decided)


SYMBOLS = [("${}", "USD"), ("£{}", "GBP"), ("€{}", "EUR"), ("{} €", "EUR"), ("R$ {}", "BRL"),
           ("{} Kč", "CZK"), ("{} zł", "PLN"), ("CHF {}", "CHF"), ("{} kr", "SEK"),
           ("USD {}", "USD"), ("{} EUR", "EUR"), ("JPY {}", "JPY")]


@settings(max_examples=8, deadline=None)
@given(st.booleans(), st.lists(st.tuples(cents, st.sampled_from(SYMBOLS)), min_size=20,
                               max_size=20))
def test_a_symbol_or_code_in_the_cell_is_read_and_names_the_currency(decimal_comma, cases):
    texts = [pattern.format(grouped(value, "." if decimal_comma else ",",
                                    "," if decimal_comma else "."))
             for value, (pattern, _) in cases]
    assert _misread(texts, [v for v, _ in cases], decimal_comma) == {}
    currencies = each(STORE, "amount_currency(t, 'GBP')", t=(texts, "VARCHAR"))
    assert currencies == [code for _, (_, code) in cases]


@settings(max_examples=6, deadline=None)
@given(st.lists(st.tuples(st.text(alphabet="abcxyzQW!?#&*", min_size=1, max_size=6), cents),
                min_size=20, max_size=20))
def test_unknown_words_beside_a_number_are_not_money(cases):
    marks = each(STORE, "currency_of_token(upper(w), 'GBP')", w=([w for w, _ in cases], "VARCHAR"))
    unknown = [f"{w} {v}" for (w, v), mark in zip(cases, marks) if mark == "?"]
    assert _misread(unknown, [None] * len(unknown), False) == {}


# ---- dates --------------------------------------------------------------------------------------
MONTHS = {
    "en": "January February March April May June July August September October November December",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
    "cs": "ledna února března dubna května června července srpna září října listopadu prosince",
    "pl": "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada grudnia",
    "sv": "januari februari mars april maj juni juli augusti september oktober november december",
}
WRITTEN = {"de": "{d}. {m} {y}", "es": "{d} de {m} de {y}", "pt": "{d} de {m} de {y}",
           "cs": "{d}. {m} {y}"}


@settings(max_examples=6, deadline=None)
@given(st.lists(st.tuples(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2100, 12, 31)),
                          st.sampled_from(sorted(MONTHS))), min_size=25, max_size=25))
def test_month_names_of_ten_languages_read_back(cases):
    texts = [WRITTEN.get(language, "{d} {m} {y}").format(
        d=day.day, m=MONTHS[language].split()[day.month - 1], y=day.year) for day, language in cases]
    days = [day for day, _ in cases]
    assert each(STORE, "parse_date(t, '%d %B %Y')", t=(texts, "VARCHAR")) == days, texts
    assert each(STORE, "parse_date(t, '%d %b %Y')", t=(texts, "VARCHAR")) == days, texts


@settings(max_examples=4, deadline=None)
@given(st.lists(st.dates(min_value=dt.date(1969, 1, 1), max_value=dt.date(2068, 12, 31)),
                min_size=25, max_size=25))
def test_two_digit_years_pivot_and_a_four_digit_format_never_reads_year_25(days):
    texts = [day.strftime("%d/%m/%y") for day in days]
    assert each(STORE, "parse_date(t, '%d/%m/%y')", t=(texts, "VARCHAR")) == days
    assert each(STORE, "parse_date(t, '%d/%m/%Y')", t=(texts, "VARCHAR")) == [None] * len(days)


# ---- periods ------------------------------------------------------------------------------------
# period_start binds a large macro (about 1 s per statement here): few examples, many forms
@settings(max_examples=12, deadline=None)
@given(st.integers(1950, 2099), st.integers(1, 12),
       st.sampled_from(["{y}{m:02d}", "{y}-{m:02d}", "{y}/{m:02d}", "{m:02d}/{y}", "{b} {y}",
                        "{B} {y}", "{b}-{yy:02d}", "{B}{y}"]))
def test_a_month_period_in_any_common_form_is_its_first_day(year, month, form):
    first = dt.date(year, month, 1)
    text = form.format(y=year, m=month, yy=year % 100, b=first.strftime("%b"), B=first.strftime("%B"))
    if form == "{b}-{yy:02d}" and year < 2000:
        return  # a two-digit year is read as 20xx
    if form == "{y}/{m:02d}" and month == (year + 1) % 100:
        return  # '2011/12' is the fiscal year 2011/12
    assert STORE.scalar("SELECT period_start(?, 1, false)", [text]) == first, text


@settings(max_examples=8, deadline=None)
@given(st.integers(1950, 2098), st.integers(1, 4), st.integers(1, 12))
def test_fiscal_quarters_and_numbered_periods(year, quarter, fy_start):
    split = f"{year}/{(year + 1) % 100:02d}"
    start = fy_start if fy_start > 1 else 4           # a split year is a fiscal year
    months = start - 1 + 3 * (quarter - 1)
    expected = dt.date(year + months // 12, months % 12 + 1, 1)
    assert STORE.scalar("SELECT period_start(?, ?, false)", [f"Q{quarter} {split}", fy_start]) == expected
    # yyyymm numbered from the fiscal year's first month
    months = fy_start - 1 + quarter - 1
    assert STORE.scalar("SELECT period_start(?, ?, true)", [f"{year}{quarter:02d}", fy_start]) == \
        dt.date(year + months // 12, months % 12 + 1, 1)


@settings(max_examples=60, deadline=None)
@given(st.integers(1990, 2060), st.integers(1, 12),
       st.sampled_from(["{y}{m:02d}_CPGF.csv", "spending_{y}_{m:02d}_{B}.csv", "{b}_{y}.xlsx",
                        "Purchase-card-spend-over-250-{B}-{y}.csv", "export {B} {y} final.csv",
                        "SCC-250Spend-{b}{yy:02d}-formatted.csv"]))
def test_a_file_name_naming_a_month_dates_the_file(year, month, pattern):
    first = dt.date(year, month, 1)
    name = pattern.format(y=year, m=month, yy=year % 100, b=first.strftime("%b"), B=first.strftime("%B"))
    if "{yy" in pattern and year < 2000:
        return
    with STORE.cursor() as cur:
        found = period_of_name(cur, name, "file name")
    assert found is not None and (found.start, found.granularity) == (first, "month"), name


def test_file_names_naming_quarters_and_fiscal_years():
    with STORE.cursor() as cur:
        read = {name: period_of_name(cur, name, "file name") for name in [
            "expenditure-over-500-oct-dec-2017.csv", "q1_apr_jun_2023.xlsx",
            "Purchase-Card-Transactions-Quarter-1-2024-25.xlsx", "durham_pcc_2024-25.xlsx",
            "payments.csv"]}
    assert {k: (v.start, v.granularity) if v else None for k, v in read.items()} == {
        "expenditure-over-500-oct-dec-2017.csv": (dt.date(2017, 10, 1), "quarter"),
        "q1_apr_jun_2023.xlsx": (dt.date(2023, 4, 1), "quarter"),
        "Purchase-Card-Transactions-Quarter-1-2024-25.xlsx": (dt.date(2024, 4, 1), "quarter"),
        "durham_pcc_2024-25.xlsx": (dt.date(2024, 4, 1), "year"),
        "payments.csv": None,
    }
