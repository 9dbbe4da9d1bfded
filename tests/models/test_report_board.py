"""The board pack as a CFO hands it to the board (issue 12 item 3), read back with openpyxl:
a headline sentence, top outside-IT vendors and the quarter's changes on the Summary, £k
rounding with exact cells, the dashboard's direction colours, "pts" for share changes, the scope
on every sheet (and the figures computed in it), every sheet printable (A4 landscape, one page
wide, wrapped headers, print titles), native charts; LibreOffice renders A4 landscape pages."""

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

import cli
from budget_report_fixture import new_store, sample_company, sample_company_file
from ingest.budget import load_budget_file
from models import analytics, palette, report
from models.analytics import Filters
from models.fiscal import Quarter

LAYERED_BUDGET = (b"Department,Period,Amount,IT budget,Layer\nInformation Technology,FY2026,4800,Y,\n"
                  b"Sales,2026-Q1,600,,SoE\nFinance,2025-04,200,,SoR\n")
FLAT_BUDGET = b"Department,Period,Amount\nInformation Technology,FY2026,4800\nSales,2026-Q1,600\n"
Q = Quarter(2026, 1, 4)


def _store(budget: bytes):
    store = new_store(start_month=4)
    sample_company(store)
    load_budget_file(store, "budget.csv", budget)
    return store


@pytest.fixture(scope="module")
def company():
    return _store(LAYERED_BUDGET)


@pytest.fixture(scope="module")
def workbook(company):
    return load_workbook(io.BytesIO(report.board_pack_bytes(company, "FY2026 Q1")))


def _tech(store, key: int, where: str = "TRUE") -> tuple[float, float]:
    tech, outside = store.rows(
        f"SELECT coalesce(sum(amount_reporting) FILTER (WHERE is_tech), 0), coalesce(sum("
        f"amount_reporting) FILTER (WHERE is_tech AND NOT it_owned), 0) FROM classified_lines "
        f"WHERE quarter_key = ? AND {where}", [key])[0]
    return float(tech), float(outside)


def _kpi(ws, measure: str):
    for row in ws.iter_rows(min_row=7, max_row=18, max_col=8):
        if row[0].value == measure:
            return row
    raise KeyError(measure)


def test_the_headline_sentence_states_the_quarter_in_words(company, workbook):
    ws = workbook["Summary"]
    headline = ws["A4"].value
    tech, outside = _tech(company, Q.key)
    before, before_outside = _tech(company, Q.previous().key)
    assert headline.startswith(f"In FY2026 Q1 technology spend was £{tech / 1000:,.1f}k, up "
                               f"{(tech - before) / before:.1%} on FY2025 Q4 (£{before / 1000:,.1f}k).")
    points = (outside / tech - before_outside / before) * 100
    assert f"£{outside / 1000:,.1f}k of it ({outside / tech:.1%}, up {points:.1f} pts) was paid outside IT" in headline
    vendors = company.scalar("SELECT count(DISTINCT vendor_canonical) FROM classified_lines WHERE quarter_key = ? "
                             "AND is_tech AND NOT it_owned", [Q.key])
    assert f"to {vendors} vendors." in headline
    assert "budget of £2.0k" in headline  # IT 1,200 + Sales 600 + Finance 200


def test_money_in_k_exact_cells_share_changes_in_points_and_dashboard_colours(company, workbook):
    ws = workbook["Summary"]
    tech = _kpi(ws, "Technology spend")
    assert tech[1].value == pytest.approx(_tech(company, Q.key)[0])  # exact, to the penny
    assert '"k"' in tech[1].number_format and "£" in tech[1].number_format
    assert "[Red]" not in tech[3].number_format
    assert tech[3].value > 0 and tech[3].font.color.rgb.endswith(palette.hex_rgb(palette.UP))  # spend up: red
    share = _kpi(ws, "Share of technology spend outside IT")
    assert "pts" in share[3].number_format and "%" not in share[3].number_format
    assert share[3].value == pytest.approx((share[1].value - share[2].value) * 100)
    # a fall (Finance under its budget, variance negative) is green wherever it appears, never red
    downs = [c for s in workbook.worksheets for row in s.iter_rows() for c in row
             if isinstance(c.value, (int, float)) and c.value < 0 and c.font.color is not None
             and c.font.color.rgb is not None and str(c.font.color.rgb).endswith(palette.hex_rgb(palette.DOWN))]
    reds = [c for s in workbook.worksheets for row in s.iter_rows() for c in row
            if isinstance(c.value, (int, float)) and c.value < 0 and c.font.color is not None
            and str(c.font.color.rgb).endswith(palette.hex_rgb(palette.UP))]
    assert downs and not reds  # e.g. Variance under budget
    for s in workbook.worksheets:
        for row in s.iter_rows():
            for c in row:
                assert "[Red]" not in (c.number_format or ""), (s.title, c.coordinate)
                assert not (isinstance(c.value, str) and c.value.strip().lower() in ("none", "nan", "nat")), (s.title, c.coordinate)


def _table(ws, header_text: str, start_col: int = 1) -> list[list]:
    for row in ws.iter_rows():
        for c in row:
            if c.value == header_text and c.column == start_col:
                out = []
                r = c.row + 2
                while ws.cell(r, start_col).value is not None:
                    out.append([ws.cell(r, start_col + i).value for i in range(4)])
                    r += 1
                return out
    raise KeyError(header_text)


def test_summary_has_top_outside_it_vendors_and_the_quarters_changes(company, workbook):
    ws = workbook["Summary"]
    expected = analytics.shadow_it_vendors(company, Filters(quarter_from=Q.key, quarter_to=Q.key)).head(5)
    vendors = _table(ws, "Top technology vendors paid outside IT, FY2026 Q1")
    assert [v[0] for v in vendors] == list(expected["vendor"])
    assert vendors[0][2] == pytest.approx(float(expected["spend_outside_it"].iloc[0]))
    changes = _table(ws, "Biggest changes in technology spend vs FY2025 Q4", start_col=7)
    by_dept = {c[0]: c for c in changes}
    sales_now = float(company.scalar("SELECT sum(amount_reporting) FROM classified_lines WHERE quarter_key=? AND is_tech AND department='Sales'", [Q.key]))
    assert by_dept["Sales"][1] == pytest.approx(sales_now) and by_dept["Sales"][2] == pytest.approx(600)


def test_every_sheet_states_its_scope_and_prints_on_a4_landscape(workbook):
    for ws in workbook.worksheets:
        assert str(ws["A3"].value).startswith("Scope: "), ws.title
        assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9, ws.title
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0, ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert ws.print_title_rows, ws.title  # headers repeated on every printed page
    assert "Whole organisation" in workbook["Summary"]["A3"].value
    for name in ("Budget vs actual", "Outside-IT vendors", "Departments"):
        ws = workbook[name]
        header = [c for c in ws[4] if c.value is not None]
        assert len(header) <= 12, name  # readable on one printed page width
        assert all(c.alignment.wrap_text for c in header), name


def test_native_charts_remain(workbook):
    charts = workbook["Summary"]._charts
    assert len(charts) == 3 and charts[0].grouping == "stacked"


def test_filters_are_applied_and_said_on_every_sheet(company):
    wb = load_workbook(io.BytesIO(report.board_pack_bytes(
        company, "FY2026 Q1", filters=Filters(departments=("Marketing", "Sales")))))
    for ws in wb.worksheets:
        assert ("Departments: Marketing, Sales" in ws["A3"].value
                or ws.title in {"Budget vs actual", "Governance"}), ws.title
    for name in ("Budget vs actual", "Governance"):  # organisation-wide sheets say their own scope
        assert "Whole organisation" in wb[name]["A3"].value, name
    where = "department IN ('Marketing', 'Sales')"
    assert _kpi(wb["Summary"], "Technology spend")[1].value == pytest.approx(_tech(company, Q.key, where)[0])
    assert _kpi(wb["Summary"], "Technology budget (whole organisation)")[1].value == pytest.approx(2000)
    header = [c.value for c in wb["Lines"][4]]
    departments = {row[header.index("Department")] for row in wb["Lines"].iter_rows(min_row=5, values_only=True)}
    assert departments == {"Marketing", "Sales"}
    departments_sheet = {row[0] for row in wb["Departments"].iter_rows(min_row=5, values_only=True) if row[0]}
    assert departments_sheet == {"Marketing", "Sales"}


def test_layer_rows_only_for_a_budget_with_layers(company, workbook):
    views = {row[0] for row in workbook["Budget vs actual"].iter_rows(min_row=5, values_only=True)}
    assert "Layer" in views
    flat = load_workbook(io.BytesIO(report.board_pack_bytes(_store(FLAT_BUDGET), "FY2026 Q1")))
    views = {row[0] for row in flat["Budget vs actual"].iter_rows(min_row=5, values_only=True)}
    assert "Layer" not in views and "Department" in views
    text = [c.value for row in flat["Budget vs actual"].iter_rows() for c in row if isinstance(c.value, str)]
    assert any("no layers" in t for t in text)


OFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(OFFICE is None, reason="LibreOffice (soffice) is not installed: the PDF render "
                                           "check runs where it is")
def test_libreoffice_prints_every_sheet_on_a4_landscape(company, tmp_path: Path):
    pack = report.write_board_pack(company, "FY2026 Q1", tmp_path / "pack.xlsx")
    subprocess.run([OFFICE, f"-env:UserInstallation=file://{tmp_path}/lo", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(pack)],
                   check=True, capture_output=True, timeout=240)
    pdf = tmp_path / "pack.pdf"
    assert pdf.exists() and pdf.stat().st_size > 10_000
    if shutil.which("pdfinfo") is None:
        pytest.skip("pdfinfo (poppler-utils) is not installed: PDF produced, page sizes not checked")
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(pdf)], capture_output=True,
                          text=True, check=True).stdout
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)
    assert sizes and all(abs(float(w) - 841.9) < 3 and abs(float(h) - 595.3) < 3 for w, h in sizes)


def test_cli_report_takes_the_same_scope(tmp_path, capsys):
    db_path = tmp_path / "t.duckdb"
    with sample_company_file(db_path):
        out = tmp_path / "pack.xlsx"
        assert cli.main(["--db", str(db_path), "report", "--quarter", "FY2026 Q1", "--out", str(out),
                         "--department", "Sales"]) == 0
        assert "scope: Departments: Sales" in capsys.readouterr().out
        assert "Departments: Sales" in load_workbook(out)["Summary"]["A3"].value
        assert cli.main(["report", "--db", str(db_path), "--quarter", "FY2026 Q1", "--out", str(out),
                         "--department", "Nowhere"]) == 2
        assert "within the filters" in capsys.readouterr().err


def _tbm_rows(ws):
    header = [c.value for c in ws[4]]
    return header, [dict(zip(header, r)) for r in ws.iter_rows(min_row=5, values_only=True) if r[0]]


def test_the_tbm_sheet_splits_the_quarters_technology_spend_by_tower_and_pool(company, workbook):
    header, rows = _tbm_rows(workbook["TBM"])
    assert header[:3] == ["Tower", "Sub-tower", "Cost pool"]
    tech, outside = _tech(company, Q.key)
    assert sum(r["Technology spend"] for r in rows) == pytest.approx(tech)  # every tech line keyed
    assert sum(r["Outside IT"] for r in rows) == pytest.approx(outside)
    assert all(r["Tower"] and r["Cost pool"] for r in rows)


def test_the_tbm_sheet_follows_the_packs_filters(company):
    wb = load_workbook(io.BytesIO(report.board_pack_bytes(
        company, "FY2026 Q1", filters=Filters(departments=("Marketing",)))))
    _, rows = _tbm_rows(wb["TBM"])
    tech, _ = _tech(company, Q.key, "department = 'Marketing'")
    assert tech > 0  # the fixture gives Marketing technology spend in the quarter
    assert sum(r["Technology spend"] for r in rows) == pytest.approx(tech)
    assert "Departments: Marketing" in wb["TBM"]["A3"].value
