-- 002_classification: the tables classification reads and writes (owned by models/).
--
-- Grain of each table:
--   catalog_meta          one row: the version (content hash) of the vendor catalog CSVs loaded
--   catalog_vendors       one row per catalog entry (vendor + product line) of models/catalog/vendors.csv
--   catalog_aliases       one row per (normalised alias key, entry): exact-match lookup
--   catalog_patterns      one row per (RE2 pattern on the normalised key, entry)
--   catalog_account_keywords  one row per account-name keyword (regex, case-insensitive)
--   catalog_mcc           one row per merchant category code
--   vendor_keys           one row per DISTINCT raw vendor string seen in ledger_lines -> its key
--   vendor_map            one row per DISTINCT vendor key -> canonical vendor, how it was matched
--   vendor_merges         one row per merge a person made (from_key is shown as to_key); soft-delete
--   departments           one row per normalised department key with IT / customer-facing flags
--   rules                 one row per classification rule a person added; soft-delete for undo
--
-- Worked example: the raw vendor 'SQ *SLACK TECHNOLOGIES 415-555-0100' gets the key
-- 'SLACK TECHNOLOGIES' in vendor_keys; vendor_map sends that key to the catalog entry 'Slack'
-- (method 'alias', score 100); classified_lines joins it back for every line with that raw string.

CREATE TABLE catalog_meta (
    catalog_version VARCHAR NOT NULL,     -- sha256 prefix of the catalog CSV files
    loaded_from     VARCHAR NOT NULL,
    loaded_at       TIMESTAMP NOT NULL DEFAULT current_timestamp,
    vendors         INTEGER NOT NULL
);

CREATE TABLE catalog_vendors (
    entry_id        INTEGER PRIMARY KEY,  -- 1-based data row of vendors.csv
    catalog_version VARCHAR NOT NULL,
    vendor          VARCHAR NOT NULL,
    product         VARCHAR,
    canonical       VARCHAR NOT NULL,     -- 'Google Workspace', 'Salesforce'
    is_tech         BOOLEAN NOT NULL,
    category        VARCHAR,
    layer           VARCHAR,              -- 'SoR' | 'SoE' | 'Infrastructure' | NULL
    notes           VARCHAR
);

CREATE TABLE catalog_aliases (
    alias_key  VARCHAR NOT NULL,
    entry_id   INTEGER NOT NULL
);

CREATE TABLE catalog_patterns (
    pattern    VARCHAR NOT NULL,
    entry_id   INTEGER NOT NULL
);

CREATE TABLE catalog_account_keywords (
    keyword_id  INTEGER PRIMARY KEY,      -- 1-based data row of account_keywords.csv
    keyword     VARCHAR NOT NULL,         -- regex, matched case-insensitively
    signal      VARCHAR NOT NULL,         -- 'tech' | 'non_tech'
    category    VARCHAR,
    strength    VARCHAR NOT NULL          -- 'strong' | 'weak'
);

CREATE TABLE catalog_mcc (
    mcc          VARCHAR PRIMARY KEY,
    description  VARCHAR,
    is_tech      BOOLEAN NOT NULL,
    category     VARCHAR,
    strength     VARCHAR NOT NULL
);

CREATE TABLE vendor_keys (
    raw_vendor  VARCHAR PRIMARY KEY,      -- exactly as written in ledger_lines.vendor
    vendor_key  VARCHAR NOT NULL          -- models.normalise.vendor_key(raw_vendor)
);

CREATE TABLE vendor_map (
    vendor_key       VARCHAR PRIMARY KEY,
    catalog_version  VARCHAR NOT NULL,
    entry_id         INTEGER,             -- catalog entry, NULL when nothing matched
    canonical        VARCHAR NOT NULL,    -- catalog canonical name, else the most common spelling
    method           VARCHAR NOT NULL,    -- 'alias' | 'pattern' | 'fuzzy' | 'none'
    matched          VARCHAR,             -- the alias / pattern / fuzzy candidate that matched
    score            DOUBLE NOT NULL      -- 100 for alias/pattern, rapidfuzz ratio for fuzzy, 0
);

CREATE SEQUENCE vendor_merge_id_seq START 1;
CREATE TABLE vendor_merges (
    merge_id    INTEGER PRIMARY KEY DEFAULT nextval('vendor_merge_id_seq'),
    from_key    VARCHAR NOT NULL,
    to_key      VARCHAR NOT NULL,
    created_by  VARCHAR NOT NULL,
    created_at  TIMESTAMP NOT NULL DEFAULT current_timestamp,
    why         VARCHAR,
    removed_at  TIMESTAMP,                -- undo: soft delete
    removed_by  VARCHAR
);

CREATE TABLE departments (
    department_key   VARCHAR PRIMARY KEY, -- normalised: upper case, & -> AND, punctuation -> space
    display_name     VARCHAR NOT NULL,    -- the most common spelling seen
    is_it            BOOLEAN NOT NULL,
    it_source        VARCHAR NOT NULL DEFAULT 'default',   -- 'default' | 'user'
    it_reason        VARCHAR,             -- which default pattern matched, or who set it
    customer_facing  BOOLEAN NOT NULL,
    cf_source        VARCHAR NOT NULL DEFAULT 'default',   -- 'default' | 'user'
    cf_reason        VARCHAR,
    updated_by       VARCHAR,
    updated_at       TIMESTAMP
);

CREATE SEQUENCE rule_id_seq START 1;
CREATE TABLE rules (
    rule_id     INTEGER PRIMARY KEY DEFAULT nextval('rule_id_seq'),
    field       VARCHAR NOT NULL,         -- 'vendor' | 'account' | 'department'
    match       VARCHAR NOT NULL,         -- 'equals' | 'contains' | 'starts_with' | 'regex'
    pattern     VARCHAR NOT NULL,         -- as typed; equals/contains/starts_with compare keys
    pattern_key VARCHAR NOT NULL,         -- normalised form used for matching (regex: as typed)
    is_tech     BOOLEAN NOT NULL,
    layer       VARCHAR,                  -- 'SoR' | 'SoE' | NULL = by buying department
    category    VARCHAR,
    created_by  VARCHAR NOT NULL,
    created_at  TIMESTAMP NOT NULL DEFAULT current_timestamp,
    why         VARCHAR,
    removed_at  TIMESTAMP,                -- undo: soft delete, kept for the audit trail
    removed_by  VARCHAR
);

-- Normalised department key, the same text rule as models.departments.department_key().
CREATE MACRO department_key(d) AS
    nullif(trim(regexp_replace(upper(replace(d, '&', ' AND ')), '[^A-Z0-9]+', ' ', 'g')), '');

-- Text key for rule matching: upper case, punctuation -> space, collapsed ('Slack, Inc.' -> 'SLACK INC').
CREATE MACRO text_key(s) AS
    nullif(trim(regexp_replace(upper(s), '[^A-Z0-9]+', ' ', 'g')), '');
