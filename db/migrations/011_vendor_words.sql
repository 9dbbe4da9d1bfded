-- 011_vendor_words: vendor-name words as weak technology evidence (issue 10, item 2)
--   catalog_vendor_words  one row per word or phrase of models/catalog/vendor_words.csv, with the
--                         precision measured by bench/bench_vendor_words.py; only rows with
--                         evidence = true are used by models/sql/classify_int_vendor_word_evidence.sql
CREATE TABLE IF NOT EXISTS catalog_vendor_words (
    word               VARCHAR PRIMARY KEY,   -- vendor-key form: upper case, words separated by one space
    category           VARCHAR NOT NULL,      -- technology category the word suggests
    layer              VARCHAR,               -- default layer (Infrastructure: the buying department decides)
    precision_catalog  DOUBLE,                -- share of catalog entries containing the word that are technology
    precision_sample   DOUBLE,                -- same on the synthetic sample company (NULL: word not used there)
    evidence           BOOLEAN NOT NULL       -- precise enough to decide a line on its own (weakly)
);
