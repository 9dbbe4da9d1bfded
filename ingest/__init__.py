"""Ingest: file bytes -> parsed, mapped, validated lines -> one DuckDB transaction.

Front door: `load_file`, `preview_file`, `delete_upload`, `list_uploads`, `row_issues`,
`read_source` (the table inside a file, for budget/FX readers), `IngestError`.
"""

from ingest.errors import IngestError
from ingest.load import (
    LoadResult,
    Preview,
    delete_upload,
    load_file,
    preview_file,
)
from ingest.uploads import list_uploads, row_issues
from ingest.mapping import FIELD_LABELS, FIELDS, Mapping, detect_mapping
from ingest.readers import SourceTable, detect_kind, list_sheets, read_source

__all__ = [
    "FIELDS", "FIELD_LABELS", "IngestError", "LoadResult", "Mapping", "Preview", "SourceTable",
    "delete_upload", "detect_kind", "detect_mapping", "list_sheets", "list_uploads", "load_file",
    "preview_file", "read_source", "row_issues",
]
