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
  2025-01..2026-09, none missing: the sample is self-consistent, so the first screen of a fresh
  install shows no warning about the sample's own data (the missing-rate rule is tested on the
  hand-made files in tests/data).

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
import random
import re
import sys
import zipfile
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from sample_data.model import (  # noqa: F401  (COMPANY, DEFAULT_SEED, generate_company: re-exported)
    CENT,
    COMPANY,
    DEFAULT_SEED,
    MISSING_FX,
    NO_VAT_CATEGORIES,
    PERIOD_END,
    PERIOD_START,
    Company,
    Line,
    generate_company,
)
from sample_data.universe import CATEGORY_ACCOUNT, DEPARTMENTS, TECH_CATEGORIES, Vendor

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
        if MISSING_FX is not None and (currency, month) == MISSING_FX:
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
