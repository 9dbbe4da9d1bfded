"""What a figure covers, said in words: the filters applied, and whether the sample company is in it.

Business rule: a figure never mixes the sample company (Northwind Analytics Ltd, loaded on a
fresh install) into a user's own figures without saying so, and never hides which filters made
it. The sample's uploads are recorded when the workspace loads them (setting
`sample_company_uploads`, their upload ids); a figure "includes the sample" when any of its lines
can come from one of them. The scope sentence goes on every sheet of the board pack, the CLI
summary and the Settings / Upload pages.

Worked example (sample uploads #1-#5, the user's own ledger #6)::

    describe_scope(store, Filters())                    -> Scope(text='Whole organisation ...',
                                                             includes_sample=True, sample_only=False)
    describe_scope(store, Filters(upload_ids=(6,)))     -> 'Uploads: #6 ledger.csv', no sample
    describe_scope(store, Filters(departments=("Sales",), upload_ids=(1,)))
        -> 'Departments: Sales. Uploads: #1 gl_detail.csv (sample)', sample_only=True
"""

from __future__ import annotations

from dataclasses import dataclass

from models.analytics import Filters

SAMPLE_UPLOADS = "sample_company_uploads"  # setting: comma-separated upload ids of the sample
SAMPLE_COMPANY = "Northwind Analytics Ltd"
MAX_NAMED = 6  # departments / uploads named in a scope line before "and N more"


def _ids(raw: str | None) -> list[int]:
    return [int(x) for x in (raw or "").replace(" ", "").split(",") if x.isdigit()]


def sample_upload_ids(store) -> tuple[int, ...]:
    """Upload ids of the sample company still in the store (any dataset), oldest first."""
    ids = _ids(store.setting(SAMPLE_UPLOADS))
    if not ids:
        return ()
    rows = store.rows("SELECT upload_id FROM uploads WHERE list_contains(?, upload_id) "
                      "ORDER BY upload_id", [ids])
    return tuple(int(r[0]) for r in rows)


def own_ledger_upload_ids(store) -> tuple[int, ...]:
    """The user's own ledger uploads (every ledger upload that is not the sample's)."""
    sample = list(sample_upload_ids(store))
    rows = store.rows("SELECT upload_id FROM uploads WHERE dataset = 'ledger' AND NOT "
                      "list_contains(?, upload_id) ORDER BY upload_id", [sample])
    return tuple(int(r[0]) for r in rows)


@dataclass(frozen=True)
class Scope:
    text: str  # "Whole organisation" or the filters in words
    includes_sample: bool  # some lines may come from the sample company
    sample_only: bool  # every line comes from the sample company

    @property
    def sentence(self) -> str:
        """The scope line shown above a figure (never empty)."""
        if self.sample_only:
            return f"{self.text}. SAMPLE DATA: every figure is the sample company ({SAMPLE_COMPANY}), not your organisation."
        if self.includes_sample:
            return (f"{self.text}. Includes the sample company ({SAMPLE_COMPANY}): remove it in "
                    "Settings or with `techspend sample remove` before using these figures.")
        return f"{self.text}."


def _named(items: list[str]) -> str:
    shown = ", ".join(items[:MAX_NAMED])
    return shown + (f" and {len(items) - MAX_NAMED} more" if len(items) > MAX_NAMED else "")


def describe_scope(store, filters: Filters | None = None) -> Scope:
    """The filters as words (period is left to the caller, who names its own quarter)."""
    filters = filters or Filters()
    sample = set(sample_upload_ids(store))
    parts = []
    if filters.departments:
        parts.append(f"Departments: {_named(sorted(filters.departments, key=str.casefold))}")
    if filters.upload_ids:
        names = dict(store.rows("SELECT upload_id, file_name FROM uploads WHERE "
                                "list_contains(?, upload_id)", [list(filters.upload_ids)]))
        parts.append("Uploads: " + _named([
            f"#{u} {names.get(u, '(deleted)')}" + (" (sample)" if u in sample else "")
            for u in sorted(filters.upload_ids)]))
        in_scope = set(filters.upload_ids)
    else:
        in_scope = set(int(r[0]) for r in store.rows(
            "SELECT upload_id FROM uploads WHERE dataset = 'ledger'"))
    if filters.date_from or filters.date_to:
        parts.append(f"Dates {filters.date_from or '…'} to {filters.date_to or '…'}")
    text = ". ".join(parts) if parts else "Whole organisation (no filters)"
    with_sample = bool(in_scope & sample)
    return Scope(text=text, includes_sample=with_sample,
                 sample_only=with_sample and in_scope <= sample)
