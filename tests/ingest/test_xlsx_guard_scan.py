"""The guard's extent scan (ingest.xlsx_guard._cell_refs, numpy over the XML bytes) finds exactly
the cells its regular expressions define: a reference of 1-3 letters and 1-7 digits right after
`<c `, a value cell closing with `>`, a styled empty cell with `/>`. The far cell that would make
calamine allocate a 512 GB grid is what this scan must never miss."""

from __future__ import annotations

import random

from ingest.xlsx_guard import _CELL_EMPTY, _CELL_VALUE, _cell_refs, _col_number


def _by_regex(buf: bytes) -> tuple[int, int, int, int, int, int]:
    full, empty = _CELL_VALUE.findall(buf), _CELL_EMPTY.findall(buf)
    every = full + empty
    col = max((_col_number(c) for c, _ in every), default=0)
    row = max((int(r) for _, r in every), default=0)
    val_c = max((_col_number(c) for c, _ in full), default=0)
    val_r = max((int(r) for _, r in full), default=0)
    return buf.count(b"<c ") + buf.count(b"<c>"), len(every), col, row, val_c, val_r


def _random_cell(rng: random.Random) -> bytes:
    letters = "".join(rng.choice("ABCXYZ") for _ in range(rng.choice([1, 1, 2, 3, 4])))
    digits = str(rng.choice([1, 9, 10, 99999, 1048576, 9999999, 12345678]))
    ref = rng.choice([f'r="{letters}{digits}"', f'r="{letters}"', f'r="{digits}"',
                      f'r="{letters.lower()}{digits}"', f'r="{letters}{digits}'])
    attrs = rng.choice(["", ' s="3"', ' t="s"', ' s="1" t="n"'])
    head = rng.choice([f"<c {ref}{attrs}", f"<c{attrs} {ref}", "<c"])
    return rng.choice([head.encode() + b"><v>1</v></c>", head.encode() + b"/>",
                       b'<row r="7">', b"<col r=\"Q5\"/>"])


def test_the_scan_finds_what_the_regular_expressions_define():
    rng = random.Random(13)
    for _ in range(300):
        buf = b"".join(_random_cell(rng) for _ in range(rng.randint(0, 40)))
        assert _cell_refs(buf) == _by_regex(buf), buf


def test_a_far_corner_cell_among_ordinary_ones_is_the_extent():
    ordinary = b"".join(f'<c r="B{r}" t="s"><v>{r}</v></c>'.encode() for r in range(1, 500))
    buf = ordinary + b'<c r="XFD1048576"><v>1</v></c>' + ordinary
    assert _cell_refs(buf)[2:] == (16384, 1048576, 16384, 1048576)
    styled_only = ordinary + b'<c r="XFD1048576" s="4"/>'
    assert _cell_refs(styled_only)[2:] == (16384, 1048576, 2, 499)
