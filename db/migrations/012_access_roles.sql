-- 012_access_roles: who may do what when the identity provider's token says nothing (issue 14)
--   access_roles         one row per person (e-mail or subject as the provider sends it, lower
--                        case): their roles and, for a department-scoped viewer, the departments
--                        they may see (NULL = every department). Edited in Settings > Access and
--                        with `techspend roles set|remove`.
--   access_role_changes  every change to access_roles: who changed whose roles, to what, when.
CREATE TABLE IF NOT EXISTS access_roles (
    principal    VARCHAR PRIMARY KEY,        -- e-mail or subject, lower case
    roles        VARCHAR[] NOT NULL,         -- of viewer, reviewer, uploader, admin
    departments  VARCHAR[],                  -- NULL = every department; else names as the pages show them
    changed_by   VARCHAR NOT NULL,
    changed_at   TIMESTAMP NOT NULL DEFAULT current_timestamp
);
CREATE TABLE IF NOT EXISTS access_role_changes (
    principal    VARCHAR NOT NULL,
    action       VARCHAR NOT NULL,           -- 'set' | 'remove'
    roles        VARCHAR[],
    departments  VARCHAR[],
    changed_by   VARCHAR NOT NULL,
    changed_at   TIMESTAMP NOT NULL DEFAULT current_timestamp
);
