"""The global (sidebar) filters every analytics query takes, and the scope they describe.

Business rule: a figure is computed in the scope it states. `Filters` holds period, departments
and uploads; every analytics_*.sql applies them through analytics_filtered_lines.sql as bound
parameters. Comparisons that need IT's side (what IT pays the same vendor) apply the period and
uploads but never the department filter (analytics_scope_conditions.sql), so filtering to
Marketing still shows what IT pays Salesforce.

Worked example: Filters(quarter_from=20261, quarter_to=20262, departments=("Marketing",))
-> lines of FY2026 Q1-Q2 paid by Marketing; `without_period()` -> Marketing, all periods.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any


@dataclass(frozen=True)
class Filters:
    """The global (sidebar) filters. Every field is optional; empty means "everything".

    Period: a date range (`date_from`/`date_to`, inclusive) and/or a fiscal quarter range
    (`quarter_from`/`quarter_to`, quarter keys such as 20261 = FY2026 Q1, inclusive).
    `departments` are department names as shown ('(no department)' for blank ones);
    `upload_ids` restrict to lines of those uploads.
    """

    date_from: date | None = None
    date_to: date | None = None
    quarter_from: int | None = None
    quarter_to: int | None = None
    departments: tuple[str, ...] = ()
    upload_ids: tuple[int, ...] = ()

    def __post_init__(self) -> None:  # accept lists from callers, keep the object hashable
        object.__setattr__(self, "departments", tuple(self.departments))
        object.__setattr__(self, "upload_ids", tuple(int(u) for u in self.upload_ids))

    def without_period(self) -> Filters:
        """Same departments and uploads, all periods (quarter pages pick their own period)."""
        return replace(self, date_from=None, date_to=None, quarter_from=None, quarter_to=None)

    def params(self) -> dict[str, Any]:
        return {
            "date_from": self.date_from,
            "date_to": self.date_to,
            "quarter_from": self.quarter_from,
            "quarter_to": self.quarter_to,
            "departments": list(self.departments),
            "upload_ids": list(self.upload_ids),
        }


ALL = Filters()


