"""The context catalog: keyword phrases, their negative contexts, mixed vendors, review signals.

Business rule: a keyword counts only as words in context. models/catalog/keyword_phrases.csv
holds words and phrases (`|` separates phrases, `/` the forms of one word), keyword_contexts.csv
the words that cancel a keyword in the same text ("licence" beside "premises" is a permit),
mixed_vendors.csv the catalog vendors whose lines the account decides (Deloitte, Amazon
marketplace, Walmart), review_signals.csv the vendor-name words that rank the Review queue. The
files are loaded into DuckDB tables when their content hash changes, so classification joins them
set-based.

Worked example: the row `software/system licence/licences,tech,...` becomes four phrases
(['software', 'licence'], ['software', 'licences'], ['system', 'licence'], ['system',
'licences']); a row with signal `soe` names a purpose (a website) that gives technology its layer
and is never evidence of technology.
"""

from __future__ import annotations

import re
from pathlib import Path

from db import TechspendError
from models.catalog_load import bulk_insert

CONTEXT_FILES = ("keyword_phrases.csv", "keyword_contexts.csv", "mixed_vendors.csv",
                 "review_signals.csv")
SHIPPED_CATALOG = Path(__file__).parent / "catalog"


# the letters strip_accents leaves: folded as the SQL macro fold_text folds them (migration 023)
_FOLD = str.maketrans({"ı": "i", "ς": "σ", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "æ": "ae", "ß": "ss",
                       "œ": "oe", "þ": "th"})


def expand_phrases(text: str) -> list[list[str]]:
    """'software/system licence/licences|saas' -> [['software', 'licence'], ['software',
    'licences'], ['system', 'licence'], ['system', 'licences'], ['saas']]: `|` separates
    phrases, spaces separate tokens, `/` separates the forms of one token. Tokens are read as
    the SQL macro keyword_tokens reads text (lower case, accents folded, punctuation dropped)."""
    import itertools
    import unicodedata

    def token_forms(token: str) -> list[str]:
        out = []
        for form in token.split("/"):
            form = unicodedata.normalize("NFKD", form.lower().translate(_FOLD))
            # recomposed: NFKD splits a Hangul syllable into its letters, which the SQL keeps whole
            form = unicodedata.normalize("NFC", "".join(c for c in form if c.isalnum()))
            if form:
                out.append(form)
        return out

    phrases = []
    folded = unicodedata.normalize("NFKD", text.lower().translate(_FOLD))
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    folded = re.sub(r"[^\w/|]+|_", " ", folded)  # 'computer-aided' -> 'computer aided'
    for phrase in folded.split("|"):
        forms = [token_forms(t) for t in phrase.split()]
        if forms and all(forms):
            phrases.extend([list(p) for p in itertools.product(*forms)])
    return phrases


def _context_file(directory: Path, name: str) -> Path:
    path = directory / name
    return path if path.exists() else SHIPPED_CATALOG / name


def ensure_context_catalog(cur, directory: Path | None = None) -> bool:
    """Load keyword_phrases.csv, keyword_contexts.csv, mixed_vendors.csv and review_signals.csv (from `directory`
    when it has them, else the shipped models/catalog) when their content changed. Returns True
    when reloaded. Raises TechspendError naming the file and row of a bad value."""
    import csv
    import hashlib

    directory = Path(directory or SHIPPED_CATALOG)
    paths = [_context_file(directory, n) for n in CONTEXT_FILES]
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in paths)).hexdigest()[:16]
    row = cur.execute("SELECT version FROM context_catalog_meta").fetchone()
    if row and row[0] == digest:
        return False

    def rows(path: Path):
        with open(path, encoding="utf-8", newline="") as handle:
            yield from enumerate(csv.DictReader(handle), start=2)

    phrases, contexts, mixed = [], [], []
    for n, r in rows(paths[0]):
        signal, strength, applies = r.get("signal"), r.get("strength"), r.get("applies_to")
        expanded = expand_phrases(r.get("phrase") or "")
        if (signal not in {"tech", "non_tech", "soe"} or strength not in {"strong", "weak"}
                or applies not in {"description", "account", "both"} or not expanded):
            raise TechspendError(f"{paths[0].name} row {n}: needs a phrase, signal tech|non_tech|soe, "
                                 "strength strong|weak and applies_to description|account|both.")
        for tokens in expanded:
            phrases.append((n, " ".join(tokens), tokens, tokens[0], len(tokens), signal,
                            r.get("category") or None, strength, applies))
    known = {p[1] for p in phrases}
    for n, r in rows(paths[1]):
        keywords = [" ".join(t) for t in expand_phrases(r.get("keyword") or "")]
        found = [k for k in keywords if k in known]
        context = expand_phrases(r.get("context") or "")
        if not found or not context:
            raise TechspendError(f"{paths[1].name} row {n}: the keyword must be a phrase of "
                                 f"{paths[0].name} and the context must name words.")
        for keyword in found:
            for tokens in context:
                contexts.append((keyword, " ".join(tokens), tokens, tokens[0], len(tokens)))
    for n, r in rows(paths[2]):
        name = (r.get("canonical") or "").strip()
        if not name:
            raise TechspendError(f"{paths[2].name} row {n}: canonical is empty.")
        mixed.append((name, r.get("notes") or None))
    signals = []
    for n, r in rows(paths[3]):
        kind, word = r.get("kind"), (r.get("word") or "").strip().lower()
        try:
            weight = float(r["weight"]) if r.get("weight") else None
        except ValueError:
            weight = -1.0
        if (kind not in {"vendor_tech", "vendor_not_tech", "vendor_trade"} or not word.isalnum()
                or (kind == "vendor_tech" and not (weight is not None and 0 < weight < 1))):
            raise TechspendError(f"{paths[3].name} row {n}: needs kind vendor_tech|vendor_not_tech|"
                                 "vendor_trade,"
                                 " one word, and for vendor_tech a weight between 0 and 1.")
        signals.append((kind, word, weight))
    for table in ("catalog_keyword_phrases", "catalog_keyword_contexts", "catalog_mixed_vendors",
                  "catalog_review_signals", "context_catalog_meta"):
        cur.execute(f"DELETE FROM {table}")
    # one statement each: executemany runs one statement per row (1.4 s for these files)
    bulk_insert(cur, "catalog_keyword_phrases", ["phrase_id", "phrase", "tokens", "first_token",
                                                 "n_tokens", "signal", "category", "strength",
                                                 "applies_to"], phrases)
    bulk_insert(cur, "catalog_keyword_contexts", ["keyword", "context", "tokens", "first_token",
                                                  "n_tokens"], contexts)
    if mixed:
        cur.execute("INSERT OR IGNORE INTO catalog_mixed_vendors SELECT text_key(name), notes"
                    " FROM (SELECT unnest($names) AS name, unnest($notes) AS notes)",
                    {"names": [m[0] for m in mixed], "notes": [m[1] for m in mixed]})
    bulk_insert(cur, "catalog_review_signals", ["kind", "word", "weight"], signals)
    cur.execute("INSERT INTO context_catalog_meta VALUES (?)", [digest])
    return True
