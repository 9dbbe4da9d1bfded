"""techspend's store: the one owner of the DuckDB connection (see db.store)."""

from db.store import (
    Store,
    StoreError,
    StoreLockedError,
    TechspendError,
    close_all_stores,
    close_store,
    default_db_path,
    open_store,
)

__all__ = [
    "Store",
    "StoreError",
    "StoreLockedError",
    "TechspendError",
    "close_all_stores",
    "close_store",
    "default_db_path",
    "open_store",
]
