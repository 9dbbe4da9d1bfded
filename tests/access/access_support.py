"""The small ledger and the principals the access tests act as (a module of its own: a name
`conftest` is ambiguous when several test folders run in one process)."""

from __future__ import annotations

from access import Principal

LEDGER = (
    "Date,Supplier,Department,Description,Amount\n"
    "2025-01-15,HubSpot Inc,Marketing,CRM subscription,1200.00\n"
    "2025-02-03,Canva Pty Ltd,Digital Marketing,Design software,300.50\n"
    "2025-02-10,Print Shop Ltd,Marketing,Brochures,75.25\n"
    "2025-01-20,Xero Ltd,Finance,Accounting software,450.00\n"
    "2025-03-02,Amazon Web Services,IT,Cloud hosting,2000.00\n"
    "2025-03-05,Salesforce,Sales,CRM licences,900.10\n"
    "2025-04-07,Zoom Video Communications,Digital Marketing,Webinars,120.00\n"
)
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
