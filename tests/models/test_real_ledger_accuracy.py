"""Classification accuracy on real public ledgers, against independent hand labels (issue 10 #5).

tests/data/real_labels/<ledger>.csv holds, per ledger of ../shared/real_ledgers, a hand label
(technology or not, SoR/SoE, a one-line reason) for the vendors that make up 85% of the file's
absolute spend plus 40 random smaller ones (method and coverage: that folder's README.md). The
labels were written from knowledge of the vendors and the lines' accounts, without running the
classifier. Each ledger is loaded and classified by the product as a user would, its lines joined
to the labels by trimmed vendor (and account where a vendor is labelled per account), and scored
amount-weighted: technology F1 and layer accuracy (on lines technology in both label and
prediction), per ledger and pooled (each ledger weighted equally). Targets: F1 >= 0.97, layer
>= 0.95; until a ledger reaches them it is held to its measured figures (MEASURED below), so no
change can make real-ledger accuracy worse unnoticed.

Worked example (checked by the first test): a ledger whose labelled lines are CDW 100 (tech, predicted tech), an unknown
network integrator 50 (tech, predicted "default: no technology evidence") and a consultancy's
audit 30 (not tech, predicted tech by the catalog) scores F1 = 200 / (200 + 30 + 50) = 0.71: fails.

A ledger the product cannot load FAILS (it is not skipped): the labels exist, the product must
read the file. Run `pytest tests/models/test_real_ledger_accuracy.py -s` for the figures and the
largest misses. Skipped only when the real ledgers folder is absent.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

LABELS = Path(__file__).resolve().parents[1] / "data" / "real_labels"
sys.path.insert(0, str(LABELS))
import measure  # noqa: E402  (tests/data/real_labels/measure.py)

# The targets. Not yet met on most real ledgers: each ledger is held to what it measures
# today (MEASURED, less a small tolerance for noise), so a change that makes any figure worse
# fails, and a ledger that reaches the target is held to the target. Raise MEASURED when a change
# improves a figure (the -s output prints them); never lower it to make a change pass.
F1_FLOOR = 0.97
LAYER_FLOOR = 0.95
TOLERANCE = 0.01
MEASURED: dict[str, tuple[float, float]] = {  # folder -> (technology F1, layer), 2026-12-01
    "oxford_city_council": (0.903, 1.000), "toronto": (0.857, 0.940), "kirklees": (0.934, 0.997),
    "harrow": (0.910, 1.000), "cgu_brazil": (0.966, 1.000),
}
# Since 2026-12-01 the catalog knows the vendor families behind the largest misses (intelligent
# automation, technology-enabled care, crematorium webcasting, street-lighting telemanagement,
# public-safety radio, Oracle's corporate forms...): Suffolk 0.943 -> 0.997, Devon 0.885 -> 0.986,
# Craven 0.943 -> 1.000 and Durham 0.983 -> 0.998 reach the target and are held to it; pooled
# 0.952 -> 0.978, so the pooled figure is held to the targets themselves (HARD_POOLED).
# A procurement-classification column (UK councils' ProClass, "procurement category",
# "commodity") is read as the line's account: Bury 0.938 -> 0.996 (its ProClass says "ICT"),
# pooled 0.982.
HARD_POOLED = True
MEASURED_POOLED = (0.982, 0.999)
# Known defects, each a strict xfail: the test fails the day the defect is fixed, so the entry
# is removed then (and the ledger held to its figures).
KNOWN_GAPS: dict[str, str] = {}  # Devon and Durham's supplier columns are recognised since 2026-12-01


def _known_gap(folder: str, *, joins: bool = False):
    """pytest.param for a ledger with a known defect (strict xfail), or the plain folder."""
    if folder in KNOWN_GAPS:
        return pytest.param(folder, marks=pytest.mark.xfail(reason=KNOWN_GAPS[folder], strict=True))
    return folder


def floors(measured: tuple[float, float] | None) -> tuple[float, float]:
    """(F1 floor, layer floor): the target, or today's figure less the tolerance when below it."""
    if measured is None:
        return F1_FLOOR, LAYER_FLOOR
    return (min(F1_FLOOR, measured[0] - TOLERANCE), min(LAYER_FLOOR, measured[1] - TOLERANCE))
# the product must load (and the join find) at least this share of the labelled vendors' raw
# absolute spend, or the figures would be measured on a part of the ledger
JOIN_FLOOR = 0.995

# the label files and the metric are checked everywhere; the product is scored where the real
# ledgers are (marker real_ledgers, so `-m "not real_ledgers"` leaves those out)
skip_without_ledgers = pytest.mark.skipif(
    not measure.REAL.is_dir(),
    reason=f"real ledgers not present at {measure.REAL} (set TECHSPEND_REAL_LEDGERS to their folder)")

FOLDERS = measure.labelled_folders()
_measured: dict[str, object] = {}


def _measure(folder: str):
    """(joined frame, raw labelled line count, raw labelled abs amount); an exception is kept and
    re-raised so that every test of a ledger the product cannot load fails with its message."""
    if folder not in _measured:
        try:
            labels = measure.read_labels(folder)
            store = measure.load_and_classify(folder)
            df = measure.joined(store, labels)
            store.close()
            _measured[folder] = (df, *measure.raw_labelled_amount(folder, labels))
        except Exception as exc:  # noqa: BLE001 - reported as the ledger's failure below
            _measured[folder] = exc
    got = _measured[folder]
    if isinstance(got, Exception):
        pytest.fail(f"{folder}: the product could not load/classify {measure.FILES[folder][0]}: "
                    f"{type(got).__name__}: {got}")
    return got


def _report(folder: str, df) -> None:
    print(f"\n{folder}: {measure.figures(df).row()}")
    misses = measure.worst(df, 6)
    if len(misses):
        print("  largest technology misses (label -> product, amount, product's reason):")
        for r in misses.itertuples():
            print(f"    {r.label_vendor[:40]:<40} {'tech' if r.is_tech else 'non'} -> "
                  f"{'tech' if r.p_tech else 'non'}  {r.w:>14,.2f}  {r.p_reason}")
    layer = measure.worst_layer(df, 4)
    if len(layer):
        print("  largest layer misses:")
        for r in layer.itertuples():
            print(f"    {r.label_vendor[:40]:<40} {r.layer} -> {r.p_layer}  {r.w:>14,.2f}  "
                  f"{r.p_reason}")


def test_the_score_is_amount_weighted_f1_and_layer_on_agreed_technology():
    """The module docstring's worked example, plus a layer miss and a credit."""
    import pandas as pd

    df = pd.DataFrame([
        # w, label tech, label layer, predicted tech, predicted layer
        (100.0, True, "SoR", True, "SoR"),     # CDW: right
        (50.0, True, "SoR", False, None),      # unknown integrator: missed
        (30.0, False, None, True, "SoR"),      # consultancy's audit: false positive
        (20.0, True, "SoE", True, "SoR"),      # web platform called SoR: layer miss
        (0.0, False, None, False, None),
    ], columns=["w", "is_tech", "layer", "p_tech", "p_layer"])
    f = measure.figures(df)
    assert f.f1 == pytest.approx(2 * 120 / (2 * 120 + 30 + 50))
    assert f.precision == pytest.approx(120 / 150) and f.recall == pytest.approx(120 / 170)
    assert f.layer == pytest.approx(100 / 120)
    assert measure.figures(df.iloc[:0]).f1 != measure.figures(df.iloc[:0]).f1   # NaN: fails floors


@pytest.mark.parametrize("folder", FOLDERS)
def test_the_label_files_are_well_formed(folder):
    """One label per (vendor, account); SoR/SoE exactly on technology; a reason on every row."""
    labels = measure.read_labels(folder)
    keys = [(r["vendor"], r["account"]) for r in labels]
    assert len(keys) == len(set(keys)), f"{folder}: duplicate (vendor, account) labels"
    for r in labels:
        assert (r["layer"] in ("SoR", "SoE")) == r["is_tech"], r
        assert r["reason"].strip(), r
        if r["account"]:   # an account label refines a vendor that also has a whole-vendor label
            assert (r["vendor"], "") in keys, r


@pytest.mark.parametrize("folder", [_known_gap(f, joins=True) for f in FOLDERS])
@pytest.mark.real_ledgers
@skip_without_ledgers
def test_the_labelled_lines_are_all_loaded_and_found(folder):
    df, raw_lines, raw_amount = _measure(folder)
    found = df.w.sum()
    print(f"\n{folder}: joined {len(df):,} of {raw_lines:,} labelled raw lines, "
          f"{found:,.2f} of {float(raw_amount):,.2f}")
    assert found >= JOIN_FLOOR * float(raw_amount), (
        f"{folder}: only {found / float(raw_amount):.1%} of the labelled vendors' spend was "
        "found among the product's lines (lines not loaded, or vendor names altered)")


@pytest.mark.parametrize("folder", [_known_gap(f) if f != "durham_pcc" else f for f in FOLDERS])
@pytest.mark.real_ledgers
@skip_without_ledgers
def test_technology_f1_and_layer_accuracy_floors(folder):
    df, _, _ = _measure(folder)
    _report(folder, df)
    f = measure.figures(df)
    assert not df.empty, f"{folder}: no labelled line was found among the product's lines"
    if not f.tech_amount:
        # nothing labelled technology (grants to associations): F1 is degenerate (0 for the first
        # false positive); the same tolerance is applied as a share of the labelled spend instead
        false_positive = df.w[df.p_tech].sum() / df.w.sum()
        assert false_positive <= 1 - F1_FLOOR, (
            f"{folder}: {false_positive:.1%} of spend labelled non-technology is called technology")
        return
    f1_floor, layer_floor = floors(MEASURED.get(folder))
    print(f"{folder}: F1 {f.f1:.3f} (target {F1_FLOOR}, floor {f1_floor:.3f}), "
          f"layer {f.layer:.3f} (target {LAYER_FLOOR}, floor {layer_floor:.3f})")
    assert f.f1 >= f1_floor, f"{folder}: technology F1 {f.f1:.3f} < {f1_floor:.3f}"
    assert f.layer >= layer_floor, f"{folder}: layer accuracy {f.layer:.3f} < {layer_floor:.3f}"


@pytest.mark.real_ledgers
@skip_without_ledgers
def test_pooled_floors():
    frames = {}
    for folder in FOLDERS:
        try:
            frames[folder] = _measure(folder)[0]
        except pytest.fail.Exception:
            continue   # that ledger's own tests carry its failure; the pooled test fails below
    assert frames, "no labelled ledger could be loaded"
    f = measure.pooled(frames)
    measured = [name for name, df in frames.items() if len(df)]
    print(f"\npooled over the {len(measured)} of {len(FOLDERS)} ledgers with joined lines "
          f"(each weighted equally): "
          f"P {f.precision:.3f} R {f.recall:.3f} F1 {f.f1:.3f} layer {f.layer:.3f}")
    missing = sorted(set(FOLDERS) - set(measured) - set(KNOWN_GAPS))
    assert not missing, f"ledgers not loaded, or with no labelled line found: {missing}"
    f1_floor, layer_floor = floors(None if HARD_POOLED else MEASURED_POOLED)
    assert f.f1 >= f1_floor, f"pooled technology F1 {f.f1:.3f} < {f1_floor:.3f}"
    assert f.layer >= layer_floor, f"pooled layer accuracy {f.layer:.3f} < {layer_floor:.3f}"
