"""Sign-in, roles and department-scoped views (issue #14): who may see and change what.

Business rule: with Streamlit's `[auth]` configured (.streamlit/secrets.toml), a visitor sees
nothing but the sign-in screen; a signed-in person gets roles (viewer, reviewer, uploader, admin)
from the token or the roles table, sees only the pages those roles allow, and every workspace
write refuses without the role (the check is in the workspace, not only in the page). A viewer may
be limited to some departments: every figure, table and download then covers only their lines,
because the one query path (models/sql/analytics_filtered_lines.sql) always applies the current
principal's scope. Every change records the signed-in e-mail/subject. Without `[auth]` the app is
in local single-user mode (every role, the OS user as actor) and refuses to listen beyond this
machine unless TECHSPEND_ALLOW_ANONYMOUS=1.

Rooms (no streamlit below the line):
    access/gate.py              the sign-in screen, the sidebar note, allowed pages (streamlit)
    access/settings_section.py  Settings > Access: roles table editor for admins (streamlit)
    ---
    access/principal.py  Principal, the roles, the current principal (context variable), require()
    access/guard.py      @requires(role) for workspace entry points; `by` = the signed-in actor
    access/roles.py      the roles table (migration 012): lookup, list, set, remove, history
    access/config.py     ID-token claims -> Principal ([techspend_access] in secrets)
    access/serving.py    local mode: which listen addresses are refused

Worked example::

    with acting_as(Principal(subject="u1", email="cmo@x.com", roles={"viewer"},
                             departments=("Marketing",))):
        analytics.overview(store)          # Marketing's lines only
        workspace.delete_upload(store, 3)  # AccessDenied
"""

from access.config import AccessConfig, config_from, principal_from_claims, roles_from_claims
from access.guard import requires
from access.principal import (
    ADMIN,
    REVIEWER,
    ROLES,
    UPLOADER,
    VIEWER,
    AccessDenied,
    Principal,
    acting_as,
    current_actor,
    current_principal,
    current_scope,
    local_operator,
    require,
    require_all_departments,
    set_current,
)
from access.roles import RoleEntry, list_roles, lookup, remove_roles, role_history, set_roles
from access.serving import refuse_to_serve

__all__ = [
    "ADMIN", "REVIEWER", "ROLES", "UPLOADER", "VIEWER", "AccessConfig", "AccessDenied",
    "Principal", "RoleEntry", "acting_as", "config_from", "current_actor", "current_principal",
    "current_scope", "list_roles", "local_operator", "lookup", "principal_from_claims",
    "refuse_to_serve", "remove_roles", "require", "require_all_departments", "requires",
    "role_history", "roles_from_claims", "set_current", "set_roles",
]
