"""The board pack, opened with openpyxl: sheets, native charts and their ranges, Summary figures
equal to the models API and to an independent SQL computation, text never a formula, provenance,
and (when LibreOffice is installed) a rendered PDF."""

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

import cli
from budget_report_fixture import LEDGER_FILE, new_store, sample_company, sample_company_file
from db import TechspendError
from ingest.budget import load_budget_file
from models import budget, report
from models.fiscal import Quarter

FORMULA_VENDOR = '=HYPERLINK("http://x","y")'
BUDGET_CSV = (
    b"Department,Period,Amount,IT budget,Layer\n"
    b"Information Technology,FY2026,4800,Y,\n"
    b"Sales,2026-Q1,600,,SoE\n"
    b"Finance,2025-04,200,,SoR\n"
)


@pytest.fixture(scope="module")
def company():
    store = new_store(start_month=4)
    sample_company(store)
    load_budget_file(store, "budget.csv", BUDGET_CSV)
    return store


@pytest.fixture(scope="module")
def workbook(company):
    return load_workbook(io.BytesIO(report.board_pack_bytes(company, "FY2026 Q1")))


def _kpi_rows(ws) -> dict[str, tuple]:
    out = {}
    for row in ws.iter_rows(min_row=7, max_row=18, max_col=8, values_only=True):
        if row[0]:
            out[row[0]] = row
    return out


def _sql_quarter(store, key: int) -> dict[str, float]:
    """The headline figures recomputed here, straight from classified_lines."""
    row = store.rows(
        """SELECT coalesce(sum(amount_reporting), 0),
                  coalesce(sum(amount_reporting) FILTER (WHERE is_tech), 0),
                  coalesce(sum(amount_reporting) FILTER (WHERE is_tech AND it_owned), 0),
                  coalesce(sum(amount_reporting) FILTER (WHERE is_tech AND NOT it_owned), 0),
                  coalesce(sum(amount_reporting) FILTER (WHERE is_tech AND layer = 'SoR'), 0),
                  coalesce(sum(amount_reporting) FILTER (WHERE is_tech AND layer = 'SoE'), 0),
                  count(*), count(*) FILTER (WHERE fx_missing)
           FROM classified_lines WHERE quarter_key = ?""",
        [key],
    )[0]
    names = ["Total spend", "Technology spend", "Technology spend in IT", "Technology spend outside IT",
             "Systems of record (SoR)", "Systems of engagement (SoE)", "Lines", "Lines left out: no FX rate"]
    return {n: float(v) for n, v in zip(names, row)}


def _values(wb, ref: str) -> list:
    sheet, cells = re.fullmatch(r"'?(.*?)'?!(.*)", ref).groups()
    found = wb[sheet][cells.replace("$", "")]
    if not isinstance(found, tuple):  # a single cell
        return [found.value]
    return [r[0].value for r in found]


def test_pack_has_the_sheets_frozen_headers_and_print_setup(workbook):
    assert workbook.sheetnames == list(report.SHEETS)
    for ws in workbook.worksheets:
        assert ws.freeze_panes, ws.title
        assert ws.page_setup.orientation == "landscape", ws.title
        assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage, ws.title


def test_summary_figures_equal_independent_sql_and_the_models_api(company, workbook):
    rows = _kpi_rows(workbook["Summary"])
    q = Quarter(2026, 1, 4)
    header = [c.value for c in workbook["Summary"][6][:8]]
    assert header[1:3] == ["FY2026 Q1", "FY2025 Q4"] and header[5] == "FY2025 Q1"
    for column, quarter in ((1, q), (2, q.previous()), (5, q.year_earlier())):
        expected = _sql_quarter(company, quarter.key)
        for measure, value in expected.items():
            assert rows[measure][column] == pytest.approx(value), (measure, quarter.label)
        share = expected["Technology spend outside IT"] / expected["Technology spend"]
        assert rows["Share of technology spend outside IT"][column] == pytest.approx(share)
    # 2025-04-01 (Salesforce 700.00) is in FY2026 Q1 with an April fiscal year
    assert company.scalar("SELECT quarter_label FROM classified_lines WHERE txn_date = DATE '2025-04-01'") == "FY2026 Q1"
    # the missing FX rate is counted, and its 99.00 USD is not in any total
    assert rows["Lines left out: no FX rate"][1] == 1
    assert rows["Total spend"][1] == pytest.approx(700 + 240 + 150 + 1200 + 250 + 45 + 80)
    # change columns
    total = rows["Technology spend"]
    assert total[3] == pytest.approx(total[1] - total[2])
    assert total[4] == pytest.approx((total[1] - total[2]) / total[2])
    # budget: IT 4800/12*3 + Sales FY2026 Q1 600 + Finance April 200
    assert rows["Technology budget"][1] == pytest.approx(1200 + 600 + 200)
    assert rows["Technology budget"][2] is None  # no budget covers FY2025 Q4
    figures = report.pack_figures(company, "FY2026 Q1")
    for kpi in figures.kpis:
        assert rows[kpi.measure][1] == pytest.approx(kpi.current) if kpi.current is not None else rows[kpi.measure][1] is None
    assert figures.kpi("Technology budget").current == budget.budget_vs_actual(company, "FY2026 Q1").total["budget"]


def test_native_charts_with_series_over_the_pack_tables(company, workbook):
    charts = workbook["Summary"]._charts
    assert len(charts) == 3
    trend, split, bva = charts
    q = Quarter(2026, 1, 4)
    # trend: IT and outside IT per quarter, the categories end with the selected quarter
    labels = _values(workbook, trend.series[0].cat.strRef.f)
    assert labels[-1] == "FY2026 Q1" and labels[0] == "FY2025 Q1"
    assert [_values(workbook, s.tx.strRef.f)[0] for s in trend.series] == ["IT", "Outside IT"]
    it_values = _values(workbook, trend.series[0].val.numRef.f)
    outside_values = _values(workbook, trend.series[1].val.numRef.f)
    for label, it_value, outside_value in zip(labels, it_values, outside_values):
        key = int(label[2:6]) * 10 + int(label[-1])
        expected = _sql_quarter(company, key)
        assert it_value == pytest.approx(expected["Technology spend in IT"]), label
        assert outside_value == pytest.approx(expected["Technology spend outside IT"]), label
    assert trend.grouping == "stacked"
    # SoR / SoE split inside and outside IT
    assert _values(workbook, split.series[0].cat.strRef.f) == ["IT", "Outside IT"]
    sor = _values(workbook, split.series[0].val.numRef.f)
    soe = _values(workbook, split.series[1].val.numRef.f)
    expected_sor_outside = float(company.scalar(
        "SELECT sum(amount_reporting) FROM classified_lines WHERE quarter_key = ? AND is_tech AND NOT it_owned AND layer = 'SoR'", [q.key]))
    assert sor[1] == pytest.approx(expected_sor_outside)
    assert sor[0] + soe[0] == pytest.approx(_sql_quarter(company, q.key)["Technology spend in IT"])
    # budget vs actual by department, series over the Budget vs actual sheet
    assert bva.series[0].val.numRef.f.startswith("'Budget vs actual'!")
    departments = _values(workbook, bva.series[0].cat.strRef.f)
    budgets = _values(workbook, bva.series[0].val.numRef.f)
    actuals = _values(workbook, bva.series[1].val.numRef.f)
    assert set(departments) == {"Information Technology", "Sales", "Marketing", "Finance", "Legal"}
    by_name = dict(zip(departments, zip(budgets, actuals)))
    assert by_name["Finance"] == (200, 150)
    assert by_name["Sales"][0] == 600
    actual_it = float(company.scalar(
        "SELECT sum(amount_reporting) FROM classified_lines WHERE quarter_key = ? AND is_tech AND department = 'Information Technology'", [q.key]))
    assert by_name["Information Technology"] == (1200, pytest.approx(actual_it))


def test_a_formula_vendor_arrives_as_text(workbook):
    """Policy (models.excel_safe): typed as text with Excel's quote prefix, value unchanged."""
    found = []
    for name in ("Lines", "Outside-IT vendors"):
        for row in workbook[name].iter_rows():
            for cell in row:
                if cell.value == FORMULA_VENDOR:
                    found.append(cell)
    assert len(found) >= 3  # vendor as written + canonical on Lines, vendor on Outside-IT vendors
    for cell in found:
        assert cell.data_type == "s"
        assert cell.value.startswith('=HYPERLINK(')  # shown exactly as written, never evaluated
        assert cell.quotePrefix is True
    formulas = [c.coordinate for ws in workbook.worksheets for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []


def test_lines_sheet_is_bounded_and_points_to_source_rows(company):
    wb = load_workbook(io.BytesIO(report.board_pack_bytes(company, "FY2026 Q1", max_lines=3)))
    ws = wb["Lines"]
    assert ws["A2"].value.startswith("Showing 3 of 8 lines")
    header = [c.value for c in ws[4]]
    data = [dict(zip(header, [c.value for c in row])) for row in ws.iter_rows(min_row=5)]
    assert len(data) == 3
    for line in data:
        assert line["Source file"] == LEDGER_FILE
        assert company.scalar(
            "SELECT vendor FROM ledger_lines WHERE source_file = ? AND source_row = ?",
            [line["Source file"], line["Source row"]]) == line["Vendor as written"]


def test_provenance_lists_uploads_settings_and_missing_rates(company, workbook):
    text = [str(c.value) for row in workbook["Provenance"].iter_rows() for c in row if c.value is not None]
    uploads = company.rows("SELECT file_name, sha256 FROM uploads")
    for file_name, sha in uploads:
        assert file_name in text and sha in text
    assert "4 (April)" in text and "GBP" in text
    assert "Generated at (UTC)" in text
    assert "USD" in text and "2025-06" in text  # the missing rate of Zoom's June line


def test_a_quarter_without_data_is_a_readable_error(company):
    with pytest.raises(TechspendError, match="no classified lines in FY2030 Q1"):
        report.board_pack_bytes(company, "FY2030 Q1")


OFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(OFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_renders_the_pack(company, tmp_path: Path):
    pack = report.write_board_pack(company, "FY2026 Q1", tmp_path / "pack.xlsx")
    subprocess.run(
        [OFFICE, f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(pack)],
        check=True, capture_output=True, timeout=180,
    )
    pdf = tmp_path / "pack.pdf"
    assert pdf.exists() and pdf.stat().st_size > 10_000
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed: PDF produced but its text not checked")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Technology spend board pack — FY2026 Q1" in text
    assert FORMULA_VENDOR in text  # shown literally, not evaluated to a link 'y'
    assert "Budget vs actual by department" in text  # chart title rendered


def test_cli_report_writes_the_pack(tmp_path, capsys):
    db_path = tmp_path / "t.duckdb"
    with sample_company_file(db_path):
        out = tmp_path / "out" / "pack.xlsx"
        assert cli.main(["report", "--db", str(db_path), "--quarter", "2026-Q1", "--out", str(out)]) == 0
        assert "FY2026 Q1" in capsys.readouterr().out
        assert load_workbook(out).sheetnames == list(report.SHEETS)
        assert cli.main(["report", "--db", str(db_path), "--quarter", "FY2026 Q9", "--out", str(out)]) == 2
        assert "FY2026 Q1" in capsys.readouterr().err  # the message shows how to write a quarter
