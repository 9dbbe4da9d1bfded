"""The sample company and the labelled accuracy ledger: deterministic, shaped like real exports,
and labels that point at the very row they describe."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
import zipfile
from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from sample_data import generate as gen
from sample_data.labelled import LABELLED_FILES, read_labels, write_labelled_ledger
from sample_data.universe import DEPARTMENTS, VENDORS, truth

REPO = Path(__file__).resolve().parents[2]
LEDGER_FILES = (gen.GL_FILE, gen.AP_FILE, gen.CARD_FILE)
ALL_FILES = (*LEDGER_FILES, gen.BUDGET_FILE, gen.FX_FILE)


# ---- helpers: read the files back the way a person would ---------------------------------


def read_csv(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8-sig") as fh:
        return list(csv.reader(fh))


def read_ap(path: Path) -> list[tuple]:
    wb = openpyxl.load_workbook(path, read_only=True)
    return [tuple(r) for r in wb.worksheets[0].iter_rows(values_only=True)]


def card_amount(text: str) -> Decimal:
    m = re.fullmatch(r"(\()?[$€]([\d,]+\.\d\d)(\))?", text)
    assert m and bool(m.group(1)) == bool(m.group(3)), text
    value = Decimal(m.group(2).replace(",", ""))
    return -value if m.group(1) else value


def us_date(text: str) -> date:
    month, day, year = (int(x) for x in text.split("/"))
    return date(year, month, day)


def xlsx_parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def norm(name: str) -> str:
    return re.sub(r"\s+", " ", name.strip().casefold())


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("sample")
    gen.write_sample_company(out, seed=gen.DEFAULT_SEED)
    return out


@pytest.fixture(scope="module")
def labelled(tmp_path_factory):
    out = tmp_path_factory.mktemp("labelled")
    files, labels = write_labelled_ledger(out)
    return out, files, labels


# ---- determinism -------------------------------------------------------------------------


def test_same_seed_gives_identical_bytes_and_another_seed_differs(sample, tmp_path):
    again = tmp_path / "again"
    other = tmp_path / "other"
    paths = gen.write_sample_company(again, seed=gen.DEFAULT_SEED)
    gen.write_sample_company(other, seed=gen.DEFAULT_SEED + 1)
    assert [p.name for p in paths] == list(ALL_FILES)
    for name in ALL_FILES:
        assert (sample / name).read_bytes() == (again / name).read_bytes(), name
    for name in LEDGER_FILES:
        assert (sample / name).read_bytes() != (other / name).read_bytes(), name


def test_command_line_regenerates_identical_files(sample, tmp_path):
    out = tmp_path / "cli"
    done = subprocess.run(
        [sys.executable, "-m", "sample_data.generate", "--seed", str(gen.DEFAULT_SEED), "--out", str(out)],
        cwd=REPO, capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 0, done.stderr
    for name in ALL_FILES:
        assert (out / name).read_bytes() == (sample / name).read_bytes(), name


def test_committed_files_are_the_current_generator_output(sample):
    """The files the app opens on must not drift from the generator that documents them."""
    assert [p.name for p in gen.SAMPLE_FILES] == list(LEDGER_FILES)
    for path in gen.SAMPLE_FILES + (gen.BUDGET_PATH, gen.FX_PATH):
        assert path.exists(), f"{path} missing: run python -m sample_data.generate"
        fresh = sample / path.name
        if path.suffix == ".xlsx":  # compare the parts, not the zlib stream
            assert xlsx_parts(path) == xlsx_parts(fresh), path.name
        else:
            assert path.read_bytes() == fresh.read_bytes(), path.name
    total = sum(p.stat().st_size for p in gen.COMPANY_DIR.iterdir())
    assert total < 3_000_000


# ---- shapes ------------------------------------------------------------------------------


def test_gl_detail_has_debit_credit_credit_notes_and_reversals(sample):
    raw = (sample / gen.GL_FILE).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = read_csv(sample / gen.GL_FILE)
    assert rows[0] == gen.GL_HEADER
    data = rows[1:]
    assert 2000 <= len(data) <= 6000
    for r in data:
        date.fromisoformat(r[0])
        assert (r[8] == "") != (r[9] == ""), r  # exactly one of debit / credit
    credits = [r for r in data if r[9]]
    assert any(r[7].startswith("Credit note") for r in credits)
    by_journal = {r[1]: r for r in data}
    reversals = [r for r in data if r[7].startswith("Reversal of JNL-")]
    assert reversals
    for r in reversals:
        accrual = by_journal[r[7].removeprefix("Reversal of ")]
        assert accrual[8] == r[9] and accrual[6] == r[6] and accrual[0] < r[0]
    assert {r[10] for r in data} >= {"GBP", "USD"}


def test_ap_register_has_titles_header_total_and_a_parameters_sheet(sample):
    wb = openpyxl.load_workbook(sample / gen.AP_FILE)
    assert wb.sheetnames == ["AP Register", "Parameters"]
    rows = [tuple(r) for r in wb["AP Register"].iter_rows(values_only=True)]
    assert rows[0][0] == gen.COMPANY and rows[1][0] == "AP Invoice Register"
    assert str(rows[2][0]).startswith("Period:")
    assert all(v is None for v in rows[3])
    assert list(rows[gen.AP_HEADER_ROW - 1]) == gen.AP_HEADER
    data = rows[gen.AP_HEADER_ROW:-2]
    assert 2000 <= len(data) <= 6000
    assert all(isinstance(r[0], datetime) for r in data)  # real Excel dates, not text
    assert any(r[6] < 0 and str(r[2]).startswith("CN-") for r in data)  # credit notes
    for r in data:
        assert round(r[6] + r[7], 2) == round(r[8], 2)  # net + VAT = gross
    assert all(v is None for v in rows[-2]) and rows[-1][0] == "Total"
    assert rows[-1][6] == pytest.approx(sum(r[6] for r in data), abs=0.01)
    assert {r[9] for r in data} == {"GBP", "EUR", "USD"}
    params = [tuple(r) for r in wb["Parameters"].iter_rows(values_only=True)]
    assert params[0] == ("Parameter", "Value") and len(params) < 20


def test_card_export_has_us_dates_dollar_amounts_and_refunds(sample):
    rows = read_csv(sample / gen.CARD_FILE)
    assert rows[0] == gen.CARD_HEADER
    data = rows[1:]
    assert 2000 <= len(data) <= 6000
    days = [int(r[0].split("/")[1]) for r in data]
    assert max(days) > 12  # the order M/D/Y is decidable from the values
    for r in data:
        assert us_date(r[0]) <= us_date(r[1])
        assert re.fullmatch(r"\d{4}", r[5])
        assert (r[7], "$" in r[6]) in {("USD", True), ("EUR", False)}, r
    amounts = [r[6] for r in data]
    assert any(re.fullmatch(r"\$\d{1,3}(,\d{3})+\.\d\d", a) for a in amounts)  # "$1,234.56"
    assert any(re.fullmatch(r"\(\$[\d,]+\.\d\d\)", a) for a in amounts)  # "($45.00)"
    assert all(card_amount(a) != 0 for a in amounts)
    currencies = [r[7] for r in data]
    assert currencies.count("USD") > 0.9 * len(data) and "EUR" in currencies


def test_company_breadth_departments_vendors_and_new_vendors(sample):
    company = gen.generate_company(gen.DEFAULT_SEED)
    assert len({ln.dept_key for ln in company.lines}) >= 20
    assert len({ln.vendor.key for ln in company.lines}) >= 150
    gl = read_csv(sample / gen.GL_FILE)[1:]
    ap = read_ap(sample / gen.AP_FILE)[gen.AP_HEADER_ROW:-2]
    card = read_csv(sample / gen.CARD_FILE)[1:]
    departments = {r[5] for r in gl} | {r[4] for r in ap} | {r[3] for r in card}
    assert len(departments) >= 20
    assert {"Digital Marketing", "Transit Operations", "Information Technology"} <= departments
    raw_vendors = {r[6] for r in gl} | {r[1] for r in ap} | {r[4] for r in card}
    assert len(raw_vendors) >= 150
    for messy in ("SALESFORCE.COM INC", "PAYPAL *NOTION LABS", "GOOGLE *ADS8473", "MSFT *AZURE",
                  "ZOOM.US 888-799-9666", "ATLASSIAN SYDNEY"):
        assert any(v.startswith(messy) for v in raw_vendors), messy
    first_seen: dict[str, date] = {}
    for ln in company.lines:
        first_seen[ln.vendor.key] = min(first_seen.get(ln.vendor.key, ln.date), ln.date)
    assert sum(d >= date(2026, 7, 1) for d in first_seen.values()) >= 3  # new this quarter


def test_tech_share_and_shadow_it_share_are_in_the_intended_range():
    stats = gen.measure(gen.generate_company(gen.DEFAULT_SEED))
    assert 0.10 <= stats["tech_share"] <= 0.20
    assert 0.35 <= stats["tech_outside_it_share"] <= 0.50
    company = gen.generate_company(gen.DEFAULT_SEED)
    # consolidation candidates: the same tech vendor paid by IT and by other departments
    buyers = defaultdict(set)
    for ln in company.lines:
        if ln.truth[0]:
            buyers[ln.vendor.key].add(DEPARTMENTS[ln.dept_key].is_it)
    assert sum(b == {True, False} for b in buyers.values()) >= 8


def test_budget_and_fx_files(sample):
    budget = read_csv(sample / gen.BUDGET_FILE)
    assert budget[0] == ["Department", "Period", "Category", "IT budget", "Amount"]
    assert {r[1] for r in budget[1:]} == {f"2026-Q{q}" for q in range(1, 5)}
    assert all(r[3] in ("Y", "N") and Decimal(r[4]) >= 0 for r in budget[1:])
    with_tech_budget = {r[0] for r in budget[1:] if r[3] == "Y"}
    assert "Information Technology" in with_tech_budget
    company = gen.generate_company(gen.DEFAULT_SEED)
    tech_buyers = {DEPARTMENTS[ln.dept_key].name for ln in company.lines
                   if ln.truth[0] and ln.date.year == 2026}
    shadow = tech_buyers - with_tech_budget
    assert {"Marketing", "Human Resources", "Digital Marketing"} <= shadow

    fx = read_csv(sample / gen.FX_FILE)
    assert fx[0] == ["Month", "From", "To", "Rate"]
    have = {(r[1], r[0]) for r in fx[1:]}
    months = [f"{y}-{m:02d}" for y in (2025, 2026) for m in range(1, 13) if f"{y}-{m:02d}" <= "2026-09"]
    missing = {(c, m) for c in ("USD", "EUR") for m in months} - have
    assert missing == set()  # self-consistent: a fresh install warns about nothing of its own
    assert all(r[2] == "GBP" and 0.5 < float(r[3]) < 1.2 for r in fx[1:])
    # and the rates matter: EUR lines exist (e.g. in August 2025), each month has its rate
    ap = read_ap(sample / gen.AP_FILE)[gen.AP_HEADER_ROW:-2]
    assert any(r[9] == "EUR" and r[0].strftime("%Y-%m") == "2025-08" for r in ap)


# ---- the labelled accuracy ledger --------------------------------------------------------


def test_labelled_ledger_size_breadth_and_determinism(labelled, tmp_path):
    out, files, labels_path = labelled
    assert [f.name for f in files] == list(LABELLED_FILES)
    labels = read_labels(labels_path)
    assert len(labels) >= 2000
    per_file = defaultdict(int)
    for lab in labels:
        per_file[lab["file"]] += 1
    assert all(per_file[f] >= 300 for f in LABELLED_FILES)
    assert {lab["layer"] for lab in labels if lab["is_tech"]} == {"SoR", "SoE"}
    assert all(lab["layer"] is None for lab in labels if not lab["is_tech"])
    files2, labels2 = write_labelled_ledger(tmp_path)
    for a, b in zip([*files, labels_path], [*files2, labels2]):
        assert a.read_bytes() == b.read_bytes(), a.name


def _rows_of(out: Path) -> dict[str, dict[int, dict]]:
    """file -> source_row -> {vendor, department, amount}, read back independently."""
    gl_name, ap_name, card_name = LABELLED_FILES
    rows: dict[str, dict[int, dict]] = {}
    gl = read_csv(out / gl_name)
    rows[gl_name] = {
        i: {"vendor": r[6], "department": r[5],
            "amount": Decimal(r[8] or "0") - Decimal(r[9] or "0")}
        for i, r in enumerate(gl, start=1) if i > 1
    }
    ap = read_ap(out / ap_name)
    rows[ap_name] = {
        i: {"vendor": r[1], "department": r[4], "amount": Decimal(repr(r[6])).quantize(Decimal("0.01"))}
        for i, r in enumerate(ap, start=1) if isinstance(r[0], datetime)
    }
    card = read_csv(out / card_name)
    rows[card_name] = {
        i: {"vendor": r[4], "department": r[3], "amount": card_amount(r[6])}
        for i, r in enumerate(card, start=1) if i > 1
    }
    return rows


def test_labels_point_at_the_row_they_describe(labelled):
    out, files, labels_path = labelled
    rows = _rows_of(out)
    labels = read_labels(labels_path)
    seen = defaultdict(set)
    for lab in labels:
        row = rows[lab["file"]].get(lab["source_row"])
        assert row is not None, lab
        assert row["amount"] == Decimal(f"{lab['amount']:.2f}"), (lab, row)
        seen[lab["file"]].add(lab["source_row"])
    for name in LABELLED_FILES:  # every ledger row has a label, and only those
        assert seen[name] == set(rows[name]), name
    # in the AP register, labels start below the title block and skip the Total row
    ap_rows = sorted(seen[LABELLED_FILES[1]])
    ap_all = read_ap(out / LABELLED_FILES[1])
    assert ap_rows[0] == gen.AP_HEADER_ROW + 1 and ap_all[-1][0] == "Total"
    assert len(ap_all) not in seen[LABELLED_FILES[1]]
    # >= 20 departments, counted by the department a person would recognise
    depts = {norm(r["department"]) for f in rows.values() for r in f.values()}
    assert len(depts) >= 20


def test_labelled_ledger_holds_the_traps_with_the_right_truth(labelled):
    out, _files, labels_path = labelled
    rows = _rows_of(out)
    by_vendor = defaultdict(list)
    for lab in read_labels(labels_path):
        row = rows[lab["file"]][lab["source_row"]]
        by_vendor[row["vendor"].upper()].append((lab, row))

    def labels_matching(pattern: str):
        found = [x for v, xs in by_vendor.items() if re.search(pattern, v) for x in xs]
        assert found, pattern
        return found

    for not_tech in (r"ORACLE CLEANING", r"APPLE LEISURE|ALG VACATIONS", r"SAGE HOSP",
                     r"GOOGLE ?\*ADS|GOOGLE ADS|GOOGLE IRELAND", r"MICROSOFT ADVERTISING|MSFT \* ADVERTISING",
                     r"AMZN MKTP|AMAZON MARKETPLACE|AMAZON\.COM\*", r"GARTNER", r"HARVEY NASH",
                     r"SAASTR", r"CLOUD NINE"):
        assert all(not lab["is_tech"] for lab, _ in labels_matching(not_tech)), not_tech
    for tech in (r"NETSUITE", r"SAGE GROUP|SAGE UK", r"GOOGLE \*GSUITE|GOOGLE\*WORKSPACE",
                 r"GOOGLE\*CLOUD|GOOGLE CLOUD", r"AZURE", r"MICROSOFT\*365|MICROSOFT IRELAND",
                 r"AMAZON WEB SERVICES", r"PAYPAL \*BAMBOOHR", r"HEROKU"):
        assert all(lab["is_tech"] for lab, _ in labels_matching(tech)), tech
    aws = labels_matching(r"AMAZON WEB SERVICES")
    assert {lab["layer"] for lab, row in aws if norm(row["department"]) in ("e-commerce", "ecommerce")} == {"SoE"}
    assert {lab["layer"] for lab, row in aws if "network operations" in norm(row["department"])} == {"SoR"}
    for lab, row in labels_matching(r"."):
        d = norm(row["department"])
        if d in ("digital marketing", "transit operations"):
            assert not lab["it_owned"], row
        if d in ("network operations", "it service desk", "digital and technology"):
            assert lab["it_owned"], row


def test_truth_rules_follow_the_definitions():
    by_key = {v.key: v for v in VENDORS}
    assert truth(by_key["AWS"], "ECOM") == (True, "SoE", False)
    assert truth(by_key["AWS"], "ITI") == (True, "SoR", True)
    assert truth(by_key["AWS"], "PROD") == (True, "SoR", False)
    assert truth(by_key["Google Ads"], "DMK") == (False, None, False)
    assert truth(by_key["Gartner"], "CIO") == (False, None, True)
    assert truth(by_key["HubSpot"], "IT") == (True, "SoE", True)
    assert truth(by_key["Workday"], "SAL") == (True, "SoR", False)
    assert not DEPARTMENTS["DMK"].is_it and DEPARTMENTS["DMK"].customer_facing
    assert not DEPARTMENTS["TOPS"].is_it and not DEPARTMENTS["TOPS"].customer_facing


def test_truth_is_independent_of_the_catalog():
    for module in ("universe.py", "labelled.py", "generate.py"):
        text = (REPO / "sample_data" / module).read_text(encoding="utf-8")
        assert not re.search(r"^\s*(from|import)\s+models", text, re.M), module
        assert not re.search(r"open\(.*catalog|catalog.*\.(csv|ya?ml)", text), module
    sample_names = {ln.vendor_name for ln in gen.generate_company(gen.DEFAULT_SEED).lines}
    labelled_names = {ln.vendor_name for ln in gen.generate_company(7, names="labelled", density=0.35).lines}
    assert not sample_names & labelled_names
