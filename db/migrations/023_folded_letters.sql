-- 023_folded_letters: text is matched against keywords with every Latin letter folded to plain
-- a-z, those that have no accent to strip included: Turkish dotless 'ı', Danish and Norwegian
-- 'ø' and 'æ', German 'ß', Polish 'ł', 'đ', 'œ', 'þ', 'ð' (the letters ingest's heading tokens
-- fold the same way: ingest.mapping.vocab).
-- Before, DuckDB's strip_accents left these letters as they were and keyword_tokens dropped them
-- as punctuation: 'Yazılım Lisans' (software licences) became ['yaz', 'l', 'm', 'lisans'] and
-- 'Usługi' ['us', 'ugi']. And the account keywords, regexes with ASCII word boundaries (RE2),
-- saw a word boundary inside a word beside any such letter: 'Reklam ve İlan Giderleri'
-- (advertising) matched \blan\b and was called a network cost.
-- Worked example: fold_text('Yazılım Lisans Giderleri') -> 'yazilim lisans giderleri';
-- fold_text('Bøger & Straße') -> 'boger & strasse'; keyword_tokens('Usługi IT') -> ['uslugi', 'it'].
-- fold_letters keeps the case (a regex's \S stays \S); fold_text is it over lower case.
CREATE OR REPLACE MACRO fold_letters(t) AS
    strip_accents(replace(replace(replace(replace(replace(replace(replace(
        translate(t, 'ıøØłŁđĐðÐς', 'ioOlLdDdDσ'), 'æ', 'ae'), 'Æ', 'AE'), 'ß', 'ss'), 'œ', 'oe'),
        'Œ', 'OE'), 'þ', 'th'), 'Þ', 'TH'));
CREATE OR REPLACE MACRO fold_text(t) AS
    fold_letters(lower(t));
-- Tokens keep the letters of every script: a Greek, Cyrillic or Hebrew description is words too
-- ('Άδειες λογισμικού' -> ['αδειες', 'λογισμικου']); before, only a-z and 0-9 were kept, so such a
-- description had no words at all and no keyword could match it. Latin text tokenises as before,
-- with the letters above folded.
CREATE OR REPLACE MACRO keyword_tokens(t) AS
    list_filter(string_split(trim(regexp_replace(fold_text(t), '[^\p{L}\p{N}]+', ' ', 'g')), ' '),
                lambda x: x <> '');
