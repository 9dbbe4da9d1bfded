"""The vendor catalog files (models/catalog/*.csv) loaded into DuckDB, checked row by row.

Business rule: the catalog is versioned data reviewed like code. vendors.csv (who a supplier is),
account_keywords.csv, mcc.csv and vendor_words.csv are read, every value checked (a bad
enumeration, a regex RE2 cannot compile, an alias claimed twice is a CatalogError naming the file
and row), and loaded into the catalog_* tables only when the files' content hash differs from
catalog_meta.catalog_version; a reload re-keys and re-matches every vendor.

Worked example: vendors.csv row `Slack,,true,Software & SaaS,SoR,SLACK|SLACK TECHNOLOGIES,,` ->
catalog_vendors (entry 'Slack', is_tech, SoR) and catalog_aliases 'SLACK', 'SLACK TECHNOLOGIES'
(and their models.normalise.vendor_key forms); the version is the SHA-256 of the four files.

Preparing the rows (checking 8,000 entries, keying 12,000 aliases in Python) takes most of a
second, and every new workspace pays it. So the prepared rows are kept in a cache file named by
the version (which hashes the files and the code that keys them) and by DuckDB's version (whose
RE2 checked the regexes): the next new workspace, in any process, reads them back (tens of
milliseconds). A cache file that is missing, unreadable or in another shape is ignored and the
catalog prepared again; one that cannot be written is skipped. See cache_dir() for where.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import json
import os
from dataclasses import dataclass
from pathlib import Path

import duckdb

from db import TechspendError
from db.connection import first_invalid_regex
from models.normalise import vendor_key

CATALOG_DIR = Path(__file__).parent / "catalog"
CATALOG_FILES = ("vendors.csv", "account_keywords.csv", "mcc.csv", "vendor_words.csv")


VALID_LAYERS = {"SoR", "SoE", "Infrastructure"}
TECH_CATEGORIES = (
    "Software & SaaS",
    "Cloud & hosting",
    "Hardware & devices",
    "Telecom & network",
    "IT services & outsourcing",
)
NON_TECH_CATEGORIES = (
    "Advertising & media",
    "Professional fees",
    "Research & subscriptions",
    "Travel & expenses",
    "Office & facilities",
    "Staffing",
    "General goods",
    "Other non-technology",
)


class CatalogError(TechspendError):
    pass


def _truthy(value: str, file: str, row: int, column: str) -> bool:
    text = (value or "").strip().lower()
    if text in {"true", "1", "yes", "y", "t"}:
        return True
    if text in {"false", "0", "no", "n", "f"}:
        return False
    raise CatalogError(f"{file} row {row}: {column} must be true or false, found '{value}'.")


def split_pipes(text: str | None) -> list[str]:
    """Split 'A|B|(C|D)' on top-level pipes only: ['A', 'B', '(C|D)']."""
    parts, depth, current, escaped = [], 0, [], False
    for ch in text or "":
        if escaped:
            current.append(ch)
            escaped = False
            continue
        if ch == "\\":
            current.append(ch)
            escaped = True
            continue
        if ch in "([":
            depth += 1
        elif ch in ")]" and depth:
            depth -= 1
        if ch == "|" and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


def catalog_version(directory: Path) -> str:
    """Content hash of the catalog CSVs AND of the matching code (models/normalise.py,
    models/descriptors.py and this file): a new normaliser or matcher re-keys and re-matches
    every vendor, as a new catalog does."""
    digest = hashlib.sha256()
    for name in CATALOG_FILES:
        path = directory / name
        digest.update(name.encode())
        digest.update(path.read_bytes() if path.exists() else b"<absent>")
    for code in (Path(__file__), Path(__file__).with_name("normalise.py"),
                 Path(__file__).with_name("descriptors.py")):
        digest.update(code.read_bytes())
    return digest.hexdigest()[:16]


def _read_csv(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    text = path.read_text(encoding="utf-8-sig")
    return [
        {(k or "").strip(): (v or "").strip() for k, v in row.items()}
        for row in csv.DictReader(io.StringIO(text))
    ]


@dataclass(frozen=True)
class CatalogStatus:
    version: str
    loaded_from: str
    vendors: int
    reloaded: bool


@dataclass(frozen=True)
class PreparedCatalog:
    """The rows of each catalog_* table, checked and keyed (prepare_catalog)."""

    vendors: tuple[tuple, ...]
    aliases: tuple[tuple, ...]      # (alias_key, entry_id), each key once (first entry wins)
    patterns: tuple[tuple, ...]
    keywords: tuple[tuple, ...]
    mccs: tuple[tuple, ...]
    words: tuple[tuple, ...]


def cache_dir() -> Path:
    """Where prepared catalogs are kept between processes: TECHSPEND_CACHE_DIR, else
    $XDG_CACHE_HOME/techspend, else ~/.cache/techspend."""
    explicit = os.environ.get("TECHSPEND_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "techspend"


def _cache_path(version: str) -> Path:
    # the version hashes the files and the code that keys them; DuckDB's is in the name because
    # the regexes were checked by its RE2
    return cache_dir() / f"catalog-{version}-duckdb{duckdb.__version__}.json"


def _cached_prepared(version: str) -> PreparedCatalog | None:
    """The catalog prepared by an earlier process for this exact version, or None (absent,
    unreadable or not what this code writes: then it is prepared again)."""
    try:
        data = json.loads(_cache_path(version).read_text(encoding="utf-8"))
        return PreparedCatalog(**{name: tuple(tuple(row) for row in data[name])
                                  for name in PreparedCatalog.__dataclass_fields__})
    except (OSError, ValueError, TypeError, KeyError):
        return None


def _store_prepared(version: str, prepared: PreparedCatalog) -> None:
    """Keep `prepared` for the next process (written whole, then renamed: a reader never sees
    half a file). A cache that cannot be written is skipped: it only saves time."""
    path = _cache_path(version)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
        partial.write_text(json.dumps(dataclasses.asdict(prepared)), encoding="utf-8")
        os.replace(partial, path)
    except OSError:
        pass


def ensure_catalog(cur, directory: Path | None = None) -> CatalogStatus:
    """Load models/catalog/*.csv into DuckDB when their content changed. Runs inside `cur`'s
    transaction. Raises CatalogError naming file and row for a bad value or regex."""
    directory = Path(directory or CATALOG_DIR)
    version = catalog_version(directory)
    row = cur.execute("SELECT catalog_version, loaded_from, vendors FROM catalog_meta").fetchone()
    if row and row[0] == version:
        return CatalogStatus(row[0], row[1], row[2], reloaded=False)
    prepared = _cached_prepared(version)
    if prepared is None:
        prepared = prepare_catalog(directory, version)
        _store_prepared(version, prepared)
    vendors, aliases, patterns = prepared.vendors, prepared.aliases, prepared.patterns
    keywords, mccs, words = prepared.keywords, prepared.mccs, prepared.words

    for table in ("catalog_vendors", "catalog_aliases", "catalog_patterns",
                  "catalog_account_keywords", "catalog_mcc", "catalog_vendor_words",
                  "catalog_meta"):
        cur.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed table names
    if vendors:
        bulk_insert(cur, "catalog_vendors", ["entry_id", "catalog_version", "vendor", "product",
                                              "canonical", "is_tech", "category", "layer",
                                              "notes"], vendors)
    if aliases:
        bulk_insert(cur, "catalog_aliases", ["alias_key", "entry_id"], list(aliases))
    if patterns:
        bulk_insert(cur, "catalog_patterns", ["pattern", "entry_id"], patterns)
    if keywords:
        bulk_insert(cur, "catalog_account_keywords",
                    ["keyword_id", "keyword", "signal", "category", "strength"], keywords)
    if mccs:
        bulk_insert(cur, "catalog_mcc", ["mcc", "description", "is_tech", "category", "strength"],
                    list(mccs))
    if words:
        bulk_insert(cur, "catalog_vendor_words", ["word", "category", "layer", "precision_catalog",
                                                  "precision_sample", "evidence"], words)
    cur.execute("INSERT INTO catalog_meta (catalog_version, loaded_from, vendors) VALUES (?, ?, ?)",
                [version, str(directory), len(vendors)])
    # every raw vendor is keyed again and every key matched again
    cur.execute("DELETE FROM vendor_map")
    cur.execute("DELETE FROM vendor_keys")
    return CatalogStatus(version, str(directory), len(vendors), reloaded=True)


def prepare_catalog(directory: Path, version: str) -> PreparedCatalog:
    """The rows of the catalog_* tables from the catalog files: every value checked, every alias
    keyed (models.normalise.vendor_key). Raises CatalogError naming the file and row."""
    vendors, aliases, patterns = [], [], []
    for n, r in enumerate(_read_csv(directory / "vendors.csv"), start=1):
        file_row = n + 1  # header is row 1
        vendor, product = r.get("vendor", ""), r.get("product", "")
        if not vendor:
            raise CatalogError(f"vendors.csv row {file_row}: vendor is empty.")
        canonical = product or vendor  # products are standalone names: 'GitHub', 'Google Ads'
        layer = r.get("layer") or None
        if layer is not None and layer not in VALID_LAYERS:
            raise CatalogError(f"vendors.csv row {file_row}: layer '{layer}' is not SoR, SoE or "
                               "Infrastructure.")
        is_tech = _truthy(r.get("is_tech", ""), "vendors.csv", file_row, "is_tech")
        vendors.append((n, version, vendor, product or None, canonical, is_tech,
                        r.get("category") or None, layer if is_tech else None,
                        r.get("notes") or None))
        for alias in split_pipes(r.get("aliases")):
            literal = " ".join(alias.upper().split())
            aliases.append((literal, n))
            normal = vendor_key(alias)
            if normal and normal != literal:
                aliases.append((normal, n))
        # the canonical name is an alias too
        for name in {canonical, vendor if not product else canonical}:
            normal = vendor_key(name)
            if normal:
                aliases.append((normal, n))
        for pattern in split_pipes(r.get("patterns")):
            patterns.append((pattern, n))
    bad = first_invalid_regex([p for p, _ in patterns])
    if bad is not None:
        pattern, n = patterns[bad[0]]
        raise CatalogError(f"vendors.csv row {n + 1}: pattern '{pattern}' is not a valid regex "
                           f"({bad[1]}).")

    keywords = []
    for n, r in enumerate(_read_csv(directory / "account_keywords.csv"), start=1):
        keyword, signal, strength = r.get("keyword", ""), r.get("signal", ""), r.get("strength", "")
        if signal not in {"tech", "non_tech"} or strength not in {"strong", "weak"} or not keyword:
            raise CatalogError(f"account_keywords.csv row {n + 1}: needs keyword, signal "
                               "tech|non_tech and strength strong|weak.")
        keywords.append((n, keyword, signal, r.get("category") or None, strength))
    bad = first_invalid_regex([k[1] for k in keywords], ignore_case=True)
    if bad is not None:
        n, keyword = keywords[bad[0]][:2]
        raise CatalogError(f"account_keywords.csv row {n + 1}: keyword '{keyword}' is not a "
                           f"valid regex ({bad[1]}).")

    mccs: dict[str, tuple] = {}
    for n, r in enumerate(_read_csv(directory / "mcc.csv"), start=1):
        code = r.get("mcc", "").strip()
        if not code:
            continue
        mccs[code.zfill(4)] = (code.zfill(4), r.get("description") or None,
                               _truthy(r.get("is_tech", ""), "mcc.csv", n + 1, "is_tech"),
                               r.get("category") or None, r.get("strength") or "strong")

    words = []
    for n, r in enumerate(_read_csv(directory / "vendor_words.csv"), start=1):
        word = " ".join(r.get("word", "").upper().split())
        if not word or r.get("category") not in TECH_CATEGORIES:
            raise CatalogError(f"vendor_words.csv row {n + 1}: needs a word and a technology "
                               "category.")
        def _float(column: str) -> float | None:
            text = r.get(column, "")
            try:
                return float(text) if text else None
            except ValueError as exc:
                raise CatalogError(f"vendor_words.csv row {n + 1}: {column} '{text}' is not a "
                                   "number.") from exc
        words.append((word, r["category"], r.get("layer") or None, _float("precision_catalog"),
                      _float("precision_sample"),
                      _truthy(r.get("evidence", ""), "vendor_words.csv", n + 1, "evidence")))

    # first entry wins when two entries claim one alias key
    seen: dict[str, int] = {}
    for key, entry in aliases:
        seen.setdefault(key, entry)
    return PreparedCatalog(tuple(vendors), tuple(seen.items()), tuple(patterns), tuple(keywords),
                           tuple(mccs.values()), tuple(words))


def bulk_insert(cur, table: str, columns: list[str], rows: list[tuple],
                types: list[str] | None = None) -> None:
    """Insert many rows in one statement: each column a bound list, zipped back by unnest
    (executemany runs one statement per row; Arrow from Python lists imports pandas, half a
    second of every CLI command). 20,000 rows x 2 columns: 0.04 s. `types`: each column's SQL
    type, for a column whose values may all be None (a list of NULLs has no type)."""
    if not rows:
        return
    values = {f"c{i}": list(column) for i, column in enumerate(zip(*rows))}
    select = ", ".join(f"unnest($c{i})" if types is None else f"CAST(unnest($c{i}) AS {types[i]})"
                       for i in range(len(columns)))
    cur.execute(f"INSERT INTO {table} ({', '.join(columns)}) SELECT {select}",  # noqa: S608 - fixed names
                values)