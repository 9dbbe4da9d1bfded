"""Reference bands and named models carry their source, year and definition (references.csv)."""

from __future__ import annotations

from models.tbm import band_caption, band_footnote, model_note, outside_it_band, outside_it_references, references


def test_every_reference_names_its_source_and_definition():
    for ref in references():
        assert ref.source.strip() and ref.definition.strip(), ref.ref_id
        assert ref.kind in ("band", "point", "model")
        if ref.kind != "model":
            assert ref.low is not None and 0 <= ref.low <= (ref.high or ref.low) <= 1


def test_the_35_50_band_is_credited_to_pwc_digital_iq_not_gartner():
    band = outside_it_band()
    assert (band.low, band.high) == (0.35, 0.50)
    assert band.source == "PwC Digital IQ survey"
    assert band.citation().startswith("35–50%: PwC Digital IQ survey")
    assert "CIO's budget" in band.definition


def test_the_published_figures_differ_by_definition_and_year():
    got = {(r.source, r.year): (r.low, r.definition) for r in outside_it_references()}
    assert got[("PwC", 2015)][0] == 0.68
    assert got[("Gartner", 2012)][0] == 0.38
    assert got[("Gartner", 2016)] == (0.17, "share of technology spending controlled outside IT")
    low, definition = got[("Gartner", 2021)]
    assert low == 0.74 and "purchases" in definition and "business units" in definition


def test_the_footnote_lists_the_band_first_then_the_other_figures_each_with_its_year():
    text = band_footnote()
    assert text.startswith("Reference band 35–50%: PwC Digital IQ survey")
    for part in ("PwC 2015 68%", "Gartner 2012 38%", "Gartner 2016 17%", "Gartner 2021 74%"):
        assert part in text


def test_the_record_engagement_split_is_credited_to_moore_and_pace_layers_to_gartner():
    text = model_note("sor_soe")
    assert "Geoffrey Moore (AIIM) 2011" in text
    assert "systems of record, systems of differentiation, systems of innovation" in text
    assert "Gartner" in text


def test_the_short_caption_credits_pwc_and_points_to_the_other_figures():
    text = band_caption()
    assert text.startswith("Reference band 35–50%: PwC Digital IQ survey")
    assert "Gartner" not in text and "differ by definition and year" in text
