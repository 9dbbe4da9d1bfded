"""Ingest: file bytes -> parsed, mapped, validated lines -> one DuckDB transaction."""
