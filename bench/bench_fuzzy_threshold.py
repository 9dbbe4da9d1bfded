"""Measure the fuzzy vendor-match threshold (models.vendor_match.FUZZY_THRESHOLD).

Fuzzy matching only sees vendor keys that neither an alias, a pattern nor an alias prefix
matched, so its job is spelling damage: typos, dropped letters, truncation. Two measurements:

1. Synthetic typos (precision and recall). Every catalog alias of >= FUZZY_MIN_LENGTH characters
   gets one and two random character edits (delete / insert / substitute / swap neighbours); a
   variant counts as correct when the best alias at or above the threshold belongs to the entry it
   came from, wrong when it belongs to another entry with a different technology verdict
   ("harmful": it would change is_tech), and missed otherwise. Variants that are themselves an
   exact alias are skipped (the alias step takes them).

2. Real supplier names (false matches). Distinct supplier names from the public ledgers in
   ../shared/real_ledgers (Oxford, Phoenix, Toronto, Birmingham; not part of the repo) go through
   the same pipeline; the names fuzzy would accept at each threshold are printed so a person can
   judge them. Nothing here was labelled by the catalog's authors.

    .venv/bin/python bench/bench_fuzzy_threshold.py [--seed 7] [--show 40]
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import string
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from db import Store  # noqa: E402
from models import vendor_match  # noqa: E402
from models.normalise import vendor_key  # noqa: E402

THRESHOLDS = (80, 85, 88, 90, 92, 95)
LEDGERS = ROOT.parent / "shared" / "real_ledgers"


def edit(text: str, rng: random.Random) -> str:
    i = rng.randrange(len(text))
    op = rng.choice("dist")
    letters = string.ascii_uppercase
    if op == "d":
        return text[:i] + text[i + 1:]
    if op == "i":
        return text[:i] + rng.choice(letters) + text[i:]
    if op == "s":
        return text[:i] + rng.choice(letters) + text[i + 1:]
    j = min(i + 1, len(text) - 1)
    chars = list(text)
    chars[i], chars[j] = chars[j], chars[i]
    return "".join(chars)


def catalog_aliases(store: Store):
    with store.transaction() as cur:
        vendor_match.ensure_catalog(cur)
    return store.rows("SELECT a.alias_key, a.entry_id, c.is_tech, c.canonical FROM catalog_aliases a"
                      " JOIN catalog_vendors c USING (entry_id) ORDER BY a.entry_id, a.alias_key")


def real_supplier_names() -> list[str]:
    names: set[str] = set()
    sources = [
        (LEDGERS / "oxford_city_council" / "expenditure-over-500-oct-dec-2017.csv", "Supplier Name"),
        (LEDGERS / "phoenix" / "march-2018.csv", "Vendor Name"),
    ]
    for path, column in sources:
        if not path.exists():
            continue
        text = path.read_bytes().decode("utf-8", errors="replace")
        for row in csv.DictReader(io.StringIO(text)):
            key = next((k for k in row if k and k.strip() == column), None)
            if key and row[key] and row[key].strip():
                names.add(row[key].strip())
    try:
        import pandas as pd

        toronto = LEDGERS / "toronto" / "PCard Expenses_2017_11_Final.xlsx"
        if toronto.exists():
            frame = pd.read_excel(toronto, engine="calamine")
            col = next(c for c in frame.columns if "Merchant Name" in str(c))
            names.update(str(v).strip() for v in frame[col].dropna())
    except Exception as exc:  # the measurement still runs on the CSV ledgers
        print(f"(Toronto skipped: {exc})")
    return sorted(names)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--show", type=int, default=40)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    store = Store(":memory:")
    aliases = catalog_aliases(store)
    alias_keys = [a[0] for a in aliases]
    exact = set(alias_keys)
    print(f"catalog: {len({a[1] for a in aliases})} entries, {len(alias_keys)} alias keys")

    # 1. synthetic typos
    variants, truth = [], []
    for key, entry, is_tech, _ in aliases:
        if len(key) < vendor_match.FUZZY_MIN_LENGTH:
            continue
        for n_edits in (1, 2):
            v = key
            for _ in range(n_edits):
                v = edit(v, rng)
            v = " ".join(v.split())
            if v and v not in exact:
                variants.append(v)
                truth.append((entry, is_tech, n_edits))
    print(f"\n1. synthetic typos: {len(variants)} variants of aliases")
    print(f"{'threshold':>9} {'accepted':>9} {'precision':>9} {'is_tech right':>13} "
          f"{'recall 1 edit':>13} {'recall 2 edits':>14}")
    for t in THRESHOLDS:
        hits = vendor_match.fuzzy_candidates(variants, alias_keys, threshold=t)
        accepted = right = same_verdict = 0
        found = {1: [0, 0], 2: [0, 0]}
        for hit, (entry, is_tech, n) in zip(hits, truth):
            found[n][1] += 1
            if hit is None:
                continue
            accepted += 1
            _, got_entry, got_tech, _ = aliases[hit[0]]
            right += got_entry == entry
            same_verdict += got_tech == is_tech
            found[n][0] += got_entry == entry
        print(f"{t:>9} {accepted:>9} {right / max(accepted, 1):>9.4f} "
              f"{same_verdict / max(accepted, 1):>13.4f} {found[1][0] / found[1][1]:>13.3f} "
              f"{found[2][0] / found[2][1]:>14.3f}")

    # 2. real supplier names that reach the fuzzy step
    names = real_supplier_names()
    if not names:
        print("\n2. real ledgers not found at ../shared/real_ledgers: skipped")
        return 0
    keys = sorted({k for k in (vendor_key(n) for n in names) if k})
    with store.transaction() as cur:
        cur.execute("CREATE TABLE ledger_probe AS SELECT unnest(?::VARCHAR[]) AS vendor_key", [keys])
        unmatched = [r[0] for r in cur.execute(
            """
            SELECT p.vendor_key FROM ledger_probe p
            WHERE p.vendor_key NOT IN (SELECT alias_key FROM catalog_aliases)
              AND NOT EXISTS (SELECT 1 FROM catalog_patterns c
                              WHERE regexp_matches(p.vendor_key, c.pattern))
              AND NOT EXISTS (SELECT 1 FROM catalog_aliases a
                              WHERE starts_with(p.vendor_key, a.alias_key || ' '))
            ORDER BY 1
            """).fetchall()]
    print(f"\n2. real supplier names: {len(names)} names, {len(keys)} keys, "
          f"{len(unmatched)} reach the fuzzy step")
    for t in THRESHOLDS:
        hits = vendor_match.fuzzy_candidates(unmatched, alias_keys, threshold=t)
        accepted = [(k, aliases[h[0]][0], aliases[h[0]][3], h[1]) for k, h in zip(unmatched, hits) if h]
        print(f"  threshold {t}: {len(accepted)} fuzzy matches")
        if t in (85, 90):
            for k, alias, canonical, score in sorted(accepted, key=lambda x: -x[3])[:args.show]:
                print(f"      {score:5.1f}  {k!r:40} -> {alias!r} ({canonical})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
