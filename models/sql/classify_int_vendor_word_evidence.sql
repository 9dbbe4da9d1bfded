-- classify_int_vendor_word_evidence (intermediate) -> _int_vendor_word_evidence
-- Grain: one row per distinct vendor key of the lines in scope that contains a vendor-name word
-- marked as evidence in models/catalog/vendor_words.csv (catalog_vendor_words.evidence).
--
-- Business rule: a supplier the catalog does not know may still say what it sells:
-- "ACME SOFTWARE" -> Software & SaaS, "NORTHERN FIBRE" -> Telecom & network. Words match as whole
-- words of the key ('SOFTWARE' in 'ACME SOFTWARE', not in 'SOFTWAREHOUSE'); when several match,
-- the longest phrase wins ('DATA CENTRES' before a shorter word), then the higher measured
-- precision. This is weak evidence: classify_mart_lines uses it only when no rule, catalog entry,
-- account keyword or merchant category code decided the line, and its reason says so
-- ('vendor word: "software"'). Precision is measured by bench/bench_vendor_words.py.
-- Context: a name that also says a non-technology trade (review_signals.csv kind vendor_trade:
-- 'PORT PAPELARIA ESCRITORIO E INFORMATICA' is a stationer, 'INFOAR ... AR CONDICIONADO E
-- INFORMATICA' an air-conditioning firm) sells that trade first: its technology word is no evidence.
WITH keys AS (
    -- the keys of the vendor spellings in scope (_stg_spellings: one row per distinct spelling)
    SELECT DISTINCT effective_key AS vendor_key FROM _stg_spellings
    WHERE kind = 'vendor' AND effective_key IS NOT NULL
),
trade_keys AS (
    SELECT DISTINCT k.vendor_key
    FROM keys k
    JOIN catalog_review_signals s
      ON s.kind = 'vendor_trade' AND contains(' ' || k.vendor_key || ' ', ' ' || upper(s.word) || ' ')
),
hits AS (
    SELECT k.vendor_key, w.word, w.category, w.layer,
           coalesce(w.precision_sample, w.precision_catalog) AS word_precision
    FROM keys k
    JOIN catalog_vendor_words w
      ON w.evidence
     AND contains(' ' || k.vendor_key || ' ', ' ' || w.word || ' ')
    WHERE k.vendor_key NOT IN (SELECT vendor_key FROM trade_keys)
)
SELECT vendor_key, word, category, layer
FROM hits
QUALIFY row_number() OVER (PARTITION BY vendor_key
                           ORDER BY length(word) DESC, word_precision DESC, word) = 1
