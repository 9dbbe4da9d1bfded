"""Score the product's classification of a real ledger against the hand labels in this folder.

Shared by tests/models/test_real_ledger_accuracy.py (floors) and bench/bench_evidence_precision.py
(which evidence kind is right how often). The ledger is loaded through the product exactly as a
user would (``ingest.load_file`` into a fresh in-memory Store, every sheet of a workbook whose
sheets all hold ledger lines, nothing told about columns), classified with the shipped catalog
(``models.classification.refresh``), and each classified line is joined to its label:

* by the vendor as written, trimmed (the labels' ``vendor`` column), and
* where a vendor has labels per account (``account`` column filled, e.g. a consultancy whose IT
  lines and audit lines differ), by the line's account name, description or department equal to
  that text; a line of such a vendor whose account has no label of its own takes the vendor's
  blank-account label.

Every figure is weighted by the absolute amount in the ledger's own currency (a credit counts by
its size; FX plays no part). Worked example: labelled lines tech 100 (predicted tech), tech 50
(predicted non-tech), non-tech 30 (predicted tech): precision 100/130, recall 100/150,
F1 = 2*100 / (2*100 + 30 + 50) = 0.714. Layer accuracy is measured on lines technology in both
the label and the prediction (as tests/models/test_accuracy.py does on the synthetic ledger).
Pooled figures weight every ledger equally (each ledger's amounts are divided by its labelled
total), so that no currency or file size dominates.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
# The project's convention (../shared/real_ledgers beside the checkout); TECHSPEND_REAL_LEDGERS
# overrides it for a checkout that lives elsewhere (a git worktree one level deeper).
REAL = Path(os.environ.get("TECHSPEND_REAL_LEDGERS")
            or HERE.parents[2].parent / "shared" / "real_ledgers")

# folder -> (file, currency, every sheet is a ledger)
FILES = {
    "phoenix": ("march-2018.csv", "USD", False),
    "oxford_city_council": ("expenditure-over-500-oct-dec-2017.csv", "GBP", False),
    "toronto": ("PCard Expenses_2017_11_Final.xlsx", "CAD", False),
    "birmingham_city_council": ("cusersfinainmndesktoppublish-spend-may-2017.xls", "GBP", False),
    "kirklees": ("Purchase-Card-Transactions-Quarter-1-2024-25.xlsx", "GBP", False),
    "bury": ("bury_sep_2023.xlsx", "GBP", False),
    "suffolk_cc": ("SCC-250SpendAllCols-Apr23-formatted.csv", "GBP", False),
    "harrow": ("q1_apr_jun_2023.xlsx", "GBP", False),
    "devon_cc": ("DCCSpendingOver500_201006.xls", "GBP", False),
    "east_suffolk": ("spending_2025_02_february.csv", "GBP", False),
    "craven_dc": ("payments.csv", "GBP", False),
    "blackpool": ("Purchase-card-spend-over-250-May-2022.csv", "GBP", False),
    "durham_pcc": ("durham_pcc_2024-25.xlsx", "GBP", True),
    "cgu_brazil": ("202110_CPGF.csv", "BRL", False),
    "cd44_loire_atlantique": (
        "224400028_subventions-aux-associations-du-departement-de-loire-atlantique.csv", "EUR", False),
}


# Column choices for the files the product cannot map on its own yet, taken from the ledgers'
# README. ONLY bench/bench_evidence_precision.py --mapped uses them, to measure classification
# apart from ingest; the accuracy test never does (a ledger the product cannot read fails there).
# (override fields, sheet)
MAPPED_OVERRIDES = {
    "kirklees": ({"vendor": "MCH.MERCHANT NAME", "mcc": "MCH.MERCHANT CATEGORY CODE (MCC)",
                  "department": "ACC.DEFAULT ACCOUNTING CODE 01 DESCRIPTION"}, None),
    "harrow": ({"vendor": "Updated Beneficiary", "account_name": "Category/Purpose",
                "department": "Department"}, None),
    "bury": ({"amount": "Invoiced", "vendor": "Supplier", "account_name": "ProClass",
              "department": "Department of Operations"}, "Spend Over £500 ( Distributed )"),
    "devon_cc": ({"date": "PymtDate", "amount": "SumOfNet Amt", "vendor": "ENEntity Name",
                  "account_name": "Element Description", "department": "Description"}, None),
    "cgu_brazil": ({"amount": "VALOR TRANSAÇÃO", "vendor": "NOME FAVORECIDO", "date": "DATA TRANSAÇÃO",
                    "description": "TRANSAÇÃO", "department": "NOME ÓRGÃO"}, None),
}


def labelled_folders() -> list[str]:
    """Ledgers with a labels file, in the order above."""
    return [f for f in FILES if (HERE / f"{f}.csv").is_file()]


def read_labels(folder: str) -> list[dict]:
    with (HERE / f"{folder}.csv").open(newline="") as handle:
        return [{"vendor": r["vendor"], "account": r["account"], "is_tech": r["is_tech"] == "1",
                 "layer": r["layer"] or None, "reason": r["reason"]} for r in csv.DictReader(handle)]


def load_and_classify(folder: str, mapped: bool = False):
    """A fresh in-memory Store holding the ledger, loaded and classified by the product.
    `mapped`: load with MAPPED_OVERRIDES where the ledger has them (bench only)."""
    from db import Store
    from ingest import list_sheets, load_file
    from models import classification

    name, currency, all_sheets = FILES[folder]
    path = REAL / folder / name
    data = path.read_bytes()
    store = Store(":memory:")
    store.set_setting("reporting_currency", currency)
    overrides, sheet = MAPPED_OVERRIDES.get(folder, (None, None)) if mapped else (None, None)
    if all_sheets:
        for sheet in list_sheets(name, data):
            load_file(store, name, data, sheet=sheet, currency=currency)
    else:
        load_file(store, name, data, currency=currency, overrides=overrides, sheet=sheet)
    classification.refresh(store)
    return store


JOIN_SQL = """
WITH lines AS (
    SELECT c.*, trim(coalesce(c.vendor, '')) AS label_vendor, abs(c.amount)::DOUBLE AS w
    FROM classified_lines c
),
by_account AS (
    SELECT l.upload_id, l.source_row, a.is_tech, a.layer, a.reason, a.account
    FROM lines l
    JOIN _labels a ON a.vendor = l.label_vendor AND a.account <> ''
     AND a.account IN (trim(coalesce(l.account_name, '')), trim(coalesce(l.description, '')),
                       trim(coalesce(l.department, '')))
    QUALIFY row_number() OVER (PARTITION BY l.upload_id, l.source_row ORDER BY a.account) = 1
)
SELECT l.upload_id, l.source_row, l.vendor, l.label_vendor, l.account_name, l.description,
       l.department, l.amount::DOUBLE AS amount, l.w, l.is_tech AS p_tech, l.layer AS p_layer,
       l.decided_by, l.reason AS p_reason, l.vendor_canonical,
       coalesce(b.is_tech, v.is_tech) AS is_tech, coalesce(b.layer, v.layer) AS layer,
       coalesce(b.reason, v.reason) AS why, coalesce(b.account, '') AS label_account
FROM lines l
LEFT JOIN by_account b USING (upload_id, source_row)
LEFT JOIN _labels v ON v.vendor = l.label_vendor AND v.account = ''
WHERE b.is_tech IS NOT NULL OR v.is_tech IS NOT NULL
"""


def joined(store, labels: list[dict]) -> pd.DataFrame:
    """The product's labelled lines, one row each: prediction (p_*) beside label."""
    store.execute("CREATE OR REPLACE TABLE _labels (vendor VARCHAR, account VARCHAR,"
                  " is_tech BOOLEAN, layer VARCHAR, reason VARCHAR)")
    with store.transaction() as cur:
        cur.executemany("INSERT INTO _labels VALUES (?, ?, ?, ?, ?)",
                        [[r["vendor"], r["account"], r["is_tech"], r["layer"], r["reason"]]
                         for r in labels])
    df = store.df(JOIN_SQL)
    df["is_tech"] = df["is_tech"].astype(bool)
    df["p_tech"] = df["p_tech"].astype(bool)
    return df


def raw_labelled_amount(folder: str, labels: list[dict]) -> tuple[int, Decimal]:
    """Lines and absolute amount of the labelled vendors in the raw file (read without the
    product): what the join should find if the product loaded every line of those vendors."""
    import sample

    lines = sample.read_lines(folder)
    mine = lines[lines["vendor"].isin({r["vendor"] for r in labels})]
    return len(mine), sum((abs(a) for a in mine["amount"]), Decimal(0))


@dataclass(frozen=True)
class Figures:
    lines: int
    amount: float
    precision: float
    recall: float
    f1: float
    layer: float          # on lines technology in label and prediction
    tech_amount: float    # labelled technology amount

    def row(self) -> str:
        return (f"{self.lines:>7,} lines  {self.amount:>16,.2f}  P {self.precision:.3f}  "
                f"R {self.recall:.3f}  F1 {self.f1:.3f}  layer {self.layer:.3f}  "
                f"(labelled tech {self.tech_amount:,.2f})")


def _ratio(a: float, b: float) -> float:
    return a / b if b else float("nan")


def figures(df: pd.DataFrame, weight: str = "w") -> Figures:
    w = df[weight]
    tp = w[df.is_tech & df.p_tech].sum()
    fp = w[~df.is_tech & df.p_tech].sum()
    fn = w[df.is_tech & ~df.p_tech].sum()
    both = df[df.is_tech & df.p_tech]
    layer = _ratio(both[weight][both.layer == both.p_layer].sum(), both[weight].sum())
    # no line joined: nothing measured (NaN fails every floor); lines but no technology labelled
    # and none predicted: nothing to get wrong, F1 is 1 by convention
    f1 = (float("nan") if df.empty else 1.0) if tp + fp + fn == 0 else 2 * tp / (2 * tp + fp + fn)
    return Figures(lines=len(df), amount=float(w.sum()), precision=_ratio(tp, tp + fp),
                   recall=_ratio(tp, tp + fn), f1=f1, layer=layer,
                   tech_amount=float(w[df.is_tech].sum()))


def pooled(frames: dict[str, pd.DataFrame]) -> Figures:
    """Every ledger weighted equally: amounts as shares of the ledger's labelled total."""
    parts = [df.assign(share=df.w / df.w.sum()) for df in frames.values() if len(df)]
    if not parts:
        return figures(pd.DataFrame(columns=["w", "is_tech", "p_tech", "layer", "p_layer"]))
    return figures(pd.concat(parts, ignore_index=True), weight="share")


def worst(df: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """Largest technology misclassifications by amount: vendor, label, prediction, reason."""
    wrong = df[df.is_tech != df.p_tech]
    return (wrong.groupby(["label_vendor", "is_tech", "p_tech", "p_reason"], dropna=False).w.sum()
            .sort_values(ascending=False).head(n).reset_index())


def worst_layer(df: pd.DataFrame, n: int = 8) -> pd.DataFrame:
    both = df[df.is_tech & df.p_tech & (df.layer != df.p_layer)]
    return (both.groupby(["label_vendor", "layer", "p_layer", "p_reason"], dropna=False).w.sum()
            .sort_values(ascending=False).head(n).reset_index())
