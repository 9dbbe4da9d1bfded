"""Load: a file -> parsed, mapped, validated lines -> one DuckDB transaction.

The pipeline (Beancount-style, straight through):

    read_source  -> find the table (encoding, delimiter, sheet, header row, preamble)
    mapping      -> which column is the date, vendor, amount... (remembered by header signature)
    stage        -> parse every row set-based in DuckDB: loaded | excluded | rejected + reason
    load         -> uploads + ledger_lines + row_issues + source_rows, one transaction

Nothing lost: for every upload rows_read = loaded + excluded + rejected, and the sum of the loaded
amounts is the control total. Both are checked inside the transaction; a mismatch (a bug) rolls
everything back. A failure of any kind leaves the database as it was.

Worked example: a card export with 5 data rows — 3 purchases, 1 "($45.00)" refund, 1 "Total" row
— loads 4 lines (control total = purchases - 45.00), excludes the total row ("Total or subtotal
row"), rejects nothing: 5 = 4 + 1 + 0.

The same file (same SHA-256) loaded again is recognised and not counted twice; `replace=True`
swaps the old upload for the new one in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
import tempfile
from dataclasses import dataclass, field, replace
from decimal import Decimal
from importlib import resources
from typing import Callable

from db import Store
from ingest.errors import IngestError
from ingest.mapping import FIELDS, Mapping, detect_mapping, header_signature, missing_field_help
from ingest.readers import SourceTable, read_source

Progress = Callable[[float, str], None]

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


@dataclass(frozen=True)
class FilePeriod:
    """The period a whole file (or sheet) covers, from its sheet name, file name or the user."""

    start: dt.date                   # first day
    granularity: str                 # month | quarter | range | year
    basis: str                       # 'sheet name' | 'file name' | 'given'
    text: str                        # what it was read from ('Apr 24 PCC', '202110_CPGF.csv')

    @property
    def label(self) -> str:
        if self.granularity == "month":
            return self.start.strftime("%Y-%m")
        return f"the {self.granularity} from {self.start.isoformat()}"


@dataclass(frozen=True)
class StageInfo:
    mapping: Mapping
    date_format: str
    date_order: str
    decimal_comma: bool              # the amount (or debit) column's convention
    notes: tuple[str, ...]
    period: FilePeriod | None = None
    currency: str = "GBP"            # the file's currency: lines without their own take it
    currency_source: str = "default"  # given | heading | file | default


@dataclass(frozen=True)
class LoadResult:
    """What happened to one file. rows_read = rows_loaded + rows_excluded + rows_rejected.

    currency_assumed: some loaded lines had no currency evidence at all (no currency column,
    heading qualifier, symbol or code in the cell, nor a currency given): they were taken as
    `currency` (the configured default). file_total: the file's own total row, when it has one
    (compared with control_total in `message` and `notes`).
    """

    file_name: str
    status: str                      # loaded | duplicate
    upload_id: int | None
    sheet: str | None
    rows_read: int
    rows_loaded: int
    rows_excluded: int
    rows_rejected: int
    control_total: Decimal
    totals_by_currency: dict[str, Decimal] = field(default_factory=dict)
    header_row: int | None = None
    mapping: dict[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    message: str = ""
    file_total: Decimal | None = None
    currency_assumed: bool = False
    currency: str | None = None
    period: str | None = None        # the file's period label when lines were dated by it

    @property
    def reconciles(self) -> bool:
        return self.rows_read == self.rows_loaded + self.rows_excluded + self.rows_rejected


@dataclass(frozen=True)
class Preview:
    """What a load would do, before anything is written."""

    source: SourceTable
    stage: StageInfo
    rows: object                     # pandas DataFrame: first parsed rows with disposition
    rows_read: int
    rows_loaded: int
    rows_excluded: int
    rows_rejected: int
    control_total: Decimal
    file_total: Decimal | None = None
    currency_assumed: bool = False
    currency: str | None = None
    notes: tuple[str, ...] = ()      # what staging found (file total, currency, periods)


def _stage_sql() -> str:
    return resources.files("ingest.sql").joinpath("stage.sql").read_text(encoding="utf-8")


def _col(mapping: Mapping, src: SourceTable, fld: str) -> str:
    name = mapping.column(fld)
    if name is None:
        return "CAST(NULL AS VARCHAR)"
    return f"nullif(trim(c{src.columns.index(name)}), '')"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _sql_text(text: str) -> str:
    """One of our own fixed texts as a SQL literal."""
    return "'" + text.replace("'", "''") + "'"


def _sql_date(day: dt.date | None) -> str:
    """A date we computed (never file text) as a SQL literal."""
    return "CAST(NULL AS DATE)" if day is None else f"DATE '{day.isoformat()}'"


# ---- periods: sheet name, file name, given ----------------------------------------------------
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
_YEAR = r"(19[5-9]\d|20\d\d)"


def _name_words(cur, text: str) -> str:
    """'spending_2025_02_february.csv' -> 'spending 2025 02 feb' (month words of 10 languages)."""
    base = re.sub(r"\.(csv|tsv|txt|xlsx|xlsm|xls|ods)$", "", text, flags=re.I)
    base = re.sub(r"([a-z])([A-Z])", r"\1 \2", base)
    base = re.sub(r"(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])", " ", base)
    base = re.sub(r"[_.,;()\[\]]+", " ", base)
    return cur.execute("SELECT month_words(?)", [base]).fetchone()[0] or ""


def _month_no(word: str) -> int:
    return ("jan feb mar apr may jun jul aug sep oct nov dec".split().index(word)) + 1


def period_of_name(cur, text: str | None, basis: str, fy_start: int = 1) -> FilePeriod | None:
    """The period a sheet or file name states, or None.

    '202110_CPGF.csv' -> 2021-10 (month); 'spending_2025_02_february.csv' -> 2025-02;
    'Apr 24 PCC' -> 2024-04; 'expenditure-over-500-oct-dec-2017.csv' -> the quarter from
    2017-10-01; 'Purchase-Card-Transactions-Quarter-1-2024-25.xlsx' -> Q1 of 2024/25 (from
    2024-04-01 with an April fiscal year); 'durham_pcc_2024-25.xlsx' -> the year from 2024-04-01.
    """
    if not text:
        return None
    words = _name_words(cur, text)

    def found(start: dt.date, granularity: str) -> FilePeriod:
        return FilePeriod(start=start, granularity=granularity, basis=basis, text=text)

    years = [int(y) for y in re.findall(rf"(?<!\d){_YEAR}(?!\d)", words)]
    # a month range: 'oct dec 2017', 'q1 apr jun 2023'
    m = re.search(rf"\b{_MONTH}\b\s*(?:-|to|a|bis|au|tot|–)?\s*\b{_MONTH}\b", words)
    if m and years:
        first, last = _month_no(m.group(1)), _month_no(m.group(2))
        span = (last - first) % 12 + 1
        year = years[0]
        if span == 3:
            return found(dt.date(year, first, 1), "quarter")
        return found(dt.date(year, first, 1), "range")
    # one month name and a year: 'sep 2023', 'apr 24', '2025 02 feb', 'march 2018'
    m = (re.search(rf"\b{_MONTH}\b\s*-?\s*(?:{_YEAR}|(\d\d))(?!\d)", words)
         or re.search(rf"(?<!\d){_YEAR}\s*-?\s*(?:\d\d\s+)?\b{_MONTH}\b", words))
    if m:
        groups = [g for g in m.groups() if g]
        month = next(g for g in groups if not g.isdigit())
        year = next(g for g in groups if g.isdigit())
        year_no = int(year) if len(year) == 4 else 2000 + int(year)
        if 1950 <= year_no <= 2100:
            return found(dt.date(year_no, _month_no(month), 1), "month")
    # yyyymm / yyyymmdd: '202110_CPGF', 'DCCSpendingOver500_201006'
    m = re.search(rf"(?<!\d){_YEAR}(0[1-9]|1[0-2])(?:[0-3]\d)?(?!\d)", words)
    if m:
        return found(dt.date(int(m.group(1)), int(m.group(2)), 1), "month")
    # quarter: 'quarter 1 2024 25', 'q3 2023'
    m = re.search(rf"\b(?:q|quarter|qtr|trimestre|quartal|kwartaal)[\s-]*([1-4])\b.*?(?<!\d){_YEAR}"
                  rf"(?:\s*[-/ ]\s*(\d\d(?:\d\d)?))?(?!\d)", words)
    if m:
        q, year, second = int(m.group(1)), int(m.group(2)), m.group(3)
        token = f"q{q} {year}" + (f"/{second[-2:]}" if second and int(second) % 100 == (year + 1) % 100 else "")
        start = cur.execute("SELECT period_start(?, ?, false)", [token, fy_start]).fetchone()[0]
        if start:
            return found(start, "quarter")
    # yyyy mm: 'PCard Expenses 2017 11 Final' (not a fiscal year 2024-25)
    m = re.search(rf"(?<!\d){_YEAR}\s*[- ]\s*(0?[1-9]|1[0-2])(?!\d)", words)
    if m and int(m.group(2)) != (int(m.group(1)) + 1) % 100:
        return found(dt.date(int(m.group(1)), int(m.group(2)), 1), "month")
    # a fiscal year: '2024-25', '2024/2025'
    m = re.search(rf"(?<!\d){_YEAR}\s*[-/ ]\s*(\d\d(?:\d\d)?)(?!\d)", words)
    if m and int(m.group(2)) % 100 == (int(m.group(1)) + 1) % 100:
        return found(dt.date(int(m.group(1)), fy_start if fy_start > 1 else 4, 1), "year")
    if len(set(years)) == 1:
        return found(dt.date(years[0], 1, 1), "year")
    return None


def given_period(cur, text: str, fy_start: int = 1) -> FilePeriod:
    """The period a person typed ('2024-03', 'Mar 2024', 'Q1 2024/25'); IngestError if unreadable."""
    start = cur.execute("SELECT period_start(?, ?, false)", [text, fy_start]).fetchone()[0]
    if start is None:
        raise IngestError(f"'{text}' is not a period. Write it like 2024-03, Mar 2024, Q1 2024/25 "
                          "or 2024.")
    norm = cur.execute("SELECT period_text(?)", [text]).fetchone()[0] or ""
    granularity = ("quarter" if "q" in norm else "year" if re.fullmatch(r"\d{4}([-/]\d{2,4})?", norm)
                   and not re.fullmatch(r"\d{4}[-/](0?[1-9]|1[0-2])", norm) else "month")
    return FilePeriod(start=start, granularity=granularity, basis="given", text=text)


def file_period(cur, src: SourceTable, period: str | None, fy_start: int = 1) -> FilePeriod | None:
    """The period of the whole file: the one a person gave, else the sheet name's, else the file
    name's. A period column or the line's own date always comes first (decided per line)."""
    if period:
        return given_period(cur, period, fy_start)
    if src.sheet and len(src.sheets) > 0:
        found = period_of_name(cur, src.sheet, "sheet name", fy_start)
        if found:
            return found
    return period_of_name(cur, src.file_name, "file name", fy_start)


def _decide_period_column(cur, column_sql: str, column_name: str, named: FilePeriod | None,
                          fy_start: int) -> tuple[bool, int, list[str]]:
    """How to read numbered periods such as 202401 in this column: (numbered_fiscal, fy_start).

    202401 is January 2024 unless the sheet or file name says otherwise: in a sheet named
    'Apr 24' it is period 1 of the fiscal year that starts in April 2024. A period above 12
    (13 = year-end adjustments) is always a fiscal period.
    """
    row = cur.execute(
        f"SELECT mode(v), count(*) FILTER (WHERE regexp_full_match(v, '[0-9]{{4}}1[3-6](\\.0+)?')),"
        " count(*) FILTER (WHERE period_start(v, ?, false) IS NOT NULL), count(*)"
        f" FROM (SELECT trim({column_sql}) AS v FROM _src WHERE {column_sql} IS NOT NULL)",
        [fy_start]).fetchall()[0]
    typical, over_twelve, readable, total = row
    notes: list[str] = []
    numbered = typical is not None and re.fullmatch(r"(19|20)\d\d(0[1-9]|1[0-6])(\.0+)?", typical)
    if numbered and named is not None and named.granularity == "month":
        year, number = int(typical[:4]), int(typical[4:6])
        if dt.date(year, min(number, 12), 1) != named.start:
            start = (named.start.month - number) % 12 + 1
            if year + (start - 1 + number - 1) // 12 == named.start.year:
                notes.append(f"Periods in '{column_name}' are numbered from the fiscal year's first "
                             f"month ({typical} = {named.start:%Y-%m}, as the {named.basis} "
                             f"'{named.text}' says).")
                return True, start, notes
    if numbered and over_twelve:
        notes.append(f"Periods in '{column_name}' are fiscal periods (some are above 12).")
        return True, fy_start, notes
    if total:
        notes.append(f"Lines are dated to the first day of their period in '{column_name}'.")
        if readable < total:
            notes.append(f"{total - readable} value(s) in '{column_name}' are not periods "
                         "(rows rejected with the value quoted).")
    return False, fy_start, notes


# ---- dates -----------------------------------------------------------------------------------
def _decide_date_format(cur, column_sql: str, date_order: str | None, file_name: str,
                        column_name: str) -> tuple[str, str, list[str]]:
    """Choose the column's format from ALL its distinct values. Returns (fmt, order, notes)."""
    candidates = [(order, fmt) for order, fmts in DATE_FORMATS.items() for fmt in fmts]
    if date_order in ("dmy", "mdy"):
        candidates = [(o, f) for o, f in candidates if o != ("mdy" if date_order == "dmy" else "dmy")]
    select = ", ".join(f"count(*) FILTER (WHERE parse_date(v, $f{i}) IS NOT NULL)"
                       for i in range(len(candidates)))
    params = {f"f{i}": fmt for i, (_, fmt) in enumerate(candidates)}
    row = cur.execute(
        f"SELECT count(*), {select} FROM (SELECT DISTINCT trim({column_sql}) AS v FROM _src "
        f"WHERE {column_sql} IS NOT NULL)",
        params,
    ).fetchall()[0]
    total, counts = row[0], row[1:]
    if total == 0:
        return "%Y-%m-%d", "ymd", []
    best = max(range(len(candidates)), key=lambda i: (counts[i], -i))
    order, fmt = candidates[best]
    notes: list[str] = []
    if order in ("dmy", "mdy") and date_order is None:
        other = "mdy" if order == "dmy" else "dmy"
        other_best = max((counts[i] for i, (o, _) in enumerate(candidates) if o == other), default=0)
        if other_best == counts[best]:
            order = "dmy"
            fmt = fmt if fmt in DATE_FORMATS["dmy"] else fmt.replace("%m", "%M").replace(
                "%d", "%m").replace("%M", "%d")
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
    if counts[best] < total:
        notes.append(f"{total - counts[best]} distinct value(s) in '{column_name}' are not dates "
                     "in that format (total rows, or rows rejected with the value quoted).")
    return fmt, order, notes


def _date_window(cur, date_expr: str) -> tuple[dt.date | None, dt.date | None, dt.date | None]:
    """(median, low, high): a line date more than 20 years from the column's median (over the
    distinct plausible dates of its first 200,000 rows: one cheap pass) is rejected, as is one
    before 1950 or after 2100."""
    median = cur.execute(
        f"SELECT quantile_disc(d, 0.5) FROM (SELECT DISTINCT {date_expr} AS d FROM"
        "  (SELECT * FROM _src LIMIT 200000))"
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
        " try_strptime(split_part(v, ' ', 1), '%Y-%m-%d')) IS NOT NULL"
        " OR regexp_full_match(v, '[1-9][0-9]{4}(\\.[0-9]+)?')), count(*)"
        f" FROM (SELECT DISTINCT v FROM (SELECT trim({column_sql}) AS v FROM _src"
        f"  WHERE {column_sql} IS NOT NULL LIMIT 20000))").fetchall()[0]
    return dates / total if total else 1.0


def _reads_as_periods(cur, column_sql: str, fy_start: int) -> bool:
    """A 'date' column that holds periods ('2014', '2024-03', 'Q1 2024') rather than days."""
    dates, periods, total = cur.execute(
        "SELECT count(*) FILTER (WHERE coalesce(TRY_CAST(v AS DATE), parse_date(v, '%d/%m/%Y'),"
        " parse_date(v, '%m/%d/%Y'), parse_date(v, '%d %b %Y')) IS NOT NULL),"
        " count(*) FILTER (WHERE period_start(v, ?, false) IS NOT NULL"
        "   AND NOT regexp_full_match(v, '[0-9]{4}-[0-9]{2}-[0-9]{2}.*')), count(*)"
        f" FROM (SELECT DISTINCT v FROM (SELECT trim({column_sql}) AS v FROM _src"
        f"  WHERE {column_sql} IS NOT NULL LIMIT 20000))", [fy_start]).fetchall()[0]
    return total > 0 and periods > dates and periods >= 0.8 * total


# ---- money -----------------------------------------------------------------------------------
def _decide_decimal_comma(cur, column_sql: str, column_name: str) -> tuple[bool, list[str]]:
    """Decimal comma when more of the column's values can only be read that way ('12,50',
    '1.234,56', '1.234.567') than the other way ('12.50', '1,234.56'). Values that fit neither
    decide nothing ('1,234', '1.234'); a value that contradicts the column's convention is
    rejected with the value quoted, it never switches the column."""
    comma, dot = cur.execute(
        "SELECT count(*) FILTER (WHERE e = 'comma'), count(*) FILTER (WHERE e = 'dot') FROM"
        f" (SELECT amount_decimal_evidence({column_sql}) AS e FROM _src"
        f"  WHERE {column_sql} IS NOT NULL AND regexp_matches({column_sql}, '[.,]'))"
    ).fetchall()[0]
    notes: list[str] = []
    decimal_comma = comma > dot
    minority = dot if decimal_comma else comma
    if decimal_comma:
        notes.append(f"Amounts in '{column_name}' use a decimal comma (1.234,56).")
    if minority:
        notes.append(f"{minority} value(s) in '{column_name}' are written with the other decimal "
                     "mark: those rows are rejected with the value quoted.")
    return decimal_comma, notes


_FORMAT_LABEL = {True: " in this column's format (decimal comma, as in 1.234,56)",
                 False: " in this column's format (decimal point, as in 1,234.56)"}


def _decide_currency(cur, mapping: Mapping, given: str | None, amount_sqls: list[str]
                     ) -> tuple[str, str, str]:
    """(file currency, its source, fallback for '$'/'kr'). Evidence, strongest first: a
    currency given by the user, the amount heading ('£ SPEND' -> GBP), symbols or codes in the
    amount cells ('99,00 €'); else the configured default, flagged as assumed. A line's own
    symbol or currency cell always wins over the file's currency."""
    hint = mapping.currency_hint
    if given:
        return given.upper(), "given", given.upper()
    if hint:
        return hint.upper(), "heading", hint.upper()
    default = mapping.default_currency.upper()
    if amount_sqls:
        union = " UNION ALL ".join(
            f"SELECT amount_currency({c}, $d) AS code FROM _src WHERE {c} IS NOT NULL"
            f" AND NOT regexp_full_match({c}, '[0-9.,\\-+() ]*')" for c in amount_sqls)
        found = cur.execute(
            f"SELECT code FROM ({union}) WHERE code IS NOT NULL AND code <> '?'"
            " GROUP BY code ORDER BY count(*) DESC, code LIMIT 1", {"d": default}).fetchall()
        if found:
            return found[0][0], "file", found[0][0]
    return default, "default", default


def _materialise(cur, src: SourceTable, data: bytes, workdir: str) -> SourceTable:
    """Create TEMP _src. The CSV fast path must return exactly one record per non-blank line;
    anything else (quoted line breaks, odd quoting DuckDB refuses) takes the exact path."""
    if src.arrow is None:
        try:
            src.to_duckdb(cur, "_src")
            if src.record_count(cur) == src.csv_options["records"]:
                return src
        except Exception:  # DuckDB's reader refused the file: the exact path decides
            pass
        src = read_source(src.file_name, data, workdir=workdir, exact=True)
    src.to_duckdb(cur, "_src")
    return src


def _check_required(src: SourceTable, mapping: Mapping, period: FilePeriod | None = None) -> None:
    """A file must give an amount (or debit/credit) and a date or a period; when it does not, the
    message names the file, lists every column with sample values and the exact --map to try."""
    if mapping.amount_mode == "amount" and mapping.column("amount") is None:
        raise IngestError(f"{src.file_name}: no amount column (or debit and credit columns) was "
                          "recognised.\n" + missing_field_help("amount", src.columns, src.sample))
    if mapping.column("date") is None and mapping.column("period") is None and period is None:
        raise IngestError(
            f"{src.file_name}: no date column (nor a period column) was recognised, and neither the sheet nor "
            "the file name says which period it covers.\n"
            + missing_field_help("date", src.columns, src.sample))


def stage(cur, src: SourceTable, data: bytes, mapping: Mapping, *, date_order: str | None,
          workdir: str, materialised: bool = False, period: str | None = None,
          currency_given: str | None = None, fy_start: int = 1) -> tuple[SourceTable, StageInfo]:
    """Create TEMP tables _src (unless `materialised`) and _staged on this cursor."""
    named = file_period(cur, src, period, fy_start)
    _check_required(src, mapping, named)
    if not materialised:
        src = _materialise(cur, src, data, workdir)
    notes: list[str] = []
    date_sql = _col(mapping, src, "date")
    period_sql = _col(mapping, src, "period")
    date_column = mapping.column("date")
    period_column = mapping.column("period")
    if date_column and _dates_share(cur, date_sql) < 0.8 and _reads_as_periods(cur, date_sql, fy_start):
        notes.append(f"'{date_column}' holds periods, not days: lines are dated to the first day "
                     "of their period.")
        period_sql, period_column = date_sql, date_column
        date_sql, date_column = "CAST(NULL AS VARCHAR)", None
    if date_column:
        fmt, order, date_notes = _decide_date_format(
            cur, date_sql, date_order or mapping.date_order, src.file_name, date_column)
    else:
        fmt, order, date_notes = "%Y-%m-%d", "ymd", []
    notes += date_notes
    numbered_fiscal, period_fy = False, fy_start
    if period_column:
        numbered_fiscal, period_fy, period_notes = _decide_period_column(
            cur, period_sql, period_column, named, fy_start)
        notes += period_notes
    # blank dates in a dated file: the file's period when it is a month (a monthly extract) or
    # was given by the user; never today, never zero
    blank_fill = named is not None and (named.granularity == "month" or named.basis == "given")
    if named is not None and not date_column and not period_column:
        notes.append(f"Lines are dated {named.start.isoformat()}, the first day of {named.label} "
                     f"(from the {named.basis} '{named.text}')." if named.basis != "given" else
                     f"Lines are dated {named.start.isoformat()}, the first day of the period "
                     f"given ({named.text}).")
    if date_column and named is not None and not blank_fill:
        blank_hint = (f": the file's period ({named.label}, from the {named.basis}) is longer than "
                      "a month. Give the month (e.g. 2024-03) to date such lines.")
    elif date_column:
        blank_hint = ": the file has no period to date it by. Give the period (e.g. 2024-03)."
    else:
        blank_hint = "."
    money = {f: (_col(mapping, src, f), mapping.column(f)) for f in ("amount", "debit", "credit")}
    comma = {}
    for f, (sql_text, name) in money.items():
        if name:
            comma[f], money_notes = _decide_decimal_comma(cur, sql_text, name)
            notes += money_notes
        else:
            comma[f] = False
    decimal_comma = comma["amount"] if mapping.amount_mode == "amount" else comma["debit"]
    currency, currency_source, fallback = _decide_currency(
        cur, mapping, currency_given, [s for s, name in money.values() if name])
    if currency_source == "heading":
        notes.append(f"Currency {currency}, from the amount heading '{mapping.column('amount')}'.")
    elif currency_source == "file":
        notes.append(f"Currency {currency}, from the symbols or codes in the amount cells.")
    placeholders = {f: _col(mapping, src, f) for f in FIELDS}
    placeholders["date"], placeholders["period"] = date_sql, period_sql
    if mapping.column("department") is None and mapping.column("cost_centre_name") is not None:
        placeholders["department"] = placeholders["cost_centre_name"]
    # linear in the width (reader): a chain of N ANDs / an N-argument coalesce costs the
    # binder O(N^2) (1,000 columns 2.3 s, 2,000 columns 6-10 s); one concat_ws / one list does not
    placeholders["all_empty"] = "(trim(concat_ws('', " + ", ".join(
        f"c{i}" for i in range(src.width)) + ")) = '')"
    placeholders["first_cell"] = "list_filter([" + ", ".join(
        f"trim(c{i})" for i in range(src.width)) + "], lambda x: x <> '')[1]"
    placeholders["all_cells"] = "list_filter([" + ", ".join(
        f"nullif(trim(c{i}), '')" for i in range(src.width)) + "], lambda x: x IS NOT NULL)"
    # constants from our own lists only (checked), as SQL literals
    assert fmt in ALL_DATE_FORMATS and mapping.amount_mode in ("amount", "debit_credit")
    assert 1 <= period_fy <= 12
    date_expr = f"parse_date(date_text, '{fmt}')"
    if fmt == "%Y-%m-%d":  # ISO: the cheap cast first
        date_expr = f"coalesce(TRY_CAST(date_text AS DATE), {date_expr})"
    median = low = high = None
    if date_column:
        median, low, high = _date_window(cur, date_expr.replace("date_text", date_sql))
    placeholders.update({
        "date_expr": date_expr if date_column else "CAST(NULL AS DATE)",
        "period_expr": (f"period_start(period_text, {period_fy}, {str(numbered_fiscal).lower()})"
                        if period_column else "CAST(NULL AS DATE)"),
        "date_format": "'" + fmt + "'",
        "amount_comma": str(comma["amount"]).lower(), "debit_comma": str(comma["debit"]).lower(),
        "credit_comma": str(comma["credit"]).lower(),
        "amount_format_label": _sql_text(_FORMAT_LABEL[comma["amount"]]),
        "debit_format_label": _sql_text(_FORMAT_LABEL[comma["debit"]]),
        "credit_format_label": _sql_text(_FORMAT_LABEL[comma["credit"]]),
        "amount_mode": "'" + mapping.amount_mode + "'", "date_label": "'" + DATE_LABELS[order] + "'",
        "date_mapped": "true" if date_column else "false",
        "dates_rows": "true" if date_column or period_column else "false",
        "blank_fill": "true" if blank_fill else "false",
        "file_period": _sql_date(named.start if named else None),
        "date_low": _sql_date(low or dt.date(1950, 1, 1)),
        "date_high": _sql_date(high or dt.date(2100, 12, 31)),
    })
    cur.execute(
        "CREATE OR REPLACE TEMP TABLE _stage_params AS SELECT ?::VARCHAR AS file_currency,"
        " ?::VARCHAR AS file_currency_source, ?::VARCHAR AS fallback_currency,"
        " ?::VARCHAR AS file_period_basis, ?::VARCHAR AS blank_date_hint, ?::VARCHAR AS date_median",
        [currency, currency_source, fallback, named.basis if named else None, blank_hint,
         median.isoformat() if median else None])
    sql = re.sub(r"\{(\w+)\}", lambda m: placeholders.get(m.group(1), m.group(0)), _stage_sql())
    cur.execute(sql)
    return src, StageInfo(mapping=mapping, date_format=fmt, date_order=order,
                          decimal_comma=decimal_comma, notes=tuple(notes), period=named,
                          currency=currency, currency_source=currency_source)


def _keep_staged(cur) -> None:
    """Compute the staging view once (the one heavy pass) into TEMP table _staged_rows: the
    load, its issues and its reconciliation all read that table."""
    cur.execute("SET preserve_insertion_order = false")
    cur.execute(
        "CREATE OR REPLACE TEMP TABLE _staged_rows AS SELECT source_row, disposition, reason,"
        " exclusion_kind, txn_date, date_basis, vendor, department, cost_centre, cost_centre_name,"
        " account_code, account_name, description, reference, amount, currency_code,"
        " currency_source, mcc, amount_text, debit_text, credit_text,"
        " CASE WHEN exclusion_kind = 'count' THEN TRY_CAST(list_filter(all_cells,"
        "   lambda x: regexp_full_match(x, '[0-9]+'))[1] AS BIGINT) END AS count_value"
        " FROM _staged")
    cur.execute("RESET preserve_insertion_order")


def _outcome(cur, loaded_total: Decimal, info: StageInfo) -> tuple[Decimal | None, bool, list[str]]:
    """After staging: (the file's own total, currency assumed?, notes).

    The file's own total is an excluded total / footer / amount-only row after the last loaded
    line (or before the first): the one that equals the control total when there is one, else
    the largest. Toronto's grand total 1,259,625.67 matches; a sum footer that does not match
    says by how much."""
    notes: list[str] = []
    rows = cur.execute(
        "WITH bounds AS (SELECT min(source_row) AS lo, max(source_row) AS hi FROM _staged_rows"
        "   WHERE disposition = 'loaded')"
        " SELECT amount FROM _staged_rows, bounds WHERE disposition = 'excluded'"
        "   AND exclusion_kind IN ('total', 'footer', 'subtotal') AND amount IS NOT NULL"
        "   AND (source_row > hi OR source_row < lo)").fetchall()
    control = Decimal(loaded_total).quantize(Decimal("0.01"))
    file_total = None
    if rows:
        amounts = [Decimal(r[0]) for r in rows]
        same = [a for a in amounts if a.quantize(Decimal("0.01")) == control]
        file_total = (same[0] if same else max(amounts, key=abs)).quantize(Decimal("0.01"))
        if file_total == control:
            notes.append(f"The control total matches the file's own total {file_total:,.2f}.")
        else:
            notes.append(f"The control total {control:,.2f} differs from the file's total by "
                         f"{abs(control - file_total):,.2f} (the file says {file_total:,.2f}).")
    counts = cur.execute(
        "SELECT count_value FROM _staged_rows WHERE exclusion_kind = 'count'"
        " ORDER BY source_row DESC LIMIT 1").fetchall()
    if counts and counts[0][0] is not None:
        loaded = cur.execute("SELECT count(*) FROM _staged_rows WHERE disposition = 'loaded'").fetchall()[0][0]
        said = counts[0][0]
        notes.append(f"The file's own count {said:,} matches the {loaded:,} lines loaded." if said == loaded
                     else f"The file's own count says {said:,} lines; {loaded:,} were loaded.")
    assumed = cur.execute("SELECT count(*) FROM _staged_rows WHERE disposition = 'loaded'"
                          " AND currency_source = 'default'").fetchall()[0][0]
    if assumed:
        notes.append(f"No currency found for {assumed:,} line(s) (no currency column, heading, "
                     f"symbol or code): taken as {info.currency}, the configured default. "
                     "Choose the currency if that is wrong.")
    basis = dict(cur.execute("SELECT date_basis, count(*) FROM _staged_rows WHERE disposition = 'loaded'"
                             " AND date_basis <> 'line' GROUP BY ALL").fetchall())
    for where, n in sorted(basis.items()):
        notes.append(f"{n:,} line(s) dated by their {where}.")
    return file_total, bool(assumed), notes


def _total_message(control: Decimal, file_total: Decimal | None) -> str:
    if file_total is None:
        return ""
    control = Decimal(control).quantize(Decimal("0.01"))
    if control == file_total:
        return f" The control total matches the file's own total {file_total:,.2f}."
    return f" The control total differs from the file's total by {abs(control - file_total):,.2f}."


def _resolve_mapping(store: Store | None, src: SourceTable, overrides: dict | None,
                     currency: str | None) -> Mapping:
    default_currency = (currency or (store.setting("reporting_currency", "GBP") if store else "GBP")).upper()
    remembered = None
    if store is not None:
        text = store.scalar("SELECT mapping FROM mapping_memory WHERE header_signature = ?",
                            [header_signature(src.columns)])
        if text:
            remembered = Mapping.from_json(text)
            if not all(c in src.columns for c in remembered.fields.values()):
                remembered = None
    detected = detect_mapping(src.columns, src.sample, default_currency=default_currency)
    if remembered is not None:
        mapping = replace(remembered, default_currency=currency.upper() if currency
                          else remembered.default_currency,
                          notes=("Mapping remembered from an earlier file with the same columns.",))
        # heading qualifiers are facts of the heading: keep them when the amount column is the same
        if mapping.currency_hint is None and \
                mapping.column("amount") == detected.column("amount"):
            mapping = replace(mapping, currency_hint=detected.currency_hint)
    else:
        mapping = detected
    if overrides:
        mapping = mapping.with_overrides(overrides, src.columns)
    return mapping


def _sheet_origin(src: SourceTable, param: str) -> tuple[str, str]:
    """(select list, join) giving source_sheet, sheet_row for ledger_lines / row_issues rows;
    `param` is the placeholder bound to `src.sheet` (unused for stacked sheets).

    Reader-owned (multi-sheet): a stacked workbook's rows carry their sheet in _src; any other
    source has one sheet (or none) and sheet_row = source_row, with no join on the heavy path."""
    if src.stacked:
        return "_src.source_sheet, _src.sheet_row", "JOIN _src USING (source_row)"
    return f"CAST({param} AS VARCHAR), source_row", ""


def _raw_text_sql(src: SourceTable) -> tuple[str, dict]:
    """'Column: value | Column: value' for the non-empty cells (names bound as parameters)."""
    # one list of names, zipped with the cells: linear in the width (one CASE and one named
    # parameter per column cost O(N^2) to bind: 5,000 columns 7.4 s -> 1.1 s; reader finding)
    cells = ", ".join(f"c{i}" for i in range(src.width))
    return ("array_to_string(list_transform(list_filter(list_zip($raw_names, [" + cells + "]),"
            " lambda p: p[2] IS NOT NULL), lambda p: p[1] || ': ' || p[2]), ' | ')",
            {"raw_names": list(src.columns)})


def _fiscal_start(store: Store | None) -> int:
    try:
        month = int(store.setting("fiscal_year_start_month", "1")) if store else 1
    except (TypeError, ValueError):
        month = 1
    return month if 1 <= month <= 12 else 1


def preview_file(file_name: str, data: bytes, *, sheet: str | None = None,
                 overrides: dict | None = None, date_order: str | None = None,
                 currency: str | None = None, store: Store | None = None,
                 limit: int = 20, period: str | None = None) -> Preview:
    """Run the whole pipeline in a scratch database: what a load would do, with nothing written.

    `period` ('2024-03', 'Mar 2024', 'Q1 2024/25'): the period the file covers, for files with
    no date column (and blank dates in a monthly extract) when the sheet or file name says none.
    """
    workdir = tempfile.mkdtemp(prefix="techspend-")
    try:
        src = read_source(file_name, data, sheet=sheet, workdir=workdir)
        mapping = _resolve_mapping(store, src, overrides, currency)
        scratch = Store(":memory:")
        with scratch.cursor() as cur:
            src, info = stage(cur, src, data, mapping, date_order=date_order, workdir=workdir,
                              period=period, currency_given=currency,
                              fy_start=_fiscal_start(store))
            _keep_staged(cur)
            counts = cur.execute(
                "SELECT count(*), count(*) FILTER (WHERE disposition = 'loaded'),"
                " count(*) FILTER (WHERE disposition = 'excluded'),"
                " count(*) FILTER (WHERE disposition = 'rejected'),"
                " coalesce(sum(amount) FILTER (WHERE disposition = 'loaded'), 0) FROM _staged_rows"
            ).fetchall()[0]
            file_total, assumed, outcome_notes = _outcome(cur, counts[4], info)
            rows = cur.sql(
                "SELECT source_row AS row, disposition, reason, txn_date AS date, date_basis,"
                " vendor, coalesce(department, cost_centre_name) AS department,"
                " account_name AS account, description, amount, currency_code AS currency"
                " FROM _staged_rows ORDER BY source_row LIMIT ?", params=[limit]
            ).to_arrow_table().to_pandas()
        scratch.close()
        return Preview(source=src, stage=info, rows=rows, rows_read=counts[0],
                       rows_loaded=counts[1], rows_excluded=counts[2], rows_rejected=counts[3],
                       control_total=Decimal(counts[4]).quantize(Decimal("0.01")),
                       file_total=file_total, currency_assumed=assumed, currency=info.currency,
                       notes=tuple(info.notes) + tuple(outcome_notes))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def load_file(store: Store, file_name: str, data: bytes, *, sheet: str | None = None,
              overrides: dict | None = None, date_order: str | None = None,
              currency: str | None = None, replace: bool = False, remember: bool = True,
              progress: Progress | None = None, source_path: str | None = None,
              period: str | None = None) -> LoadResult:
    """Load one file (one sheet) as a ledger upload. Raises IngestError when it can't be read.

    `period`: the period the file covers ('2024-03', 'Q1 2024/25'), see `preview_file`.
    `currency`: the file's currency when the file does not say (a line's own currency column,
    symbol or code still wins); without it and without evidence, `LoadResult.currency_assumed`.
    """
    say = progress or (lambda fraction, message: None)
    digest = _sha256(data)
    say(0.05, f"Reading {file_name}")
    workdir = tempfile.mkdtemp(prefix="techspend-")
    try:
        src = read_source(file_name, data, sheet=sheet, workdir=workdir, source_path=source_path)
        existing = store.rows(
            "SELECT upload_id, rows_loaded, control_total FROM uploads "
            "WHERE sha256 = ? AND dataset = 'ledger' AND coalesce(sheet, '') = coalesce(?, '')",
            [digest, src.sheet])
        if existing and not replace:
            up, loaded, total = existing[0]
            return LoadResult(
                file_name=file_name, status="duplicate", upload_id=up, sheet=src.sheet,
                rows_read=0, rows_loaded=0, rows_excluded=0, rows_rejected=0,
                control_total=Decimal("0"),
                message=(f"{file_name} was already loaded as upload #{up} ({loaded} lines, "
                         f"control total {total:,.2f}); nothing was added. Replace it to load "
                         "it again."),
            )
        mapping = _resolve_mapping(store, src, overrides, currency)
        fy_start = _fiscal_start(store)
        with store.cursor() as cur:
            _check_required(src, mapping, file_period(cur, src, period, fy_start))
        with store.write_session() as scratch:
            say(0.15, "Reading rows")
            src = _materialise(scratch, src, data, workdir)  # before BEGIN: may retry
            with store.transaction(scratch) as cur:
                for up, *_ in existing:
                    _delete(cur, up)
                say(0.3, "Parsing rows")
                src, info = stage(cur, src, data, mapping, date_order=date_order,
                                  workdir=workdir, materialised=True, period=period,
                                  currency_given=currency, fy_start=fy_start)
                _keep_staged(cur)
                say(0.6, "Writing lines")
                upload_id = cur.execute("SELECT nextval('upload_id_seq')").fetchall()[0][0]
                source_name = file_name if src.sheet is None or len(src.sheets) <= 1 else \
                    f"{file_name} [{src.sheet}]"
                # 1. loaded lines straight from the staging view (the one heavy pass). Lines carry
                #    their source_row, so the insert may run in any order (fully parallel);
                #    only _records (read above) had to keep the file's order.
                cur.execute("SET preserve_insertion_order = false")
                # reader (multi-sheet): each line keeps its sheet and its row in that sheet
                sheet_cols, sheet_join = _sheet_origin(src, "?")
                cur.execute(
                    "INSERT INTO ledger_lines (upload_id, source_row, source_file, txn_date,"
                    " vendor, department, cost_centre, account_code, account_name, description,"
                    " reference, amount, currency, mcc, date_basis, source_sheet, sheet_row)"
                    " SELECT ?, source_row, ?, txn_date, vendor,"
                    " coalesce(department, cost_centre_name), cost_centre, account_code, account_name,"
                    f" description, reference, amount, currency_code, mcc, date_basis, {sheet_cols}"
                    f" FROM _staged_rows {sheet_join} WHERE disposition = 'loaded'",
                    [upload_id, source_name] + ([] if src.stacked else [src.sheet]))
                cur.execute("RESET preserve_insertion_order")
                # 2. every other source row is an issue: stage only those (the complement)
                cur.execute(
                    "CREATE OR REPLACE TEMP TABLE _not_loaded AS SELECT source_row FROM _src"
                    " ANTI JOIN (SELECT source_row FROM ledger_lines WHERE upload_id = ?)"
                    " USING (source_row)", [upload_id])
                raw_sql, raw_params = _raw_text_sql(src)
                cur.execute(
                    "INSERT INTO row_issues (upload_id, source_row, disposition, reason, raw,"
                    " amount_text, source_sheet, sheet_row)"
                    " SELECT $upload_id, source_row, disposition, reason, "
                    f"{raw_sql}, coalesce(amount_text, debit_text, credit_text), "
                    f"{_sheet_origin(src, '$source_sheet')[0]}"
                    " FROM _staged_rows JOIN _src USING (source_row)"
                    " SEMI JOIN _not_loaded USING (source_row)",
                    {"upload_id": upload_id, **raw_params,
                     **({} if src.stacked else {"source_sheet": src.sheet})})
                # 3. cells of columns not mapped to a field, so nothing in the source is lost
                #    (mapped cells live in the line; issue rows keep their full text)
                mapped = set(mapping.fields.values())
                unmapped = [i for i, c in enumerate(src.columns) if c not in mapped]
                if unmapped:
                    cells = ", ".join(f"c{i}" for i in unmapped)
                    cur.execute(
                        f"INSERT INTO source_rows SELECT ?, source_row, [{cells}] FROM _src"
                        " ANTI JOIN _not_loaded USING (source_row)"
                        f" WHERE coalesce({cells}) IS NOT NULL", [upload_id])
                read = cur.execute("SELECT count(*) FROM _src").fetchall()[0][0]
                loaded, total = cur.execute(
                    "SELECT count(*), coalesce(sum(amount), 0) FROM ledger_lines"
                    " WHERE upload_id = ?", [upload_id]).fetchall()[0]
                issue_counts = dict(cur.execute(
                    "SELECT disposition, count(*) FROM row_issues WHERE upload_id = ?"
                    " GROUP BY ALL", [upload_id]).fetchall())
                excluded = issue_counts.pop("excluded", 0)
                rejected = issue_counts.pop("rejected", 0)
                by_currency = dict(cur.execute(
                    "SELECT currency, sum(amount) FROM ledger_lines WHERE upload_id = ?"
                    " GROUP BY ALL ORDER BY 1", [upload_id]).fetchall())
                file_total, assumed, outcome_notes = _outcome(cur, total, info)
                notes = list(src.notes) + list(mapping.notes) + list(info.notes) + outcome_notes
                cur.execute(
                    "INSERT INTO uploads (upload_id, file_name, sha256, size_bytes, kind, sheet,"
                    " dataset, header_row, columns, mapping, notes, rows_read, rows_loaded,"
                    " rows_excluded, rows_rejected, control_total) VALUES"
                    " (?, ?, ?, ?, ?, ?, 'ledger', ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [upload_id, file_name, digest, len(data), src.kind, src.sheet, src.header_row,
                     list(src.columns), json.dumps({**json.loads(mapping.to_json()),
                                                    "source_rows_columns": [src.columns[i] for i in unmapped],
                                                    "date_format": info.date_format,
                                                    "decimal_comma": info.decimal_comma,
                                                    "currency": info.currency,
                                                    "currency_source": info.currency_source,
                                                    "period": (info.period.start.isoformat()
                                                               if info.period else None),
                                                    "period_basis": (info.period.basis
                                                                     if info.period else None),
                                                    "file_total": (str(file_total) if file_total
                                                                   is not None else None),
                                                    "preamble": [list(p) for p in src.preamble]}),
                     notes, read, loaded, excluded, rejected, total])
                # the books must balance before we commit: every source row in exactly one place
                if issue_counts or read != loaded + excluded + rejected or \
                        sum(by_currency.values(), Decimal(0)) != total:
                    raise IngestError(
                        f"{file_name}: the load did not reconcile ({read} read, {loaded} loaded, "
                        f"{excluded} excluded, {rejected} rejected); nothing was saved. Please "
                        "report this file.")
                if remember:
                    cur.execute(
                        "INSERT OR REPLACE INTO mapping_memory (header_signature, mapping)"
                        " VALUES (?, ?)", [header_signature(src.columns), mapping.to_json()])
                _drop_scratch(cur)
        say(1.0, "Done")
        cent = Decimal("0.01")
        return LoadResult(
            file_name=file_name, status="loaded", upload_id=upload_id, sheet=src.sheet,
            rows_read=read, rows_loaded=loaded, rows_excluded=excluded, rows_rejected=rejected,
            control_total=Decimal(total).quantize(cent),
            totals_by_currency={k: Decimal(v).quantize(cent) for k, v in by_currency.items()},
            header_row=src.header_row, mapping=dict(mapping.fields), notes=tuple(notes),
            message=(f"{file_name}: {read} rows read, {loaded} loaded, {excluded} excluded, "
                     f"{rejected} rejected; control total {total:,.2f}."
                     + _total_message(total, file_total)),
            file_total=file_total, currency_assumed=assumed, currency=info.currency,
            period=info.period.label if info.period else None,
        )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _drop_scratch(cur) -> None:
    cur.execute("DROP TABLE IF EXISTS _staged_rows")
    cur.execute("DROP VIEW IF EXISTS _staged")
    cur.execute("DROP TABLE IF EXISTS _not_loaded")
    cur.execute("DROP TABLE IF EXISTS _stage_params")
    kind = cur.execute("SELECT table_type FROM information_schema.tables"
                       " WHERE table_name = '_src' AND table_schema = 'main'"
                       " AND table_catalog = 'temp'").fetchall()
    cur.execute("DROP VIEW IF EXISTS _src" if kind and kind[0][0] == "VIEW" else
                "DROP TABLE IF EXISTS _src")
    cur.execute("DROP TABLE IF EXISTS _records")
    cur.execute("DROP TABLE IF EXISTS _blank_lines")


def _delete(cur, upload_id: int) -> None:
    for table in ("ledger_lines", "row_issues", "source_rows", "classified_lines", "budget_lines"):
        cur.execute(f"DELETE FROM {table} WHERE upload_id = ?", [upload_id])
    cur.execute("DELETE FROM fx_rates WHERE upload_id = ?", [upload_id])
    cur.execute("DELETE FROM uploads WHERE upload_id = ?", [upload_id])


def delete_upload(store: Store, upload_id: int) -> bool:
    """Remove an upload and everything derived from it. False when there is no such upload."""
    with store.transaction() as cur:
        found = cur.execute("SELECT count(*) FROM uploads WHERE upload_id = ?", [upload_id]).fetchall()[0][0]
        if not found:
            return False
        _delete(cur, upload_id)
    return True


def list_uploads(store: Store):
    """DataFrame: upload_id, file_name, sheet, dataset, kind, rows_read, rows_loaded,
    rows_excluded, rows_rejected, control_total, loaded_at, sha256."""
    return store.df(
        "SELECT upload_id, file_name, sheet, dataset, kind, rows_read, rows_loaded, rows_excluded,"
        " rows_rejected, control_total, loaded_at, sha256 FROM uploads ORDER BY upload_id")


def row_issues(store: Store, upload_id: int | None = None):
    """DataFrame of excluded and rejected rows: upload_id, file_name, source_row, disposition,
    reason, raw."""
    return store.df(
        "SELECT i.upload_id, u.file_name, i.source_row, i.disposition, i.reason, i.raw"
        " FROM row_issues i JOIN uploads u USING (upload_id)"
        " WHERE ? IS NULL OR i.upload_id = ? ORDER BY i.upload_id, i.source_row",
        [upload_id, upload_id])
