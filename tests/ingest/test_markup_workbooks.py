"""Workbooks written as markup load like workbooks: an HTML table saved as .xls (PeopleSoft, Oracle
EBS and web portals' "Export to Excel") and Excel 2003 XML (SpreadsheetML), each cut down to a few
rows as those systems print them. A web page with no table, and XML that declares entities, are
refused with a message, never a traceback."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from db import Store
from ingest import IngestError, load_file
from ingest.readers import ReaderLimits, list_sheets, read_source


def _load(data: bytes, name: str):
    store = Store(":memory:")
    result = load_file(store, name, data)
    assert result.rows_read == result.rows_loaded + result.rows_excluded + result.rows_rejected
    assert result.reconciles
    return result, store


def _lines(store):
    return store.rows("SELECT vendor, txn_date, amount, department FROM ledger_lines "
                      "ORDER BY source_row")


PEOPLESOFT = b"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<style>td { mso-number-format: General; }</style></head><body>
<table border="1">
<tr><th>Voucher ID</th><th>Supplier Name</th><th>Invoice Date</th><th>Department</th>
<th>Gross Amount</th></tr>
<tr><td>00012345</td><td>Microsoft Ireland Operations Ltd</td><td>15/01/2024</td>
<td>Information Technology</td><td>12,500.00</td></tr>
<tr><td>00012346</td><td>Salesforce UK Ltd</td><td>20/01/2024</td><td>Sales</td>
<td>4,800.50</td></tr>
<tr><td>00012347</td><td>Costa &amp; Sons Catering</td><td>03/02/2024</td><td>Facilities</td>
<td>310.20</td></tr>
<tr><td>00012348</td><td>Dell Technologies</td><td>14/02/2024</td><td>Information Technology</td>
<td>(250.00)</td></tr>
</table></body></html>"""


def test_an_html_table_saved_as_xls_loads_every_row_as_a_line():
    result, store = _load(PEOPLESOFT, "ap_vouchers.xls")
    assert result.rows_loaded == 4
    assert _lines(store) == [
        ("Microsoft Ireland Operations Ltd", dt.date(2024, 1, 15), Decimal("12500.00"),
         "Information Technology"),
        ("Salesforce UK Ltd", dt.date(2024, 1, 20), Decimal("4800.50"), "Sales"),
        ("Costa & Sons Catering", dt.date(2024, 2, 3), Decimal("310.20"), "Facilities"),
        ("Dell Technologies", dt.date(2024, 2, 14), Decimal("-250.00"), "Information Technology"),
    ]


# Oracle EBS-style: Office namespaces, a report-parameters table above the data, unclosed cells,
# a grouped header ("Invoice" over Date | Number), &nbsp; cells and a total row
ORACLE = """<html xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:x="urn:schemas-microsoft-com:office:excel" xmlns="http://www.w3.org/TR/REC-html40">
<head><!--[if gte mso 9]><xml><x:ExcelWorkbook></x:ExcelWorkbook></xml><![endif]--></head>
<body>
<table><tr><td>Report<td>Invoice Register
<tr><td>Operating Unit<td>Vision Operations
<tr><td>Period<td>JAN-24 to MAR-24</table>
<table border=1>
<tr><th rowspan=2>Supplier<th colspan=2>Invoice<th rowspan=2>Cost Centre<th rowspan=2>Amount
<tr><th>Date<th>Number
<tr><td>ORACLE CORPORATION UK<td>05-JAN-2024<td>INV-1001<td>4100 IT Services<td>9,999.99
<tr><td>Zoom Video Communications<td>12-FEB-2024<td>INV-1002<td>5200 Marketing<td>1,200.00
<tr><td>Office&nbsp;Depot<td>01-MAR-2024<td>INV-1003<td>&nbsp;<td>85.10
<tr><td>Total<td><td><td><td>11,285.09
</table></body></html>""".encode("cp1252")


def test_an_oracle_html_export_finds_its_data_table_below_the_report_parameters():
    result, store = _load(ORACLE, "invoice_register.xls")
    assert result.rows_loaded == 3
    assert result.rows_excluded == 1          # the total row, with its reason
    lines = _lines(store)
    assert [(v, d, a) for v, d, a, _ in lines] == [
        ("ORACLE CORPORATION UK", dt.date(2024, 1, 5), Decimal("9999.99")),
        ("Zoom Video Communications", dt.date(2024, 2, 12), Decimal("1200.00")),
        ("Office\u00a0Depot", dt.date(2024, 3, 1), Decimal("85.10")),
    ]
    table = read_source("invoice_register.xls", ORACLE)
    # the grouped header names both columns under it; the parameters table is another sheet
    assert [c for c in table.columns if "Date" in c or "Number" in c] == ["Invoice Date",
                                                                          "Invoice Number"]
    assert list_sheets("invoice_register.xls", ORACLE) == ["Table 1", "Table 2"]


SPREADSHEETML = b"""<?xml version="1.0"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:o="urn:schemas-microsoft-com:office:office"
 xmlns:x="urn:schemas-microsoft-com:office:excel"
 xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
 <Worksheet ss:Name="Parameters">
  <Table><Row><Cell><Data ss:Type="String">Company</Data></Cell>
  <Cell><Data ss:Type="String">ACME Ltd</Data></Cell></Row></Table>
 </Worksheet>
 <Worksheet ss:Name="Old lookup">
  <Table>
   <Row><Cell><Data ss:Type="String">Date</Data></Cell><Cell><Data ss:Type="String">Supplier</Data></Cell>
   <Cell><Data ss:Type="String">Amount</Data></Cell></Row>
   <Row><Cell><Data ss:Type="DateTime">2019-01-01T00:00:00.000</Data></Cell>
   <Cell><Data ss:Type="String">Old Vendor</Data></Cell><Cell><Data ss:Type="Number">1</Data></Cell></Row>
   <Row><Cell><Data ss:Type="DateTime">2019-01-02T00:00:00.000</Data></Cell>
   <Cell><Data ss:Type="String">Old Vendor</Data></Cell><Cell><Data ss:Type="Number">2</Data></Cell></Row>
  </Table>
  <WorksheetOptions xmlns="urn:schemas-microsoft-com:office:excel"><Visible>SheetHidden</Visible>
  </WorksheetOptions>
 </Worksheet>
 <Worksheet ss:Name="Transactions">
  <Table>
   <Row><Cell ss:MergeAcross="3"><Data ss:Type="String">Card transactions Q1 2024</Data></Cell></Row>
   <Row ss:Index="3"><Cell><Data ss:Type="String">Transaction Date</Data></Cell>
    <Cell><Data ss:Type="String">Merchant</Data></Cell>
    <Cell><Data ss:Type="String">Department</Data></Cell>
    <Cell><Data ss:Type="String">Amount</Data></Cell></Row>
   <Row><Cell><Data ss:Type="DateTime">2024-01-09T00:00:00.000</Data></Cell>
    <Cell><Data ss:Type="String">SLACK TECHNOLOGIES</Data></Cell>
    <Cell><Data ss:Type="String">Marketing</Data></Cell>
    <Cell><Data ss:Type="Number">812.5</Data></Cell></Row>
   <Row><Cell><Data ss:Type="DateTime">2024-02-29T00:00:00.000</Data></Cell>
    <Cell><Data ss:Type="String">ADOBE SYSTEMS</Data></Cell>
    <Cell ss:Index="4"><Data ss:Type="Number">59.99</Data></Cell></Row>
   <Row><Cell><Data ss:Type="DateTime">2024-03-15T00:00:00.000</Data></Cell>
    <Cell><Data ss:Type="String">PRET A MANGER</Data></Cell>
    <Cell><Data ss:Type="String">Sales</Data></Cell>
    <Cell><Data ss:Type="Number">-12</Data></Cell></Row>
  </Table>
 </Worksheet>
</Workbook>"""


def test_an_excel_2003_xml_workbook_loads_its_ledger_sheet():
    result, store = _load(SPREADSHEETML, "card_q1.xls")
    assert result.rows_loaded == 3
    assert _lines(store) == [
        ("SLACK TECHNOLOGIES", dt.date(2024, 1, 9), Decimal("812.50"), "Marketing"),
        ("ADOBE SYSTEMS", dt.date(2024, 2, 29), Decimal("59.99"), None),   # ss:Index gap
        ("PRET A MANGER", dt.date(2024, 3, 15), Decimal("-12.00"), "Sales"),
    ]
    assert list_sheets("card_q1.xml", SPREADSHEETML) == ["Parameters", "Old lookup",
                                                         "Transactions"]
    notes = " ".join(read_source("card_q1.xls", SPREADSHEETML).notes)
    assert "'Old lookup' was skipped: hidden" in notes


@pytest.mark.parametrize("data, says", [
    (b"<!DOCTYPE html><html><body><h1>Session expired</h1><p>Please sign in.</p></body></html>",
     "web page with no table of data"),
    (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
     b'<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet>&lol2;'
     b'</Worksheet></Workbook>', "declares entities"),
    (b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">'
     b'<Worksheet ss:Name="A"><Table><Row>', "damaged"),
])
def test_markup_that_is_not_a_ledger_is_refused_with_a_message(data, says):
    store = Store(":memory:")
    with pytest.raises(IngestError, match=says):
        load_file(store, "export.xls", data)
    assert store.rows("SELECT count(*) FROM ledger_lines") == [(0,)]


def test_hostile_tables_are_bounded_not_a_hang():
    nested = b"<table>" * 5000 + b"<tr><td>a<td>b<tr><td>c<td>d" + b"</table>" * 5000
    wide = (b"<table><tr><td colspan=99999999>x<td>y<tr><td>1<td>2</table>")
    assert list_sheets("n.xls", nested) == ["Table 1"]
    limits = ReaderLimits(max_grid_cells=10)
    with pytest.raises(IngestError, match="too large|TECHSPEND_MAX_GRID_CELLS"):
        read_source("w.xls", wide, limits=limits)


def test_an_opendocument_spreadsheet_says_what_to_save_it_as():
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as book:
        book.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        book.writestr("content.xml", "<office:document-content/>")
    with pytest.raises(IngestError, match=r"OpenDocument spreadsheet \(\.ods\).*\.xlsx or CSV"):
        load_file(Store(":memory:"), "budget.ods", buffer.getvalue())
