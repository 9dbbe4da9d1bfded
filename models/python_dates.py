"""Any date DuckDB can store is shown, never a crash.

Business rule: DuckDB holds dates from 5877642 BC to 5881580 AD (and 'infinity'), Python's `date`
only 0001-01-01..9999-12-31; converting a 0000-01-01 line raised `OverflowError: date value out
of range` on five pages. So every analytics result passes `python_safe()` on its way out of SQL:
date and timestamp columns outside Python's range are clamped to its ends (a line dated
0000-01-01 shows as first seen 0001-01-01, one dated 12000-05-01 as 9999-12-31). Only the shown
value is clamped; filters, sums, quarters and their labels ('FY12000 Q2') are computed in SQL on
the stored date.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

_EPOCH = date(1970, 1, 1)
_DAY_RANGE = ((date.min - _EPOCH).days, (date.max - _EPOCH).days)  # date32: days since 1970
_EPOCH_TIME = datetime(1970, 1, 1)
_TIMESTAMP_UNITS = {"s": 1, "ms": 1_000, "us": 1_000_000, "ns": 1_000_000_000}


def _clamp(column: Any, low: int, high: int, physical: pa.DataType) -> Any:
    raw = pc.cast(column, physical)
    bounded = pc.min_element_wise(
        pc.max_element_wise(raw, pa.scalar(low, physical), skip_nulls=False),
        pa.scalar(high, physical), skip_nulls=False,
    )
    return pc.cast(bounded, column.type)


def python_safe(table: pa.Table) -> pa.Table:
    """`table` with every date/timestamp inside Python's date range (see the module docstring).

    Set-based (Arrow compute over whole columns); a table without dates is returned as is.
    """
    columns, changed = [], False
    for col in table.columns:
        if pa.types.is_date32(col.type):
            col, changed = _clamp(col, *_DAY_RANGE, pa.int32()), True
        elif pa.types.is_timestamp(col.type) and col.type.unit in _TIMESTAMP_UNITS:
            if col.type.unit == "ns":  # int64 nanoseconds cannot leave Python's range
                columns.append(col)
                continue
            step = timedelta(seconds=1) / _TIMESTAMP_UNITS[col.type.unit]
            low = (datetime.min - _EPOCH_TIME) // step
            high = (datetime.max - _EPOCH_TIME) // step
            col, changed = _clamp(col, low, high, pa.int64()), True
        columns.append(col)
    return pa.Table.from_arrays(columns, names=table.column_names) if changed else table


