"""Benchmark: classify 1M ledger lines (issue 3: "the classification of 1M lines takes seconds").

Builds a file database with N ledger lines (default 1,000,000) inserted by SQL generate_series:
~3,000 distinct vendor strings (catalog names dressed as statements print them: processor
prefixes, store numbers, references, legal suffixes, plus unknown suppliers), 40 departments,
30 account names, MCCs on a third of the lines, 5,000 distinct descriptions, two currencies.
Then times:

  * full refresh (first run: normalise + match every distinct vendor, then the SQL models);
  * full refresh again (vendor keys and matches already known, e.g. after a rule change);
  * refresh of one new upload of 10,000 lines (what runs after a load);
  * a person's rule on the biggest vendor (workspace.assign_vendors: only its lines rebuilt).

    .venv/bin/python bench/bench_classify.py [--lines 1000000] [--db /tmp/bench_classify.duckdb]
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from db import Store  # noqa: E402
from models import classification, vendor_match  # noqa: E402

PREFIXES = ["", "", "", "SQ *", "PAYPAL *", "TST* ", ""]
SUFFIXES = ["", " INC", " LTD", " LLC", " GMBH", "", ""]


def vendor_strings(n: int, rng: random.Random) -> list[str]:
    names: list[str] = []
    catalog = vendor_match.CATALOG_DIR / "vendors.csv"
    if catalog.exists():
        with catalog.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                names.append((row.get("product") or row["vendor"]).strip())
    names += [f"Local Supplier {i}" for i in range(800)]
    out = set()
    while len(out) < n:
        base = rng.choice(names)
        tail = rng.choice(["", "", f" #{rng.randint(1, 999)}", f" {rng.randint(10**5, 10**7)}",
                           f" {rng.choice(['LONDON', 'SEATTLE', 'DUBLIN'])}"])
        out.add(f"{rng.choice(PREFIXES)}{base}{rng.choice(SUFFIXES)}{tail}")
    return sorted(out)


DEPARTMENTS = ["Information Technology", "IT Service Desk", "Network Operations", "Finance",
               "Human Resources", "Marketing", "Digital Marketing", "Sales", "Customer Success",
               "E-commerce", "Transit Operations", "Legal", "Procurement", "Facilities",
               "Communications", "Business Development", "Operations", "Research",
               "Engineering", "Office of the CIO"] * 2
ACCOUNTS = ["Software Subscriptions", "Computer Hardware", "Telephone", "Advertising",
            "Travel", "Office Supplies", "Consultancy", "IT Services", "Cloud Hosting",
            "Training", "Rent", "Utilities", "Audit Fees", "Recruitment", "Catering"] * 2


def build(path: str, lines: int, seed: int = 7) -> Store:
    rng = random.Random(seed)
    if os.path.exists(path):
        os.remove(path)
    store = Store(path)
    vendors = vendor_strings(3000, rng)
    depts = [f"{d}{' ' if i >= 20 else ''}" for i, d in enumerate(DEPARTMENTS)]  # spacing drift
    with store.transaction() as cur:
        cur.execute("CREATE TEMP TABLE v AS SELECT unnest(?::VARCHAR[]) AS vendor, "
                    "generate_subscripts(?::VARCHAR[], 1) - 1 AS i", [vendors, vendors])
        cur.execute("CREATE TEMP TABLE d AS SELECT unnest(?::VARCHAR[]) AS department, "
                    "generate_subscripts(?::VARCHAR[], 1) - 1 AS i", [depts, depts])
        cur.execute("CREATE TEMP TABLE a AS SELECT unnest(?::VARCHAR[]) AS account_name, "
                    "generate_subscripts(?::VARCHAR[], 1) - 1 AS i", [ACCOUNTS, ACCOUNTS])
        cur.execute(
            """
            INSERT INTO ledger_lines (upload_id, source_row, source_file, txn_date, vendor,
                department, account_name, description, amount, currency, mcc)
            SELECT 1, g.n + 2, 'bench.csv',
                   DATE '2024-01-01' + CAST(hash(g.n) % 730 AS INTEGER),
                   v.vendor, d.department, a.account_name,
                   'memo ' || (hash(g.n * 7) % 5000)::VARCHAR,
                   CAST(((hash(g.n * 3) % 200000)::BIGINT - 20000) / 100.0 AS DECIMAL(18, 2)),
                   CASE WHEN g.n % 10 = 0 THEN 'USD' ELSE 'GBP' END,
                   CASE WHEN g.n % 3 = 0 THEN ['5734', '7372', '5812', '4814', '5999'][g.n % 5 + 1] END
            FROM range(?) g(n)
            JOIN v ON v.i = hash(g.n * 11) % ?
            JOIN d ON d.i = g.n % ?
            JOIN a ON a.i = hash(g.n * 13) % ?
            """,
            [lines, len(vendors), len(depts), len(ACCOUNTS)],
        )
        cur.execute("INSERT INTO fx_rates SELECT DISTINCT date_trunc('month', txn_date)::DATE, "
                    "'USD', 'GBP', 0.79, NULL FROM ledger_lines")
    return store


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--db", default=os.path.join(tempfile.gettempdir(), "bench_classify.duckdb"))
    args = parser.parse_args()

    t0 = time.perf_counter()
    store = build(args.db, args.lines)
    print(f"built {args.lines:,} ledger lines in {time.perf_counter() - t0:.2f} s ({args.db})")
    n_vendors = store.scalar("SELECT count(DISTINCT vendor) FROM ledger_lines")

    t0 = time.perf_counter()
    steps_first = classification.refresh(store)
    first = time.perf_counter() - t0
    t0 = time.perf_counter()
    steps_again = classification.refresh(store)
    again = time.perf_counter() - t0

    with store.transaction() as cur:
        cur.execute("INSERT INTO ledger_lines BY NAME SELECT * REPLACE (2 AS upload_id,"
                    " 'second.csv' AS source_file) FROM ledger_lines"
                    " WHERE upload_id = 1 AND source_row < 10002")
    t0 = time.perf_counter()
    steps_upload = classification.refresh(store, [2])
    one_upload = time.perf_counter() - t0

    # a person's rule on one vendor (the Review page's "assign"): only that vendor's lines
    import workspace  # noqa: E402  (after the store is built: the bench's own timing)
    vendor = store.scalar("SELECT vendor_key FROM classified_lines GROUP BY 1 ORDER BY count(*) DESC"
                          " LIMIT 1")
    vendor_lines = store.scalar("SELECT count(*) FROM classified_lines WHERE vendor_key = ?", [vendor])
    rebuild, steps_rule = classification.rebuild, {}

    def recording(*args, **kwargs):  # the rule's rebuild runs inside the workspace's transaction
        steps_rule.update(rebuild(*args, **kwargs))
        return steps_rule
    classification.rebuild = recording
    t0 = time.perf_counter()
    workspace.assign_vendors(store, [vendor], is_tech=True, layer="SoR", by="bench")
    one_rule = time.perf_counter() - t0
    classification.rebuild = rebuild

    classified = store.scalar("SELECT count(*) FROM classified_lines")
    assert classified == args.lines + 10_000, classified
    methods = dict(store.rows("SELECT method, count(*) FROM vendor_map GROUP BY 1"))
    print(f"distinct raw vendors: {n_vendors:,}; vendor_map methods: {methods}")
    print(f"full refresh (first, matching every vendor): {first:.2f} s")
    print(f"full refresh (again, e.g. after a rule):     {again:.2f} s")
    print(f"refresh of one 10,000-line upload:           {one_upload:.2f} s")
    print(f"a rule on one vendor ({vendor_lines:,} lines touched):  {one_rule:.2f} s")
    for name, steps in (("first", steps_first), ("again", steps_again),
                        ("one upload", steps_upload), ("the rule", steps_rule)):
        print(f"  steps ({name}): " + ", ".join(f"{k} {v:.2f}" for k, v in steps.items()))
    print(f"load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
