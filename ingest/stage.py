"""Stage: every source row parsed set-based in DuckDB and given its disposition.

Business rule (nothing lost): each source row is 'loaded', 'excluded' (blank, total, footer,
note and separator rows: never summed) or 'rejected' (a value that cannot be used; the reason
quotes it and says what to do). The SQL is ingest/sql/stage.sql; this module decides the column
conventions (`ingest.conventions`), the file's period (`ingest.periods`) and runs it once over
the file into TEMP table _staged_rows, which the load, its issues and its reconciliation read.

Worked example: a card export with 5 data rows — 3 purchases, 1 "($45.00)" refund, 1 "Total" row
— stages 4 rows 'loaded' (the refund as -45.00) and 1 'excluded' ("Total or subtotal row").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal

from ingest.conventions import (
    DOLLAR_SIGNS,
    _FORMAT_LABEL,
    DATE_LABELS,
    SAMPLE_ROWS_DETECT,
    _date_window,
    _dates_share,
    _decide_currency,
    _decide_date_format,
    date_expression,
    _decide_decimal_marks,
    _reads_as_periods,
)
from ingest.cell_words import sql_nulls as _sql_nulls, total_words as _total_words
from ingest.errors import IngestError
from ingest.heading_language import KRONER, heading_language_currency
from ingest.mapping import FIELDS, Mapping, missing_field_help
from ingest.direction_values import direction_values
from ingest.periods import FilePeriod, _decide_period_column, datev_document_dates, file_period
from ingest.year_period import year_and_period
from ingest.preamble import stated_currency
from ingest.readers import SourceTable, read_source
from ingest.after_staging import after_staging, header_key
from ingest.sql import load_sql


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


def _col(mapping: Mapping, src: SourceTable, fld: str) -> str:
    name = mapping.column(fld)
    if name is None:
        return "CAST(NULL AS VARCHAR)"
    c = f"c{src.columns.index(name)}"
    if _sql_nulls(src):   # a department 'NULL' is no department
        c = f"(CASE WHEN {c} IN ('NULL', '\\N', '(null)') THEN NULL ELSE {c} END)"
    # trim() strips only spaces (U+0020 and the other Unicode space separators, never a tab):
    # an ASCII cell that neither starts nor ends with a space is already trimmed, and is passed
    # through without the copy trim makes (a third of the staging pass at 1M lines)
    return (f"nullif(CASE WHEN starts_with({c}, ' ') OR ends_with({c}, ' ') OR strlen({c}) <> length({c})"
            f" THEN trim({c}) ELSE {c} END, '')")


def _sql_text(text: str) -> str:
    """One of our own fixed texts as a SQL literal."""
    return "'" + text.replace("'", "''") + "'"


def _sql_date(day: dt.date | None) -> str:
    """A date we computed (never file text) as a SQL literal."""
    return "CAST(NULL AS DATE)" if day is None else f"DATE '{day.isoformat()}'"


def _materialise(cur, src: SourceTable, data: bytes, workdir: str) -> SourceTable:
    """Create TEMP _src. The CSV fast path must return exactly one record per non-blank line;
    anything else (quoted line breaks, odd quoting DuckDB refuses) takes the exact path."""
    if src.arrow is None:
        try:
            read = src.to_duckdb(cur, "_src")
            if read.record_count(cur) == src.csv_options["records"]:
                return read
        except IngestError:
            raise
        except Exception:  # DuckDB's reader refused the file: the exact path decides
            pass
        if data is None:  # read in place until now (the CLI): the exact path needs the bytes
            with open(src.csv_path, "rb") as fh:
                data = fh.read()
        src = read_source(src.file_name, data, workdir=workdir, exact=True)
    return src.to_duckdb(cur, "_src")


def _check_required(src: SourceTable, mapping: Mapping, period: FilePeriod | None = None) -> None:
    """A file must give an amount (or debit/credit) and a date or a period; when it does not, the
    message names the file, lists every column with sample values and the exact --map to try."""
    if mapping.amount_mode == "amount" and mapping.column("amount") is None:
        raise IngestError(f"{src.file_name}: no amount column (or debit and credit columns) was "
                          "recognised.\n" + missing_field_help("amount", src.columns, src.sample))
    if (mapping.column("date") is None and mapping.column("period") is None and period is None
            and year_and_period(src, mapping) is None):
        raise IngestError(
            f"{src.file_name}: no date column (nor a period column) was recognised, and neither the sheet nor "
            "the file name says which period it covers.\n"
            + missing_field_help("date", src.columns, src.sample))


def stage(cur, src: SourceTable, data: bytes, mapping: Mapping, *, date_order: str | None,
          workdir: str, materialised: bool = False, period: str | None = None,
          currency_given: str | None = None, fy_start: int = 1) -> tuple[SourceTable, StageInfo]:
    """Create TEMP tables _src (unless `materialised`) and _staged_rows on this cursor.

    One heavy pass: the decimal mark and the file's currency are decided from the first
    `SAMPLE_ROWS_DETECT` rows, the whole file is staged once, and the staged rows check the
    sample's decisions: when every amount parsed and no amount cell names a currency, the whole
    column would have decided the same. Otherwise (rare: rejected amounts, symbols in cells) the
    decision is taken again over every row and, only when it differs, the file staged again."""
    kwargs = dict(date_order=date_order, workdir=workdir, materialised=materialised,
                  period=period, currency_given=currency_given, fy_start=fy_start)
    src, info, decided = _stage_once(cur, src, data, mapping, sample=SAMPLE_ROWS_DETECT, **kwargs)
    unread, named_currency = cur.execute(
        "SELECT count(*) FILTER (WHERE money_unread),"
        " count(*) FILTER (WHERE names_currency)"
        " FROM _staged_rows").fetchall()[0]
    if not unread and not (named_currency and decided["currency_from_sample"]):
        return src, info
    kwargs["materialised"] = True
    src, whole, whole_decided = _stage_once(cur, src, data, mapping, sample=None, dry=True,
                                            **kwargs)
    if whole_decided["values"] != decided["values"]:
        src, whole, _ = _stage_once(cur, src, data, mapping, sample=None, **kwargs)
        return src, whole
    return src, replace(whole, notes=whole.notes + decided["found"])   # the rows staged first


def _stage_once(cur, src: SourceTable, data: bytes, mapping: Mapping, *, date_order: str | None,
                workdir: str, materialised: bool = False, period: str | None = None,
                currency_given: str | None = None, fy_start: int = 1, sample: int | None,
                dry: bool = False):
    """Decide the column conventions (over `sample` rows, or all) and create the view _staged
    (unless `dry`). Returns (src, StageInfo, the decisions that a sample may get wrong)."""
    named = file_period(cur, src, period, fy_start,
                        dated=bool(mapping.column("date") or mapping.column("period")))
    _check_required(src, mapping, named)
    if not materialised:
        src = _materialise(cur, src, data, workdir)
    notes: list[str] = []
    date_sql = _col(mapping, src, "date")
    period_sql = _col(mapping, src, "period")
    date_column = mapping.column("date")
    period_column = mapping.column("period")
    if combined := year_and_period(src, mapping):   # 'Year' 2024/25 + 'Period' 3: one period
        kind, sql, label = combined                 # ('Year' + 'Month' + 'Day': one date)
        if kind == "date":
            date_sql, date_column = sql, label
            period_sql, period_column = "CAST(NULL AS VARCHAR)", None
        else:
            period_sql, period_column = sql, label
    if datev := datev_document_dates(src, mapping, named):   # DATEV's Belegdatum '0503'
        date_sql, date_column = datev
        notes.append(f"'{date_column}' gives day and month (0503 is 5 March); the year is the DATEV "
                     f"batch's ({named.text}).")
    if date_column and _dates_share(cur, date_sql) < 0.8 and _reads_as_periods(cur, date_sql, fy_start):
        notes.append(f"'{date_column}' holds periods, not days: lines are dated to the first day "
                     "of their period.")
        period_sql, period_column = date_sql, date_column
        date_sql, date_column = "CAST(NULL AS VARCHAR)", None
    # the file's currency first: dates that could be either day/month or month/day are read as
    # month/day in a US-dollar file (QuickBooks, NetSuite, Amex exports), else as day/month
    money = {f: (_col(mapping, src, f), mapping.column(f)) for f in ("amount", "debit", "credit")}
    stated = stated_currency(src)   # (code, note, 'title' | 'script') or None
    currency, currency_source, fallback = _decide_currency(
        cur, mapping, currency_given, [s for s, name in money.values() if name], sample, stated,
        (heading_language_currency(src.columns, KRONER) or (None,))[0])
    us_dollars = currency == "USD" and currency_source in ("given", "heading", "title", "file")
    if date_column:
        fmt, order, date_notes, fallback_fmt = _decide_date_format(
            cur, date_sql, date_order or mapping.date_order, src.file_name, date_column,
            ambiguous_order="mdy" if us_dollars else "dmy")
    else:
        fmt, order, date_notes, fallback_fmt = "%Y-%m-%d", "ymd", [], ()
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
    comma, money_notes = _decide_decimal_marks(cur, money, sample)
    notes += money_notes
    decimal_comma = comma["amount"] if mapping.amount_mode == "amount" else comma["debit"]
    decided = {"values": (comma["amount"], comma["debit"], comma["credit"], currency, fallback),
               "currency_from_sample": currency_source in ("file", "default")}
    if currency_source == "heading":
        notes.append(f"Currency {currency}, from the amount heading '{mapping.column('amount')}'.")
    elif currency_source in ("title", "script"):
        notes.append(stated[1])
    elif currency_source == "file":
        notes.append(f"Currency {currency}, from the symbols or codes in the amount cells." + DOLLAR_SIGNS.get(currency, ""))
    cells = {f: _col(mapping, src, f) for f in FIELDS}
    if _sql_nulls(src):
        notes.append("Cells reading NULL (how SQL tools write an empty value) are read as empty.")
    cells["date"], cells["period"] = date_sql, period_sql
    if mapping.column("department") is None and mapping.column("cost_centre_name") is not None:
        cells["department"] = cells["cost_centre_name"]
    direction_column = mapping.column("direction") if mapping.amount_mode == "amount" else None
    if direction_column is None:  # a mark signs a single amount column only
        cells["direction"] = "CAST(NULL AS VARCHAR)"
    # constants from our own lists only (checked)
    assert mapping.amount_mode in ("amount", "debit_credit") and 1 <= period_fy <= 12
    date_expr = date_expression(fmt, fallback_fmt)
    median = low = high = None
    if date_column:
        median, low, high = _date_window(cur, date_expr, date_sql)
    info = StageInfo(mapping=mapping, date_format=fmt, date_order=order,
                     decimal_comma=decimal_comma, notes=tuple(notes), period=named,
                     currency=currency, currency_source=currency_source)
    if dry:
        return src, info, decided
    _make_cells(cur, src, cells)
    # the few distinct dates, periods and currencies, each read once (joined in stage.sql)
    cur.execute("CREATE OR REPLACE TEMP TABLE _date_values AS SELECT date_text, "
                + (date_expr if date_column else "CAST(NULL AS DATE)") + " AS line_date FROM"
                " (SELECT DISTINCT date_text FROM _cells WHERE date_text IS NOT NULL)"
                + ("" if date_column else " WHERE false"))
    cur.execute("CREATE OR REPLACE TEMP TABLE _period_values AS SELECT period_text, "
                + (f"period_start(period_text, {period_fy}, {str(numbered_fiscal).lower()})"
                   if period_column else "CAST(NULL AS DATE)") + " AS period_date FROM"
                " (SELECT DISTINCT period_text FROM _cells WHERE period_text IS NOT NULL)"
                + ("" if period_column else " WHERE false"))
    cur.execute("CREATE OR REPLACE TEMP TABLE _currency_values AS SELECT currency_text,"
                " currency_cell(currency_text, $fallback) AS column_currency FROM"
                " (SELECT DISTINCT currency_text FROM _cells WHERE currency_text IS NOT NULL)",
                {"fallback": fallback})
    direction_note = direction_values(cur, direction_column)
    _keep_staged(cur, src.width, {
        "amount_mode": mapping.amount_mode, "amount_comma": comma["amount"],
        "debit_comma": comma["debit"], "credit_comma": comma["credit"],
        "amount_format_label": _FORMAT_LABEL[comma["amount"]],
        "debit_format_label": _FORMAT_LABEL[comma["debit"]],
        "credit_format_label": _FORMAT_LABEL[comma["credit"]],
        "date_label": DATE_LABELS[order], "date_mapped": bool(date_column),
        "dates_rows": bool(date_column or period_column), "blank_fill": blank_fill,
        "file_period": named.start if named else None,
        "file_period_basis": named.basis if named else None,
        "date_low": low or dt.date(1950, 1, 1), "date_high": high or dt.date(2100, 12, 31),
        "date_median": median.isoformat() if median else None,
        "file_currency": currency, "file_currency_source": currency_source,
        "fallback_currency": fallback, "blank_date_hint": blank_hint,
        "direction_mapped": direction_column is not None, "direction_column": direction_column,
        "header_key": header_key(src.columns),
    })
    # what staging found, said after the decisions (kept when a check over the whole file
    # confirms them without staging again: stage())
    decided["found"] = ((direction_note,) if direction_note else ()) + after_staging(cur, src, mapping)
    return src, replace(info, notes=info.notes + decided["found"]), decided


def _make_cells(cur, src: SourceTable, cells: dict[str, str]) -> None:
    """TEMP view _cells: the mapped cells of _src under the names stage.sql reads. The SQL is
    made of column identifiers c0..cN (integers from the mapping), never of file content."""
    cells = dict(cells)
    every = [f"c{i}" for i in range(src.width)]
    if src.width <= 64:
        # narrow tables (nearly all): short-circuit per cell, cheapest per row
        cells["is_blank"] = "(" + " AND ".join(f"coalesce(trim({c}), '') = ''" for c in every) + ")"
        # a cheap superset of the total-row tests of stage.sql (every named cell is one of
        # c0..cN): the list macros behind them then run only for the rows that say 'total'
        cells["mentions_total"] = "(" + " OR ".join(
            f"coalesce({c} ILIKE '%total%', false)" + "".join(
                f" OR coalesce(contains({c}, '{w}'), false)" for w in _total_words(src))
            for c in every) + ")"
    else:
        # linear in the width (reader): a chain of N ANDs / an N-argument coalesce costs the
        # binder O(N^2) (1,000 columns 2.3 s, 2,000 columns 6-10 s); one concat_ws does not
        cells["is_blank"] = "(trim(concat_ws('', " + ", ".join(every) + ")) = '')"
        cells["mentions_total"] = "(concat_ws(' ', " + ", ".join(every) + ") ILIKE '%total%')"
    # every cell under its own name: stage.sql builds a row's list of cells (raw_cells) only
    # inside the branches that read it, for the few rows that are not plainly lines
    cells.update({c: c for c in every})
    names = {"date": "date_text", "period": "period_text", "amount": "amount_text",
             "debit": "debit_text", "credit": "credit_text", "currency": "currency_text",
             "direction": "direction_text", "book_amount": "book_amount_text"}
    select = ", ".join(f"{expr} AS {names.get(name, name)}" for name, expr in cells.items())
    cur.execute(f"CREATE OR REPLACE TEMP VIEW _cells AS SELECT source_row, {select} FROM _src")


def _keep_staged(cur, width: int, params: dict) -> None:
    """Stage every row once (the one heavy pass, ingest/sql/stage.sql) into TEMP table
    _staged_rows: the load, its issues and its reconciliation all read that table.

    `raw_cells` in stage.sql is the row's cells as a list, [c0, ..., cN]: written out where it
    is read (inside CASE branches) so the list is built only for the rows that reach them."""
    raw_cells = "[" + ", ".join(f"c{i}" for i in range(width)) + "]"
    cur.execute(load_sql("stage_macros"))
    cur.execute("SET preserve_insertion_order = false")
    cur.execute(
        "CREATE OR REPLACE TEMP TABLE _staged_rows AS SELECT source_row, disposition, reason,"
        " exclusion_kind, txn_date, date_basis, vendor, department, cost_centre, cost_centre_name,"
        " account_code, account_name, description, reference, amount, currency_code,"
        " currency_source = 'default' AS currency_assumed, mcc, CAST(NULL AS VARCHAR) AS book_currency,"
        " parse_amount(book_amount_text, CAST($amount_comma OR $debit_comma AS BOOLEAN)) AS book_amount,"
        " coalesce(cell_currency <> '?', false) AS names_currency,"
        # the amount as written, kept for a row's issue only: a loaded line has its amount
        " CASE WHEN disposition <> 'loaded' THEN coalesce(amount_text, debit_text, credit_text)"
        "  END AS issue_amount_text,"
        " (amount_text IS NOT NULL AND amount_value IS NULL) OR (debit_text IS NOT NULL AND"
        "  debit_value IS NULL) OR (credit_text IS NOT NULL AND credit_value IS NULL) AS money_unread,"
        f" CASE WHEN exclusion_kind = 'count' THEN TRY_CAST(list_filter(cells_present({raw_cells}),"
        "   lambda x: regexp_full_match(x, '[0-9]+'))[1] AS BIGINT) END AS count_value"
        f" FROM ({load_sql('stage').replace('raw_cells', raw_cells)})", params)
    cur.execute("RESET preserve_insertion_order")


def _outcome(cur, loaded_total: Decimal, info: StageInfo) -> tuple[Decimal | None, bool, list[str]]:
    """After staging: (the file's own total, currency assumed?, notes).

    The file's own total is an excluded total / footer / amount-only row after the last loaded
    line (or before the first): the one that equals the control total when there is one, else
    the largest, unless totals sit between the lines too (a report's per-section totals). Toronto's grand total 1,259,625.67 matches; a sum footer that does not match
    says by how much."""
    notes: list[str] = []
    rows = cur.execute(
        "WITH bounds AS (SELECT min(source_row) AS lo, max(source_row) AS hi FROM _staged_rows"
        "   WHERE disposition = 'loaded')"
        " SELECT amount, (SELECT count(*) FROM _staged_rows, bounds WHERE exclusion_kind IN ('total',"
        "   'subtotal') AND source_row BETWEEN lo AND hi) FROM _staged_rows, bounds WHERE disposition = 'excluded'"
        "   AND exclusion_kind IN ('total', 'footer', 'subtotal') AND amount IS NOT NULL"
        "   AND (source_row > hi OR source_row < lo)").fetchall()
    control = Decimal(loaded_total).quantize(Decimal("0.01"))
    file_total = None
    amounts = [Decimal(r[0]) for r in rows]
    same = [a for a in amounts if a.quantize(Decimal("0.01")) == control]
    if same or rows and not rows[0][1]:   # with section totals inside, the last is a section's
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
                          " AND currency_assumed").fetchall()[0][0]
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
