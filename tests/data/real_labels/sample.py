"""Which vendors of each real ledger are in the hand-labelled sample, read WITHOUT the product.

The sample of a ledger is (a) its largest vendors by absolute spend, taken in descending order
until they cover at least 85% of the file's absolute spend (a £10,000 credit counts as 10,000),
plus (b) a tail of 40 further vendors drawn at random from the rest with
``random.Random("real-labels:<folder>")`` (Python's string seeding is deterministic across runs
and platforms). Worked example: vendors A 60, B -25, C 10, D 5 (absolute total 100): A + B = 85%
so the head is {A, B}, and the tail is drawn from {C, D}.

The raw files are read here with csv / pandas / python-calamine only, following the control
figures of ../shared/real_ledgers/README.md (which column is the amount, which rows are subtotals,
notes or footers). ``python sample.py`` checks every file against its control figures and writes a
labelling worksheet per ledger (vendor, absolute total, lines, the commonest accounts) to the
folder given as its argument; the worksheets are scratch, never committed.

Vendors are keyed by their name exactly as written in the file with surrounding spaces trimmed,
which is how tests/models/test_real_ledger_accuracy.py joins the product's lines to the labels.
"""

from __future__ import annotations

import csv
import os
import random
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pandas as pd
from python_calamine import CalamineWorkbook

# The project's convention (../shared/real_ledgers beside the checkout); TECHSPEND_REAL_LEDGERS
# overrides it for a checkout that lives elsewhere (a git worktree one level deeper).
REAL = Path(os.environ.get("TECHSPEND_REAL_LEDGERS")
            or Path(__file__).resolve().parents[3].parent / "shared" / "real_ledgers")
HEAD_SHARE = Decimal("0.85")
TAIL_SIZE = 40


@dataclass(frozen=True)
class Ledger:
    folder: str
    file: str
    currency: str
    lines: int          # control figures from the README
    total: str


LEDGERS = [
    Ledger("phoenix", "march-2018.csv", "USD", 54354, "148443591.31"),
    Ledger("oxford_city_council", "expenditure-over-500-oct-dec-2017.csv", "GBP", 3855, "17382055.90"),
    Ledger("toronto", "PCard Expenses_2017_11_Final.xlsx", "CAD", 4823, "1259625.67"),
    Ledger("birmingham_city_council", "cusersfinainmndesktoppublish-spend-may-2017.xls", "GBP", 5255,
           "274541.22"),
    Ledger("kirklees", "Purchase-Card-Transactions-Quarter-1-2024-25.xlsx", "GBP", 2723, "339567.62"),
    Ledger("bury", "bury_sep_2023.xlsx", "GBP", 2879, "10291655.01"),
    Ledger("suffolk_cc", "SCC-250SpendAllCols-Apr23-formatted.csv", "GBP", 19725, "80459913.24"),
    Ledger("harrow", "q1_apr_jun_2023.xlsx", "GBP", 11164, "92591574.88"),
    Ledger("devon_cc", "DCCSpendingOver500_201006.xls", "GBP", 8271, "36858477.13"),
    Ledger("east_suffolk", "spending_2025_02_february.csv", "GBP", 824, "29397399.31"),
    Ledger("craven_dc", "payments.csv", "GBP", 171, "726583.94"),
    Ledger("blackpool", "Purchase-card-spend-over-250-May-2022.csv", "GBP", 204, "88587.57"),
    Ledger("durham_pcc", "durham_pcc_2024-25.xlsx", "GBP", 658, "11501372.72"),
    Ledger("cgu_brazil", "202110_CPGF.csv", "BRL", 8621, "5619007.95"),
    Ledger("cd44_loire_atlantique",
           "224400028_subventions-aux-associations-du-departement-de-loire-atlantique.csv", "EUR",
           18116, "506914236.63"),
]
BY_FOLDER = {ledger.folder: ledger for ledger in LEDGERS}


def money(text) -> Decimal | None:
    """'1,000.00' / '670,00' (decimal comma) / 834.29 -> Decimal; blank -> None."""
    if text is None:
        return None
    if isinstance(text, (int, float)):
        # a float cell holds the cents the publisher typed, plus binary noise: round to cents
        return Decimal(repr(text)).quantize(Decimal("0.01")) if isinstance(text, float) else Decimal(text)
    s = str(text).strip().replace("£", "").replace("$", "")
    if not s:
        return None
    if "," in s and "." not in s and s.rsplit(",", 1)[1].isdigit() and len(s.rsplit(",", 1)[1]) == 2:
        s = s.replace(".", "").replace(",", ".")
    s = s.replace(",", "")
    try:
        return Decimal(s)
    except Exception:
        return None


def _rows_csv(path: Path, encoding="utf-8-sig", delimiter=",") -> list[list[str]]:
    with path.open(encoding=encoding, newline="") as handle:
        return list(csv.reader(handle, delimiter=delimiter))


def _sheet(path: Path, index: int | str = 0) -> list[list]:
    book = CalamineWorkbook.from_path(str(path))
    name = book.sheet_names[index] if isinstance(index, int) else index
    return book.get_sheet_by_name(name).to_python()


def _frame(header: list, rows: list[list], vendor: str, amount: str, context: list[str]) -> pd.DataFrame:
    header = [str(h) for h in header]
    out = []
    for row in rows:
        row = list(row) + [""] * (len(header) - len(row))
        rec = dict(zip(header, row))
        out.append({"vendor": str(rec[vendor] if rec[vendor] is not None else "").strip(),
                    "amount": money(rec[amount]),
                    **{f"ctx{i}": str(rec[c]).strip() for i, c in enumerate(context)}})
    return pd.DataFrame(out)


def read_lines(folder: str) -> pd.DataFrame:
    """One row per source ledger line: vendor (trimmed), amount (Decimal), ctx0.. (context)."""
    ledger = BY_FOLDER[folder]
    path = REAL / folder / ledger.file
    if folder == "phoenix":
        rows = _rows_csv(path)
        return _frame(rows[0], rows[1:], "Vendor Name", "Invoice Net Amt",
                      ["Commitmt Item Name", "Dept. Descrptn"])
    if folder == "oxford_city_council":
        rows = _rows_csv(path)
        return _frame(rows[0], rows[1:], "Supplier Name", "Amount",
                      ["Expenditure Category", "Service Area"])
    if folder == "toronto":
        rows = _sheet(path)
        head = [str(h) for h in rows[0]]
        tid = head.index("Batch Transaction ID")
        data = [r for r in rows[1:] if str(r[tid]).strip()]   # subtotal/total rows carry no id
        return _frame(head, data, "Merchant Name", "Transaction Amt.",
                      ["G/L Account Description", "Merchant Type Description", "Division "])
    if folder == "birmingham_city_council":
        rows = _sheet(path)
        head = [str(h).strip() for h in rows[0]]
        data = [r for r in rows[1:] if any(str(c).strip() for c in r)]
        return _frame(head, data, "MERCHANT NAME", "BILLING GROSS AMT",
                      ["TRANS CAC DESC 1", "TRANS CAC DESC 2", "Directorate"])
    if folder == "kirklees":
        rows = _sheet(path)
        head = [str(h).strip() for h in rows[0]]
        data = [r for r in rows[1:] if any(str(c).strip() for c in r)]
        return _frame(head, data, "MCH.MERCHANT NAME", "FIN.NET TRANSACTION AMOUNT",
                      ["MCH.MCC DESCRIPTION", "ACC.DEFAULT ACCOUNTING CODE 01 DESCRIPTION"])
    if folder == "bury":
        rows = _sheet(path, 1)
        head = [str(h).strip() for h in rows[0]]
        data = [r for r in rows[1:] if money(r[head.index("Invoiced")]) is not None]
        return _frame(head, data, "Supplier", "Invoiced", ["ProClass", "Department of Operations"])
    if folder == "suffolk_cc":
        rows = _rows_csv(path)
        return _frame(rows[0], rows[1:], "Supplier Name", "Sub Amount",
                      ["Sub-description", "Directorate"])
    if folder == "harrow":
        rows = _sheet(path)
        head = [str(h).strip() for h in rows[1]]   # row 0 holds the column totals
        data = [r for r in rows[2:] if money(r[head.index("Net value")]) is not None]
        return _frame(head, data, "Updated Beneficiary", "Net value", ["Category/Purpose", "Department"])
    if folder == "devon_cc":
        rows = _sheet(path)
        head = [str(h).strip() for h in rows[0]]
        data = [r for r in rows[1:] if money(r[head.index("SumOfNet Amt")]) is not None]
        return _frame(head, data, "ENEntity Name", "SumOfNet Amt", ["Element Description", "Description"])
    if folder == "east_suffolk":
        rows = _rows_csv(path)
        head = rows[0]
        ai = head.index("Amount")
        data = [r for r in rows[1:] if len(r) > ai and money(r[ai]) is not None and r[-1].strip()]
        return _frame(head, data, "Supplier Name", "Amount",
                      ["Detailed Expenses Type", "Service Division Categorisation"])
    if folder == "craven_dc":
        rows = _rows_csv(path, encoding="cp1252")
        head = ["Body Name", "Transaction No", "Supplier ID", "Supplier Name", "Payment Date",
                "Account Code", "Account Name", "Cost Centre Code", "Cost Centre Name", "Amount"]
        data = [r for r in rows[1:] if r and r[3].strip()]
        return _frame(head, data, "Supplier Name", "Amount", ["Account Name", "Cost Centre Name"])
    if folder == "blackpool":
        rows = _rows_csv(path)
        data = [r for r in rows[1:] if r and r[2].strip() and r[0].strip()]
        return _frame(rows[0], data, "Supplier Name", "Gross Value (Detail)",
                      ["9AN - Level 9 Account Name", "7CCN - Level 7 Cost Centre Name"])
    if folder == "durham_pcc":
        book = CalamineWorkbook.from_path(str(path))
        frames = []
        for name in book.sheet_names:
            rows = book.get_sheet_by_name(name).to_python()
            head = [str(h).strip() for h in rows[0]]
            data = [r for r in rows[1:] if money(r[head.index("Amount")]) is not None]
            vendor = head[4]   # "Supplier", or "Ap/Ar ID(T)" on the last two sheets
            amount, ctx = "Amount", ["Account(T)"]
            frames.append(_frame(head, data, vendor, amount, ctx[:2]))
        return pd.concat(frames, ignore_index=True)
    if folder == "cgu_brazil":
        rows = _rows_csv(path, encoding="latin-1" if _not_utf8(path) else "utf-8-sig", delimiter=";")
        return _frame(rows[0], rows[1:], "NOME FAVORECIDO", "VALOR TRANSAÇÃO",
                      ["TRANSAÇÃO", "NOME ÓRGÃO"])
    if folder == "cd44_loire_atlantique":
        rows = _rows_csv(path, delimiter=";")
        data = [r for r in rows[1:] if len(r) > 7 and money(r[7]) is not None]
        return _frame(rows[0], data, "Nom du bénéficiaire", "Montant total de la subvention",
                      ["Objet de la subvention"])
    raise KeyError(folder)


def _not_utf8(path: Path) -> bool:
    try:
        path.read_bytes().decode("utf-8")
        return False
    except UnicodeDecodeError:
        return True


def vendor_totals(lines: pd.DataFrame) -> pd.DataFrame:
    """Per trimmed vendor: signed total, absolute total (sum of |line|), line count; largest first."""
    lines = lines.assign(abs_amount=lines["amount"].map(abs))
    grouped = lines.groupby("vendor", sort=False).agg(total=("amount", "sum"),
                                                      abs_total=("abs_amount", "sum"),
                                                      lines=("amount", "size")).reset_index()
    return grouped.sort_values(["abs_total", "vendor"], ascending=[False, True]).reset_index(drop=True)


def sample(folder: str, lines: pd.DataFrame | None = None) -> tuple[list[str], list[str], Decimal]:
    """(head vendors, random tail vendors, head's share of absolute spend)."""
    totals = vendor_totals(read_lines(folder) if lines is None else lines)
    grand = sum(totals["abs_total"], Decimal(0))
    head, covered = [], Decimal(0)
    for vendor, amount in zip(totals["vendor"], totals["abs_total"]):
        if covered >= HEAD_SHARE * grand:
            break
        head.append(vendor)
        covered += amount
    rest = sorted(set(totals["vendor"]) - set(head))
    tail = random.Random(f"real-labels:{folder}").sample(rest, min(TAIL_SIZE, len(rest)))
    return head, tail, covered / grand


def worksheet(folder: str, out: Path) -> None:
    lines = read_lines(folder)
    ledger = BY_FOLDER[folder]
    count, total = len(lines), sum(lines["amount"], Decimal(0))
    ok = count == ledger.lines and total == Decimal(ledger.total)
    print(f"{folder}: {count} lines, {total} (control {ledger.lines}, {ledger.total}) "
          f"{'OK' if ok else 'MISMATCH'}")
    head, tail, share = sample(folder, lines)
    totals = vendor_totals(lines).set_index("vendor")
    print(f"  vendors {len(totals)}, head {len(head)} covering {share:.3f}, tail {len(tail)}")
    ctx = [c for c in lines.columns if c.startswith("ctx")]
    with (out / f"{folder}.tsv").open("w") as handle:
        for part, names in (("head", head), ("tail", tail)):
            for vendor in names:
                mine = lines[lines["vendor"] == vendor]
                contexts = " | ".join(
                    f"{k} ({n})" for k, n in
                    mine[ctx].astype(str).agg(" / ".join, axis=1).value_counts().head(4).items())
                handle.write(f"{part}\t{vendor}\t{totals.loc[vendor, 'abs_total']}\t"
                             f"{totals.loc[vendor, 'lines']}\t{contexts}\n")


LABEL_FIELDS = ["vendor", "account", "is_tech", "layer", "reason"]


def build(folder: str, notes: Path) -> None:
    """Labeller's notes -> <folder>.csv. A note line is ``NAME | T SoR | reason``, ``NAME | N |
    reason`` or ``NAME @ ACCOUNT | ...`` (a label for that vendor's lines with that account or
    description); ``<blank>`` is the empty vendor name; NAME is the vendor as written or a unique prefix of one in the sample. Checks
    that every sampled vendor has a label and that every (vendor, account) label matches lines."""
    lines = read_lines(folder)
    head, tail, share = sample(folder, lines)
    names = head + tail
    rows = []
    for raw in notes.read_text().splitlines():
        if not raw.strip() or raw.startswith("# "):
            continue
        who, verdict, reason = (part.strip() for part in raw.split(" | ", 2))
        name, _, account = (part.strip() for part in who.partition(" @ "))
        name = "" if name == "<blank>" else name
        if name not in names:
            hits = [n for n in names if n.startswith(name)]
            if len(hits) != 1:
                raise SystemExit(f"{folder}: {name!r} matches {hits[:5]}")
            name = hits[0]
        kind, _, layer = verdict.partition(" ")
        if kind not in ("T", "N") or (kind == "T") != (layer in ("SoR", "SoE")):
            raise SystemExit(f"{folder}: bad verdict {verdict!r} for {name!r}")
        if account:
            mine = lines[lines["vendor"] == name]
            contexts = set(mine[[c for c in lines.columns if c.startswith("ctx")]].to_numpy().ravel())
            if account not in contexts:
                raise SystemExit(f"{folder}: {name!r} has no line with account {account!r}")
        rows.append({"vendor": name, "account": account, "is_tech": int(kind == "T"),
                     "layer": layer, "reason": reason})
    missing = [n for n in names if n not in {r["vendor"] for r in rows}]
    if missing:
        raise SystemExit(f"{folder}: {len(missing)} sampled vendors unlabelled: {missing}")
    with (Path(__file__).parent / f"{folder}.csv").open("w", newline="") as handle:
        writer = csv.DictWriter(handle, LABEL_FIELDS)
        writer.writeheader()
        writer.writerows(rows)
    print(f"{folder}: {len(rows)} labels, {len(names)} vendors ({len(head)} head covering "
          f"{share:.1%} of absolute spend + {len(tail)} tail)")


if __name__ == "__main__":
    if sys.argv[1:2] == ["build"]:
        build(sys.argv[2], Path(sys.argv[3]))
    else:
        target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp/real_label_worksheets")
        target.mkdir(parents=True, exist_ok=True)
        for name in (sys.argv[2:] or BY_FOLDER):
            worksheet(name, target)
