"""The TBM mapping tables (models/tbm/*.csv): category and words -> tower, account words -> cost
pool, vendor + words -> product. Data, edited by hand and reviewed like code.

Business rule: a line's TBM keys come from what techspend already knows about it, looked up in a
table, never decided in Python:

* **Technology resource tower / sub-tower** (towers.csv, the CIO's view): the first row, by
  `priority`, whose `category` is empty or the line's category and whose `words` are empty or
  found in the line's text (vendor, account, description). Each category ends with a row
  without words, its default.
* **Cost pool / sub-pool** (cost_pools.csv, the CFO's view): the first row whose category is empty
  or the line's, whose `account_words` are empty or found in the GL account name, and whose
  `text_words` are empty or found in the vendor and description. Pools are TBM v5 names;
  cost_pools_v4_v5.csv maps v4 pools for older models.
* **Solution** (products.csv): the product of a vendor that sells several (Atlassian -> Jira,
  Confluence; Microsoft -> Azure, 365, Dynamics; Google -> Workspace, Cloud, Ads), picked by the
  description, account or reference words; the vendor stays the parent (`solution_vendor`).

Worked example: an Atlassian line (category Software & SaaS, account "Software subscriptions",
description "Confluence cloud standard 50 users"). Towers: the first row by priority that fits is
510 (Software & SaaS, words "...confluence...") -> End User / Collaboration & Productivity, before
the category default 590 (Application / Business Applications). Cost pool: row 210, account words
"subscriptions" -> Cloud Services / SaaS. Solution: products.csv "confluence" -> "Confluence",
solution vendor "Atlassian".

Words are `|`-separated phrases of 1 to 4 words, written as the SQL normalises text (lower case,
every run of punctuation -> one space: "co-location" is written `co location`); SQL matches them
as whole words and phrases (tokens), never as substrings, so `sim` never matches "simple".
`load_mapping()` checks each row and names the file and row of a bad one.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pyarrow as pa

from db import TechspendError

TBM_DIR = Path(__file__).parent

# TBM Taxonomy v5 names used here. Cloud Services and Staffing are new v5 pools; Application,
# Data, Smart Devices and the split Security / Risk towers are named by the TBM Council's v5
# migration guide; the other names are carried over from v4.0 (see each row's notes).
V5_COST_POOLS = ("Hardware", "Software", "Cloud Services", "Staffing", "Outside Services",
                 "Facilities & Power", "Telecom", "Other", "Internal Services")
V5_TOWERS = ("Compute", "Storage", "Network", "Data Center", "Data", "Application", "End User",
             "Security", "Risk & Compliance", "Delivery", "IT Management", "Smart Devices")

KEY_COLUMNS = ("tbm_cost_pool", "tbm_cost_sub_pool", "tbm_tower", "tbm_sub_tower",
               "tbm_solution", "tbm_solution_vendor")


class TbmMappingError(TechspendError):
    pass


@dataclass(frozen=True)
class Mapping:
    """The three lookup tables, as Arrow, ready to register in DuckDB."""

    towers: pa.Table
    pools: pa.Table
    products: pa.Table
    words: pa.Table      # (map 'tower'|'pool'|'product', side 'text'|'account'|'vendor', priority, phrase)


def _read(name: str) -> list[dict[str, str]]:
    with (TBM_DIR / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


# 1 to 4 words of letters (any language: 'sécurité') and digits, one space apart
_PHRASE = re.compile(r"^[^\W_]+( [^\W_]+){0,3}$")


def _phrases(name: str, row_no: int, column: str, value: str) -> tuple[str, ...]:
    """'jira|jira software' -> ('jira', 'jira software'); each phrase is 1 to 4 words written
    the way the SQL normalises text (lower case, one space between words)."""
    phrases = tuple(p.strip() for p in (value or "").split("|") if p.strip())
    for phrase in phrases:
        if not _PHRASE.match(phrase) or phrase != phrase.lower():
            raise TbmMappingError(
                f"models/tbm/{name} row {row_no}: the {column} phrase '{phrase}' is not 1 to 4 "
                "lower-case words of letters and digits separated by one space (write "
                "'co location' for co-location). Fix the phrase.")
    return phrases


def _priority(name: str, row_no: int, value: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise TbmMappingError(
            f"models/tbm/{name} row {row_no}: priority '{value}' is not a whole number.") from exc


def _one_of(name: str, row_no: int, column: str, value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise TbmMappingError(
            f"models/tbm/{name} row {row_no}: {column} '{value}' is not a TBM v5 name used here "
            f"({', '.join(allowed)}).")
    return value


def tower_rows() -> list[dict]:
    out = []
    for n, r in enumerate(_read("towers.csv"), start=2):
        out.append({
            "priority": _priority("towers.csv", n, r["priority"]),
            "category": (r["category"] or "").strip() or None,
            "words": _phrases("towers.csv", n, "words", r["words"]),
            "tower": _one_of("towers.csv", n, "tower", r["tower"].strip(), V5_TOWERS),
            "sub_tower": r["sub_tower"].strip(),
        })
    return out


def pool_rows() -> list[dict]:
    out = []
    for n, r in enumerate(_read("cost_pools.csv"), start=2):
        out.append({
            "priority": _priority("cost_pools.csv", n, r["priority"]),
            "category": (r["category"] or "").strip() or None,
            "account_words": _phrases("cost_pools.csv", n, "account_words", r["account_words"]),
            "text_words": _phrases("cost_pools.csv", n, "text_words", r["text_words"]),
            "pool": _one_of("cost_pools.csv", n, "pool", r["pool"].strip(), V5_COST_POOLS),
            "sub_pool": r["sub_pool"].strip(),
        })
    return out


def product_rows() -> list[dict]:
    out = []
    for n, r in enumerate(_read("products.csv"), start=2):
        vendor_words = _phrases("products.csv", n, "vendor_words", r["vendor_words"])
        words = _phrases("products.csv", n, "words", r["words"])
        if not vendor_words or not words:
            raise TbmMappingError(f"models/tbm/products.csv row {n}: vendor_words and words "
                                  "are both needed.")
        out.append({"priority": n, "parent": r["parent"].strip(), "vendor_words": vendor_words,
                    "words": words, "product": r["product"].strip()})
    return out


def pool_v4_to_v5() -> dict[str, str]:
    """The documented v4 -> v5 cost pool mapping: {'External Labor': 'Staffing', ...}."""
    return {r["v4_pool"]: r["v5_pool"] for r in _read("cost_pools_v4_v5.csv")
            if r["v4_pool"] != "(none)"}


@lru_cache(maxsize=1)
def load_mapping() -> Mapping:
    """The mapping tables, checked (a bad row raises TbmMappingError naming file and row)."""
    s, i, b = pa.string(), pa.int32(), pa.bool_()
    towers, pools, products = tower_rows(), pool_rows(), product_rows()
    words = ([("tower", "text", r["priority"], w) for r in towers for w in r["words"]]
             + [("pool", "account", r["priority"], w) for r in pools for w in r["account_words"]]
             + [("pool", "text", r["priority"], w) for r in pools for w in r["text_words"]]
             + [("product", "vendor", r["priority"], w) for r in products for w in r["vendor_words"]]
             + [("product", "text", r["priority"], w) for r in products for w in r["words"]])
    return Mapping(
        towers=pa.table({
            "priority": pa.array([r["priority"] for r in towers], i),
            "category": pa.array([r["category"] for r in towers], s),
            "has_text_words": pa.array([bool(r["words"]) for r in towers], b),
            "tower": pa.array([r["tower"] for r in towers], s),
            "sub_tower": pa.array([r["sub_tower"] for r in towers], s)}),
        pools=pa.table({
            "priority": pa.array([r["priority"] for r in pools], i),
            "category": pa.array([r["category"] for r in pools], s),
            "has_account_words": pa.array([bool(r["account_words"]) for r in pools], b),
            "has_text_words": pa.array([bool(r["text_words"]) for r in pools], b),
            "pool": pa.array([r["pool"] for r in pools], s),
            "sub_pool": pa.array([r["sub_pool"] for r in pools], s)}),
        products=pa.table({
            "priority": pa.array([r["priority"] for r in products], i),
            "parent": pa.array([r["parent"] for r in products], s),
            "product": pa.array([r["product"] for r in products], s)}),
        words=pa.table({
            "map": pa.array([w[0] for w in words], s), "side": pa.array([w[1] for w in words], s),
            "priority": pa.array([w[2] for w in words], i),
            "phrase": pa.array([w[3] for w in words], s)}),
    )


def register(cur) -> None:
    """Make the mapping visible to SQL on this cursor as tbm_tower_map, tbm_pool_map,
    tbm_product_map and tbm_words (Arrow views: nothing is written to the database)."""
    mapping = load_mapping()
    cur.register("tbm_tower_map", mapping.towers)
    cur.register("tbm_pool_map", mapping.pools)
    cur.register("tbm_product_map", mapping.products)
    cur.register("tbm_words", mapping.words)
