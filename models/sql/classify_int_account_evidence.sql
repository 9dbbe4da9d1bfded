-- classify_int_account_evidence (intermediate)
-- Grain: one row per DISTINCT account name in scope that at least one account keyword matches.
-- Two kinds of keyword, over DISTINCT account names only (never per line):
--   * the regexes of models/catalog/account_keywords.csv (case-insensitive, word-bounded), name
--     and regex both folded to plain letters (fold_text / fold_letters, migration 023: the boundaries are
--     ASCII, so 'İlan' must not read as a word 'lan');
--   * the word/phrase rows of keyword_phrases.csv that apply to accounts (applies_to 'account'
--     or 'both': mostly negative context such as "TV licence", "mast rental", "process server"),
--     matched on tokens as in classify_int_description_evidence.
-- The deciding keyword: strong before weak (so a strong non-technology account such as
-- "Advertising" beats a weak technology word such as "subscription"), then the longest matched
-- text (more specific: "IT consultancy" beats "consultancy"; "TV licence" beats "licence"), then
-- non-technology on a tie.
WITH account_names AS (
    SELECT DISTINCT account_name FROM _scope_columns WHERE account_name IS NOT NULL
),
folded_names AS (
    SELECT account_name, fold_text(account_name) AS folded FROM account_names
),
folded_keywords AS (
    SELECT *, fold_letters(keyword) AS pattern FROM catalog_account_keywords
),
regex_hits AS (
    SELECT a.account_name, k.keyword_id, k.keyword, k.signal, k.category, k.strength,
           length(regexp_extract(a.folded, k.pattern, 0, 'i')) AS match_len
    FROM folded_names a
    JOIN folded_keywords k ON regexp_matches(a.folded, k.pattern, 'i')
),
positioned AS (
    SELECT account_name, tokens, unnest(tokens) AS token, unnest(range(1, len(tokens) + 1)) AS pos
    FROM (SELECT account_name, keyword_tokens(account_name) AS tokens FROM account_names)
),
phrase_hits AS (
    SELECT p.account_name, 100000 + k.phrase_id AS keyword_id, k.phrase AS keyword, k.signal,
           k.category, k.strength, length(k.phrase) AS match_len
    FROM positioned p
    JOIN catalog_keyword_phrases k ON k.first_token = p.token
    WHERE k.applies_to IN ('account', 'both') AND k.signal IN ('tech', 'non_tech')
      AND (k.n_tokens = 1 OR list_slice(p.tokens, p.pos, p.pos + k.n_tokens - 1) = k.tokens)
),
keyword_hits AS (
    SELECT * FROM regex_hits
    UNION ALL
    SELECT * FROM phrase_hits
),
deciding_keyword AS (
    SELECT *
    FROM keyword_hits
    QUALIFY row_number() OVER (
        PARTITION BY account_name
        ORDER BY (strength = 'strong') DESC, match_len DESC, (signal = 'non_tech') DESC, keyword_id
    ) = 1
)
SELECT account_name, keyword, signal = 'tech' AS is_tech, category, strength
FROM deciding_keyword
