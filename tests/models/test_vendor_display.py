"""A vendor nobody has catalogued is shown as the ledger writes it (most common spelling)."""

from __future__ import annotations

from db import Store
from ingest import load_file
from models import classification

CSV = (
    "Date,Vendor,Department,Amount\n"
    "2025-01-02,<img src=x onerror=alert(1)>,Marketing,10.00\n"
    "2025-01-03,<img src=x onerror=alert(1)>,Marketing,10.00\n"
    "2025-01-04,<IMG SRC=X ONERROR=ALERT(1)>,Sales,10.00\n"
    "2025-01-05,  Northwind Widget Co  ,Sales,5.00\n"
    "2025-01-06,SALESFORCE.COM INC,Sales,99.00\n"
).encode()


def test_uncatalogued_vendor_keeps_its_written_name_catalogued_vendor_its_catalog_name():
    store = Store(":memory:")
    load_file(store, "v.csv", CSV)
    classification.refresh(store)
    names = dict(store.rows("SELECT vendor, vendor_canonical FROM classified_lines"))
    assert names["<img src=x onerror=alert(1)>"] == "<img src=x onerror=alert(1)>"
    assert names["<IMG SRC=X ONERROR=ALERT(1)>"] == "<img src=x onerror=alert(1)>"  # same key
    assert names["Northwind Widget Co"] == "Northwind Widget Co"
    assert names["SALESFORCE.COM INC"] == "Salesforce"
