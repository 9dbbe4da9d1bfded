-- 013_governance: the IT standards register and duplicate-payment decisions (issue 15; owned by
-- models/governance/ and workspace/standards.py).
--
-- Grain of each table:
--   it_standards            one row per vendor in the IT standards register (the current state)
--   it_standard_changes     one row per change a person (or a register file load) made: who, when,
--                           the row before and after (JSON), so every edit can be traced
--   duplicate_decisions     one row per candidate pair of lines a person confirmed as a duplicate
--                           payment or dismissed (not a duplicate); the lines themselves and every
--                           upload's control total are never changed
--
-- Worked example: the register row ('HubSpot', status 'tolerated', owner 'Head of Marketing Ops',
-- last_review NULL, customer_data true) has vendor_key 'HUBSPOT' (models.normalise.vendor_key) and
-- name_key 'HUBSPOT' (text_key); every classified line whose vendor_key or canonical vendor has
-- that key is "tolerated, never reviewed, handles customer data".

CREATE TABLE IF NOT EXISTS it_standards (
    vendor_key     VARCHAR PRIMARY KEY,   -- models.normalise.vendor_key(vendor)
    name_key       VARCHAR NOT NULL,      -- text_key(vendor): matches classified_lines.vendor_canonical
    vendor         VARCHAR NOT NULL,      -- as a person wrote it
    product        VARCHAR,
    status         VARCHAR NOT NULL,      -- approved | tolerated | not_approved | retiring
    owner          VARCHAR,
    last_review    DATE,                  -- last security review; NULL = never reviewed
    customer_data  BOOLEAN,               -- handles customer or personal data; NULL = not known
    notes          VARCHAR,
    source         VARCHAR NOT NULL,      -- 'file: register.csv row 4' | 'ui' | 'cli'
    updated_by     VARCHAR NOT NULL,
    updated_at     TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE SEQUENCE IF NOT EXISTS it_standard_change_id_seq START 1;
CREATE TABLE IF NOT EXISTS it_standard_changes (
    change_id   INTEGER PRIMARY KEY DEFAULT nextval('it_standard_change_id_seq'),
    vendor_key  VARCHAR NOT NULL,
    action      VARCHAR NOT NULL,         -- 'set' | 'load' | 'remove'
    before      JSON,                     -- the register row before (NULL: new)
    after       JSON,                     -- the register row after (NULL: removed)
    source      VARCHAR NOT NULL,
    changed_by  VARCHAR NOT NULL,
    changed_at  TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE TABLE IF NOT EXISTS duplicate_decisions (
    first_upload   INTEGER NOT NULL,      -- the earlier line of the pair (upload, source row)
    first_row      INTEGER NOT NULL,
    second_upload  INTEGER NOT NULL,      -- the later line: the one counted twice when confirmed
    second_row     INTEGER NOT NULL,
    decision       VARCHAR NOT NULL,      -- 'confirmed' | 'dismissed'
    why            VARCHAR,
    decided_by     VARCHAR NOT NULL,
    decided_at     TIMESTAMP NOT NULL DEFAULT current_timestamp,
    PRIMARY KEY (first_upload, first_row, second_upload, second_row)
);
