-- 014_page_aggregates: small aggregates of classified_lines that the dashboard pages, the board
-- pack and the CLI summary read instead of the lines (issue #13 item 3: pages at any size).
-- Maintained by models.aggregates.rebuild, called at the end of models.classification.rebuild in
-- the same transaction as the classified_lines it summarises: a partial rebuild (the uploads in
-- the temp table _scope) replaces only those uploads' rows; a full rebuild replaces all.
-- Invariant (tests/models/test_aggregates*.py): per upload, sum(line_count) and sum(spend) equal
-- count(*) and sum(amount_reporting) of classified_lines, to the cent.
-- Columns carry the names the line source of models/sql/analytics_sources_lines.sql gives the
-- same facts, so one query text (models/sql/analytics_*.sql) reads either.
-- Worked example: 3 lines of upload 7, Marketing, Canva (tech, SoE, not IT), all in March 2026
-- (12.00, 30.00, 8.50) -> one agg_spend_month row (line_count 3, spend 50.50, first/last date the
-- earliest/latest of the three) and one agg_tech_vendor_month row (max_amount 30.00).
-- A database migrated with lines already classified has empty aggregates until the next
-- classification; models.aggregates reads lines while the aggregates do not count every line.

-- GRAIN: upload x calendar month of txn_date x fiscal quarter x department x is_tech x it_owned x
-- customer_facing x layer x category x fx_missing (every line, technology or not).
CREATE TABLE agg_spend_month (
    upload_id        INTEGER NOT NULL,
    source_file      VARCHAR NOT NULL,
    month_start      DATE NOT NULL,       -- first day of the calendar month (fiscal quarters are whole months)
    quarter_key      INTEGER NOT NULL,
    quarter_label    VARCHAR NOT NULL,
    dept             VARCHAR NOT NULL,    -- coalesce(department, '(no department)')
    is_tech          BOOLEAN NOT NULL,
    it_owned         BOOLEAN NOT NULL,
    customer_facing  BOOLEAN NOT NULL,
    layer            VARCHAR,
    category         VARCHAR,
    fx_missing       BOOLEAN NOT NULL,
    line_count       BIGINT NOT NULL,
    spend            DECIMAL(18, 2),      -- sum(amount_reporting); NULL when every line lacks FX (18 digits:
                                          -- sums stay 64-bit, fast; 10^16 per group is beyond any ledger)
    first_date       DATE NOT NULL,       -- min(txn_date) of the group
    last_date        DATE NOT NULL        -- max(txn_date) of the group
);

-- GRAIN: upload x calendar month x fiscal quarter x department x vendor x it_owned x layer x
-- category, technology lines only (the vendor pages: Shadow IT, SoR vs SoE top vendors,
-- quarterly movers and first-time vendors, distinct technology vendors per department).
CREATE TABLE agg_tech_vendor_month (
    upload_id        INTEGER NOT NULL,
    month_start      DATE NOT NULL,
    quarter_key      INTEGER NOT NULL,
    dept             VARCHAR NOT NULL,
    vendor_name      VARCHAR NOT NULL,    -- coalesce(vendor_canonical, vendor, '(no vendor)')
    it_owned         BOOLEAN NOT NULL,
    layer            VARCHAR,
    category         VARCHAR,
    line_count       BIGINT NOT NULL,
    spend            DECIMAL(18, 2),
    max_amount       DECIMAL(18, 2),      -- the largest line (category of the largest line)
    first_date       DATE NOT NULL,
    last_date        DATE NOT NULL
);

-- GRAIN: vendor x department x it_owned x layer x category over ALL uploads and dates
-- (technology lines only), recomputed from agg_tech_vendor_month on every rebuild. Answers the
-- vendor pages without a period or upload filter (Shadow IT and SoR vs SoE as first opened)
-- and every vendor's history (first seen, last seen, the quarter it was first seen), whose
-- size is set by vendors x departments, not by months or lines.
CREATE TABLE agg_tech_vendor_total (
    dept               VARCHAR NOT NULL,
    vendor_name        VARCHAR NOT NULL,
    it_owned           BOOLEAN NOT NULL,
    layer              VARCHAR,
    category           VARCHAR,
    line_count         BIGINT NOT NULL,
    spend              DECIMAL(18, 2),
    max_amount         DECIMAL(18, 2),
    first_date         DATE NOT NULL,
    last_date          DATE NOT NULL,
    first_quarter_key  INTEGER NOT NULL   -- fiscal quarter of first_date
);

-- Stored page results: the exact result of a vendor page's query with NO filter for a viewer
-- who sees every department (the page as first opened), computed at the end of each rebuild by
-- the page's own SQL (models/sql/analytics_shadow_it_vendors.sql, analytics_top_vendors_by_layer
-- with every rank) over the aggregates, so the query is written once. Its size is set by the
-- number of technology vendors. Any filter or a department-scoped viewer reads the aggregates.
-- GRAIN: one row per technology vendor paid outside IT (columns of analytics.shadow_it_vendors).
CREATE TABLE agg_page_shadow_it_vendors (
    vendor                   VARCHAR,
    category                 VARCHAR,
    layer                    VARCHAR,
    departments_paying       VARCHAR,
    department_count         BIGINT,
    spend_outside_it         DECIMAL(38, 2),
    spend_by_it              DECIMAL(38, 2),
    consolidation_candidate  BOOLEAN,
    share_of_outside_it      DOUBLE,
    first_seen               DATE,
    last_seen                DATE,
    new_in_period            BOOLEAN,
    new_since                DATE,
    line_count               BIGINT
);

-- GRAIN: one row per (layer, vendor) of SoR and SoE, every rank (top_vendors_by_layer's columns).
CREATE TABLE agg_page_top_vendors_by_layer (
    layer             VARCHAR,
    vendor            VARCHAR,
    category          VARCHAR,
    spend             DECIMAL(38, 2),
    spend_outside_it  DECIMAL(38, 2),
    outside_it_share  DOUBLE,
    rank              BIGINT
);
