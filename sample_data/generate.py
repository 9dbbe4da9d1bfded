"""Seeded generator for the sample company "Northwind Analytics Ltd" (the data the app opens on).

What it writes (into sample_data/company/ by default; committed):

* ``gl_detail.csv`` - GL detail export (UTF-8 with BOM, CRLF): Posting Date (ISO), Journal No,
  Account Code, Account Name, Cost Centre, Cost Centre Name, Vendor, Description, Debit, Credit,
  Currency. Direct debits and recurring bills (rent, utilities, telecom, cloud bills...), a few
  credit notes (Credit column) and month-end accruals with their reversal on the 1st of the next
  month ("Reversal of JNL-...", net zero). Amount = Debit - Credit. GBP, some EUR and USD.
* ``ap_register.xlsx`` - AP invoice register. Sheet "AP Register": rows 1-3 are titles
  ("Northwind Analytics Ltd", "AP Invoice Register", "Period: ..."), row 4 is blank, row 5 is the
  header (Invoice Date, Supplier, Invoice No, PO Number, Department, Expense Type, Net Amount, VAT,
  Gross Amount, Currency, Due Date), data from row 6 with real Excel dates, credit notes as
  negative Net, then one blank row and a "Total" row (sums; never data). Sheet "Parameters" is a
  small key/value sheet, not a ledger. Net is the amount; VAT is 20% on most GBP lines.
* ``card_export.csv`` - corporate-card export (UTF-8, LF; the card programme bills in USD):
  Transaction Date and Posting Date as M/D/YYYY (no zero padding), Cardholder, Department,
  Merchant Name, MCC, Amount as "$1,234.56", refunds as "($45.00)", Currency "USD", Memo/Purpose.
  A few European merchants bill in EUR: "€1,234.56" / "(€45.00)" with Currency "EUR".
* ``budget_2026.csv`` - Department, Period ("2026-Q1".."2026-Q4"), Category, IT budget (Y/N),
  Amount (GBP). Every department has an "Operating" (N) line; technology budgets (Y) exist only
  for the five IT departments plus Finance, Sales and E-commerce, so Marketing, HR, Digital
  Marketing, Customer Success and others spend on technology with no technology budget.
* ``fx_rates.csv`` - Month (YYYY-MM), From, To, Rate: USD->GBP and EUR->GBP for every month
  2025-01..2026-09 EXCEPT EUR for 2025-08 (deliberately missing: EUR lines of August 2025 -
  Personio, Pleo invoices - must be flagged, never converted at 1.0).

The three ledger files hold DISJOINT spend (a bill is in exactly one of them), so loading all three
counts every cost once. Period: 2025-01-01 .. 2026-09-30 (calendar 2025 and the first three
quarters of 2026: the latest quarter with data is 2026 Q3, compared with 2026 Q2 and 2025 Q3).

Truth: every line comes from a vendor x department "stream" of sample_data.universe, whose
hand-written truth gives is_tech / layer / it_owned; `measure()` reports the shares from it.
Worked example: the stream "MKT card m 700-900" of HubSpot yields ~21 monthly card lines of about
$1,000 each paid by Marketing: technology, SoE, not IT-owned (shadow IT), while HubSpot's
"IT ap a 9000-10000" stream is an annual IT invoice for the same vendor (a consolidation case).

    python -m sample_data.generate [--seed 2026] [--out sample_data/company]

regenerates byte-identical files for the same seed (stdlib random only; no clock, no hash order).
"""

from __future__ import annotations

import argparse
import csv
import io
import math
import random
import re
import sys
import zipfile
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from sample_data.universe import (
    CARD_MEMOS,
    CATEGORY_ACCOUNT,
    DEPARTMENTS,
    DEPT_OPEX_ACCOUNT,
    DESCRIPTIONS,
    GENERAL_EXPENSES,
    TECH_CATEGORIES,
    VENDORS,
    Vendor,
    truth,
)

COMPANY = "Northwind Analytics Ltd"
DEFAULT_SEED = 2026
PERIOD_START = date(2025, 1, 1)
PERIOD_END = date(2026, 9, 30)
MISSING_FX = ("EUR", "2025-08")  # (currency, month) deliberately absent from fx_rates.csv

PACKAGE_DIR = Path(__file__).resolve().parent
COMPANY_DIR = PACKAGE_DIR / "company"
GL_FILE, AP_FILE, CARD_FILE = "gl_detail.csv", "ap_register.xlsx", "card_export.csv"
BUDGET_FILE, FX_FILE = "budget_2026.csv", "fx_rates.csv"
SAMPLE_FILES: tuple[Path, ...] = (COMPANY_DIR / GL_FILE, COMPANY_DIR / AP_FILE, COMPANY_DIR / CARD_FILE)
BUDGET_PATH = COMPANY_DIR / BUDGET_FILE
FX_PATH = COMPANY_DIR / FX_FILE

GL_HEADER = ["Posting Date", "Journal No", "Account Code", "Account Name", "Cost Centre",
             "Cost Centre Name", "Vendor", "Description", "Debit", "Credit", "Currency"]
AP_HEADER = ["Invoice Date", "Supplier", "Invoice No", "PO Number", "Department", "Expense Type",
             "Net Amount", "VAT", "Gross Amount", "Currency", "Due Date"]
AP_HEADER_ROW = 5  # rows 1-3 titles, row 4 blank
CARD_HEADER = ["Transaction Date", "Posting Date", "Cardholder", "Department", "Merchant Name",
               "MCC", "Amount", "Currency", "Memo/Purpose"]

CENT = Decimal("0.01")
USAGE_CATEGORIES = {"CLOUD", "TEL", "ADV", "STAFF", "UTIL", "CONSULT", "LEGAL", "FM", "COURIER",
                    "CATER", "ITS", "LOGISTICS", "FUEL"}
NO_VAT_CATEGORIES = {"INS", "MEMB", "BENEFITS"}
SITE_CATEGORIES = {"RENT", "UTIL", "FM", "CLEAN", "CATER"}
_FIRST = ["Olivia", "James", "Amelia", "Noah", "Isla", "Leo", "Ava", "Oscar", "Mia", "Arthur",
          "Grace", "Harry", "Freya", "Jack", "Lily", "George", "Sofia", "Theo", "Priya", "Mohammed",
          "Chloe", "Daniel", "Aisha", "Tom", "Hannah", "Ravi", "Emma", "Lucas", "Zara", "Ben"]
_LAST = ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel",
         "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall",
         "Khan", "Lewis", "Clarke", "Jackson", "Wood", "Harris", "Martin", "Cooper", "Hill", "Ward"]


# --------------------------------------------------------------------------------------------
# The line model
# --------------------------------------------------------------------------------------------


@dataclass
class Line:
    """One generated ledger line with its truth (before it is shaped into a file row)."""

    date: date
    vendor: Vendor
    vendor_name: str          # as written on the statement / invoice
    dept_key: str
    dept_name: str            # as written
    channel: str              # gl | ap | card
    amount: Decimal           # signed, in `currency`
    currency: str
    value_gbp: Decimal        # signed, GBP at the month's rate (for measuring and budgets)
    account_code: str
    account_name: str
    description: str
    kind: str = "charge"      # charge | credit | accrual | reversal
    cardholder: str = ""
    memo: str = ""
    post_date: date | None = None
    seq: int = 0              # creation order (stable tie-break)
    pair: int | None = None   # accrual seq a reversal undoes
    ref: str = ""             # journal no / invoice no, filled by the writer

    @property
    def truth(self) -> tuple[bool, str | None, bool]:
        return truth(self.vendor, self.dept_key)


@dataclass
class Company:
    lines: list[Line]
    fx: dict[tuple[str, str], Decimal]  # (currency, "YYYY-MM") -> GBP per unit (complete)
    seed: int
    names: str


def _months(start: str, end: str) -> list[tuple[int, int]]:
    y, m = (int(x) for x in start.split("-"))
    ey, em = (int(x) for x in end.split("-"))
    out = []
    while (y, m) <= (ey, em):
        if date(y, m, 1) >= PERIOD_START.replace(day=1) and date(y, m, 1) <= PERIOD_END:
            out.append((y, m))
        m += 1
        if m == 13:
            y, m = y + 1, 1
    return out


def _mkey(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def _money(x: float) -> Decimal:
    return Decimal(repr(x)).quantize(CENT, rounding=ROUND_HALF_UP)


def _loguniform(rng: random.Random, lo: float, hi: float) -> float:
    if lo == hi:
        return lo
    return math.exp(rng.uniform(math.log(lo), math.log(hi)))


def _fx_table(rng: random.Random) -> dict[tuple[str, str], Decimal]:
    """Monthly GBP-per-unit rates: a gentle random walk around 0.79 (USD) and 0.85 (EUR)."""
    fx: dict[tuple[str, str], Decimal] = {}
    usd, eur = 0.79, 0.85
    for y, m in _months("2025-01", "2026-09"):
        usd = min(0.83, max(0.74, usd + rng.uniform(-0.008, 0.008)))
        eur = min(0.89, max(0.82, eur + rng.uniform(-0.006, 0.006)))
        fx[("USD", f"{y:04d}-{m:02d}")] = Decimal(f"{usd:.4f}")
        fx[("EUR", f"{y:04d}-{m:02d}")] = Decimal(f"{eur:.4f}")
    return fx


def _pick_name(names: tuple[str, ...], channel: str, rng: random.Random) -> list[str]:
    """Names usable on `channel`, preferred first. Card channels prefer card descriptors."""
    card = [n[5:] for n in names if n.startswith("card:")]
    invoice = [n for n in names if not n.startswith("card:")]
    if channel == "card":
        pool = card or [n.upper() for n in invoice]
    else:
        pool = invoice or card
    pool = list(pool)
    rng.shuffle(pool)
    return pool


def _cardholders(rng: random.Random) -> dict[str, list[str]]:
    holders: dict[str, list[str]] = {}
    used: set[str] = set()
    for key in DEPARTMENTS:
        holders[key] = []
        for _ in range(rng.randint(2, 4)):
            while True:
                name = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
                if name not in used:
                    used.add(name)
                    break
            holders[key].append(name)
    return holders


def generate_company(seed: int = DEFAULT_SEED, *, names: str = "sample",
                     density: float = 1.0) -> Company:
    """Every line of the company, in memory, with its truth.

    names: "sample" (the sample company's vendor and department spellings) or "labelled" (the
    accuracy ledger's: other vendor variants, department names drifting in case and spacing).
    density: share of monthly lines and ad-hoc lines kept (1.0 = the full company).
    """
    rng = random.Random(seed)
    fx = _fx_table(rng)
    holders = _cardholders(rng)
    lines: list[Line] = []

    def gbp_to(value: float, currency: str, d: date) -> Decimal:
        if currency == "GBP":
            return _money(value)
        return _money(value / float(fx[(currency, _mkey(d))]))

    for vendor in VENDORS:
        vnames = vendor.sample if names == "sample" else vendor.labelled
        for stream in vendor.streams.split(";"):
            dept_key, channel, cadence, span, *times = stream.split()
            per_bill = int(times[0][1:]) if times else 1
            lo, hi = (float(x) for x in span.split("-"))
            dept = DEPARTMENTS[dept_key]
            dept_names = (dept.name,) if names == "sample" else dept.labelled_names
            currency = vendor.card_currency if channel == "card" else vendor.currency
            pool = _pick_name(vnames, channel, rng)
            preferred = pool[0]
            holder = rng.choice(holders[dept_key])
            months = _months(vendor.start, vendor.end)
            if not months:
                continue
            # account: tech bought outside IT is often booked to the buyer's own budget line
            code, acct, _mcc = CATEGORY_ACCOUNT[vendor.category]
            if vendor.category in TECH_CATEGORIES and not dept.is_it and rng.random() < 0.45:
                code, acct = DEPT_OPEX_ACCOUNT.get(dept_key, GENERAL_EXPENSES)
            templates = vendor.desc or DESCRIPTIONS[vendor.category]
            billing_day = rng.randint(1, 28)
            base = _loguniform(rng, lo, hi)
            usage = vendor.category in USAGE_CATEGORIES and lo != hi

            dates_values: list[tuple[date, float]] = []
            if cadence == "w":
                first = date(*months[0], 1)
                d = first + timedelta(days=rng.randint(0, 6))
                while d <= PERIOD_END and (d.year, d.month) <= months[-1]:
                    if density >= 1.0 or rng.random() <= density:
                        v = base * (1 + rng.uniform(-0.25, 0.25)) if usage else base
                        dates_values.append((d, v))
                    d += timedelta(days=7)
            elif cadence == "m":
                for y, m in months:
                    if density < 1.0 and rng.random() > density:
                        continue
                    v = base * (1 + rng.uniform(-0.25, 0.25)) if usage else base
                    dates_values.append((date(y, m, billing_day), v))
            elif cadence == "q":
                for y, m in months:
                    if m % 3 == 1:
                        v = base * (1 + rng.uniform(-0.2, 0.2)) if usage else base
                        dates_values.append((date(y, m, billing_day), v))
            elif cadence == "a":
                anniversary = rng.randint(1, 12)
                for y, m in months:
                    if m == anniversary:
                        dates_values.append((date(y, m, billing_day), base))
            else:
                expected = int(cadence) * len(months) / 12 * density
                count = int(expected) + (1 if rng.random() < expected - int(expected) else 0)
                for _ in range(count):
                    y, m = rng.choice(months)
                    dates_values.append((date(y, m, rng.randint(1, 28)), _loguniform(rng, lo, hi)))

            if per_bill > 1:  # one bill split over sites / meters / linked accounts
                part = "site" if vendor.category in SITE_CATEGORIES else "account"
                dates_values = [(d, v * rng.uniform(0.6, 1.4), f" - {part} {k}")
                                for d, v in dates_values for k in range(1, per_bill + 1)]
            else:
                dates_values = [(d, v, "") for d, v in dates_values]
            for d, value, suffix in sorted(dates_values, key=lambda t: (t[0], t[2])):
                if vendor.category == "SW" and d.year == 2026 and not usage:
                    value *= 1.05  # annual price uplift
                name = preferred if rng.random() < 0.85 else rng.choice(pool)
                if channel == "card" and rng.random() < 0.2 and not name[-1:].isdigit():
                    name = f"{name} {rng.randint(100, 9999):04d}"  # store number / trailing ref
                mon = d.strftime("%b %Y")
                desc = rng.choice(templates).format(v=vendor.key, mon=mon, day=d.isoformat()) + suffix
                memos = CARD_MEMOS.get(vendor.category, ("",))
                lines.append(Line(
                    date=d, vendor=vendor, vendor_name=name, dept_key=dept_key,
                    dept_name=rng.choice(dept_names), channel=channel,
                    amount=gbp_to(value, currency, d), currency=currency,
                    value_gbp=_money(value), account_code=code, account_name=acct,
                    description=desc, cardholder=holder, memo=rng.choice(memos),
                    post_date=d + timedelta(days=rng.randint(1, 3)) if channel == "card" else None,
                    seq=len(lines),
                ))

    lines.extend(_adjustments(lines, rng))
    lines = [ln for ln in lines if PERIOD_START <= ln.date <= PERIOD_END]
    for ln in lines:  # a card posting date never runs past the export's period end
        if ln.post_date and ln.post_date > PERIOD_END:
            ln.post_date = PERIOD_END
    return Company(lines=lines, fx=fx, seed=seed, names=names)


def _adjustments(lines: list[Line], rng: random.Random) -> list[Line]:
    """Credits and refunds, and GL month-end accruals with their reversals."""
    extra: list[Line] = []
    n = len(lines)
    for ln in list(lines):
        r = rng.random()
        if ln.channel == "card" and r < 0.03 and ln.amount >= 10:
            share = 1.0 if rng.random() < 0.5 else rng.uniform(0.2, 0.8)
            d = ln.date + timedelta(days=rng.randint(3, 20))
            extra.append(replace(ln, date=d, post_date=d + timedelta(days=rng.randint(1, 3)),
                                 amount=-_money(float(ln.amount) * share),
                                 value_gbp=-_money(float(ln.value_gbp) * share),
                                 memo="Refund", kind="credit", seq=n + len(extra)))
        elif ln.channel in ("ap", "gl") and r < 0.02:
            share = rng.uniform(0.1, 0.6)
            d = ln.date + timedelta(days=rng.randint(5, 40))
            extra.append(replace(ln, date=d, amount=-_money(float(ln.amount) * share),
                                 value_gbp=-_money(float(ln.value_gbp) * share),
                                 description=f"Credit note - {ln.description}", kind="credit",
                                 seq=n + len(extra)))
        elif (ln.channel == "gl" and ln.dept_key in ("ITI", "FAC", "DT", "IT")
              and ln.kind == "charge" and 0.02 <= r < 0.14
              and ln.date.replace(day=1) > PERIOD_START):
            month_end = ln.date.replace(day=1) - timedelta(days=1)
            accrual = replace(ln, date=month_end, description=f"Accrual - {ln.description}",
                              kind="accrual", seq=n + len(extra))
            extra.append(accrual)
            extra.append(replace(ln, date=month_end + timedelta(days=1), amount=-ln.amount,
                                 value_gbp=-ln.value_gbp, description="Reversal of accrual",
                                 kind="reversal", pair=accrual.seq, seq=n + len(extra)))
    return extra


# --------------------------------------------------------------------------------------------
# Writers: each returns [(source_row, line)] - the 1-based row a person sees in the file
# --------------------------------------------------------------------------------------------


def _sorted(lines: list[Line], channel: str) -> list[Line]:
    return sorted((ln for ln in lines if ln.channel == channel), key=lambda ln: (ln.date, ln.seq))


def _plain(x: Decimal) -> str:
    return f"{x:.2f}"


def write_gl(lines: list[Line], path: Path) -> list[tuple[int, Line]]:
    rows = _sorted(lines, "gl")
    journal_of: dict[int, str] = {}
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(GL_HEADER)
    placed = []
    for i, ln in enumerate(rows, start=1):
        ln.ref = f"JNL-{ln.date:%y}{i:05d}"
        journal_of[ln.seq] = ln.ref
        desc = ln.description
        if ln.kind == "reversal" and ln.pair in journal_of:
            desc = f"Reversal of {journal_of[ln.pair]}"
        dept = DEPARTMENTS[ln.dept_key]
        debit = _plain(ln.amount) if ln.amount >= 0 else ""
        credit = _plain(-ln.amount) if ln.amount < 0 else ""
        w.writerow([ln.date.isoformat(), ln.ref, ln.account_code, ln.account_name,
                    dept.cost_centre, ln.dept_name, ln.vendor_name, desc, debit, credit,
                    ln.currency])
        placed.append((i + 1, ln))
    path.write_bytes(out.getvalue().encode("utf-8-sig"))
    return placed


def _invoice_no(ln: Line, rng: random.Random) -> str:
    prefix = re.sub(r"[^A-Z]", "", ln.vendor.key.upper())[:3] or "INV"
    if ln.kind == "credit":
        return f"CN-{prefix}{rng.randint(10000, 99999)}"
    return f"{prefix}-{rng.randint(100000, 999999)}"


def write_ap(lines: list[Line], path: Path, *, company: str, seed: int) -> list[tuple[int, Line]]:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    rng = random.Random(seed * 7919 + 1)
    rows = _sorted(lines, "ap")
    wb = Workbook()
    ws = wb.active
    ws.title = "AP Register"
    ws.append([company])
    ws.append(["AP Invoice Register"])
    ws.append([f"Period: {PERIOD_START:%d/%m/%Y} to {PERIOD_END:%d/%m/%Y}"])
    ws.append([])
    ws.append(AP_HEADER)
    ws["A1"].font = Font(bold=True, size=14)
    for cell in ws[AP_HEADER_ROW]:
        cell.font = Font(bold=True)
    placed = []
    totals = [Decimal(0)] * 3
    for i, ln in enumerate(rows):
        row_no = AP_HEADER_ROW + 1 + i
        ln.ref = _invoice_no(ln, rng)
        net = ln.amount
        vat_rate = Decimal("0.20") if ln.currency == "GBP" and ln.vendor.category not in NO_VAT_CATEGORIES else Decimal(0)
        vat = (net * vat_rate).quantize(CENT, rounding=ROUND_HALF_UP)
        gross = net + vat
        for k, x in enumerate((net, vat, gross)):
            totals[k] += x
        po = f"PO{rng.randint(40000, 49999)}" if rng.random() < 0.6 else None
        desc_type = ln.account_name
        ws.append([ln.date, ln.vendor_name, ln.ref, po, ln.dept_name, desc_type, float(net),
                   float(vat), float(gross), ln.currency, ln.date + timedelta(days=30)])
        placed.append((row_no, ln))
    for row in ws.iter_rows(min_row=AP_HEADER_ROW + 1, max_row=AP_HEADER_ROW + len(rows)):
        row[0].number_format = "dd/mm/yyyy"
        row[10].number_format = "dd/mm/yyyy"
        for c in row[6:9]:
            c.number_format = "#,##0.00"
    ws.append([])
    ws.append(["Total", None, None, None, None, None, float(totals[0]), float(totals[1]),
               float(totals[2]), None, None])
    for c in ws[ws.max_row]:
        c.font = Font(bold=True)
        c.number_format = "#,##0.00"
    for col, width in zip("ABCDEFGHIJK", (12, 42, 16, 10, 22, 30, 13, 11, 13, 9, 12)):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = f"A{AP_HEADER_ROW + 1}"

    params = wb.create_sheet("Parameters")
    for pair in [("Parameter", "Value"), ("Company", company), ("Report", "AP Invoice Register"),
                 ("Entity", "NWA-UK"), ("Period from", PERIOD_START), ("Period to", PERIOD_END),
                 ("Invoice status", "Posted"), ("Currency", "Document currency"),
                 ("Run by", "finance.ops")]:
        params.append(list(pair))
    for r in (5, 6):
        params.cell(row=r, column=2).number_format = "dd/mm/yyyy"
    fixed = datetime(2026, 10, 5, 7, 30, 0)
    wb.properties.creator = "finance.ops"
    wb.properties.created = fixed
    buf = io.BytesIO()
    wb.save(buf)
    path.write_bytes(_deterministic_zip(buf.getvalue(), fixed))
    return placed


def _deterministic_zip(data: bytes, stamp: datetime) -> bytes:
    """openpyxl stamps the save time into docProps/core.xml and every zip entry: pin both."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                                 rb"\g<1>" + iso.encode() + rb"\g<2>", content)
            zi = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            dst.writestr(zi, content)
    return out.getvalue()


def _card_money(x: Decimal, currency: str) -> str:
    s = f"{'€' if currency == 'EUR' else '$'}{abs(x):,.2f}"
    return f"({s})" if x < 0 else s


def _us_date(d: date) -> str:
    return f"{d.month}/{d.day}/{d.year}"


def write_card(lines: list[Line], path: Path) -> list[tuple[int, Line]]:
    rows = sorted((ln for ln in lines if ln.channel == "card"),
                  key=lambda ln: (ln.date, ln.cardholder, ln.seq))
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(CARD_HEADER)
    placed = []
    for i, ln in enumerate(rows, start=2):
        _code, _name, mcc = CATEGORY_ACCOUNT[ln.vendor.category]
        w.writerow([_us_date(ln.date), _us_date(ln.post_date or ln.date), ln.cardholder,
                    ln.dept_name, ln.vendor_name, mcc, _card_money(ln.amount, ln.currency), ln.currency, ln.memo])
        placed.append((i, ln))
    path.write_bytes(out.getvalue().encode("utf-8"))
    return placed


# --------------------------------------------------------------------------------------------
# Budget and FX
# --------------------------------------------------------------------------------------------

TECH_BUDGET_DEPTS = ("CIO", "IT", "ITI", "SD", "DT", "FIN", "SAL", "ECOM")


def write_budget(company: Company, path: Path) -> None:
    """2026 quarterly budgets from 2025 actuals (x a seeded factor), GBP."""
    rng = random.Random(company.seed * 31 + 5)
    opex: dict[str, Decimal] = {k: Decimal(0) for k in DEPARTMENTS}
    tech: dict[tuple[str, str], Decimal] = {}
    for ln in company.lines:
        if ln.date.year != 2025:
            continue
        if ln.vendor.category in TECH_CATEGORIES:
            key = (ln.dept_key, TECH_CATEGORIES[ln.vendor.category])
            tech[key] = tech.get(key, Decimal(0)) + ln.value_gbp
        else:
            opex[ln.dept_key] += ln.value_gbp
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["Department", "Period", "Category", "IT budget", "Amount"])
    for dept_key, dept in DEPARTMENTS.items():
        rows = [("Operating", "N", opex[dept_key])]
        if dept_key in TECH_BUDGET_DEPTS:
            rows += [(cat, "Y", amt) for (dk, cat), amt in sorted(tech.items()) if dk == dept_key]
        for category, flag, annual in rows:
            factor = rng.uniform(0.92, 1.15)
            for q in range(1, 5):
                amount = (annual / 4 * Decimal(f"{factor:.4f}") / 100).quantize(Decimal(1)) * 100
                w.writerow([dept.name, f"2026-Q{q}", category, flag, f"{amount:.2f}"])
    path.write_text(out.getvalue(), encoding="utf-8")


def write_fx(company: Company, path: Path) -> None:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["Month", "From", "To", "Rate"])
    for (currency, month), rate in sorted(company.fx.items(), key=lambda t: (t[0][1], t[0][0])):
        if (currency, month) == MISSING_FX:
            continue
        w.writerow([month, currency, "GBP", f"{rate:.4f}"])
    path.write_text(out.getvalue(), encoding="utf-8")


# --------------------------------------------------------------------------------------------
# Entry points
# --------------------------------------------------------------------------------------------


def write_shapes(company: Company, out_dir: Path, names: tuple[str, str, str], *,
                 company_name: str) -> dict[str, list[tuple[int, Line]]]:
    out_dir.mkdir(parents=True, exist_ok=True)
    gl, ap, card = names
    return {
        gl: write_gl(company.lines, out_dir / gl),
        ap: write_ap(company.lines, out_dir / ap, company=company_name, seed=company.seed),
        card: write_card(company.lines, out_dir / card),
    }


def write_sample_company(out_dir: Path | str = COMPANY_DIR, seed: int = DEFAULT_SEED) -> list[Path]:
    """Write the five sample-company files; returns their paths (ledgers first)."""
    out_dir = Path(out_dir)
    company = generate_company(seed)
    write_shapes(company, out_dir, (GL_FILE, AP_FILE, CARD_FILE), company_name=COMPANY)
    write_budget(company, out_dir / BUDGET_FILE)
    write_fx(company, out_dir / FX_FILE)
    return [out_dir / f for f in (GL_FILE, AP_FILE, CARD_FILE, BUDGET_FILE, FX_FILE)]


def measure(company: Company) -> dict[str, float]:
    """Shares from the hand-written truth, GBP at the month's rate, signed amounts."""
    total = tech = outside = sor = 0.0
    by_channel: dict[str, int] = {}
    for ln in company.lines:
        v = float(ln.value_gbp)
        is_tech, layer, it_owned = ln.truth
        total += v
        by_channel[ln.channel] = by_channel.get(ln.channel, 0) + 1
        if is_tech:
            tech += v
            outside += 0 if it_owned else v
            sor += v if layer == "SoR" else 0
    return {
        "lines": len(company.lines), **{f"lines_{k}": n for k, n in sorted(by_channel.items())},
        "vendors": len({ln.vendor.key for ln in company.lines}),
        "departments": len({ln.dept_key for ln in company.lines}),
        "total_gbp": round(total, 2), "tech_gbp": round(tech, 2),
        "tech_share": round(tech / total, 4), "tech_outside_it_share": round(outside / tech, 4),
        "sor_share_of_tech": round(sor / tech, 4),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sample_data.generate", description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out", type=Path, default=COMPANY_DIR)
    args = parser.parse_args(argv)
    paths = write_sample_company(args.out, args.seed)
    for p in paths:
        print(f"{p}  {p.stat().st_size:,} bytes")
    stats = measure(generate_company(args.seed))
    print(", ".join(f"{k}={v}" for k, v in stats.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
