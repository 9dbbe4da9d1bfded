"""Reference figures and named models, as data with their citation (models/tbm/references.csv).

Business rule: a band or figure drawn beside the product's own numbers says where it comes from
(source, year, definition), and more than one may be shown because published figures measure
different things: "share of technology spending outside the CIO's budget" (PwC) is not "share of
technology purchases at least partly funded by business units" (Gartner 2021). The product never
presents them as its own benchmark.

Worked example::

    outside_it_band()            -> Reference(ref_id='pwc_digital_iq', low=0.35, high=0.50, ...)
    outside_it_band().citation() -> "35–50%: PwC Digital IQ survey — share of technology
                                     spending outside the CIO's budget"
    band_footnote()              -> "Reference: 35–50% PwC Digital IQ survey (share of ...);
                                     other published figures: PwC 2015 68% (...); Gartner ..."
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

REFERENCES_CSV = Path(__file__).parent / "references.csv"


@dataclass(frozen=True)
class Reference:
    ref_id: str
    kind: str            # 'band' | 'point' | 'model'
    measure: str         # 'share_outside_it', 'share_funded_by_business', 'sor_soe', ...
    low: float | None
    high: float | None
    source: str
    year: int | None
    definition: str
    notes: str

    @property
    def source_year(self) -> str:
        return f"{self.source} {self.year}" if self.year else self.source

    def figure(self) -> str:
        """'35–50%' for a band, '68%' for a point, '' for a model."""
        if self.low is None:
            return ""
        if self.high is None or self.high == self.low:
            return f"{self.low:.0%}"
        return f"{self.low * 100:.0f}–{self.high:.0%}"

    def citation(self) -> str:
        """One line: figure, source (and year), definition."""
        head = f"{self.figure()}: " if self.figure() else ""
        return f"{head}{self.source_year} — {self.definition}"


def _num(text: str) -> float | None:
    return float(text) if text and text.strip() else None


@lru_cache(maxsize=1)
def references() -> tuple[Reference, ...]:
    """Every row of references.csv, in file order."""
    with REFERENCES_CSV.open(encoding="utf-8", newline="") as fh:
        return tuple(
            Reference(
                ref_id=r["ref_id"], kind=r["kind"], measure=r["measure"], low=_num(r["low"]),
                high=_num(r["high"]), source=r["source"],
                year=int(r["year"]) if r["year"].strip() else None,
                definition=r["definition"], notes=r["notes"],
            )
            for r in csv.DictReader(fh)
        )


def reference(ref_id: str) -> Reference:
    for ref in references():
        if ref.ref_id == ref_id:
            return ref
    raise KeyError(ref_id)


def outside_it_band() -> Reference:
    """The band drawn on the outside-IT share: 35–50%, PwC Digital IQ survey."""
    return reference("pwc_digital_iq")


def outside_it_references() -> tuple[Reference, ...]:
    """Every published figure about technology spend outside IT (bands and points), the band
    first; definitions differ, so each carries its own."""
    return tuple(r for r in references()
                 if r.kind in ("band", "point") and r.measure.startswith("share_"))


def band_footnote() -> str:
    """One line for a chart's footnote or tooltip: the band and the other published figures."""
    band = outside_it_band()
    others = [r for r in outside_it_references() if r.ref_id != band.ref_id]
    text = f"Reference band {band.figure()}: {band.source_year} ({band.definition})."
    if others:
        text += " Other published figures, each on its own definition: " + "; ".join(
            f"{r.source_year} {r.figure()} ({r.definition})" for r in others) + "."
    return text


def band_caption() -> str:
    """The short footnote under a chart with the band (the other figures go in its tooltip,
    `band_footnote()`)."""
    band = outside_it_band()
    return (f"Reference band {band.figure()}: {band.source_year} ({band.definition}); published "
            "figures differ by definition and year (hover the share for them). Context, not a "
            "target.")


def model_note(measure: str = "sor_soe") -> str:
    """Which model a split follows: 'sor_soe' -> Moore's record / engagement, with Gartner's pace
    layers named as the different three-way split."""
    if measure != "sor_soe":
        return reference(measure).citation()
    moore = reference("moore_engagement")
    pace = reference("gartner_pace_layers")
    return (f"Record vs engagement follows {moore.source_year}: {moore.definition}. "
            f"{pace.source}'s {pace.definition} are a different, three-way split.")
