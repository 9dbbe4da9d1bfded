"""The product's colours: one meaning per colour, on every page and in the board pack.

Business rule: IT is always dark blue and outside IT orange, systems of record teal and systems of
engagement purple, so a reader who learnt the colours on one chart reads every other chart (and
the board pack's native Excel charts) the same way.

Worked example: `hex_rgb(SOR)` -> '2A9D8F' (what openpyxl takes), `SOR` -> '#2a9d8f' (Altair).
"""

IT = "#1f4e79"  # IT department (dark blue)
OUTSIDE_IT = "#e07b39"  # outside IT (orange)
SOR = "#2a9d8f"  # systems of record (teal)
SOE = "#8e5ea2"  # systems of engagement (purple)
NEUTRAL = "#9aa5b1"  # not technology / unassigned / budget
UP = "#c0392b"  # spend went up
DOWN = "#2e7d32"  # spend went down


def hex_rgb(colour: str) -> str:
    """'#1f4e79' -> '1F4E79' (the form Excel charts take)."""
    return colour.lstrip("#").upper()
