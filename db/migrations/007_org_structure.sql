-- 007_org_structure: the organisation's structure, keyword context and mixed vendors
-- (owned by models/departments.py, models/org.py and models/classification.py).
--
-- Grain of each table:
--   departments (new columns)  one row per unit seen (department, or cost centre when a ledger has
--                              no department) and per department named in an organisation map
--   org_units                  one row per data row of the loaded organisation map file
--   org_changes                one row per change a person (or a map load) made: who, when, what
--   org_suggestion_decisions   one row per suggestion a person confirmed or dismissed
--   catalog_keyword_phrases    one row per word/phrase (token list) of keyword_phrases.csv
--   catalog_keyword_contexts   one row per (keyword phrase, context phrase) of keyword_contexts.csv
--   catalog_mixed_vendors      one row per catalog vendor that sells technology AND other services
--   catalog_review_signals     one row per vendor-name word of review_signals.csv (queue ranking)
--   context_catalog_meta       one row: content hash of the three files above
--
-- Worked example: a ledger with the cost centres 'IT - NETWORK' and 'IT-NETWORK' has one
-- departments row (key 'IT NETWORK'); 'ITNETWORK' gets its own row with merged_into 'IT NETWORK'
-- (merge_source 'auto'). An organisation map row (code 4120, name 'Network Services',
-- department 'ICT') sets parent_key 'ICT' (parent_source 'org_map'), so its lines roll up to
-- 'ICT' (view org_department_of) and, when ICT is IT, count as IT-owned.

ALTER TABLE departments ADD COLUMN merged_into VARCHAR;    -- key this department is the same as
ALTER TABLE departments ADD COLUMN merge_source VARCHAR;   -- 'auto' (spelling variant) | 'user'
ALTER TABLE departments ADD COLUMN parent_key VARCHAR;     -- the department this unit rolls up to
ALTER TABLE departments ADD COLUMN parent_source VARCHAR;  -- 'org_map' | 'user'
ALTER TABLE departments ADD COLUMN code VARCHAR;           -- cost-centre code (most lines)
ALTER TABLE departments ADD COLUMN rollup_name VARCHAR;    -- display name after merges and parent
ALTER TABLE departments ADD COLUMN in_ledger BOOLEAN DEFAULT true;  -- false: only in the org map


CREATE TABLE org_units (
    code             VARCHAR,             -- cost-centre code as written (may be NULL)
    name             VARCHAR,             -- cost-centre / unit name
    department       VARCHAR,             -- the department it belongs to (name or parent code)
    is_it            BOOLEAN,             -- NULL: the map does not say
    customer_facing  BOOLEAN,
    source_file      VARCHAR NOT NULL,
    source_row       INTEGER NOT NULL,
    loaded_by        VARCHAR NOT NULL,
    loaded_at        TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE SEQUENCE org_change_id_seq START 1;
CREATE TABLE org_changes (
    change_id       INTEGER PRIMARY KEY DEFAULT nextval('org_change_id_seq'),
    changed_at      TIMESTAMP NOT NULL DEFAULT current_timestamp,
    changed_by      VARCHAR NOT NULL,
    action          VARCHAR NOT NULL,     -- set_it | set_customer_facing | reset | merge | unmerge
                                          -- | set_parent | load_map | confirm | dismiss
    department_key  VARCHAR,
    detail          VARCHAR NOT NULL      -- readable: 'IT: no -> yes', 'merged into ICT'
);

CREATE TABLE org_suggestion_decisions (
    suggestion_id  VARCHAR PRIMARY KEY,   -- kind || ':' || department_key
    decision       VARCHAR NOT NULL,      -- 'confirmed' | 'dismissed'
    decided_by     VARCHAR NOT NULL,
    decided_at     TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE TABLE context_catalog_meta (version VARCHAR NOT NULL);

CREATE TABLE catalog_keyword_phrases (
    phrase_id    INTEGER NOT NULL,        -- 1-based data row of keyword_phrases.csv
    phrase       VARCHAR NOT NULL,        -- tokens joined by one space: 'process server'
    tokens       VARCHAR[] NOT NULL,
    first_token  VARCHAR NOT NULL,
    n_tokens     INTEGER NOT NULL,
    signal       VARCHAR NOT NULL,        -- 'tech' | 'non_tech'
    category     VARCHAR,
    strength     VARCHAR NOT NULL,        -- 'strong' | 'weak'
    applies_to   VARCHAR NOT NULL         -- 'description' | 'account' | 'both'
);

CREATE TABLE catalog_keyword_contexts (
    keyword      VARCHAR NOT NULL,        -- a phrase of catalog_keyword_phrases
    context      VARCHAR NOT NULL,        -- tokens joined by one space
    tokens       VARCHAR[] NOT NULL,
    first_token  VARCHAR NOT NULL,
    n_tokens     INTEGER NOT NULL
);

CREATE TABLE catalog_review_signals (   -- weak evidence that ranks the Review queue only
    kind    VARCHAR NOT NULL,             -- 'vendor_tech' | 'vendor_not_tech'
    word    VARCHAR NOT NULL,             -- one token of a vendor name
    weight  DOUBLE                        -- vendor_tech: chance the vendor sells technology
);

CREATE TABLE catalog_mixed_vendors (
    canonical_key  VARCHAR PRIMARY KEY,   -- text_key of the catalog canonical name
    notes          VARCHAR
);

-- Tokens of a text for keyword matching: lower case, every run of non-letters/digits -> one
-- space ('Computer-Aided Dispatch' -> ['computer', 'aided', 'dispatch']).
CREATE MACRO keyword_tokens(t) AS
    list_filter(string_split(trim(regexp_replace(strip_accents(lower(t)), '[^a-z0-9]+', ' ', 'g')), ' '),
                lambda x: x <> '');

-- Department keys fold accents first ('Systèmes d'information' -> 'SYSTEMES D INFORMATION',
-- where the 002 macro dropped the letter: 'SYST MES D INFORMATION'); same as
-- models.departments.fold_key.
CREATE OR REPLACE MACRO department_key(d) AS
    nullif(trim(regexp_replace(upper(strip_accents(replace(d, '&', ' AND '))), '[^A-Z0-9]+', ' ',
                               'g')), '');

-- org_department_of: the department each unit name of classified_lines rolls up to.
-- Grain: one row per department name as classified_lines.department shows it (the unit's
-- canonical display name: spelling variants and a person's merges give one name; the spelling as
-- written stays in ledger_lines.department). Join it on department to group by the organisation:
--   SELECT o.org_department, sum(c.amount_reporting) FROM classified_lines c
--   LEFT JOIN org_department_of o USING (department) GROUP BY 1
CREATE VIEW org_department_of AS
SELECT coalesce(m.display_name, d.display_name) AS department,
       min(coalesce(d.rollup_name, m.display_name, d.display_name)) AS org_department,
       bool_or(d.is_it) AS is_it
FROM departments d
LEFT JOIN departments m ON m.department_key = d.merged_into
GROUP BY 1;
