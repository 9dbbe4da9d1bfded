"""Accuracy of classification, measured on the labelled ledger (issue 3, "Accuracy, measured").

The labelled ledger (sample_data.labelled, ~3,000 lines, GL/AP/card shapes, 20+ departments) is
labelled by hand-written rules independent of models/catalog/. It is loaded through the normal
ingest, classified with the shipped catalog, and compared line by line. All metrics are weighted
by abs(amount in GBP) from the labels, so FX does not blur classification:

* technology F1 (precision and recall of is_tech),
* layer accuracy on lines that are technology in both truth and prediction,
* IT-owned accuracy on all lines,
* headline error: |predicted - true| share of technology spend outside IT, in points (signed
  GBP amounts, as the headline is computed).

Floors: F1 >= 0.97, layer >= 0.95, IT-owned >= 0.99, headline within 1.5 points.
Run `pytest -n 0 tests/models/test_accuracy.py -s` to see the figures and the largest errors.
"""

from __future__ import annotations

import importlib.util

import pytest

from db import Store

labelled_missing = importlib.util.find_spec("sample_data.labelled") is None
ingest_missing = importlib.util.find_spec("ingest") is None or not hasattr(
    __import__("ingest"), "load_file")

pytestmark = [
    pytest.mark.skipif(labelled_missing, reason="sample_data.labelled (the labelled ledger "
                       "generator) is not written yet"),
    pytest.mark.skipif(ingest_missing, reason="ingest.load_file is not written yet"),
]


@pytest.fixture(scope="module")
def measured(tmp_path_factory):
    import ingest
    from models.classification import refresh
    from sample_data.labelled import read_labels, write_labelled_ledger

    out = tmp_path_factory.mktemp("labelled")
    files, labels_path = write_labelled_ledger(out, seed=7)
    store = Store(":memory:")
    for path in files:
        ingest.load_file(store, path.name, path.read_bytes())
    refresh(store)
    labels = read_labels(labels_path)
    store.execute("CREATE TABLE labels (file VARCHAR, source_row INTEGER, is_tech BOOLEAN, "
                  "layer VARCHAR, it_owned BOOLEAN, amount_gbp DOUBLE, why VARCHAR)")
    with store.transaction() as cur:
        cur.executemany("INSERT INTO labels VALUES (?, ?, ?, ?, ?, ?, ?)", [
            [r["file"], r["source_row"], r["is_tech"], r["layer"], r["it_owned"],
             r["amount_gbp"], r["why"]] for r in labels])
    joined = store.df(
        """
        SELECT l.*, c.vendor, c.department, c.account_name, c.vendor_canonical,
               c.is_tech AS p_tech, c.layer AS p_layer, c.it_owned AS p_it, c.reason,
               abs(l.amount_gbp) AS w
        FROM labels l
        LEFT JOIN (classified_lines c JOIN uploads u USING (upload_id))
          ON u.file_name = l.file AND c.source_row = l.source_row
        """
    )
    return store, joined


def _figures(df):
    w = df.w
    tp = w[df.is_tech & df.p_tech].sum()
    precision = tp / w[df.p_tech].sum()
    recall = tp / w[df.is_tech].sum()
    f1 = 2 * precision * recall / (precision + recall)
    both = df[df.is_tech & df.p_tech]
    layer_acc = both.w[both.layer == both.p_layer].sum() / both.w.sum()
    it_acc = w[df.it_owned == df.p_it].sum() / w.sum()
    a = df.amount_gbp
    true_share = a[df.is_tech & ~df.it_owned].sum() / a[df.is_tech].sum()
    pred_share = a[df.p_tech & ~df.p_it].sum() / a[df.p_tech].sum()
    return dict(precision=precision, recall=recall, f1=f1, layer=layer_acc, it_owned=it_acc,
                true_share=true_share, pred_share=pred_share,
                headline_error_points=abs(pred_share - true_share) * 100)


def _worst(df, mask, columns, n=12):
    return (df[mask].groupby(columns, dropna=False).w.sum().sort_values(ascending=False).head(n))


def test_every_labelled_line_is_classified(measured):
    _, df = measured
    assert len(df) >= 2000
    missing = df[df.p_tech.isna()]
    assert missing.empty, missing[["file", "source_row"]].head()


def test_accuracy_floors(measured):
    _, df = measured
    f = _figures(df)
    print("\nlabelled ledger: %d lines, %d departments" % (len(df), df.department.nunique()))
    for k, v in f.items():
        print(f"  {k:>22}: {v:.4f}")
    cols = ["vendor_canonical", "is_tech", "p_tech", "reason"]
    print("largest is_tech errors (GBP):")
    print(_worst(df, df.is_tech != df.p_tech, cols).to_string())
    print("largest layer errors (GBP):")
    print(_worst(df, df.is_tech & df.p_tech & (df.layer != df.p_layer),
                 ["vendor_canonical", "department", "layer", "p_layer"]).to_string())
    print("largest IT-owned errors (GBP):")
    print(_worst(df, df.it_owned != df.p_it, ["department", "it_owned"]).to_string())
    assert f["f1"] >= 0.97
    assert f["layer"] >= 0.95
    assert f["it_owned"] >= 0.99
    assert f["headline_error_points"] <= 1.5
