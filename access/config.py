"""From the identity provider's ID-token claims to a Principal: roles and department scope.

Business rule: the company's provider says who is who; techspend reads the roles from one claim
(`roles_claim`, default `groups`) whose values are matched to the four roles (`role_values`:
by default a value equal to the role's name, e.g. groups = ["viewer"]). When the token carries
none of the configured values, the roles table (access.roles) decides; when that has no row,
`default_role` (none unless configured: a signed-in stranger sees only "ask an admin").
The department scope comes from `departments_claim` when configured and present in the token,
else from the person's row in the roles table; a scope never widens (no scope = all departments).

Configured in `.streamlit/secrets.toml` next to Streamlit's own `[auth]` section::

    [techspend_access]
    roles_claim = "groups"
    default_role = "viewer"              # optional
    [techspend_access.role_values]
    admin = ["techspend-admins"]
    viewer = ["finance", "marketing-leads"]

Worked example: claims {"email": "cmo@example.com", "groups": ["marketing-leads"]} with the
config above -> Principal(email="cmo@example.com", roles={"viewer"}); with no groups claim and a
table row (viewer, departments Marketing + Digital Marketing) -> a viewer of those two.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Mapping

from access.principal import ROLES, Principal, clean_roles
from access.roles import RoleEntry
from db import TechspendError

SECTION = "techspend_access"


@dataclass(frozen=True)
class AccessConfig:
    roles_claim: str = "groups"
    role_values: Mapping[str, tuple[str, ...]] = field(
        default_factory=lambda: {r: (r,) for r in ROLES})
    departments_claim: str | None = None
    default_role: str | None = None


def config_from(section: Mapping[str, Any] | None) -> AccessConfig:
    """Read the [techspend_access] secrets section (absent -> the defaults)."""
    section = dict(section or {})
    values = {r: (r,) for r in ROLES}
    for role, claim_values in dict(section.get("role_values") or {}).items():
        (name,) = clean_roles([role]) or (None,)
        if name is None:
            continue
        listed = [claim_values] if isinstance(claim_values, str) else list(claim_values)
        values[name] = tuple(str(v) for v in listed)
    default = section.get("default_role")
    if default and not clean_roles([default]):
        raise TechspendError(f"[{SECTION}] default_role '{default}' is not a role.")
    return AccessConfig(roles_claim=str(section.get("roles_claim") or "groups"),
                        role_values=values,
                        departments_claim=section.get("departments_claim") or None,
                        default_role=(str(default).lower() if default else None))


def _claim_values(raw: Any, separators: str = r"[,\s]+") -> list[str]:
    """A claim as a list of strings: a list, or one string split on commas/spaces."""
    if raw is None:
        return []
    if isinstance(raw, (list, tuple, set)):
        return [str(v).strip() for v in raw if str(v).strip()]
    return [v.strip() for v in re.split(separators, str(raw)) if v.strip()]


def roles_from_claims(claims: Mapping[str, Any], config: AccessConfig) -> frozenset[str]:
    present = set(_claim_values(claims.get(config.roles_claim)))
    return frozenset(role for role, values in config.role_values.items()
                     if present.intersection(values))


def principal_from_claims(claims: Mapping[str, Any], config: AccessConfig,
                          table: RoleEntry | None) -> Principal:
    """The signed-in person: roles from the token, else the table, else default_role."""
    subject = str(claims.get("sub") or claims.get("email") or "")
    if not subject:
        raise TechspendError("The identity provider sent no subject ('sub'): cannot sign in.")
    email = claims.get("email")
    roles = roles_from_claims(claims, config)
    if not roles and table is not None:
        roles = frozenset(table.roles)
    if not roles and config.default_role:
        roles = frozenset({config.default_role})
    departments: tuple[str, ...] | None = None
    if config.departments_claim and claims.get(config.departments_claim) is not None:
        departments = tuple(_claim_values(claims.get(config.departments_claim), r","))
    elif table is not None and table.departments is not None:
        departments = table.departments
    return Principal(subject=subject, email=str(email) if email else None,
                     name=str(claims["name"]) if claims.get("name") else None,
                     roles=roles, departments=departments)
