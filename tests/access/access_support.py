"""The small ledger and the principals the access tests act as (a module of its own: a name
`conftest` is ambiguous when several test folders run in one process)."""

from __future__ import annotations

from pathlib import Path

from access import Principal

# shared with tests/e2e/test_signin.py
LEDGER = (Path(__file__).resolve().parents[1] / "data" / "access_ledger.csv").read_text()
SCOPE = ("Digital Marketing", "Marketing")

CMO = Principal(subject="u-cmo", email="cmo@example.com", roles={"viewer"}, departments=SCOPE)
VIEWER = Principal(subject="u-viewer", email="viewer@example.com", roles={"viewer"})
REVIEWER = Principal(subject="u-rev", email="reviewer@example.com", roles={"reviewer"})
UPLOADER = Principal(subject="u-up", email="uploader@example.com", roles={"uploader"})
ADMIN = Principal(subject="u-admin", email="admin@example.com", roles={"admin"})


def lines_by_department(s) -> dict[str, float]:
    """Independent of models.analytics: total reporting amount per department, straight SQL."""
    return {d: float(a) for d, a in s.rows(
        "SELECT coalesce(department, '(no department)'), sum(amount_reporting)"
        " FROM classified_lines GROUP BY 1")}
