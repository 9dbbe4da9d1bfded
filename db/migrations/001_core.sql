-- 001_core: the ingest store.
--
-- Grain of each table:
--   meta            one row; data_version bumps on every committed write (cache key for pages)
--   settings        one row per setting key
--   uploads         one row per loaded file (or sheet); counts reconcile:
--                   rows_read = rows_loaded + rows_excluded + rows_rejected
--   ledger_lines    one row per loaded source row (the canonical line)
--   row_issues      one row per excluded or rejected source row, with a readable reason
--   source_rows     one row per data row of the source (loaded, excluded or rejected) with every
--                   cell as text, so columns that were not mapped are never lost
--   mapping_memory  one row per header signature: the mapping a person confirmed

CREATE TABLE meta (data_version BIGINT NOT NULL);
INSERT INTO meta VALUES (0);

CREATE TABLE settings (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);
INSERT INTO settings VALUES
    ('reporting_currency', 'GBP'),
    ('fiscal_year_start_month', '1');

CREATE SEQUENCE upload_id_seq START 1;

CREATE TABLE uploads (
    upload_id      INTEGER PRIMARY KEY DEFAULT nextval('upload_id_seq'),
    file_name      VARCHAR NOT NULL,
    sha256         VARCHAR NOT NULL,
    size_bytes     BIGINT NOT NULL,
    kind           VARCHAR NOT NULL,          -- csv | xlsx | xls
    sheet          VARCHAR,                   -- sheet name for workbooks
    dataset        VARCHAR NOT NULL DEFAULT 'ledger',  -- ledger | budget | fx
    header_row     INTEGER,                   -- 1-based row number of the header
    columns        VARCHAR[],                 -- header cells as written
    mapping        JSON,                      -- canonical field -> source column, plus options
    notes          VARCHAR[],                 -- what the reader decided (encoding, date order...)
    rows_read      BIGINT NOT NULL,
    rows_loaded    BIGINT NOT NULL,
    rows_excluded  BIGINT NOT NULL,
    rows_rejected  BIGINT NOT NULL,
    control_total  DECIMAL(18, 2) NOT NULL,   -- sum of loaded amounts
    loaded_at      TIMESTAMP NOT NULL DEFAULT current_timestamp,
    status         VARCHAR NOT NULL DEFAULT 'loaded'
);

CREATE TABLE ledger_lines (
    upload_id     INTEGER NOT NULL,
    source_row    INTEGER NOT NULL,   -- 1-based row a person sees in Excel / a text editor
    source_file   VARCHAR NOT NULL,
    txn_date      DATE NOT NULL,
    vendor        VARCHAR,            -- as written
    department    VARCHAR,            -- department, or cost-centre name when there is none
    cost_centre   VARCHAR,            -- cost centre code
    account_code  VARCHAR,
    account_name  VARCHAR,            -- account name / expense type / commitment item
    description   VARCHAR,
    reference     VARCHAR,            -- transaction / invoice / document number
    amount        DECIMAL(18, 2) NOT NULL,  -- signed; debit - credit for GL exports
    currency      VARCHAR NOT NULL,
    mcc           VARCHAR             -- merchant category code (card feeds)
    -- key (upload_id, source_row), unique by construction; no index: bulk loads of millions
    -- of rows into an ART index cost more than the load itself
);

CREATE TABLE row_issues (
    upload_id    INTEGER NOT NULL,
    source_row   INTEGER NOT NULL,
    disposition  VARCHAR NOT NULL,    -- excluded | rejected
    reason       VARCHAR NOT NULL,
    raw          VARCHAR NOT NULL,    -- the source row as text (cells joined by ' | ')
    amount_text  VARCHAR,             -- the amount cell as written, when there is one
    PRIMARY KEY (upload_id, source_row)
);

CREATE TABLE source_rows (
    upload_id   INTEGER NOT NULL,
    source_row  INTEGER NOT NULL,
    cells       VARCHAR[] NOT NULL    -- aligned with uploads.columns
    -- key (upload_id, source_row), unique by construction (no index, see ledger_lines)
);

CREATE TABLE mapping_memory (
    header_signature VARCHAR PRIMARY KEY,
    mapping          JSON NOT NULL,
    confirmed_at     TIMESTAMP NOT NULL DEFAULT current_timestamp
);

-- Fiscal calendar. The fiscal year is named by the calendar year in which it ENDS:
-- with a fiscal year starting in April, 2025-04-01 is in FY2026 Q1 and 2026-03-31 in FY2026 Q4.
-- With the default January start, FY2026 is calendar 2026.
CREATE MACRO fiscal_year(d, start_month) AS
    year(d) + CASE WHEN start_month > 1 AND month(d) >= start_month THEN 1 ELSE 0 END;
CREATE MACRO fiscal_quarter(d, start_month) AS
    ((month(d) - start_month + 12) % 12) // 3 + 1;
CREATE MACRO fiscal_quarter_key(d, start_month) AS
    fiscal_year(d, start_month) * 10 + fiscal_quarter(d, start_month);
CREATE MACRO fiscal_quarter_label(d, start_month) AS
    'FY' || fiscal_year(d, start_month)::VARCHAR || ' Q' || fiscal_quarter(d, start_month)::VARCHAR;

-- ---------------------------------------------------------------------------------------------
-- The analytics contract. Grain: one row per ledger line (same key as ledger_lines).
-- Filled by models.classification.refresh(); every page, export and CLI summary reads this one
-- table, so classification, fiscal calendar and currency conversion are decided in one place.
CREATE TABLE classified_lines (
    upload_id         INTEGER NOT NULL,
    source_row        INTEGER NOT NULL,
    source_file       VARCHAR NOT NULL,
    txn_date          DATE NOT NULL,
    vendor            VARCHAR,
    vendor_key        VARCHAR,            -- normalised vendor string
    vendor_canonical  VARCHAR,            -- catalog / merged name, else a tidy form of the key
    department        VARCHAR,
    cost_centre       VARCHAR,
    account_code      VARCHAR,
    account_name      VARCHAR,
    description       VARCHAR,
    reference         VARCHAR,
    amount            DECIMAL(18, 2) NOT NULL,   -- original amount, original currency
    currency          VARCHAR NOT NULL,
    mcc               VARCHAR,
    is_tech           BOOLEAN NOT NULL,
    layer             VARCHAR,            -- 'SoR' | 'SoE' | NULL when not technology
    category          VARCHAR,            -- TBM-style cost category (or non-tech category)
    it_owned          BOOLEAN NOT NULL,   -- buying department is part of the IT function
    customer_facing   BOOLEAN NOT NULL,   -- buying department faces customers
    decided_by        VARCHAR NOT NULL,   -- rule | catalog | account | mcc | description | default
    reason            VARCHAR NOT NULL,   -- e.g. 'catalog: Salesforce', 'rule #12 by cfo@x'
    confidence        DOUBLE NOT NULL,    -- 0..1; low values feed the Review queue
    fiscal_year       INTEGER NOT NULL,
    fiscal_quarter    INTEGER NOT NULL,
    quarter_key       INTEGER NOT NULL,   -- fiscal_year * 10 + fiscal_quarter (sorts)
    quarter_label     VARCHAR NOT NULL,   -- 'FY2026 Q1'
    amount_reporting  DECIMAL(18, 2),     -- in settings.reporting_currency; NULL if no FX rate
    fx_missing        BOOLEAN NOT NULL
    -- key (upload_id, source_row), unique by construction (no index, see ledger_lines)
);

-- FX: how many units of to_currency one unit of from_currency buys, effective for a month.
CREATE TABLE fx_rates (
    month          DATE NOT NULL,         -- first day of the month
    from_currency  VARCHAR NOT NULL,
    to_currency    VARCHAR NOT NULL,
    rate           DECIMAL(18, 8) NOT NULL,
    upload_id      INTEGER,               -- NULL when typed in the UI
    PRIMARY KEY (month, from_currency, to_currency)
);

-- Budgets. Grain: one row per budget line of an uploaded budget file.
CREATE TABLE budget_lines (
    upload_id     INTEGER NOT NULL,
    source_row    INTEGER NOT NULL,
    department    VARCHAR NOT NULL,
    period_start  DATE NOT NULL,
    period_end    DATE NOT NULL,          -- inclusive
    category      VARCHAR,
    layer         VARCHAR,
    is_it_budget  BOOLEAN,
    amount        DECIMAL(18, 2) NOT NULL,
    currency      VARCHAR NOT NULL
    -- key (upload_id, source_row), unique by construction
);
