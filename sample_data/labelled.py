"""The labelled accuracy ledger: ~3,000 lines in GL, AP and card shapes with ground-truth labels.

The classification accuracy test (issue 3, "Accuracy, measured") loads the three files written
here through the normal ingest, classifies them, and compares every line with `labels.csv`:

    file,source_row,is_tech,layer,it_owned,amount,currency,amount_gbp,why
    labelled_card_export.csv,2,false,,false,"12034.55",USD,9512.18,"Google Ads: not technology (ADV)"

* `file` + `source_row` name the line exactly as a person sees it (1-based, header and title rows
  counted: the AP register's data starts at row 6, the CSVs' at row 2). Rows without a label are
  not ledger lines (AP title rows, the blank row and the "Total" row).
* `is_tech` true/false; `layer` SoR/SoE, empty when not technology; `it_owned` true/false.
* `amount` is the line's signed amount as the file states it (GL debit - credit, AP net, card
  amount with "($x)" negative) in `currency`; `amount_gbp` is the same at the month's rate, so
  amount-weighted metrics can use one currency (weight by abs(amount_gbp)).
* `why` is the rule that produced the label, for error analysis only.

Where the truth comes from: sample_data.universe - hand-written from the product's definitions,
with vendor strings as real statements print them, and NO reference to models/catalog/. This
ledger uses a different seed (7) and different vendor and department spellings from the sample
company (e.g. "PAYPAL *BAMBOOHR", "SQ *GRIND COFFEE BAR", "AMZN MKTP US*2X9KL",
"GOOGLE*ADS2041-5522-88", "MSFT * ADVERTISING 2F8", "HEROKU* SALESFORCE", "Google Ireland Limited"
for Google Ads invoices; departments "Network Operations" and "IT Service Desk" (IT),
"Digital  Marketing" and "TRANSIT OPERATIONS" (not IT), names drifting in case and spacing), so a
classifier tuned on the sample company is still measured on strings it has not seen.

Traps included (all labelled by the rules above): Oracle Cleaning Services, Apple Leisure Group,
Sage Hospitality, Cloud Nine Catering, Digital Print Solutions, SaaStr and Web Summit tickets,
Harvey Nash IT recruitment, Network Rail parking (not tech) next to Oracle NetSuite, Sage 50,
Apple devices (tech); Google Ads vs Google Workspace vs Google Cloud; Microsoft Advertising vs
Azure vs Microsoft 365; Amazon marketplace vs AWS; Gartner bought by the Office of the CIO
(IT-owned, not tech); staffing agencies paid by IT; AWS bought by E-commerce (SoE) and by
Network Operations (SoR).

Worked example: a card line "CANVA PTY LTD SURRY HILLS" paid by "MARKETING" is technology of
unknown purpose bought by a customer-facing department -> is_tech=true, layer=SoE, it_owned=false;
the same vendor paid by "HR" -> SoR.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from sample_data.generate import generate_company, write_shapes
from sample_data.universe import DEPARTMENTS

LABELLED_COMPANY = "Contoso Transit Group plc"
LABELLED_SEED = 7
LABELLED_DENSITY = 0.35
LABELLED_FILES = ("labelled_gl_detail.csv", "labelled_ap_register.xlsx", "labelled_card_export.csv")
LABELS_FILE = "labels.csv"
LABEL_COLUMNS = ["file", "source_row", "is_tech", "layer", "it_owned", "amount", "currency",
                 "amount_gbp", "why"]

_TRUTH_WHY = {
    "SoR": "technology, system of record",
    "SoE": "technology, system of engagement",
}


def _why(line) -> str:
    vendor, dept = line.vendor, DEPARTMENTS[line.dept_key]
    owner = "IT-owned" if dept.is_it else "outside IT"
    if vendor.truth == "NOT":
        return f"{vendor.key}: not technology ({vendor.category}); {owner}"
    if vendor.truth == "DEPT":
        facing = "customer-facing" if dept.customer_facing else "internal"
        return f"{vendor.key}: technology, layer of the {facing} buyer {dept.name}; {owner}"
    return f"{vendor.key}: {_TRUTH_WHY[vendor.truth]}; {owner}"


def write_labelled_ledger(out_dir: Path | str, seed: int = LABELLED_SEED) -> tuple[list[Path], Path]:
    """Write the three labelled ledger files and labels.csv into out_dir.

    Returns ([gl_csv, ap_xlsx, card_csv], labels_csv). Same seed -> byte-identical files.
    """
    out_dir = Path(out_dir)
    company = generate_company(seed, names="labelled", density=LABELLED_DENSITY)
    placed = write_shapes(company, out_dir, LABELLED_FILES, company_name=LABELLED_COMPANY)
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(LABEL_COLUMNS)
    for file_name in LABELLED_FILES:
        for source_row, line in placed[file_name]:
            is_tech, layer, it_owned = line.truth
            w.writerow([file_name, source_row, "true" if is_tech else "false", layer or "",
                        "true" if it_owned else "false", f"{line.amount:.2f}", line.currency,
                        f"{line.value_gbp:.2f}", _why(line)])
    labels = out_dir / LABELS_FILE
    labels.write_text(out.getvalue(), encoding="utf-8")
    return [out_dir / f for f in LABELLED_FILES], labels


def read_labels(labels_path: Path | str) -> list[dict]:
    """labels.csv as dicts with typed values (source_row int, booleans, amounts float)."""
    with open(labels_path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for r in rows:
        r["source_row"] = int(r["source_row"])
        r["is_tech"] = r["is_tech"] == "true"
        r["it_owned"] = r["it_owned"] == "true"
        r["layer"] = r["layer"] or None
        r["amount"] = float(r["amount"])
        r["amount_gbp"] = float(r["amount_gbp"])
    return rows


if __name__ == "__main__":  # python -m sample_data.labelled OUT_DIR
    import sys

    files, labels = write_labelled_ledger(Path(sys.argv[1] if len(sys.argv) > 1 else "labelled"))
    for p in [*files, labels]:
        print(f"{p}  {p.stat().st_size:,} bytes")
