"""Column conventions, decided once per column: the date format, the decimal mark, the currency.

Business rule: a column has ONE convention, decided from its values, never one per cell: a date
column is day/month/year or month/day/year for all its rows (ambiguous dates are read day-first
and said); an amount column uses a decimal point or a decimal comma (a value written the other
way is rejected with the value quoted, it never switches the column); the file's currency comes
from what the user gave, the amount heading ('£ SPEND'), or the symbols and codes in the cells.

Cost: the date format is chosen over the column's DISTINCT values (few); the decimal mark and
the currency over the first `SAMPLE_ROWS_DETECT` rows when `sample` is given: the staging pass
then checks the whole file (see `ingest.stage.stage`).

Worked example: amounts '12,50', '1.234,56', '7' -> decimal comma (2 values can only be read
that way, none the other way); '7' decides nothing.
"""

from __future__ import annotations

import datetime as dt
import re

from ingest.mapping import Mapping


DATE_FORMATS = {
    "ymd": ["%Y-%m-%d", "%Y/%m/%d", "%Y%m%d", "%Y.%m.%d"],
    "dmy": ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y", "%d-%m-%y", "%d.%m.%y"],
    "mdy": ["%m/%d/%Y", "%m-%d-%Y", "%m/%d/%y", "%m-%d-%y"],
    "named": ["%d-%b-%Y", "%d-%b-%y", "%d %b %Y", "%d %B %Y", "%b %d, %Y", "%B %d, %Y",
              "%d/%b/%Y", "%d %b %y", "%a %d %b %Y"],
}


ALL_DATE_FORMATS = frozenset(f for fmts in DATE_FORMATS.values() for f in fmts)


DATE_LABELS = {"ymd": "year-month-day", "dmy": "day/month/year", "mdy": "month/day/year",
               "named": "day month-name year"}


# ---- dates -----------------------------------------------------------------------------------
def _distinct_cells(column_sql: str, limit: int | None = None) -> str:
    """The rows to evaluate `column_sql` (an expression of one source column cN) over: the
    column's DISTINCT raw cells, so trimming, date_cells and parse_date run per distinct cell
    (a few hundred dates) rather than per line (1M lines: 0.3 s saved per pass)."""
    columns = sorted(set(re.findall(r"\bc[0-9]+\b", column_sql)))
    rows = "_src" if limit is None else f"(SELECT * FROM _src LIMIT {int(limit)})"
    if not columns:
        return rows
    return f"(SELECT DISTINCT {', '.join(columns)} FROM {rows})"


def _decide_date_format(cur, column_sql: str, date_order: str | None, file_name: str,
                        column_name: str, ambiguous_order: str = "dmy"
                        ) -> tuple[str, str, list[str], tuple[str, ...]]:
    """Choose the column's format from ALL its distinct values. Returns (fmt, order, notes,
    fallbacks): formats, in turn, for the values `fmt` cannot read (usually none).
    When day/month and month/day read every value alike (no day above 12), `ambiguous_order`
    decides: 'mdy' for a US-dollar file, else 'dmy'."""
    candidates = [(order, fmt) for order, fmts in DATE_FORMATS.items() for fmt in fmts]
    if date_order in ("dmy", "mdy"):
        candidates = [(o, f) for o, f in candidates if o != ("mdy" if date_order == "dmy" else "dmy")]
    distinct_values = (f"(SELECT DISTINCT date_cells({column_sql}) AS v FROM "
                       f"{_distinct_cells(column_sql)} WHERE {column_sql} IS NOT NULL)")
    # the first candidate reading every value wins outright (ties go to the earlier candidate),
    # so one format is tried before all of them: binding the ~20 parse_date expansions costs a
    # quarter of a second however small the file
    total, first = cur.execute(
        f"SELECT count(*), count(*) FILTER (WHERE parse_date(v, $f0) IS NOT NULL)"
        f" FROM {distinct_values}", {"f0": candidates[0][1]}).fetchall()[0]
    if total and first == total:
        counts = (first,) + (0,) * (len(candidates) - 1)
    else:
        select = ", ".join(f"count(*) FILTER (WHERE parse_date(v, $f{i}) IS NOT NULL)"
                           for i in range(len(candidates)))
        params = {f"f{i}": fmt for i, (_, fmt) in enumerate(candidates)}
        row = cur.execute(f"SELECT count(*), {select} FROM {distinct_values}", params).fetchall()[0]
        total, counts = row[0], row[1:]
    if total == 0:
        return "%Y-%m-%d", "ymd", [], ()
    best = max(range(len(candidates)), key=lambda i: (counts[i], -i))
    order, fmt = candidates[best]
    notes: list[str] = []
    if order in ("dmy", "mdy") and date_order is None:
        other = "mdy" if order == "dmy" else "dmy"
        other_best = max((counts[i] for i, (o, _) in enumerate(candidates) if o == other), default=0)
        if other_best == counts[best]:
            if order != ambiguous_order:  # the same format with day and month exchanged
                swapped = fmt.replace("%m", "%M").replace("%d", "%m").replace("%M", "%d")
                if swapped in DATE_FORMATS[ambiguous_order]:   # (01.02.2025 has no month-first
                    order, fmt = ambiguous_order, swapped        # form: dotted dates stay d.m.)
            if order == "mdy":
                notes.append(
                    f"Dates in '{column_name}' are ambiguous (no day above 12): read as month/day/"
                    "year, as in US-dollar files. Choose day/month/year if that is wrong.")
            else:
                notes.append(
                    f"Dates in '{column_name}' are ambiguous (no day above 12): read as day/month/"
                    "year. Choose month/day/year if that is wrong."
                )
        else:
            notes.append(f"Dates in '{column_name}' read as {DATE_LABELS[order]}.")
    elif date_order is not None:
        notes.append(f"Dates in '{column_name}' read as {DATE_LABELS[order]} (as chosen).")
    if "%y" in fmt:
        notes.append(f"Two-digit years in '{column_name}': 00-68 are 20xx, 69-99 are 19xx.")
    fallbacks: list[str] = []
    read = counts[best]
    while read < total and len(fallbacks) < 3:
        found = _second_format(cur, distinct_values, [fmt, *fallbacks], candidates, ambiguous_order)
        if not found:
            break
        fallbacks.append(found[0])
        read += found[1]
        notes.append(f"{found[1]} distinct value(s) in '{column_name}' are written another way "
                     f"({DATE_LABELS[found[2]]}, e.g. text typed among a workbook's dates): read "
                     "that way.")
    if read < total:
        notes.append(f"{total - read} distinct value(s) in '{column_name}' are not dates in that "
                     "format (total rows, or rows rejected with the value quoted).")
    return fmt, order, notes, tuple(fallbacks)


def _second_format(cur, distinct_values: str, formats: list[str], candidates, ambiguous_order: str):
    """(format, values read, order) of the candidate that reads the most of the values none of
    `formats` can read (a workbook column of real dates with some typed as text '13/01/2024',
    or an export mixing formats), or None. Only values the earlier formats cannot read take it,
    so no value is read two ways. A tie between day- and month-first goes to `ambiguous_order`."""
    others = [(o, f) for o, f in candidates if f not in formats]
    select = ", ".join(f"count(*) FILTER (WHERE parse_date(v, $f{i}) IS NOT NULL)"
                       for i in range(len(others)))
    params = {f"f{i}": f for i, (_, f) in enumerate(others)}
    params.update({f"g{i}": f for i, f in enumerate(formats)})
    unread = " AND ".join(f"parse_date(v, $g{i}) IS NULL" for i in range(len(formats)))
    row = cur.execute(f"SELECT {select} FROM {distinct_values} WHERE {unread}", params).fetchall()[0]
    best = max(range(len(others)), key=lambda i: (row[i], others[i][0] == ambiguous_order, -i))
    return (others[best][1], row[best], others[best][0]) if row[best] else None


def date_expression(fmt: str, fallbacks=()) -> str:
    """The SQL reading a date cell `date_text` in the column's format (ISO: the cheap cast
    first), then, for what that cannot read, in each fallback format. Formats are our own."""
    assert fmt in ALL_DATE_FORMATS and all(f in ALL_DATE_FORMATS for f in fallbacks)
    expr = f"parse_date_cell(date_text, '{fmt}')"
    if fmt == "%Y-%m-%d":
        expr = f"coalesce(TRY_CAST(date_text AS DATE), {expr})"
    if fallbacks:
        expr = "coalesce(" + ", ".join([expr] + [f"parse_date_cell(date_text, '{f}')"
                                                 for f in fallbacks]) + ")"
    return expr


def _date_window(cur, date_expr: str, column_sql: str
                 ) -> tuple[dt.date | None, dt.date | None, dt.date | None]:
    """(median, low, high): a line date more than 20 years from the column's median (over the
    distinct plausible dates of its first 200,000 rows: one cheap pass) is rejected, as is one
    before 1950 or after 2100. `date_expr` reads `date_text`, the column's cell (`column_sql`):
    the cell is a named column of a subquery, so the parser's macros bind over a name, not over
    the cell's whole trimming expression copied into each of their uses."""
    median = cur.execute(
        f"SELECT quantile_disc(d, 0.5) FROM (SELECT DISTINCT {date_expr} AS d FROM"
        f"  (SELECT DISTINCT {column_sql} AS date_text FROM {_distinct_cells(column_sql, 200000)}))"
        " WHERE d BETWEEN DATE '1950-01-01' AND DATE '2100-12-31'").fetchall()[0][0]
    if median is None:
        return None, None, None
    low = dt.date(max(median.year - 20, 1), median.month, 1)
    high = dt.date(min(median.year + 20, 9999), median.month, 28)
    return median, low, high


def _dates_share(cur, column_sql: str) -> float:
    """Share of the column's first distinct values that read as a day in a common format."""
    dates, total = cur.execute(
        "SELECT count(*) FILTER (WHERE coalesce(TRY_CAST(v AS DATE), try_strptime(v, '%d/%m/%Y'),"
        " try_strptime(v, '%m/%d/%Y'), try_strptime(v, '%d.%m.%Y'), try_strptime(v, '%d/%m/%y'),"
        " try_strptime(split_part(v, ' ', 1), '%Y-%m-%d'), try_strptime(v, '%Y.%m.%d')) IS NOT NULL"
        " OR regexp_full_match(v, '[1-9][0-9]{4}(\\.[0-9]+)?')), count(*)"
        f" FROM (SELECT DISTINCT v FROM (SELECT date_cells({column_sql}) AS v FROM _src"
        f"  WHERE {column_sql} IS NOT NULL LIMIT 20000))").fetchall()[0]
    return dates / total if total else 1.0


def _reads_as_periods(cur, column_sql: str, fy_start: int) -> bool:
    """A 'date' column that holds periods ('2014', '2024-03', 'Q1 2024') rather than days."""
    dates, periods, total = cur.execute(
        "SELECT count(*) FILTER (WHERE coalesce(TRY_CAST(v AS DATE), parse_date(v, '%d/%m/%Y'),"
        " parse_date(v, '%m/%d/%Y'), parse_date(v, '%d %b %Y'), parse_date(v, '%Y.%m.%d')) IS NOT NULL),"
        " count(*) FILTER (WHERE period_start(v, ?, false) IS NOT NULL"
        "   AND NOT regexp_full_match(v, '[0-9]{4}-[0-9]{2}-[0-9]{2}.*')), count(*)"
        f" FROM (SELECT DISTINCT v FROM (SELECT date_cells({column_sql}) AS v FROM _src"
        f"  WHERE {column_sql} IS NOT NULL LIMIT 20000))", [fy_start]).fetchall()[0]
    return total > 0 and periods > dates and periods >= 0.8 * total


# ---- money -----------------------------------------------------------------------------------
# ---- money -----------------------------------------------------------------------------------
SAMPLE_ROWS_DETECT = 20_000   # rows a detection pass reads; the staging pass checks the rest
# (20,000 rows give a decimal mark or a currency plenty of votes; at 100,000 these passes cost
# 0.4 s of a 1M-line load, and a file the sample misjudges is decided again over every row)


def _decide_decimal_comma(cur, column_sql: str, column_name: str,
                          sample: int | None = None) -> tuple[bool, list[str], tuple[int, int]]:
    """Decimal comma when more of the column's values can only be read that way ('12,50',
    '1.234,56', '1.234.567') than the other way ('12.50', '1,234.56'). Values that fit neither
    decide nothing ('1,234', '1.234'); a value that contradicts the column's convention is
    rejected with the value quoted, it never switches the column. Also returns the evidence
    (values read only with a comma, only with a point).

    `sample`: decide from the first rows only (the caller then checks the whole column in the
    staging pass: when every value there parses, no value contradicts, and the whole column
    would have decided the same)."""
    rows = f"(SELECT * FROM _src LIMIT {int(sample)})" if sample else "_src"
    comma, dot = cur.execute(
        "SELECT count(*) FILTER (WHERE e = 'comma'), count(*) FILTER (WHERE e = 'dot') FROM"
        f" (SELECT amount_decimal_evidence({column_sql}) AS e FROM {rows}"
        f"  WHERE {column_sql} IS NOT NULL AND regexp_matches({column_sql}, '[.,]'))"
    ).fetchall()[0]
    notes: list[str] = []
    decimal_comma = comma > dot
    minority = dot if decimal_comma else comma
    if not comma and not dot and _dots_group_thousands(cur, column_sql, rows):
        decimal_comma = True   # '2.414', '52.421': whole amounts, '.' groups the thousands
        notes.append(f"Amounts in '{column_name}' are whole amounts with '.' grouping the "
                     "thousands (2.414 is 2,414): no value has a decimal part, and money is not "
                     "written to three decimals.")
    elif decimal_comma:
        notes.append(f"Amounts in '{column_name}' use a decimal comma (1.234,56).")
    if minority:
        notes.append(f"{minority} value(s) in '{column_name}' are written with the other decimal "
                     "mark: those rows are rejected with the value quoted.")
    return decimal_comma, notes, (comma, dot)


GROUPED_MIN = 3   # values that fit only '.' as a thousands mark, before it is taken as one


def _dots_group_thousands(cur, column_sql: str, rows: str) -> bool:
    """Every value with a mark is digits in groups of three after a '.' ('2.414', '1.052.421',
    '-46.234') and at least GROUPED_MIN are: '.' groups thousands (nothing decided otherwise)."""
    marked, grouped = cur.execute(
        f"SELECT count(*), count(*) FILTER (WHERE regexp_full_match(trim({column_sql}),"
        " '-?[0-9]{1,3}(\\.[0-9]{3})+-?')) FROM"
        f" {rows} WHERE {column_sql} IS NOT NULL AND regexp_matches({column_sql}, '[.,]')").fetchall()[0]
    return marked >= GROUPED_MIN and grouped == marked


def _decide_decimal_marks(cur, money: dict[str, tuple[str, str | None]],
                          sample: int | None = None) -> tuple[dict[str, bool], list[str]]:
    """The decimal mark of each money column (amount, debit, credit: field -> (sql, name)).
    A file writes its money one way: a column whose own values decide nothing (a credit column
    holding only '500.000') takes the mark the file's other money columns show ('17.385.678'
    in the debit column: a decimal comma), never a default that reads it as 500.00."""
    comma: dict[str, bool] = {}
    evidence: dict[str, tuple[int, int]] = {}
    notes: list[str] = []
    for f, (sql_text, name) in money.items():
        if name:
            comma[f], column_notes, evidence[f] = _decide_decimal_comma(cur, sql_text, name, sample)
            notes += column_notes
        else:
            comma[f] = False
    pooled_comma = sum(c for c, _ in evidence.values())
    pooled_dot = sum(d for _, d in evidence.values())
    for f, (c, d) in evidence.items():
        if c == d and pooled_comma != pooled_dot:   # undecided alone: the file's mark
            comma[f] = pooled_comma > pooled_dot
            if comma[f]:
                notes.append(f"Amounts in '{money[f][1]}' use a decimal comma (1.234,56), as the "
                             "file's other amount columns do.")
    return comma, notes


# '$' alone is the sign of many currencies: a file read as dollars by its '$' says which it took
# and that it may be another (the workspace's own dollar currency is taken when it has one)
DOLLAR_SIGNS = {code: f" A bare '$' is also the sign of {others}: choose the currency if that is wrong."
                for code, others in (("USD", "CAD, AUD, NZD, MXN, CLP and others"),
                                     ("CAD", "USD, AUD, NZD and others"),
                                     ("AUD", "USD, CAD, NZD and others"),
                                     ("NZD", "USD, CAD, AUD and others"))}


_FORMAT_LABEL = {True: " in this column's format (decimal comma, as in 1.234,56)",
                 False: " in this column's format (decimal point, as in 1,234.56)"}


def _decide_currency(cur, mapping: Mapping, given: str | None, amount_sqls: list[str],
                     sample: int | None = None, stated: tuple | None = None,
                     kroner: str | None = None) -> tuple[str, str, str]:
    """(file currency, its source, fallback for '$'/'kr'). Evidence, strongest first: a
    currency given by the user, the amount heading ('£ SPEND' -> GBP), a parameter row above
    the header ('Currency: EUR'), symbols or codes in the amount cells ('99,00 €'), the script
    the file is written in (Japanese text: JPY); else the configured default, flagged as
    assumed. A line's own
    symbol or currency cell always wins over the file's currency. A symbol several currencies
    write ('kr.', '$') is read as the one the file's language or title names: 'kr. 16.185,60'
    under Danish headings is DKK (`kroner`: the krone one heading word names), under Swedish
    ones SEK."""
    hint = mapping.currency_hint
    if given:
        return given.upper(), "given", given.upper()
    if hint:
        return hint.upper(), "heading", hint.upper()
    if stated and stated[2] == "title":   # a row above the header: 'Currency: EUR'
        return stated[0], "title", stated[0]
    default = mapping.default_currency.upper()
    rows = f"(SELECT * FROM _src LIMIT {int(sample)})" if sample else "_src"
    marked = " UNION ALL ".join(  # cells with more than digits and separators: a symbol or code
        f"SELECT 1 FROM {rows} WHERE {c} IS NOT NULL"
        f" AND NOT regexp_full_match({c}, '[0-9.,\\-+() ]*')" for c in amount_sqls)
    # binding amount_currency costs a tenth of a second: only when some cell can name a currency
    if amount_sqls and cur.execute(f"SELECT EXISTS ({marked})").fetchone()[0]:
        union = " UNION ALL ".join(
            f"SELECT amount_currency({c}, $d) AS code FROM {rows} WHERE {c} IS NOT NULL"
            f" AND NOT regexp_full_match({c}, '[0-9.,\\-+() ]*')" for c in amount_sqls)
        found = cur.execute(
            f"SELECT code FROM ({union}) WHERE code IS NOT NULL AND code <> '?'"
            " GROUP BY code ORDER BY count(*) DESC, code LIMIT 1",
            {"d": stated[0] if stated else (kroner or default)}).fetchall()
        if found:
            return found[0][0], "file", found[0][0]
    if stated:   # the file's script: Japanese text is yen (ingest.preamble.script_currency)
        return stated[0], "script", stated[0]
    return default, "default", default
