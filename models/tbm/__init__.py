"""TBM (Technology Business Management) taxonomy keys, the view by tower and cost pool, and the
reference figures with their citation. See README section "TBM taxonomy" and the modules:

    models/tbm/mapping.py     the mapping tables (towers.csv, cost_pools.csv, products.csv,
                              cost_pools_v4_v5.csv), checked and registered for SQL
    models/tbm/lines.py       tbm_lines, tbm_by_tower_pool, tbm_export_table (SQL in
                              models/sql/tbm_*.sql)
    models/tbm/references.py  references.csv: bands, figures and named models with citation
"""

from models.tbm.lines import tbm_by_tower_pool, tbm_export_table, tbm_lines
from models.tbm.mapping import KEY_COLUMNS, V5_COST_POOLS, V5_TOWERS, load_mapping, pool_v4_to_v5
from models.tbm.references import (
    band_caption,
    band_footnote,
    model_note,
    outside_it_band,
    outside_it_references,
    references,
)

__all__ = [
    "KEY_COLUMNS", "V5_COST_POOLS", "V5_TOWERS", "band_caption", "band_footnote", "load_mapping", "model_note",
    "outside_it_band", "outside_it_references", "pool_v4_to_v5", "references",
    "tbm_by_tower_pool", "tbm_export_table", "tbm_lines",
]
