"""The TBM mapping tables (models/tbm/*.csv): category and words -> tower, account words -> cost
pool, vendor + words -> product. Data, edited by hand and reviewed like code.

Business rule: a line's TBM keys come from what techspend already knows about it, looked up in a
table, never decided in Python:

* **Technology resource tower / sub-tower** (towers.csv, the CIO's view): the first row, by
  `priority`, whose `category` is empty or the line's category and whose `words` (a regular
  expression, case-insensitive) are empty or found in the line's text (vendor, account,
  description). Each category ends with a row without words, its default.
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

Every regular expression must be valid for both DuckDB (RE2) and Python `re`; `load_mapping()`
checks each row and names the file and row of a bad one.
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


def _read(name: str) -> list[dict[str, str]]:
    with (TBM_DIR / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _regex(name: str, row_no: int, column: str, value: str) -> str | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        re.compile(value)
    except re.error as exc:
        raise TbmMappingError(
            f"models/tbm/{name} row {row_no}: the {column} '{value}' is not a valid regular "
            f"expression ({exc}). Fix the pattern.") from exc
    if "(?=" in value or "(?!" in value or "(?<" in value or re.search(r"\\[1-9]", value):
        raise TbmMappingError(
            f"models/tbm/{name} row {row_no}: the {column} uses lookaround or a backreference, "
            "which DuckDB (RE2) cannot run. Rewrite it without them.")
    return value


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
            "words": _regex("towers.csv", n, "words", r["words"]),
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
            "account_words": _regex("cost_pools.csv", n, "account_words", r["account_words"]),
            "text_words": _regex("cost_pools.csv", n, "text_words", r["text_words"]),
            "pool": _one_of("cost_pools.csv", n, "pool", r["pool"].strip(), V5_COST_POOLS),
            "sub_pool": r["sub_pool"].strip(),
        })
    return out


def product_rows() -> list[dict]:
    out = []
    for n, r in enumerate(_read("products.csv"), start=2):
        vendor_pattern = _regex("products.csv", n, "vendor_pattern", r["vendor_pattern"])
        words = _regex("products.csv", n, "words", r["words"])
        if vendor_pattern is None or words is None:
            raise TbmMappingError(f"models/tbm/products.csv row {n}: vendor_pattern and words "
                                  "are both needed.")
        out.append({"priority": n, "parent": r["parent"].strip(), "vendor_pattern": vendor_pattern,
                    "words": words, "product": r["product"].strip()})
    return out


def pool_v4_to_v5() -> dict[str, str]:
    """The documented v4 -> v5 cost pool mapping: {'External Labor': 'Staffing', ...}."""
    return {r["v4_pool"]: r["v5_pool"] for r in _read("cost_pools_v4_v5.csv")
            if r["v4_pool"] != "(none)"}


def _table(rows: list[dict], schema: pa.Schema) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=schema)


@lru_cache(maxsize=1)
def load_mapping() -> Mapping:
    """The mapping tables, checked (a bad row raises TbmMappingError naming file and row)."""
    s, i = pa.string(), pa.int32()
    return Mapping(
        towers=_table(tower_rows(), pa.schema([("priority", i), ("category", s), ("words", s),
                                               ("tower", s), ("sub_tower", s)])),
        pools=_table(pool_rows(), pa.schema([("priority", i), ("category", s),
                                             ("account_words", s), ("text_words", s),
                                             ("pool", s), ("sub_pool", s)])),
        products=_table(product_rows(), pa.schema([("priority", i), ("parent", s),
                                                   ("vendor_pattern", s), ("words", s),
                                                   ("product", s)])),
    )


def register(cur) -> None:
    """Make the mapping visible to SQL on this cursor as tbm_tower_map, tbm_pool_map and
    tbm_product_map (Arrow views: nothing is written to the database)."""
    mapping = load_mapping()
    cur.register("tbm_tower_map", mapping.towers)
    cur.register("tbm_pool_map", mapping.pools)
    cur.register("tbm_product_map", mapping.products)
