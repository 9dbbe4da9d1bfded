"""Periods of a whole file: the month, quarter or year a sheet name, a file name or a person gives.

Business rule: a line is dated by its own date first, then by a period column, and only when it
has neither by the period the whole file covers. That period is read from what a person typed,
else a DATEV export's header line, else the sheet name, else the file name, else a title row
above the header ('Expenditure over £25,000 - March 2024'), in any of the month words
`month_words` knows.

Worked examples: '202110_CPGF.csv' -> 2021-10 (month); 'Apr 24 PCC' (a sheet) -> 2024-04;
'expenditure-over-500-oct-dec-2017.csv' -> the quarter from 2017-10-01;
'durham_pcc_2024-25.xlsx' -> the year from 2024-04-01. A period column holding 202401 in a sheet
named 'Apr 24' is period 1 of the fiscal year that starts in April 2024.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ingest.errors import IngestError
from ingest.readers import SourceTable


@dataclass(frozen=True)
class FilePeriod:
    """The period a whole file (or sheet) covers, from its sheet name, file name or the user."""

    start: dt.date                   # first day
    granularity: str                 # month | quarter | range | year
    basis: str                       # 'sheet name' | 'file name' | 'given' | 'title row' | 'DATEV header'
    text: str                        # what it was read from ('Apr 24 PCC', '202110_CPGF.csv')

    @property
    def label(self) -> str:
        if self.granularity == "month":
            return self.start.strftime("%Y-%m")
        return f"the {self.granularity} from {self.start.isoformat()}"


# ---- periods: sheet name, file name, given ----------------------------------------------------
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


def file_period(cur, src: SourceTable, period: str | None, fy_start: int = 1,
                dated: bool = False) -> FilePeriod | None:
    """The period of the whole file: the one a person gave, else the sheet name's, else the file
    name's. A period column or the line's own date always comes first (decided per line)."""
    if period:
        return given_period(cur, period, fy_start)
    datev = _datev_period(src)
    if datev:
        return datev
    if src.sheet and len(src.sheets) > 0:
        found = period_of_name(cur, src.sheet, "sheet name", fy_start)
        if found:
            return found
    found = period_of_name(cur, src.file_name, "file name", fy_start)
    # a title row ('Expenditure over £25,000 - March 2024') dates a file with no dates of its own
    # (a title's month may be loose: it never fills a blank date beside dated lines)
    for _, text in () if found or dated else src.preamble:
        found = period_of_name(cur, text, "title row", fy_start)
        if found:
            break
    return found


def _datev_period(src: SourceTable) -> FilePeriod | None:
    """A DATEV export's first line ('"EXTF";700;21;"Buchungsstapel";...') states the batch's
    dates, 'Datum vom' and 'Datum bis' (fields 15 and 16, YYYYMMDD): 20240301..20240331 is the
    month 2024-03. (DATEV's Belegdatum is day and month only, 0103: the year is this one.)"""
    for _, text in src.preamble[:1]:
        if not re.match(r"\W*EXTF\b", text):
            return None
        m = re.search(r"(?<!\d)(20\d\d)(0[1-9]|1[0-2])([0-3]\d), (20\d\d)(0[1-9]|1[0-2])([0-3]\d)(?!\d)", text)
        if not m:
            return None
        start = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        months = (int(m.group(4)) - start.year) * 12 + int(m.group(5)) - start.month + 1
        granularity = {1: "month", 3: "quarter", 12: "year"}.get(months, "range")
        return FilePeriod(start=start, granularity=granularity, basis="DATEV header", text=m.group(0))
    return None


def datev_document_dates(src: SourceTable, mapping, named: FilePeriod | None) -> tuple[str, str] | None:
    """(date SQL, column) for a DATEV batch whose 'Belegdatum' is day and month only ('0503',
    '503': 5 March): the year is the batch's (its header's 'Datum vom'), the next one for a month
    before the batch's first (a batch over the year end). The SQL reads the column cell as an ISO
    date text; a value of any other shape stays as written (and is rejected, quoted, if bad)."""
    if named is None or named.basis != "DATEV header" or mapping.column("date"):
        return None
    column = next((c for c in src.columns if c.strip().casefold() == "belegdatum"), None)
    if column is None:
        return None
    c = f"trim(c{src.columns.index(column)})"
    year, month = named.start.year, named.start.month
    ddmm = f"lpad({c}, 4, '0')"
    sql = (f"(CASE WHEN regexp_full_match({c}, '[0-9]{{3,4}}') THEN CAST(CASE WHEN"
           f" CAST(substr({ddmm}, 3, 2) AS INTEGER) < {int(month)} THEN {int(year) + 1}"
           f" ELSE {int(year)} END AS VARCHAR) || '-' || substr({ddmm}, 3, 2) || '-'"
           f" || substr({ddmm}, 1, 2) ELSE {c} END)")
    return sql, column


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
