"""Evaluate a DuckDB expression over many values in one statement.

Binding the value macros (`parse_amount`, `parse_date`) costs about 0.2 s a statement, parsing a
cell microseconds: a property test that ran one statement per example spent its time binding.
Each example is now a list of values, read in one statement."""

from __future__ import annotations


def each(store, expression: str, **columns: tuple[list, str]) -> list:
    """`expression` (naming the columns) evaluated for every position of the equal-length
    lists in `columns` (name=(values, duckdb_type)); results in the lists' order."""
    lengths = {len(values) for values, _ in columns.values()}
    assert len(lengths) == 1, "columns of different lengths"
    n = lengths.pop()
    if n == 0:
        return []
    select = ", ".join(f"unnest(?::{kind}[]) AS {name}" for name, (_, kind) in columns.items())
    rows = store.scalar(f"SELECT list({expression} ORDER BY i) FROM (SELECT {select}, "
                        "unnest(range(?)) AS i)", [v for v, _ in columns.values()] + [n])
    return list(rows)
