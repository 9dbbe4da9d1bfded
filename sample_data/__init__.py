"""The sample company the app opens on, and the labelled accuracy ledger.

* `sample_data.generate` - seeded generator of "Northwind Analytics Ltd" (GL detail CSV, AP register
  XLSX, card export CSV, 2026 budget, FX table) committed under sample_data/company/.
* `sample_data.labelled` - the labelled ledger (GL, AP, card shapes + labels.csv) that the
  classification accuracy test measures against.
* `sample_data.universe` - the hand-written truth (departments, vendors, is_tech/layer/it_owned)
  both are built from; independent of models/catalog/.
"""
