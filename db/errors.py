"""The errors every layer raises for a person to read (the CLI and the pages catch TechspendError).

Business rule: a message names what went wrong and what to do; anything that is not a
TechspendError is a bug. Example: StoreLockedError("The database data/techspend.duckdb is in
use by the techspend dashboard (PID 123: streamlit run app.py) ...").
"""

from __future__ import annotations


class TechspendError(Exception):
    """Base of every domain error: its message is written for a person and shown as-is.

    The CLI and the pages catch this one type; anything else is a bug.
    """


class StoreError(TechspendError):
    """A database problem a person can act on."""


class StoreLockedError(StoreError):
    pass
