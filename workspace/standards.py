"""Governance changes through the front door: the IT standards register (a file loaded, one vendor
set or removed) and a person's decision on a candidate duplicate payment.

Business rule: each change is ONE transaction (a workspace Session) and records who and when
(it_standard_changes / duplicate_decisions). None changes a ledger line, a classification or an
upload's control total, so nothing is reclassified. A register file is read by the SAME reader as
ledgers, budgets, FX tables and org maps (ingest.datasets.read_table: encodings, delimiters,
XLSX/XLS, title rows above the header) and mapped with the same column matcher; every data row is
loaded, excluded (blank, a 'Total' line) or rejected with a reason naming the file and row, and
rows read = loaded + excluded + rejected. A file with no usable row changes nothing.

Worked example::

    result = load_standards_file(store, "register.csv", data, by="cio@example.com")
    result.message      # 'register.csv: 3 rows read, 2 loaded, 0 excluded, 1 rejected'
    result.rejected     # ('register.csv row 4: status 'maybe' is not one of: approved standard, ...',)
    set_standard(store, "Canva", status="tolerated", owner="Brand", by="cio@example.com")
    confirm_duplicate(store, (3, 7), (5, 2), by="cfo@example.com")  # counted once from now on
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from access import REVIEWER, requires  # access: role checks (#14)
from db import Store
from db.values import slash_date_order
from ingest import datasets as dl
from models.governance import duplicates, standards
from models.governance.standards import StandardRow, StandardsError
from workspace.session import Session


@dataclass(frozen=True)
class StandardsLoad:
    file_name: str
    rows_read: int
    rows_loaded: int
    excluded: tuple[str, ...]   # 'row 5: blank row'
    rejected: tuple[str, ...]   # 'register.csv row 4: ...' (file and row named)
    mapping: dict

    @property
    def message(self) -> str:
        return (f"{self.file_name}: {self.rows_read} rows read, {self.rows_loaded} loaded, "
                f"{len(self.excluded)} excluded, {len(self.rejected)} rejected")


def parse_register(file_name: str, data: bytes, *, sheet: str | None = None,
                   overrides: dict | None = None) -> tuple[list[StandardRow], StandardsLoad]:
    """Read and check a register file (nothing written): the rows and the reconciliation."""
    aliases, required = standards.REGISTER_ALIASES, standards.REGISTER_REQUIRED
    table, rows = dl.read_table(file_name, data, sheet=sheet,
                                is_header=dl.header_test(aliases, required, overrides))
    mapping = dl.map_columns(table, aliases, required, overrides, what="standards register")
    log = dl.IssueLog(table.file_name)
    order = slash_date_order(r.cells[mapping["last_review"]] for r in rows) \
        if "last_review" in mapping else None
    parsed: list[StandardRow] = []
    for row in rows:
        def cell(name: str) -> str:
            index = mapping.get(name)
            return row.cells[index].strip() if index is not None and index < len(row.cells) else ""

        if not any(c.strip() for c in row.cells):
            log.exclude(row.source_row, "blank row")
            continue
        if dl.is_total_label(cell("vendor")):
            log.exclude(row.source_row, "total row")
            continue
        try:
            if not cell("vendor"):
                raise ValueError("no vendor")
            if not cell("status"):
                raise ValueError("no status (approved standard, tolerated, not approved or "
                                 "being retired)")
            status = standards.parse_status(cell("status"))
            reviewed = standards.parse_review_date(cell("last_review"), order)
            customer = dl.parse_flag(cell("customer_data"))
        except ValueError as exc:
            log.reject(row.source_row, f"{exc}.")
            continue
        parsed.append(StandardRow(
            vendor=cell("vendor"), status=status, product=cell("product") or None,
            owner=cell("owner") or None, last_review=reviewed, customer_data=customer,
            notes=cell("notes") or None, source=f"file: {table.file_name} row {row.source_row}"))
    excluded = tuple(f"row {i.source_row}: {i.reason}" for i in log.issues if i.disposition == "excluded")
    rejected = tuple(i.reason for i in log.issues if i.disposition == "rejected")
    return parsed, StandardsLoad(table.file_name, len(rows), len(parsed), excluded, rejected,
                                 {name: table.columns[i] for name, i in mapping.items()})


@requires(REVIEWER)  # access: the register and duplicate decisions are a reviewer's (#14)
def load_standards_file(store: Store, file_name: str, data: bytes, *, by: str,
                        sheet: str | None = None, overrides: dict | None = None) -> StandardsLoad:
    """Load a register file (CSV/XLSX/XLS) in one transaction: its rows replace the register rows
    of the same vendors; vendors not in the file are kept. Raises StandardsError (nothing
    changed) when no row could be loaded."""
    rows, result = parse_register(file_name, data, sheet=sheet, overrides=overrides)
    if not rows:
        first = result.rejected[0] if result.rejected else "it has no data rows"
        raise StandardsError(f"{file_name}: no register row could be loaded ({first}). Nothing "
                             "was changed.")
    with Session(store) as s:
        standards.write_standards(s.cursor_in_transaction, rows, by=by, action="load")
    return result


@requires(REVIEWER)  # access: the register and duplicate decisions are a reviewer's (#14)
def set_standard(store: Store, vendor: str, *, by: str, status: str | None = None,
                 owner: str | None = None, last_review: date | str | None = None,
                 customer_data: bool | None = None, product: str | None = None,
                 notes: str | None = None, source: str = "ui") -> StandardRow:
    """Set one vendor's register row (fields not given keep their value; a new vendor needs a
    status). Status and date are read as people write them. One transaction, recorded."""
    current = _current(store, vendor)
    if current is None and status is None:
        raise StandardsError(f"'{vendor}' is not in the register yet: give it a status (approved "
                             "standard, tolerated, not approved or being retired).")
    try:
        row = current or StandardRow(vendor=vendor.strip(), status=standards.parse_status(status))
        changes = {"source": source}
        if status is not None:
            changes["status"] = standards.parse_status(status)
        if last_review is not None:
            changes["last_review"] = (last_review if isinstance(last_review, date)
                                      else standards.parse_review_date(last_review))
        for name, value in (("owner", owner), ("customer_data", customer_data),
                            ("product", product), ("notes", notes)):
            if value is not None:
                changes[name] = value
    except ValueError as exc:
        raise StandardsError(f"{vendor}: {exc}.") from None
    row = replace(row, **changes)
    with Session(store) as s:
        standards.write_standards(s.cursor_in_transaction, [row], by=by, action="set")
    return row


@requires(REVIEWER)  # access: the register and duplicate decisions are a reviewer's (#14)
def remove_standard(store: Store, vendor: str, *, by: str) -> bool:
    """Take a vendor out of the register (recorded); False when it was not there."""
    with Session(store) as s:
        return standards.remove_standard(s.cursor_in_transaction, vendor, by=by)


def _current(store: Store, vendor: str) -> StandardRow | None:
    frame = standards.register(store)
    key = standards.vendor_key(vendor)
    hit = frame[frame["vendor_key"] == key]
    if hit.empty:
        return None
    r = hit.iloc[0]

    def value(name):
        v = r[name]
        return None if v is None or v != v else v  # NaN / NaT -> None

    review = value("last_review")
    return StandardRow(vendor=str(r["vendor"]), status=str(r["status"]), product=value("product"),
                       owner=value("owner"),
                       last_review=review.date() if hasattr(review, "date") else review,
                       customer_data=None if value("customer_data") is None else bool(r["customer_data"]),
                       notes=value("notes"), source=str(r["source"]))


def _decide(store: Store, first, second, decision: str, by: str, why: str | None) -> None:
    if not by or not str(by).strip():
        raise StandardsError("Say who is deciding (by=...).")
    if not duplicates.exists(store, first, second):
        raise StandardsError(f"Lines {first} and {second} (upload, row) are not both loaded; "
                             "list the candidates again (techspend duplicates).")
    with Session(store) as s:
        duplicates.decide(s.cursor_in_transaction, first, second, decision, by=by, why=why)


@requires(REVIEWER)  # access: the register and duplicate decisions are a reviewer's (#14)
def confirm_duplicate(store: Store, first: tuple[int, int], second: tuple[int, int], *, by: str,
                      why: str | None = None) -> None:
    """A person confirms the pair is one payment recorded twice: the later line is counted once."""
    _decide(store, first, second, "confirmed", by, why)


@requires(REVIEWER)  # access: the register and duplicate decisions are a reviewer's (#14)
def dismiss_duplicate(store: Store, first: tuple[int, int], second: tuple[int, int], *, by: str,
                      why: str | None = None) -> None:
    """A person says the pair is two real payments: it stops being a candidate."""
    _decide(store, first, second, "dismissed", by, why)
