"""Classification: every ledger line -> technology or not, SoR/SoE, IT-owned, with its reason.

Business rule (issue 3). For each line, the strongest evidence present decides:

    person's rule  >  vendor catalog  >  account name keyword  >  merchant category code
                   >  description keyword  >  default (not technology, confidence 0.3)

(within account and MCC, a strong signal beats a weak one of either kind: a strong non-technology
account such as "Advertising" beats a weak technology word; a weak account word yields to a strong
MCC). A MIXED catalog vendor (models/catalog/mixed_vendors.csv: consultancies, outsourcers,
marketplaces) does not decide: its lines go to the account, MCC and description, and the catalog
entry only breaks the tie ('account: "IT Consultancy" (mixed vendor Deloitte)').

Description keywords are words and phrases with context (keyword_phrases.csv, keyword_contexts.csv,
matched on tokens in classify_int_description_evidence.sql): "process server", "TV licence",
"lease of land for a telecom mast" are not technology; "computer-aided dispatch" is. Technology lines get a layer: the rule's or catalog's SoR/SoE, else, for infrastructure and
technology of unknown purpose, the buying department's orientation (customer-facing -> SoE, else
SoR). `it_owned` is the buying department's IT flag (models.departments).

Worked example: a card line "SQ *SLACK TECHNOLOGIES" bought by "Digital Marketing" under account
"Subscriptions" -> vendor key 'SLACK TECHNOLOGIES' -> catalog 'Slack' (SoR, Software & SaaS) ->
is_tech, layer SoR, it_owned false (Digital Marketing is not IT), reason 'catalog: Slack',
confidence 0.95. If a person adds "vendor contains slack -> technology, SoE", the reason becomes
'rule #1 by cfo@example.com (vendor contains "SLACK")' on every past and future line.

How it runs (set-based; Python never loops over ledger lines):

1. models.vendor_match: new DISTINCT raw vendor strings -> keys (Python), new DISTINCT keys ->
   catalog entries (alias/pattern in DuckDB, fuzzy with rapidfuzz.process.cdist) -> vendor_map;
2. ensure_context_catalog: the keyword phrases, contexts, mixed vendors and review signals;
   models.departments.sync_departments: DISTINCT units -> IT / customer-facing flags, spelling
   variants merged, organisation-map roll-ups (no line loops);
3. the SQL models in models/sql/classify_*.sql (staging -> intermediate -> mart) rebuild the
   classified_lines rows of the uploads in scope in one transaction (bumps data_version).

`refresh(store)` rebuilds everything (after a rule, department, merge or settings change);
`refresh(store, [upload_id])` only those uploads (after a load; for a deleted upload it removes its
rows).
"""

from __future__ import annotations

import re
import time
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import pandas as pd
import pyarrow as pa

from db import Store, TechspendError
from models import vendor_match
from models.departments import sync_departments

SQL_DIR = Path(__file__).parent / "sql"

# Lines below this confidence feed the Review queue: weak account words (0.6), weak MCCs,
# description keywords and the default.
LOW_CONFIDENCE = 0.65

@lru_cache(maxsize=None)
def sql(name: str) -> str:
    """The text of models/sql/<name>.sql."""
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def _fiscal_start_month(cur) -> int:
    row = cur.execute("SELECT value FROM settings WHERE key = 'fiscal_year_start_month'").fetchone()
    try:
        month = int(row[0]) if row else 1
    except ValueError:
        month = 0
    if not 1 <= month <= 12:
        raise TechspendError(
            f"The setting fiscal_year_start_month is '{row[0]}'; it must be a month number 1-12."
        )
    return month


def _reporting_currency(cur) -> str:
    row = cur.execute("SELECT value FROM settings WHERE key = 'reporting_currency'").fetchone()
    return (row[0] if row else "GBP").strip().upper()


CONTEXT_FILES = ("keyword_phrases.csv", "keyword_contexts.csv", "mixed_vendors.csv",
                 "review_signals.csv")
SHIPPED_CATALOG = Path(__file__).parent / "catalog"


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
            form = unicodedata.normalize("NFKD", form.lower())
            form = "".join(c for c in form if c.isascii() and c.isalnum())
            if form:
                out.append(form)
        return out

    phrases = []
    folded = unicodedata.normalize("NFKD", text.lower())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    folded = re.sub(r"[^a-z0-9/|]+", " ", folded)  # 'computer-aided' -> 'computer aided'
    for phrase in folded.split("|"):
        forms = [token_forms(t) for t in phrase.split()]
        if forms and all(forms):
            phrases.extend([list(p) for p in itertools.product(*forms)])
    return phrases


def _context_file(directory: Path, name: str) -> Path:
    path = directory / name
    return path if path.exists() else SHIPPED_CATALOG / name


def ensure_context_catalog(cur, directory: Path | None = None) -> bool:
    """Load keyword_phrases.csv, keyword_contexts.csv and mixed_vendors.csv (from `directory`
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
        if (signal not in {"tech", "non_tech"} or strength not in {"strong", "weak"}
                or applies not in {"description", "account", "both"} or not expanded):
            raise TechspendError(f"{paths[0].name} row {n}: needs a phrase, signal tech|non_tech, "
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
        if (kind not in {"vendor_tech", "vendor_not_tech"} or not word.isalnum()
                or (kind == "vendor_tech" and not (weight is not None and 0 < weight < 1))):
            raise TechspendError(f"{paths[3].name} row {n}: needs kind vendor_tech|vendor_not_tech,"
                                 " one word, and for vendor_tech a weight between 0 and 1.")
        signals.append((kind, word, weight))
    for table in ("catalog_keyword_phrases", "catalog_keyword_contexts", "catalog_mixed_vendors",
                  "catalog_review_signals", "context_catalog_meta"):
        cur.execute(f"DELETE FROM {table}")
    cur.executemany("INSERT INTO catalog_keyword_phrases VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    phrases)
    if contexts:
        cur.executemany("INSERT INTO catalog_keyword_contexts VALUES (?, ?, ?, ?, ?)", contexts)
    if mixed:
        cur.executemany("INSERT OR IGNORE INTO catalog_mixed_vendors"
                        " SELECT text_key(?), ?", mixed)
    cur.executemany("INSERT INTO catalog_review_signals VALUES (?, ?, ?)", signals)
    cur.execute("INSERT INTO context_catalog_meta VALUES (?)", [digest])
    return True


_STEPS = (
    ("_stg_lines", "classify_stg_lines"),
    ("_int_rule_hits", "classify_int_rule_hits"),
    ("_int_account_evidence", "classify_int_account_evidence"),
    ("_int_description_evidence", "classify_int_description_evidence"),
    ("_int_vendor_word_evidence", "classify_int_vendor_word_evidence"),
)


def rebuild(cur, upload_ids: Iterable[int] | None = None, *,
            catalog_dir: Path | None = None) -> dict[str, float]:
    """Rebuild classified_lines inside an open transaction `cur` (see refresh).

    Returns the seconds each step took (for bench/bench_classify.py)."""
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(step: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[step] = now - clock
        clock = now

    status = vendor_match.ensure_catalog(cur, catalog_dir)
    lap("catalog")
    vendor_match.sync_vendor_keys(cur)
    lap("vendor keys")
    vendor_match.sync_vendor_map(cur, status.version)
    lap("vendor map")
    context_reloaded = ensure_context_catalog(cur, catalog_dir)
    lap("context catalog")
    departments_changed = sync_departments(cur)
    lap("departments")

    # a new catalog or new default department flags change lines of every upload
    full = (upload_ids is None or status.reloaded or context_reloaded
            or departments_changed)
    if full:
        cur.execute("CREATE OR REPLACE TEMP TABLE _scope AS SELECT DISTINCT upload_id FROM ledger_lines")
    else:
        ids = sorted({int(u) for u in upload_ids})
        cur.execute("CREATE OR REPLACE TEMP TABLE _scope AS SELECT unnest(?::INTEGER[]) AS upload_id",
                    [ids])
    cur.execute(
        "CREATE OR REPLACE TEMP TABLE _params AS"
        " SELECT ?::INTEGER AS fiscal_start_month, ?::VARCHAR AS reporting_currency",
        [_fiscal_start_month(cur), _reporting_currency(cur)],
    )
    has_rules = cur.execute("SELECT count(*) FROM rules WHERE removed_at IS NULL").fetchone()[0]
    for table, model in _STEPS:
        params: list = []
        query = sql(model)
        if model == "classify_int_rule_hits" and not has_rules:  # same columns, no work
            cur.execute(f"CREATE OR REPLACE TEMP TABLE {table} (upload_id INTEGER,"
                        " source_row INTEGER, rule_id INTEGER)")
            continue
        cur.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS {query}", params)
        lap(model)
    if full:
        cur.execute("DELETE FROM classified_lines")
    else:
        cur.execute("DELETE FROM classified_lines WHERE upload_id IN (SELECT upload_id FROM _scope)")
    lap("delete")
    cur.execute(f"INSERT INTO classified_lines BY NAME {sql('classify_mart_lines')}")
    lap("classify_mart_lines")
    for table in ("_scope", "_params", *(t for t, _ in _STEPS)):
        cur.execute(f"DROP TABLE IF EXISTS {table}")
    return timings


def refresh(store: Store, upload_ids: Iterable[int] | None = None, *,
            catalog_dir: Path | None = None) -> dict[str, float]:
    """(Re)build classified_lines: all uploads when upload_ids is None, else only those.

    Call after every load (`refresh(store, [result.upload_id])`), after deleting an upload
    (`refresh(store, [deleted_id])` removes its rows), and after any settings change
    (`refresh(store)`). Rule, department and merge changes in this package refresh by themselves.
    One transaction; bumps data_version.
    """
    with store.transaction() as cur:
        return rebuild(cur, upload_ids, catalog_dir=catalog_dir)


# ---- the analytics the pages and the CLI read -------------------------------------------------
@dataclass(frozen=True)
class Shares:
    """Spend split for one period. Amounts in the reporting currency (lines without an FX rate
    are left out and counted in Summary.fx_missing_lines). Shares are 0..1 of technology spend,
    None when there is no technology spend in the group."""

    total_spend: Decimal
    tech_spend: Decimal
    tech_spend_inside_it: Decimal
    tech_spend_outside_it: Decimal
    tech_share_outside_it: float | None
    sor_share: float | None
    soe_share: float | None
    sor_share_inside_it: float | None
    soe_share_inside_it: float | None
    sor_share_outside_it: float | None
    soe_share_outside_it: float | None


@dataclass(frozen=True)
class Summary:
    reporting_currency: str
    lines: int
    fx_missing_lines: int
    overall: Shares
    by_quarter: tuple[tuple[str, Shares], ...] = field(default=())  # (quarter label, shares)

    def to_dict(self) -> dict:
        def conv(shares: Shares) -> dict:
            return {k: (round(float(v), 2) if isinstance(v, Decimal) else
                        (None if v is None else round(v, 6)))
                    for k, v in asdict(shares).items()}

        return {
            "reporting_currency": self.reporting_currency,
            "lines": self.lines,
            "fx_missing_lines": self.fx_missing_lines,
            "overall": conv(self.overall),
            "by_quarter": [{"quarter": q, **conv(s)} for q, s in self.by_quarter],
        }


def summary(store: Store) -> Summary:
    """Headline figures overall and per fiscal quarter, from classified_lines."""
    from models.sql import load_sql  # trust (#11): the summary includes headline_measures.sql

    table = store.arrow(load_sql("classify_summary"))
    rows = table.to_pylist()
    names = [f.name for f in dataclass_fields(Shares)]
    overall = next((r for r in rows if r["quarter_key"] is None), None)

    def shares(r: dict | None) -> Shares:
        if r is None:
            return Shares(**{n: None if "share" in n else Decimal(0) for n in names})
        return Shares(**{n: r[n] for n in names})

    return Summary(
        reporting_currency=store.setting("reporting_currency", "GBP") or "GBP",
        lines=int(overall["lines"]) if overall else 0,
        fx_missing_lines=int(overall["fx_missing_lines"]) if overall else 0,
        overall=shares(overall),
        by_quarter=tuple((r["quarter_label"], shares(r)) for r in rows if r["quarter_key"] is not None),
    )


def dataclass_fields(cls):
    from dataclasses import fields

    return fields(cls)


def headline_share(store: Store) -> float | None:
    """The share of technology spend outside IT (0..1), all periods."""
    return summary(store).overall.tech_share_outside_it


NEAR_MISS_THRESHOLD = 80.0   # fuzzy score that makes an unmatched vendor a review candidate
NEAR_MISS_MAX_KEYS = 20000   # the largest unmatched candidate vendors compared to the catalog


def _near_misses(store: Store, max_confidence: float) -> pa.Table:
    """Unmatched candidate vendors whose key is close (>= NEAR_MISS_THRESHOLD, below the
    matcher's acceptance threshold) to a technology catalog alias: vendor_key, near_canonical,
    score. Vectorised (rapidfuzz cdist through vendor_match.fuzzy_candidates) over DISTINCT keys."""
    keys = [r[0] for r in store.rows(
        """
        SELECT c.vendor_key FROM classified_lines c
        JOIN vendor_map vm ON vm.vendor_key = c.vendor_key AND vm.method = 'none'
        WHERE c.confidence < ?
        GROUP BY c.vendor_key ORDER BY sum(abs(c.amount)) DESC LIMIT ?
        """, [max_confidence, NEAR_MISS_MAX_KEYS])]
    aliases = store.rows(
        "SELECT DISTINCT a.alias_key, v.canonical FROM catalog_aliases a"
        " JOIN catalog_vendors v USING (entry_id) WHERE v.is_tech ORDER BY 1, 2")
    found = vendor_match.fuzzy_candidates(keys, [a[0] for a in aliases],
                                          threshold=NEAR_MISS_THRESHOLD) if keys and aliases else []
    rows = [(k, aliases[hit[0]][1], hit[1]) for k, hit in zip(keys, found) if hit]
    return pa.table({"vendor_key": pa.array([r[0] for r in rows], pa.string()),
                     "near_canonical": pa.array([r[1] for r in rows], pa.string()),
                     "score": pa.array([float(r[2]) for r in rows], pa.float64())})


def review_queue(store: Store, limit: int = 200, max_confidence: float = LOW_CONFIDENCE,
                 search: str | None = None) -> pd.DataFrame:
    """Vendors worth a person's look, one row per vendor, ranked by expected misclassified spend
    (the chance each line is wrong times its amount; see classify_review_queue.sql), not by
    amount alone. `search` (text in the vendor's name, any case/punctuation) reaches every
    vendor, however confidently classified.

    Columns: vendor_key, vendor (canonical name), lines, amount (sum of amount_reporting, or of
    amount where FX is missing), abs_amount, score (expected misclassified amount), likelihood
    (score / abs_amount, 0..1), signals (the weak evidence found, readable), tech_lines,
    decided_by (most common), reason (most common), confidence (lowest), departments (distinct
    count), example_vendor (one raw spelling). Lines without a vendor are left out.
    """
    near = _near_misses(store, max_confidence)
    with store.cursor() as cur:
        cur.register("_near_miss", near)
        try:
            return cur.sql(sql("classify_review_queue"), params={
                "max_confidence": float(max_confidence), "search": search or None,
                "limit": int(limit)}).to_arrow_table().to_pandas()
        finally:
            cur.unregister("_near_miss")


def assignment_effect(store: Store, vendor_keys: Iterable[str], *, is_tech: bool,
                      layer: str | None = None, limit: int = 5000) -> tuple[dict, pd.DataFrame]:
    """What assigning `vendor_keys` (technology or not, optionally a layer) would change, before
    anything is saved: (totals, lines). totals: vendors, lines (all their lines), amount,
    changing_lines, changing_amount (lines whose technology flag or layer would change, in the
    reporting currency, else the original amount). lines: the changing lines, largest first
    (upload_id, source_file, source_row, txn_date, vendor, department, account_name,
    description, amount, currency, is_tech, layer, reason, new_is_tech, new_layer), at most
    `limit` (the totals count all of them). A layer of None means 'by buying department'."""
    keys = [k for k in dict.fromkeys(vendor_keys) if k]
    changing = """
        WITH lines AS (
            -- the layer a rule without a layer gives: the catalog's SoR/SoE, else the buying
            -- department's orientation (as classify_mart_lines decides it)
            SELECT cl.*, coalesce(cl.amount_reporting, cl.amount) AS amount_any,
                   CASE WHEN NOT $is_tech THEN NULL
                        WHEN $layer::VARCHAR IS NOT NULL THEN $layer::VARCHAR
                        WHEN cv.is_tech AND cv.layer IN ('SoR', 'SoE') THEN cv.layer
                        WHEN cl.customer_facing THEN 'SoE' ELSE 'SoR' END AS new_layer
            FROM classified_lines cl
            LEFT JOIN vendor_map vm ON vm.vendor_key = cl.vendor_key
            LEFT JOIN catalog_vendors cv ON cv.entry_id = vm.entry_id
            WHERE list_contains($keys::VARCHAR[], cl.vendor_key)
        )
        SELECT *, (is_tech <> $is_tech OR layer IS DISTINCT FROM new_layer) AS changes
        FROM lines
    """
    params = {"keys": keys, "is_tech": bool(is_tech), "layer": layer}
    totals = store.df(
        f"SELECT count(DISTINCT vendor_key) AS vendors, count(*) AS lines,"
        f" coalesce(sum(amount_any), 0)::DOUBLE AS amount,"
        f" count(*) FILTER (WHERE changes) AS changing_lines,"
        f" coalesce(sum(amount_any) FILTER (WHERE changes), 0)::DOUBLE AS changing_amount"
        f" FROM ({changing})", params).iloc[0].to_dict()
    lines = store.df(
        f"SELECT upload_id, source_file, source_row, txn_date, vendor, department, account_name,"
        f" description, amount, currency, is_tech, layer, reason, $is_tech AS new_is_tech,"
        f" new_layer FROM ({changing}) WHERE changes"
        f" ORDER BY abs(amount_any) DESC, upload_id, source_row LIMIT $limit",
        params | {"limit": int(limit)})
    return {k: (int(v) if k.endswith("lines") or k == "vendors" else float(v))
            for k, v in totals.items()}, lines


def vendor_lines(store: Store, vendor_key: str, limit: int = 500) -> pd.DataFrame:
    """The lines behind one vendor (largest first). Columns: upload_id, source_file, source_row,
    txn_date, vendor, department, account_name, description, amount, currency, amount_reporting,
    is_tech, layer, category, it_owned, decided_by, reason, confidence."""
    return store.df(
        """
        SELECT upload_id, source_file, source_row, txn_date, vendor, department, account_name,
               description, amount, currency, amount_reporting, is_tech, layer, category,
               it_owned, decided_by, reason, confidence
        FROM classified_lines WHERE vendor_key = ?
        ORDER BY abs(amount) DESC, upload_id, source_row
        LIMIT ?
        """,
        [vendor_key, int(limit)],
    )


def vendor_choices(store: Store, limit: int = 5000) -> pd.DataFrame:
    """Vendors for pickers, largest (absolute amount) first, at most `limit`.
    Columns: vendor_key, vendor (canonical), lines, amount."""
    return store.df(
        """
        SELECT vendor_key, any_value(vendor_canonical) AS vendor, count(*) AS lines,
               sum(coalesce(amount_reporting, amount))::DOUBLE AS amount
        FROM classified_lines WHERE vendor_key IS NOT NULL
        GROUP BY vendor_key ORDER BY sum(abs(coalesce(amount_reporting, amount))) DESC, vendor_key
        LIMIT ?
        """,
        [int(limit)],
    )


EXPORT_COLUMNS = ("source_file", "source_row", "date", "vendor", "department", "account",
                  "description", "amount", "currency", "vendor_canonical", "is_tech", "layer",
                  "it_owned", "category", "reason")


def export_relation(store: Store) -> pa.Table:
    """One row per classified line for `techspend export`, in load order. Columns (in order):
    source_file, source_row, date, vendor, department, account (account name, else code),
    description, amount (original currency, DECIMAL), currency, vendor_canonical, is_tech,
    layer ('SoR'/'SoE', NULL when not technology), it_owned, category, reason."""
    return store.arrow(
        """
        SELECT source_file, source_row, txn_date AS date, vendor, department,
               coalesce(account_name, account_code) AS account, description, amount, currency,
               vendor_canonical, is_tech, layer, it_owned, category, reason
        FROM classified_lines ORDER BY upload_id, source_row
        """
    )


def unclassified_count(store: Store) -> int:
    """Ledger lines without a classified_lines row (0 after every refresh)."""
    return int(store.scalar(
        "SELECT count(*) FROM ledger_lines l ANTI JOIN classified_lines c USING (upload_id, source_row)"
    ))
