"""The workspace: the one front door for every change the product makes.

Business rule: every write — a file loaded or deleted, a budget or FX table, a rule, a vendor
merge, department flags, a typed rate, a setting, the sample company — is ONE store transaction
that includes the reclassification it needs. A failure (or a kill -9) at any point leaves the
database as it was before the change; success leaves the change complete and classified, so no
page ever shows lines that are loaded but not classified, or figures from before a rule next to
figures from after it.

Layers: pages -> workspace -> ingest, models -> db; cli -> workspace. Pages, the CLI and the
sample company write only through here (tests/test_layers.py checks it); models.rules,
models.fx and ingest write on the cursor a workspace Session gives them and never reclassify.

Worked example::

    store = open_workspace("data/techspend.duckdb")         # unclassified lines healed on open
    result = load_file(store, "card.csv", data)             # lines + classification, one commit
    add_rule(store, field="vendor", match="contains", pattern="zoom", is_tech=True, by="cfo")
    change_settings(store, reporting_currency="USD", fiscal_start_month=4)
    delete_upload(store, result.upload_id)
"""

from workspace.changes import (
    DepartmentChange,
    add_rule,
    assign_vendors,
    change_settings,
    merge_vendors,
    reclassify,
    remove_rule,
    save_rates,
    set_department,
    set_departments,
    set_rate,
    set_setting,
    unmerge_vendors,
)
from workspace.files import (
    delete_budget_upload,
    delete_upload,
    delete_uploads,
    load_budget_file,
    load_file,
    load_fx_file,
)
from workspace.organisation import (
    clear_org_map,
    confirm_suggestions,
    dismiss_suggestions,
    load_org_file,
    load_org_map,
    mark_by_pattern,
    merge_departments,
    set_parent,
    set_units,
    unmerge_department,
)
from workspace.recovery import Recovery, open_workspace, recover
from workspace.sample import (
    SampleError,
    ensure_sample_company,
    load_sample_company,
    remove_sample_company,
    reset_to_sample,
    sample_uploads,
)
from workspace.session import Session
from workspace.standards import confirm_duplicate, dismiss_duplicate, load_standards_file, remove_standard, set_standard  # noqa: E501,F401  (issue 15)

__all__ = [
    "DepartmentChange", "Recovery", "Session", "add_rule", "assign_vendors", "change_settings",
    "delete_budget_upload", "delete_upload", "delete_uploads", "ensure_sample_company",
    "load_budget_file", "load_file", "load_fx_file", "load_sample_company", "merge_vendors",
    "open_workspace", "reclassify", "recover", "remove_rule", "remove_sample_company",
    "reset_to_sample", "SampleError", "sample_uploads", "save_rates", "set_department", "set_departments", "set_rate",
    "set_setting", "unmerge_vendors",
    "clear_org_map", "confirm_suggestions", "dismiss_suggestions", "load_org_file", "load_org_map",
    "mark_by_pattern", "merge_departments", "set_parent", "set_units", "unmerge_department",
]
