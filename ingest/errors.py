"""Ingest errors: a file that cannot be read at all (problems with single rows are data, not
exceptions: they become row_issues)."""

from db import TechspendError


class IngestError(TechspendError):
    """The whole file cannot be loaded; the message names the file and what to do."""
