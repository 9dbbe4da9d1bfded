"""How often each kind of evidence is right, measured on the hand-labelled real ledgers.

Every classified line records what decided it (`decided_by`: rule, catalog, account, mcc, vendor_word,
description, default). Against the labels in tests/data/real_labels/ (see its README.md), this
prints per ledger and pooled, for each evidence kind and each decision it made (tech / non-tech):

* lines and amount (absolute, the ledger's currency) it decided, and its share of the labelled
  amount;
* precision: the share of that amount where the label agrees with the decision. For "catalog ->
  tech" it is the catalog's technology precision; for "default -> non" it is how safe the default
  is (1 - precision is technology the default let through).

Worked example: the catalog decided 1,000 of labelled spend as technology and the labels agree on
950 -> "catalog tech  precision 0.950"; the default decided 5,000 as non-technology and 400 of it
is labelled technology -> "default non  precision 0.920". Pooled rows weight every ledger equally
(amounts as shares of each ledger's labelled total), as the accuracy test does.

Run: `python bench/bench_evidence_precision.py [--mapped] [ledger ...]` (all labelled ledgers by
default; TECHSPEND_REAL_LEDGERS points at the real ledgers when they are not at
../shared/real_ledgers). `--mapped` loads the files the product cannot map on its own yet with the
columns named in the ledgers' README (measure.MAPPED_OVERRIDES), to measure classification apart
from ingest; without it, every file is loaded exactly as a user would load it.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "data" / "real_labels"))

import pandas as pd  # noqa: E402

import measure  # noqa: E402

KINDS = ["rule", "catalog", "catalog/pattern", "catalog/prefix", "catalog/fuzzy", "account", "mcc",
         "vendor_word",
         "description", "default"]


def evidence_kind(df: pd.DataFrame) -> pd.Series:
    """decided_by, with catalog matches split by how the vendor was matched (the reason says
    'catalog: X (pattern)' / '(name starts ...)' / '(fuzzy 93 on ...)'; an exact alias has none)."""
    method = df.p_reason.str.extract(r"^catalog: .*\((pattern|name starts|fuzzy)", expand=False)
    method = method.map({"pattern": "pattern", "name starts": "prefix", "fuzzy": "fuzzy"})
    return df.decided_by.where(method.isna(), "catalog/" + method.fillna(""))


def evidence_table(df: pd.DataFrame, weight: str = "w") -> pd.DataFrame:
    """decided_by x decision -> lines, amount, share of labelled amount, precision."""
    total = df[weight].sum()
    out = (df.assign(right=(df.is_tech == df.p_tech) * df[weight],
                     decision=df.p_tech.map({True: "tech", False: "non"}),
                     decided_by=evidence_kind(df))
           .groupby(["decided_by", "decision"])
           .agg(lines=(weight, "size"), amount=(weight, "sum"), right=("right", "sum"))
           .reset_index())
    out["share"] = out.amount / total
    out["precision"] = out.right / out.amount
    order = {k: i for i, k in enumerate(KINDS)}
    out = out.sort_values(["decided_by", "decision"], key=lambda s: s.map(order).fillna(99)
                          if s.name == "decided_by" else s)
    return out.drop(columns="right")


def print_table(title: str, table: pd.DataFrame, money: bool = True) -> None:
    print(f"\n{title}")
    print(f"  {'evidence':<16} {'decides':<7} {'lines':>8} {'amount' if money else 'weight':>17}"
          f" {'share':>7} {'precision':>9}")
    for r in table.itertuples():
        amount = f"{r.amount:>17,.2f}" if money else f"{r.amount:>17.4f}"
        print(f"  {r.decided_by:<16} {r.decision:<7} {r.lines:>8,} {amount} {r.share:>7.1%}"
              f" {r.precision:>9.3f}")


def main(folders: list[str], mapped: bool = False) -> None:
    frames = {}
    for folder in folders:
        started = time.perf_counter()
        try:
            store = measure.load_and_classify(folder, mapped=mapped)
        except Exception as exc:  # noqa: BLE001 - a ledger the product cannot load is reported
            print(f"\n{folder}: NOT LOADED ({type(exc).__name__}: {exc})")
            continue
        df = measure.joined(store, measure.read_labels(folder))
        store.close()
        frames[folder] = df
        if df.empty:
            print(f"\n{folder}: loaded, but NO LABELLED LINE JOINED (the vendor column was not "
                  "mapped, or vendor names were altered)")
            continue
        f = measure.figures(df)
        print_table(f"{folder} ({time.perf_counter() - started:.1f} s): F1 {f.f1:.3f}, "
                    f"layer {f.layer:.3f}, {f.lines:,} labelled lines", evidence_table(df))
    parts = [df.assign(share_w=df.w / df.w.sum()) for df in frames.values() if len(df)]
    if parts:
        pooled = pd.concat(parts, ignore_index=True)
        f = measure.pooled(frames)
        print_table(f"pooled over {len(parts)} ledgers with joined lines (each weighted equally; "
                    f"weight = share of a ledger): F1 {f.f1:.3f}, layer {f.layer:.3f}",
                    evidence_table(pooled, weight="share_w"), money=False)


if __name__ == "__main__":
    if not measure.REAL.is_dir():
        sys.exit(f"real ledgers not found at {measure.REAL} (set TECHSPEND_REAL_LEDGERS)")
    args = sys.argv[1:]
    mapped = "--mapped" in args
    args = [a for a in args if a != "--mapped"]
    main(args or measure.labelled_folders(), mapped=mapped)
