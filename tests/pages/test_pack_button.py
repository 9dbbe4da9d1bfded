"""The dashboard's board-pack download covers what the page shows: the sidebar's departments and
uploads go to the pack (it picks its own quarter); no filter means the whole organisation."""

from __future__ import annotations

from dashboard.budget_sections import _pack_filters
from models.analytics import Filters


def test_the_pack_takes_the_pages_departments_and_uploads_but_not_its_period():
    chosen = _pack_filters(Filters(quarter_from=20251, quarter_to=20254,
                                   departments=("Marketing",), upload_ids=(3,)))
    assert chosen == Filters(departments=("Marketing",), upload_ids=(3,))


def test_no_filter_is_the_whole_organisation():
    assert _pack_filters(None) is None
    assert _pack_filters(Filters(quarter_from=20251, quarter_to=20252)) is None
