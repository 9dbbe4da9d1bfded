"""The vendor catalog and matching vendor keys to it, once per DISTINCT key.

Business rule: a vendor key (see models.normalise) is sent to a catalog entry by, in order,

1. alias, exact: the key equals an alias of the entry (aliases are indexed both as written in
   vendors.csv and after models.normalise.vendor_key, so both sides are normalised alike);
2. pattern: an RE2 regex of the entry matches the key (evaluated in DuckDB, so RE2 semantics hold);
   when several match, the longest matched text wins (``^GOOGLE ADS`` beats ``^GOOGLE``), then the
   catalog row order;
3. alias prefix: the key is a whole alias followed only by descriptor words (places, billing and
   corporate words, references: models.normalise.DESCRIPTOR_WORDS), as card merchant descriptors
   print the name then a city ('OUTREACH SEATTLE', 'EE MOBILE BILL'); 'ADOBE ENERGY MANAGEMENT'
   is another business and does not match 'ADOBE';
   the LONGEST alias wins, and a first word that technology and non-technology entries share
   ('SAGE' / 'SAGE HOSPITALITY', 'GOOGLE' / 'GOOGLE ADS') never matches by prefix alone;
4. fuzzy: rapidfuzz ``ratio`` of the key against every normalised alias (``process.cdist`` over the
   distinct unmatched keys only), accepted at ``FUZZY_THRESHOLD`` or above for keys of at least
   ``FUZZY_MIN_LENGTH`` characters. The threshold is measured in bench/bench_fuzzy_threshold.py.

Worked example: 'SALESFORCE' is an alias of entry 'Salesforce' (alias); 'GOOGLE ADS' matches the
pattern ``^GOOGLE ADS\\b`` of 'Google Ads' (pattern); 'SALESFORCCE' scores 95 against 'SALESFORCE'
(fuzzy). The result of every distinct key is written to vendor_map and joined back in SQL.

The catalog is versioned data in models/catalog/*.csv (loaded by models.catalog_load, whose
names are importable from here); it is (re)loaded into DuckDB tables when
the files' content hash differs from catalog_meta.catalog_version.
"""

from __future__ import annotations

import numpy as np
import pyarrow.compute as pc
from rapidfuzz import fuzz, process

from models.catalog_load import (CATALOG_DIR, CATALOG_FILES, NON_TECH_CATEGORIES,  # noqa: F401
                                 TECH_CATEGORIES, VALID_LAYERS, CatalogError, CatalogStatus,
                                 bulk_insert, catalog_version, split_pipes)
from models import catalog_load
from models.normalise import is_descriptor, tidy_name, vendor_key

# Measured with bench/bench_fuzzy_threshold.py (catalog of 3,886 entries / 8,563 alias keys,
# seed 7; issue 10 grew it from 1,370):
#   synthetic typos of catalog aliases: precision 0.9983 at 92 (0.9972 at 90), is_tech right
#   0.9995; recall of one-edit typos 0.59 (0.72 at 90);
#   3,863 real supplier names (../shared/real_ledgers) reaching the fuzzy step: 2 accepted at
#   92, both right (NORTHGATE ARINSO -> Zellis, GOOGLE ADWS -> Google Ads); at 90 six more, five
#   wrong (TESSCO -> Tesco, HOSE DEPOT -> Home Depot, FRESH -> Fresha, TRADS -> RWS,
#   BICOMMUNICATIONS -> SBA Communications) and one right (PERFORMING RIGHTS SOCIETY -> PRS).
# A wrong fuzzy match is silent (confidence 0.78+, not reviewed); a miss lands in the Review
# queue. So precision wins: 92.
FUZZY_THRESHOLD = 92.0
FUZZY_MIN_LENGTH = 5
# A ONE-word core shorter than this is never guessed either: at 92 a 6- or 7-letter word passes
# with one added or dropped letter only, and that is how brands are coined from ordinary words
# (ACCESS -> Accesso, FRESH -> Fresha, TESCO/TESSCO), so the guess claims the ordinary word: on
# the real ledgers "ACCESS UK LTD" (passenger transport) became Accesso ticketing at 92.
# A real typo of a short one-word brand stays unmatched and lands in the Review queue.
FUZZY_MIN_SINGLE_WORD = 8


def ensure_catalog(cur, directory=None) -> CatalogStatus:
    """models.catalog_load.ensure_catalog from `directory`, else this module's CATALOG_DIR (the
    shipped catalog; tests point it at a fixture catalog)."""
    return catalog_load.ensure_catalog(cur, directory or CATALOG_DIR)


def _claimed_heads(aliases: dict[str, int]) -> set[str]:
    """Aliases whose own catalog entry also lists them followed by descriptor words only:
    Microsoft lists MICROSOFT and MICROSOFT UK, MICROSOFT IRELAND, so the entry claims the
    supplier's local entities ('MICROSOFT NORGE', 'MICROSOFT CHILE' match it by prefix even though
    MICROSOFT also begins Microsoft Advertising's aliases). GOOGLE claims none (no such alias), so
    'GOOGLE IRELAND' stays for the Review queue: ads or Workspace, the name cannot tell."""
    claimed = set()
    for alias, entry in aliases.items():
        tokens = alias.split()
        for cut in range(1, len(tokens)):
            head = " ".join(tokens[:cut])
            if aliases.get(head) == entry and all(is_descriptor(t) for t in tokens[cut:]):
                claimed.add(head)
    return claimed


def sync_vendor_keys(cur, *, source: str = "ledger_lines") -> int:
    """Normalise raw vendor strings not seen before (Python, once per distinct string).
    `source`: the relation of every line (classification passes lines a load still holds)."""
    new_raw = [r[0] for r in cur.execute(
        f"SELECT DISTINCT l.vendor FROM {source} l"
        " LEFT JOIN vendor_keys k ON k.raw_vendor = l.vendor"
        " WHERE l.vendor IS NOT NULL AND k.raw_vendor IS NULL"
    ).fetchall()]
    rows = [(raw, vendor_key(raw)) for raw in new_raw]
    rows = [(raw, key) for raw, key in rows if key]
    if rows:
        bulk_insert(cur, "vendor_keys", ["raw_vendor", "vendor_key"], rows)
    return len(rows)


# Words that many unrelated company names share: fuzzy matching compares what is left, so
# 'LCS TECHNOLOGIES' is not 'CA TECHNOLOGIES' and 'VWR INTERNATIONAL' is not 'VMWARE ...'.
GENERIC_WORDS = frozenset("""
    TECHNOLOGIES TECHNOLOGY TECH INTERNATIONAL GLOBAL GROUP HOLDINGS SERVICES SERVICE SYSTEMS
    SOLUTIONS SOFTWARE COMMUNICATIONS COMMUNICATION NETWORKS NETWORK ENTERPRISE ENTERPRISES
    PARTNERSHIP PARTNERS BUSINESS CONSULTING CONSULTANCY COMPUTERS COMPUTER DATA DIGITAL CLOUD
    AMERICA AMERICAS USA UK EUROPE NORTH SOUTH EAST WEST FACILITY FACILITIES MANAGEMENT
    INSURANCE ENERGY MEDIA ASSOCIATES COMPANY THE AND OF ONLINE SUPPLY SUPPLIES PRODUCTS
    """.split())


def fuzzy_core(key: str) -> str:
    """The distinctive words of a key: 'HCL TECHNOLOGIES' -> 'HCL'."""
    core = " ".join(t for t in key.split() if t not in GENERIC_WORDS)
    return core or key


def _guessable(core: str) -> bool:
    if len(core) < FUZZY_MIN_LENGTH:
        return False
    return " " in core or len(core) >= FUZZY_MIN_SINGLE_WORD


def fuzzy_candidates(keys: list[str], alias_keys: list[str], threshold: float = FUZZY_THRESHOLD,
                     chunk: int = 2000) -> list[tuple[int, float] | None]:
    """For each key, (index into alias_keys, score) of the best alias at or above threshold.

    score = min(ratio of the whole keys, ratio of their distinctive cores (fuzzy_core)), both by
    rapidfuzz ``ratio``: the whole key must be close AND the words that tell companies apart must
    be close ('LCS TECHNOLOGIES' vs 'CA TECHNOLOGIES' scores 90 whole, 40 on the cores).
    A key whose core is shorter than FUZZY_MIN_LENGTH is never guessed, nor a key whose core is
    one word shorter than FUZZY_MIN_SINGLE_WORD ('ACCESS' is not 'ACCESSO').
    """
    out: list[tuple[int, float] | None] = [None] * len(keys)
    if not keys or not alias_keys:
        return out
    alias_cores = [fuzzy_core(a) for a in alias_keys]
    eligible = [i for i, k in enumerate(keys) if _guessable(fuzzy_core(k))]
    for start in range(0, len(eligible), chunk):
        block = eligible[start:start + chunk]
        whole = process.cdist([keys[i] for i in block], alias_keys, scorer=fuzz.ratio,
                              dtype=np.uint8, score_cutoff=int(threshold), workers=-1)
        cores = process.cdist([fuzzy_core(keys[i]) for i in block], alias_cores,
                              scorer=fuzz.ratio, dtype=np.uint8, score_cutoff=int(threshold),
                              workers=-1)
        combined = np.minimum(whole, cores)
        best = combined.argmax(axis=1)
        for row, (i, j) in enumerate(zip(block, best)):
            score = float(combined[row, j])
            if score >= threshold:
                out[i] = (int(j), score)
    return out


def sync_vendor_map(cur, version: str, *, source: str = "ledger_lines") -> int:
    """Match every vendor key without a vendor_map row: alias, pattern (SQL), fuzzy (rapidfuzz).
    `source` as in sync_vendor_keys (a new vendor's name as written comes from its lines)."""
    cur.execute(
        """
        CREATE OR REPLACE TEMP TABLE _unmatched AS
        SELECT DISTINCT k.vendor_key FROM vendor_keys k
        LEFT JOIN vendor_map m ON m.vendor_key = k.vendor_key
        WHERE m.vendor_key IS NULL
        """
    )
    # patterns: RE2 through pyarrow, one vectorised call per pattern over all unmatched keys
    # (DuckDB recompiles a non-constant regex per row: 10x slower here). The keys come from
    # DuckDB as Arrow and the pairs go back as bound lists: Arrow built from Python lists
    # imports pandas, half a second of every load.
    key_array = cur.sql("SELECT vendor_key FROM _unmatched").to_arrow_table().column(0)
    keys = key_array.to_pylist()
    pattern_pairs: list[tuple] = []
    if keys:
        for pattern, entry in cur.execute(
                "SELECT pattern, entry_id FROM catalog_patterns ORDER BY entry_id").fetchall():
            hits = pc.indices_nonzero(pc.match_substring_regex(key_array, pattern))
            pattern_pairs.extend((keys[i], entry, pattern) for i in hits.to_pylist())
    cur.execute("CREATE OR REPLACE TEMP TABLE _pattern_pairs"
                " (vendor_key VARCHAR, entry_id INTEGER, pattern VARCHAR)")
    bulk_insert(cur, "_pattern_pairs", ["vendor_key", "entry_id", "pattern"], pattern_pairs)
    # alias prefix: the key is an alias followed only by descriptor words (places, billing and
    # corporate words, references); per distinct key, longest alias first
    aliases = dict(cur.execute(
        "SELECT alias_key, min(entry_id) FROM catalog_aliases GROUP BY 1").fetchall())
    claimed = _claimed_heads(aliases)
    prefix_pairs: list[tuple] = []
    for key in keys:
        tokens = key.split()
        for cut in range(len(tokens) - 1, 0, -1):
            head = " ".join(tokens[:cut])
            if head in aliases and len(head) >= 2 and all(is_descriptor(t) for t in tokens[cut:]):
                prefix_pairs.append((key, aliases[head], head, head in claimed))
                break
    cur.execute("CREATE OR REPLACE TEMP TABLE _prefix_pairs"
                " (vendor_key VARCHAR, entry_id INTEGER, alias_key VARCHAR, claimed BOOLEAN)")
    bulk_insert(cur, "_prefix_pairs", ["vendor_key", "entry_id", "alias_key", "claimed"], prefix_pairs)
    # 1. alias exact, 2. pattern, 3. alias prefix (longest, then catalog order), set-based
    cur.execute(
        """
        INSERT INTO vendor_map
        WITH ambiguous_words AS (
            SELECT split_part(a.alias_key, ' ', 1) AS first_word
            FROM catalog_aliases a JOIN catalog_vendors c USING (entry_id)
            GROUP BY 1 HAVING count(DISTINCT c.is_tech) > 1
        ),
        alias_hits AS (
            SELECT u.vendor_key, a.entry_id, a.alias_key AS matched, 1 AS method_rank,
                   100 AS match_len
            FROM _unmatched u JOIN catalog_aliases a ON a.alias_key = u.vendor_key
        ),
        pattern_hits AS (
            SELECT vendor_key, entry_id, pattern AS matched, 2 AS method_rank,
                   length(regexp_extract(vendor_key, pattern)) AS match_len
            FROM _pattern_pairs
        ),
        prefix_hits AS (
            SELECT vendor_key, entry_id, alias_key AS matched, 3 AS method_rank,
                   length(alias_key) AS match_len
            FROM _prefix_pairs
            -- not for a first word shared by technology and non-technology entries
            -- (SAGE vs SAGE HOSPITALITY, GOOGLE vs GOOGLE ADS): the name alone misleads there
            -- unless the entry itself lists the name with descriptor words as aliases (MICROSOFT
            -- UK, ORACLE USA): it claims the supplier's local entities (MICROSOFT NORGE)
            WHERE claimed OR split_part(alias_key, ' ', 1) NOT IN (SELECT first_word FROM ambiguous_words)
        ),
        best AS (
            SELECT * FROM (SELECT * FROM alias_hits UNION ALL SELECT * FROM pattern_hits
                           UNION ALL SELECT * FROM prefix_hits)
            QUALIFY row_number() OVER (PARTITION BY vendor_key
                                       ORDER BY method_rank, match_len DESC, entry_id) = 1
        )
        SELECT b.vendor_key, ?, b.entry_id, c.canonical,
               CASE b.method_rank WHEN 1 THEN 'alias' WHEN 2 THEN 'pattern' ELSE 'prefix' END,
               b.matched, 100.0
        FROM best b JOIN catalog_vendors c USING (entry_id)
        """,
        [version],
    )
    cur.execute("DROP TABLE _pattern_pairs")
    cur.execute("DROP TABLE _prefix_pairs")
    # 4. fuzzy over what is left
    left = [r[0] for r in cur.execute(
        "SELECT u.vendor_key FROM _unmatched u LEFT JOIN vendor_map m USING (vendor_key)"
        " WHERE m.vendor_key IS NULL ORDER BY 1"
    ).fetchall()]
    alias_rows = cur.execute(
        "SELECT a.alias_key, a.entry_id, c.canonical FROM catalog_aliases a"
        " JOIN catalog_vendors c USING (entry_id) ORDER BY a.entry_id, a.alias_key"
    ).fetchall()
    alias_keys = [r[0] for r in alias_rows]
    # a vendor nobody has catalogued is shown as the ledger writes it most often (literally:
    # '<img src=x ...>' stays that text), not as a reworded key
    as_written = dict(cur.execute(
        "SELECT vendor_key, spelling FROM ("
        "  SELECT k.vendor_key, trim(l.vendor) AS spelling, sum(l.n) AS n"
        f"  FROM (SELECT vendor, count(*) AS n FROM {source} GROUP BY vendor) l"  # trim per name
        "  JOIN vendor_keys k ON k.raw_vendor = l.vendor"
        "  WHERE k.vendor_key IN (SELECT vendor_key FROM _unmatched) GROUP BY ALL)"
        " QUALIFY row_number() OVER (PARTITION BY vendor_key ORDER BY n DESC, spelling) = 1"
    ).fetchall())
    rows = []
    for key, hit in zip(left, fuzzy_candidates(left, alias_keys)):
        if hit is None:
            rows.append((key, version, None, as_written.get(key) or tidy_name(key), "none", None,
                         0.0))
        else:
            j, score = hit
            rows.append((key, version, alias_rows[j][1], alias_rows[j][2], "fuzzy",
                         alias_rows[j][0], score))
    if rows:
        bulk_insert(cur, "vendor_map", ["vendor_key", "catalog_version", "entry_id", "canonical",
                                         "method", "matched", "score"], rows)
    cur.execute("DROP TABLE _unmatched")
    return len(rows)


def map_description_vendors(cur, version: str) -> None:
    """Give every catalog alias a vendorless line's description names (TEMP table
    _int_description_vendors) its vendor_map row, as an exact alias match, so the line
    classifies as that supplier's (models/sql/classify_int_description_vendors.sql)."""
    cur.execute(
        "INSERT INTO vendor_map (vendor_key, catalog_version, entry_id, canonical, method,"
        " matched, score)"
        " SELECT d.vendor_key, ?, min(d.entry_id), arg_min(c.canonical, d.entry_id), 'alias',"
        "  d.vendor_key, 100.0"
        " FROM _int_description_vendors d JOIN catalog_vendors c USING (entry_id)"
        " WHERE d.vendor_key NOT IN (SELECT vendor_key FROM vendor_map) GROUP BY d.vendor_key",
        [version])

