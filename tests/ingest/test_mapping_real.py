"""The mapping picks the right columns in the 15 real public ledgers of ../shared/real_ledgers.

Which column is the amount / date comes from shared/real_ledgers/README.md; vendor and department
are the columns a reader of each file would pick. No hints, no per-file rules: the reader's table
(ingest.readers.read_path) goes through detect_mapping exactly as an upload does. Skipped when
the folder is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.mapping import detect_mapping
from ingest.readers import read_path

_HERE = Path(__file__).resolve()
_CANDIDATES = [_HERE.parents[2] / ".." / "shared" / "real_ledgers",      # /work/main/tests/ingest
               _HERE.parents[3] / ".." / "shared" / "real_ledgers",      # a worktree /work/wt/<name>
               _HERE.parents[3] / "shared" / "real_ledgers"]
REAL = next((p.resolve() for p in _CANDIDATES if p.is_dir()), _CANDIDATES[0])

pytestmark = [
    pytest.mark.real_ledgers,
    pytest.mark.skipif(not REAL.is_dir(), reason=f"real ledgers not present at {REAL}"),
]

# file -> the fields a person would map (None: there is no such column)
EXPECTED = {
    "oxford_city_council/expenditure-over-500-oct-dec-2017.csv":
        {"amount": "Amount", "date": "Paid Date", "vendor": "Supplier Name", "department": "Service Area"},
    "phoenix/march-2018.csv":
        {"amount": "Invoice Net Amt", "date": "Check/Payment Date", "vendor": "Vendor Name",
         "department": "Dept. Descrptn"},
    "toronto/PCard Expenses_2017_11_Final.xlsx":
        {"amount": "Transaction Amt.", "date": "Transaction Date", "vendor": "Merchant Name",
         "department": "Division", "currency": "Trx Currency", "mcc": "Merchant Type"},
    "birmingham_city_council/cusersfinainmndesktoppublish-spend-may-2017.xls":
        {"amount": "BILLING GROSS AMT", "date": "TRANS DATE", "vendor": "MERCHANT NAME",
         "department": "Directorate", "currency": "BILLING CUR CODE"},
    "devon_cc/DCCSpendingOver500_201006.xls":
        # the supplier heading is a system name, the directorates sit under 'Description'
        {"amount": "SumOfNet Amt", "date": "PymtDate", "vendor": "ENEntity Name",
         "department": "Description", "description": "Element Description"},
    "cd44_loire_atlantique/224400028_subventions-aux-associations-du-departement-de-loire-atlantique.csv":
        {"amount": "Montant total de la subvention", "vendor": "Nom du bénéficiaire", "date": None},
    "cgu_brazil/202110_CPGF.csv":
        {"amount": "VALOR TRANSAÇÃO", "date": "DATA TRANSAÇÃO", "vendor": "NOME FAVORECIDO"},
    "bury/bury_sep_2023.xlsx":
        {"amount": "Invoiced", "date": "Date", "vendor": "Supplier", "department": "Department of Operations"},
    "durham_pcc/durham_pcc_2024-25.xlsx":
        {"amount": "Amount", "date": None, "period": "Period", "vendor": "Supplier"},
    "craven_dc/payments.csv":
        {"amount": "Amount", "date": "Payment Date", "vendor": "Supplier Name",
         "account_code": "Account Code", "account_name": "Account Code (2)"},
    "blackpool/Purchase-card-spend-over-250-May-2022.csv":
        {"amount": "Gross Value (Detail)", "date": "Date Paid", "vendor": "Supplier Name"},
    "suffolk_cc/SCC-250SpendAllCols-Apr23-formatted.csv":
        {"amount": "Sub Amount", "date": "Payment Date", "vendor": "Supplier Name", "department": "Directorate"},
    "kirklees/Purchase-Card-Transactions-Quarter-1-2024-25.xlsx":
        {"amount": "FIN.NET TRANSACTION AMOUNT", "date": "FIN.TRANSACTION DATE", "vendor": "MCH.MERCHANT NAME",
         "mcc": "MCH.MERCHANT CATEGORY CODE (MCC)"},
    "east_suffolk/spending_2025_02_february.csv":
        {"amount": "Amount", "date": "Date", "vendor": "Supplier Name"},
    "harrow/q1_apr_jun_2023.xlsx":
        {"amount": "Net value", "date": "Date incurred -Payment Date", "vendor": "Updated Beneficiary",
         "department": "Department"},
}


@pytest.fixture(scope="module")
def tables():
    return {}


def _mapping(path: str, tables):
    if path not in tables:
        src = read_path(REAL / path)
        tables[path] = (src, detect_mapping(src.columns, src.sample))
    return tables[path]


@pytest.mark.parametrize("path", sorted(EXPECTED), ids=[p.split("/")[0] for p in sorted(EXPECTED)])
def test_the_right_columns_are_mapped_without_hints(path, tables):
    src, mapping = _mapping(path, tables)
    got = {f: mapping.column(f) for f in EXPECTED[path]}
    assert got == EXPECTED[path], "\n".join(e for _, e in mapping.explanations)
    # every mapped field says why
    assert {f for f, _ in mapping.explanations} == set(mapping.fields)


def test_net_is_the_amount_basis_where_net_and_gross_are_both_there(tables):
    for path in ("devon_cc/DCCSpendingOver500_201006.xls", "harrow/q1_apr_jun_2023.xlsx"):
        _, mapping = _mapping(path, tables)
        assert mapping.amount_basis == "net", path
    _, blackpool = _mapping("blackpool/Purchase-card-spend-over-250-May-2022.csv", tables)
    assert blackpool.amount_basis == "gross"          # only gross and VAT: gross, never VAT


def test_a_period_not_a_date_where_the_file_dates_lines_by_year(tables):
    _, mapping = _mapping(
        "cd44_loire_atlantique/224400028_subventions-aux-associations-du-departement-de-loire-atlantique.csv",
        tables)
    assert mapping.column("period") in ("Date ou période de versement", "Date de la convention de subvention")


def test_the_close_call_between_line_and_invoice_amounts_is_explained(tables):
    _, mapping = _mapping("suffolk_cc/SCC-250SpendAllCols-Apr23-formatted.csv", tables)
    assert "runner-up 'Invoice Amount'" in mapping.explanation("amount")


def _raw_sheet(path: str, sheet_index: int, header_row: int, rows: int = 200):
    """Columns and sample straight from the workbook at a known header row (independent of the
    reader's header search, which another part of ingest owns)."""
    from openpyxl import load_workbook

    book = load_workbook(REAL / path, read_only=True, data_only=True)
    sheet = book.worksheets[sheet_index]
    values = list(sheet.iter_rows(min_row=header_row, max_row=header_row + rows, values_only=True))
    book.close()

    def text(v):
        if v is None:
            return None
        if hasattr(v, "date"):
            return v.date().isoformat()
        return str(v).strip() or None
    header = [text(v) or f"column_{i + 1}" for i, v in enumerate(values[0])]
    return tuple(header), tuple(tuple(text(v) for v in r) for r in values[1:])


@pytest.mark.parametrize("path, sheet, header_row, expected", [
    # a column-totals row above the header
    ("harrow/q1_apr_jun_2023.xlsx", 0, 2, {"amount": "Net value", "vendor": "Updated Beneficiary"}),
    # a Parameters sheet first, the ledger on the second
    ("bury/bury_sep_2023.xlsx", 1, 1, {"amount": "Invoiced", "date": "Date", "vendor": "Supplier"}),
    # twelve monthly sheets: the first month, no date column, a Period
    ("durham_pcc/durham_pcc_2024-25.xlsx", 0, 1, {"amount": "Amount", "period": "Period", "date": None}),
], ids=["harrow", "bury", "durham"])
def test_mapping_on_the_true_header_row_of_awkward_workbooks(path, sheet, header_row, expected):
    columns, sample = _raw_sheet(path, sheet, header_row)
    mapping = detect_mapping(columns, sample)
    assert {f: mapping.column(f) for f in expected} == expected, mapping.explanations


@pytest.mark.parametrize("sheet", ["Apr 24 PCC", "FEB 25 PCC", "MAR 25 PCC"])
def test_each_durham_month_sheet_mapped_on_its_own_finds_its_supplier(sheet):
    """Two of the twelve sheets head the supplier column 'Ap/Ar ID(T)': the names under it
    (Ltd, Limited...) make it the vendor, as 'Supplier' is on the other ten."""
    from ingest.readers import read_source

    path = REAL / "durham_pcc" / "durham_pcc_2024-25.xlsx"
    src = read_source(path.name, path.read_bytes(), sheet=sheet)
    mapping = detect_mapping(src.columns, src.sample)
    assert mapping.column("vendor") == src.columns[4], mapping.explanations
    assert (mapping.column("amount"), mapping.column("period")) == ("Amount", "Period")
