"""Benchmark: the board pack (models.report) over a large classified ledger.

Fills classified_lines with N generated lines spread over three fiscal quarters (3,000 vendors,
40 departments, a third technology), then times, for the middle quarter: the Summary figures
(`pack_figures`: analytics + budget vs actual for three quarters) and the whole workbook at
several Lines-sheet bounds. Writing cells with openpyxl dominates (~0.25 s per 1,000 lines of 18
columns), which is why the Lines sheet is bounded (default 20,000).

    .venv/bin/python bench/bench_report.py [--lines 300000] [--skip-pack]

Measured (2 cores): 5,000,000 lines: budget_vs_actual 0.25 s warm, pack_figures 1.2 s;
300,000 lines: board pack 1.3 s with 1,000 lines in the Lines sheet, 7.6 s with 20,000, 20.6 s
with 50,000.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from db import Store  # noqa: E402
from db.lines import insert_classified_sql  # noqa: E402
from models import budget, report  # noqa: E402

FILL = insert_classified_sql("""
SELECT 1, i + 2, 'bench.csv', d, 'Vendor ' || (i % 3000), 'V' || (i % 3000), 'Vendor ' || (i % 3000),
       'Dept ' || (i % 40), NULL, NULL, 'Software', 'memo ' || i, NULL, (i % 1000)::DECIMAL(18, 2),
       'GBP', NULL, i % 3 = 0,
       CASE WHEN i % 3 = 0 THEN (CASE WHEN i % 2 = 0 THEN 'SoR' ELSE 'SoE' END) END,
       'Software & SaaS', i % 40 < 4, i % 40 > 30, 'catalog', 'catalog: x', 0.9,
       fiscal_year(d, 1), fiscal_quarter(d, 1), fiscal_quarter_key(d, 1), fiscal_quarter_label(d, 1),
       (i % 1000)::DECIMAL(18, 2), false
FROM (SELECT i, DATE '2026-01-01' + (i % 270)::INTEGER AS d FROM range(?) t(i))
""")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=300_000)
    parser.add_argument("--skip-pack", action="store_true", help="time the figures only")
    args = parser.parse_args()
    store = Store(":memory:")
    start = time.perf_counter()
    store.execute(FILL, [args.lines])
    store.execute(
        "INSERT INTO budget_lines SELECT 1, i + 2, 'Dept ' || i, DATE '2026-01-01', DATE '2026-12-31', "
        "NULL, NULL, true, 100000, 'GBP' FROM range(30) t(i)"
    )
    print(f"filled {args.lines:,} classified lines in {time.perf_counter() - start:.2f} s")
    quarter = "FY2026 Q2"
    in_quarter = store.scalar("SELECT count(*) FROM classified_lines WHERE quarter_label = ?", [quarter])
    for _ in range(2):  # second run: warm
        start = time.perf_counter()
        budget.budget_vs_actual(store, quarter)
        print(f"budget_vs_actual {quarter}: {time.perf_counter() - start:.2f} s")
    start = time.perf_counter()
    report.pack_figures(store, quarter)
    print(f"pack_figures {quarter}: {time.perf_counter() - start:.2f} s")
    for bound in () if args.skip_pack else (1_000, 20_000, 50_000):
        start = time.perf_counter()
        data = report.board_pack_bytes(store, quarter, max_lines=bound)
        shown = min(bound, in_quarter)
        print(f"board pack, Lines sheet {shown:,} of {in_quarter:,}: {time.perf_counter() - start:.2f} s, "
              f"{len(data) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
