-- stage: parse every source row and decide what happens to it.
-- Grain: one row per source row of the upload (blank rows included), from TEMP view _cells.
--
-- Read with ingest.sql.load_sql; run by ingest.stage as the body of TEMP table _staged_rows.
-- Inputs, all made by ingest.stage for this file (none holds SQL text from the file):
--   _cells            one row per source row: the mapped cells under fixed names (date_text,
--                     vendor, amount_text...), every cell as c0..cN, is_blank, mentions_total
--                     (some cell says 'total': the total tests below run only then)
--   raw_cells         written out by ingest.stage as [c0, ..., cN] where it is read: the
--                     row's cells as a list, built only inside the CASE branches that need
--                     them (the first and the non-empty ones: macros of stage_macros.sql)
--   _date_values      distinct date_text -> line_date, parsed in the column's decided format
--   _period_values    distinct period_text -> period_date (empty without a period column)
--   _currency_values  distinct currency_text -> column_currency (empty without one)
--   _direction_values distinct direction_text (a debit/credit mark) -> direction_sign: 1 spend
--                     side, -1 the other, NULL not a mark (empty without a mark column)
--   $parameters       the column conventions and the file's facts (bound values):
--                     $amount_mode, $amount_comma/$debit_comma/$credit_comma, *_format_label,
--                     $date_label, $date_mapped, $dates_rows, $blank_fill, $file_period,
--                     $file_period_basis, $date_low, $date_high, $date_median, $file_currency,
--                     $file_currency_source, $fallback_currency, $blank_date_hint,
--                     $direction_mapped, $direction_column
-- Reading the few distinct dates, periods and currencies once (and joining) keeps the
-- period_start/parse_date/currency_cell macros out of the per-row pass.
--
-- disposition: 'loaded' | 'excluded' (blank, total, footer, note and separator rows: never
--              summed) | 'rejected' (a value that cannot be used; the reason quotes it)
-- date_basis:  'line' | 'period column' | 'sheet name' | 'file name' | 'given'
-- row_kind:    what an excluded row is ('total', 'footer', 'subtotal', 'note', ...): the file's
--              own total is looked for among 'total', 'footer' and 'subtotal' rows
WITH cells AS (
    SELECT c.*, d.line_date, p.period_date, cc.column_currency, dv.direction_sign
    FROM _cells c
    LEFT JOIN _date_values d ON d.date_text = c.date_text
    LEFT JOIN _period_values p ON p.period_text = c.period_text
    LEFT JOIN _currency_values cc ON cc.currency_text = c.currency_text
    LEFT JOIN _direction_values dv ON dv.direction_text = c.direction_text
),

parsed AS (
    SELECT
        *,
        parse_amount(amount_text, CAST($amount_comma AS BOOLEAN)) AS amount_value,
        parse_amount(debit_text, CAST($debit_comma AS BOOLEAN)) AS debit_value,
        parse_amount(credit_text, CAST($credit_comma AS BOOLEAN)) AS credit_value,
        CASE WHEN TRY_CAST(coalesce(amount_text, debit_text, credit_text) AS DECIMAL(20, 6)) IS NOT NULL
             THEN NULL  -- a plain number (most cells) names no currency: no pattern to run
             ELSE amount_currency(coalesce(amount_text, debit_text, credit_text),
                                  CAST($fallback_currency AS VARCHAR)) END AS cell_currency,
        coalesce(date_text, period_text, vendor, department, cost_centre, cost_centre_name,
                 account_code, account_name, description, reference) IS NOT NULL AS has_identity
    FROM cells
),

dated AS (
    SELECT
        *,
        CASE
            WHEN line_date IS NOT NULL THEN line_date
            WHEN date_text IS NOT NULL THEN NULL                  -- a date we cannot read
            WHEN period_date IS NOT NULL THEN period_date
            WHEN period_text IS NOT NULL THEN NULL                -- a period we cannot read
            WHEN CAST($date_mapped AS BOOLEAN) AND NOT CAST($blank_fill AS BOOLEAN) THEN NULL  -- a blank date, no monthly period
            ELSE CAST($file_period AS DATE)
        END AS txn_date,
        CASE
            WHEN line_date IS NOT NULL THEN 'line'
            WHEN date_text IS NOT NULL THEN NULL
            WHEN period_date IS NOT NULL THEN 'period column'
            WHEN period_text IS NOT NULL THEN NULL
            WHEN CAST($date_mapped AS BOOLEAN) AND NOT CAST($blank_fill AS BOOLEAN) THEN NULL
            WHEN CAST($file_period AS DATE) IS NOT NULL THEN CAST($file_period_basis AS VARCHAR)
        END AS date_basis,
        CASE
            WHEN cell_currency IS NOT NULL AND cell_currency <> '?' THEN cell_currency
            WHEN column_currency = '?' THEN NULL
            WHEN column_currency IS NOT NULL THEN column_currency
            ELSE CAST($file_currency AS VARCHAR)
        END AS currency_code,
        CASE
            WHEN cell_currency IS NOT NULL AND cell_currency <> '?' THEN 'cell'
            WHEN column_currency IS NOT NULL THEN 'column'
            ELSE CAST($file_currency_source AS VARCHAR)
        END AS currency_source
    FROM parsed
),

decided AS (
    SELECT
        *,
        CASE CAST($amount_mode AS VARCHAR)
            -- a debit/credit mark signs the amount: |amount| on the spend side, -|amount| on the
            -- other (an amount already signed is not flipped twice; ingest.mapping.direction)
            WHEN 'amount' THEN CASE WHEN direction_sign IS NULL THEN amount_value
                                    WHEN direction_sign < 0 THEN -abs(amount_value)
                                    ELSE abs(amount_value) END
            ELSE coalesce(debit_value, 0) - coalesce(credit_value, 0)
        END AS amount,
        CASE CAST($amount_mode AS VARCHAR)
            WHEN 'amount' THEN amount_text IS NOT NULL
            ELSE coalesce(debit_text, credit_text) IS NOT NULL
        END AS has_amount,
        -- the shape of a row that is not a line; evaluated only for rows without a line date
        -- (a real vendor may be called 'Total Gas & Power' or 'TOTAL'), except totals that say
        -- what they total ('Total for period 01/04/2024 - 30/04/2024', 'Grand total', 'Total:')
        CASE
            WHEN is_blank THEN 'blank'
            WHEN mentions_total AND (coalesce(cells_first(raw_cells), '') || coalesce(vendor, '') || coalesce(department, '')
                  || coalesce(description, '') || coalesce(reference, '')) ILIKE '%total%'
                 AND list_bool_or(list_transform(
                    [cells_first(raw_cells), vendor, department, description, reference],
                    lambda x: regexp_full_match(lower(trim(coalesce(x, ''))),
                        '((grand|sub|page|report|period|overall|monthly|annual|running|cumulative)[ -]?)?'
                        || 'totals?(\s*:.*|\s+(for|of|per|to date)\b.*)'
                        || '|(grand|sub|page|report|period|overall|monthly|annual|running|cumulative)[ -]?totals?')))
                THEN 'total'
            -- 本月合计 (this month's total), 本年累计 (year to date), Итого: dated like a line
            WHEN mentions_total AND list_bool_or(list_transform(
                    [cells_first(raw_cells), vendor, department, description, reference],
                    lambda x: regexp_full_match(lower(trim(coalesce(x, ''))),
                        '(本月|本年|本期|本季|当月|当期|月|年)?(合计|合計|累计|累計|总计|總計|小计|小計)(\s*[:：].*)?'
                        || '|(월|누|합|소|총)계|итого.*|итог.*|всего.*')))
                THEN 'total'
            -- 'Opening Balance', 'Balance b/f', 'Saldovortrag', 'Solde à nouveau', 'Сальдо на
            -- начало', '期初余额': a ledger report's balance brought or carried forward, dated
            -- like a line but not a transaction (summing it would count earlier spend again)
            WHEN regexp_matches(coalesce(vendor, '') || ' ' || coalesce(description, '') || ' '
                                || coalesce(cells_first(raw_cells), ''),
                    '(?i)balance|b/f|c/f|brought|carried|saldo|solde|nouveau|сальдо|остаток|余额|繰越|잔액|zustatek|bilans')
                 AND list_bool_or(list_transform([vendor, description, cells_first(raw_cells)],
                    lambda x: regexp_full_match(lower(strip_accents(trim(coalesce(x, '')))),
                        '(opening|closing|starting|ending|beginning|brought forward|carried forward|previous)'
                        || ' (balance|bal\.?)( .*)?|(balance|bal\.?) (b/f|c/f|b/d|c/d|brought forward|carried forward|forward)( .*)?'
                        || '|(b/f|c/f|brought forward|carried forward)( balance)?'
                        || '|saldo (anterior|inicial|final|iniziale|finale|precedente|a riportare|vortrag|begin|eind|poczatkowe|koncowe)( .*)?'
                        || '|(anfangs|end|eroffnungs|schluss|begin|eind|alku|loppu|ingaende |utgaende |inngaende |utgaende )saldo( .*)?'
                        || '|saldovortrag( .*)?|solde (initial|final|d.ouverture|de cloture|a nouveau|reporte|anterieur)( .*)?|report a nouveau'
                        || '|(ingaende|utgaende|inngaende) balans|bilans otwarcia|pocatecni zustatek|konecny zustatek'
                        || '|сальдо на (начало|конец)( .*)?|(входящий|исходящий) остаток|期初余额|期末余额|前月繰越|次月繰越|기초잔액|기말잔액')))
                THEN 'balance'
            -- 'PAYMENT RECEIVED - THANK YOU', 'AUTOPAY PAYMENT - THANK YOU': a card statement's
            -- line for the company paying the card off, dated like a charge; it settles the
            -- charges already listed (summing it would count their spend away)
            WHEN coalesce(vendor, description) ILIKE '%payment%'
                 AND regexp_matches(lower(trim(coalesce(vendor, description))),
                    '^((autopay|automatic|online|mobile|electronic|internet|direct debit|ach|bacs)\s+)?'
                    || 'payments?\s*(-\s*)?((received|recd|rcvd)\b|,?\s*(-\s*)?thank\s?you)')
                THEN 'card payment'
            WHEN line_date IS NOT NULL OR period_date IS NOT NULL THEN NULL
            -- the header again (a report repeats it per section or page): not a line
            WHEN rtrim(lower(array_to_string(list_transform(raw_cells, lambda x: regexp_replace(coalesce(x, ''), '^\s+|\s+$', '', 'g')), chr(31))), chr(31))
                 = CAST($header_key AS VARCHAR) THEN 'heading'
            -- 'Count: 204', 'Anzahl', 'Number of records' as a cell of its own: a count footer
            WHEN list_bool_or(list_transform(cells_present(raw_cells), lambda x: regexp_full_match(
                    lower(strip_accents(trim(x))),
                    '(count|number of (records|rows|lines|transactions|items)|records|transactions'
                    || '|anzahl|nombre|aantal|antal|contagem|quantidade|cantidad|pocet|liczba)\s*:?')))
                THEN 'count'
            -- 'Sum: 88587.57', 'Total', 'Summe', 'Celkem'... as a cell of its own: a sum footer
            WHEN list_bool_or(list_transform(cells_present(raw_cells), lambda x: regexp_full_match(
                    lower(strip_accents(trim(x))),
                    '(sum|sums|total|totals|grand total|subtotal|sub-total|sub total|average|avg'
                    || '|mean|minimum|maximum|min|max|summe|gesamt|gesamtsumme|somme|totaal'
                    || '|som|totale|somma|suma|celkem|razem|summa|soma|i alt|totalt|samlet|samtals'
                    || '|yhteensa|osszesen|toplam|genel toplam|totales|totaux|totaal generaal|kokku|kopa|ukupno'
                    || '|skupaj|iš viso|is viso|suma totala|σύνολο|συνολο|合計|合计|总计|總計|小计|小計|총계|합계|итого|всего|итог'
                    || '|importe total|montant total|valor total)\s*:?')))
                THEN 'footer'
            -- the looser rule ('Total ...' anywhere) only where the file dates its rows and this
            -- row has no date: 'Total Extraction Solutions Ltd' with a period is a supplier
            WHEN CAST($dates_rows AS BOOLEAN) AND mentions_total
                 AND (coalesce(cells_first(raw_cells), '') || coalesce(vendor, '') || coalesce(department, '')
                  || coalesce(description, '') || coalesce(date_text, '')
                  || coalesce(reference, '')) ILIKE '%total%'
                 AND list_bool_or(list_transform(
                    [cells_first(raw_cells), vendor, department, description, date_text, reference],
                    lambda x: regexp_full_match(lower(trim(coalesce(x, ''))),
                        '((grand|sub|page|report|period|overall|net)[ -]?)?(totals?|totale|totales|totaux|totalt)\b.*'
                        || '|.*\btotals?:?')))
                THEN 'total'
            -- '-----', '====', '***': no letter or digit anywhere
            WHEN NOT regexp_matches(array_to_string(cells_present(raw_cells), ' '), '[0-9\p{L}]') THEN 'separator'
            -- 'Note: ...', '* figures exclude VAT', '(1) ...', or one cell of text and no amount
            WHEN (CASE CAST($amount_mode AS VARCHAR) WHEN 'amount' THEN amount_value ELSE coalesce(debit_value, credit_value) END) IS NULL
                 AND (regexp_matches(lower(strip_accents(coalesce(cells_first(raw_cells), ''))),
                        '^\s*(notes?|nb|n\.b\.|source|sources|remarques?|hinweise?|anmerkung|fussnote|nota|notas'
                        || '|opmerking|poznamka|uwaga|obs|observacao|footnotes?|disclaimer)\b|^\s*([*†‡#]|\(?[0-9a-z]\)\s)')
                      -- 'N/C: 7508 | Name: Computer Software | Account Balance: ...': a report's labels
                      OR regexp_full_match(coalesce(cells_first(raw_cells), ''), '[\p{L}][\p{L}/ .]{0,19}:\s*\S.*')
                      OR (len(cells_present(raw_cells)) = 1 AND regexp_matches(cells_present(raw_cells)[1], '\p{L}')
                          AND period_date IS NULL))
                THEN 'note'
        END AS row_kind
    FROM dated
)

SELECT
    *,
    CASE
        WHEN row_kind IS NOT NULL THEN 'excluded'
        WHEN has_amount AND NOT has_identity THEN 'excluded'
        WHEN NOT has_amount AND NOT has_identity THEN 'excluded'
        WHEN NOT has_amount THEN 'rejected'
        WHEN amount_text IS NOT NULL AND amount_value IS NULL THEN 'rejected'
        WHEN debit_text IS NOT NULL AND debit_value IS NULL THEN 'rejected'
        WHEN credit_text IS NOT NULL AND credit_value IS NULL THEN 'rejected'
        WHEN CAST($direction_mapped AS BOOLEAN) AND direction_sign IS NULL THEN 'rejected'
        WHEN txn_date IS NULL THEN 'rejected'
        WHEN date_basis = 'line' AND (txn_date < DATE '1950-01-01' OR txn_date > DATE '2100-12-31'
                                      OR txn_date < CAST($date_low AS DATE) OR txn_date > CAST($date_high AS DATE)) THEN 'rejected'
        WHEN currency_code IS NULL THEN 'rejected'
        ELSE 'loaded'
    END AS disposition,
    CASE
        WHEN has_amount AND NOT has_identity AND row_kind IS NULL THEN 'subtotal'
        ELSE row_kind
    END AS exclusion_kind,
    CASE
        WHEN row_kind = 'blank' THEN 'Blank row.'
        WHEN row_kind = 'heading' THEN 'The column headings again (the report repeats them): not a line.'
        WHEN row_kind = 'balance'
            THEN 'Balance row ("' || coalesce(nullif(trim(vendor), ''), nullif(trim(description), ''), cells_first(raw_cells), '')
                 || '"): a balance brought or carried forward, not a transaction; not summed.'
        WHEN row_kind = 'card payment'
            THEN 'Payment to the card account ("' || trim(coalesce(vendor, description)) || '"): it settles the '
                 || 'charges listed, it is not spend; not summed.'
        WHEN row_kind = 'total'
            THEN 'Total or subtotal row ("' || coalesce(cells_first(raw_cells), vendor, description, '') || '"): not summed again.'
        WHEN row_kind IN ('footer', 'count')
            THEN 'Footer row ("' || array_to_string(cells_present(raw_cells), ' ') || '"): a count or sum the file adds, not a line; not summed.'
        WHEN row_kind = 'separator' THEN 'Separator row ("' || left(array_to_string(cells_present(raw_cells), ' '), 40) || '"): no values.'
        WHEN row_kind = 'note'
            THEN 'Note row ("' || left(array_to_string(cells_present(raw_cells), ' '), 80)
                 || CASE WHEN length(array_to_string(cells_present(raw_cells), ' ')) > 80 THEN '...' ELSE '' END
                 || '"): text, not a line.'
        WHEN has_amount AND NOT has_identity
            THEN 'Subtotal row: an amount with no date, vendor, department or reference.'
        WHEN NOT has_amount AND NOT has_identity
            THEN 'Row with no date, vendor, department, reference or amount.'
        WHEN NOT has_amount THEN 'The amount is empty. Fill it in the source, or map another amount column.'
        WHEN amount_text IS NOT NULL AND amount_value IS NULL
            THEN 'Amount "' || amount_text || '" is not a number'
                 || CASE WHEN regexp_matches(amount_text, '[0-9]') THEN CAST($amount_format_label AS VARCHAR) ELSE '' END || '.'
        WHEN debit_text IS NOT NULL AND debit_value IS NULL
            THEN 'Debit "' || debit_text || '" is not a number'
                 || CASE WHEN regexp_matches(debit_text, '[0-9]') THEN CAST($debit_format_label AS VARCHAR) ELSE '' END || '.'
        WHEN credit_text IS NOT NULL AND credit_value IS NULL
            THEN 'Credit "' || credit_text || '" is not a number'
                 || CASE WHEN regexp_matches(credit_text, '[0-9]') THEN CAST($credit_format_label AS VARCHAR) ELSE '' END || '.'
        WHEN CAST($direction_mapped AS BOOLEAN) AND direction_sign IS NULL AND direction_text IS NULL
            THEN 'The debit/credit mark in ''' || CAST($direction_column AS VARCHAR)
                 || ''' is empty: mark the line as the file marks the others, or map no mark column.'
        WHEN CAST($direction_mapped AS BOOLEAN) AND direction_sign IS NULL
            THEN 'The mark "' || direction_text || '" in ''' || CAST($direction_column AS VARCHAR)
                 || ''' is neither debit nor credit (such as D/C, Dr/Cr, S/H, Af/Bij).'
        WHEN date_text IS NOT NULL AND line_date IS NULL
            THEN 'Date "' || date_text || '" is not a valid date in this column''s format (' || CAST($date_label AS VARCHAR) || ').'
        WHEN period_text IS NOT NULL AND period_date IS NULL
            THEN 'Period "' || period_text || '" is not a period (e.g. 2024-03, Mar 2024, Q1 2024/25).'
        WHEN txn_date IS NULL AND CAST($date_mapped AS BOOLEAN)
            THEN 'The date is empty' || CAST($blank_date_hint AS VARCHAR)
        WHEN txn_date IS NULL
            THEN 'The period is empty and the file names none: give the period (e.g. 2024-03).'
        WHEN date_basis = 'line' AND (txn_date < DATE '1950-01-01' OR txn_date > DATE '2100-12-31')
            THEN 'Date "' || date_text || '" (read as ' || strftime(txn_date, '%Y-%m-%d')
                 || ') is outside the plausible range 1950-2100.'
        WHEN date_basis = 'line' AND (txn_date < CAST($date_low AS DATE) OR txn_date > CAST($date_high AS DATE))
            THEN 'Date "' || date_text || '" (read as ' || strftime(txn_date, '%Y-%m-%d')
                 || ') is more than 20 years from the other dates in the column (around '
                 || CAST($date_median AS VARCHAR) || ').'
        WHEN currency_code IS NULL THEN 'Currency "' || currency_text || '" is not a currency code.'
    END AS reason
FROM decided
