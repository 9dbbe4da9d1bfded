-- 018_keys_in_any_script: a department or text key for a name written wholly in another script
-- (Greek 'Διεύθυνση Πληροφορικής', Japanese '情報システム部', Korean '정보시스템팀', Cyrillic).
-- Before, the keys kept A-Z and 0-9 only, so every such name keyed to NULL: all the departments
-- of a Greek or Japanese ledger were one blank department, and none could be marked IT.
-- Names with any Latin letter or digit key exactly as before (the first expression is 007's and
-- 002's unchanged), so no stored key changes.
-- Worked example: department_key('Τμήμα Προμηθειών') -> 'ΤΜΗΜΑ ΠΡΟΜΗΘΕΙΩΝ';
-- department_key('IT - Network') -> 'IT NETWORK' (as before).
CREATE OR REPLACE MACRO department_key(d) AS
    coalesce(nullif(trim(regexp_replace(upper(strip_accents(replace(d, '&', ' AND '))), '[^A-Z0-9]+', ' ',
                                        'g')), ''),
             nullif(trim(regexp_replace(upper(strip_accents(d)), '[^\p{L}\p{N}]+', ' ', 'g')), ''));
CREATE OR REPLACE MACRO text_key(s) AS
    coalesce(nullif(trim(regexp_replace(upper(s), '[^A-Z0-9]+', ' ', 'g')), ''),
             nullif(trim(regexp_replace(upper(strip_accents(s)), '[^\p{L}\p{N}]+', ' ', 'g')), ''));
