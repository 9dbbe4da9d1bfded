"""The one SQL loader and the one definition of the headline measures."""

import duckdb
import pytest

from models.sql import load_sql


def test_the_headline_fragment_computes_the_worked_example():
    """100 of technology spend, 40 paid by IT and 60 by others -> 60 outside IT, a 0.60 share;
    non-technology spend counts in total spend only; a tech line with no layer in neither layer."""
    con = duckdb.connect()
    con.execute("CREATE TABLE slices (spend DECIMAL(18, 2), is_tech BOOLEAN, it_owned BOOLEAN, layer VARCHAR)")
    con.execute("INSERT INTO slices VALUES (40, true, true, 'SoR'), (50, true, false, 'SoE'),"
                " (10, true, false, NULL), (900, false, false, NULL)")
    row = con.sql(f"SELECT {load_sql('headline_measures')} FROM slices").to_arrow_table().to_pylist()[0]
    assert (row["total_spend"], row["tech_spend"], row["tech_in_it"], row["tech_outside_it"]) == (1000, 100, 40, 60)
    assert (row["sor"], row["soe"], row["sor_in_it"], row["soe_outside_it"]) == (40, 50, 40, 50)
    assert row["outside_it_share"] == pytest.approx(0.60)
    empty = con.sql(f"SELECT {load_sql('headline_measures')} FROM slices WHERE false").fetchall()[0]
    assert empty[-1] is None  # no technology spend: no share, never a division by zero


def test_includes_are_resolved_recursively(tmp_path, monkeypatch):
    import models.sql as sql

    (tmp_path / "outer.sql").write_text("SELECT {{inner}} FROM t", encoding="utf-8")
    (tmp_path / "inner.sql").write_text("{{leaf}} AS x", encoding="utf-8")
    (tmp_path / "leaf.sql").write_text("1", encoding="utf-8")
    monkeypatch.setattr(sql, "SQL_DIR", tmp_path)
    sql.load_sql.cache_clear()
    try:
        assert sql.load_sql("outer") == "SELECT 1 AS x FROM t"
    finally:
        sql.load_sql.cache_clear()
