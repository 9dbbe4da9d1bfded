"""Native Excel charts for the pack (openpyxl.chart), in the product palette (models.palette)."""

from __future__ import annotations

from typing import Sequence

from openpyxl.chart import BarChart, Reference
from openpyxl.chart.data_source import AxDataSource, StrRef
from openpyxl.chart.text import RichText, Text
from openpyxl.chart.title import Title
from openpyxl.drawing.text import CharacterProperties, Paragraph, ParagraphProperties, RegularTextRun


def stacked_chart(ws, kind: str, title: str, *, cols: tuple[int, int], category_col: int,
                   rows: tuple[int, int], colours: Sequence[str], size: tuple[float, float],
                   value_title: str | None = None) -> BarChart:
    """A native stacked bar ('bar') or column ('col') chart over a table on `ws`: series in
    columns cols[0]..cols[1] (header row rows[0] gives their names), categories in category_col."""
    chart = BarChart()
    chart.type = kind
    chart.grouping = "stacked"
    chart.overlap = 100
    chart_title(chart, title)
    chart.x_axis.title = None
    chart.y_axis.title = value_title
    chart.y_axis.numFmt = "#,##0"
    chart.y_axis.majorGridlines = None
    top, end = rows
    chart.add_data(Reference(ws, min_col=cols[0], max_col=cols[1], min_row=top, max_row=end),
                   titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=category_col, min_row=top + 1, max_row=end))
    colour(chart, colours)
    axes_visible(chart)
    chart.height, chart.width = size
    return chart


def chart_title(chart: BarChart, text: str) -> None:
    """A modest 11 pt bold title (the default renders at 18 pt in LibreOffice)."""
    props = CharacterProperties(sz=1100, b=True)
    paragraph = Paragraph(pPr=ParagraphProperties(defRPr=props), r=[RegularTextRun(rPr=props, t=text)])
    chart.title = Title(tx=Text(rich=RichText(p=[paragraph])), overlay=False)


def _text_categories(chart: BarChart) -> None:
    """Category labels are text (quarter labels, department names): reference them as strings,
    as Excel does (openpyxl's set_categories writes a numeric reference)."""
    for series in chart.series:
        if series.cat is not None and series.cat.numRef is not None:
            series.cat = AxDataSource(strRef=StrRef(f=series.cat.numRef.f))


def colour(chart: BarChart, colours: Sequence[str]) -> None:
    for series, colour in zip(chart.series, colours):
        series.graphicalProperties.solidFill = colour
        series.graphicalProperties.line.solidFill = colour


def axes_visible(chart: BarChart) -> None:
    _text_categories(chart)
    # openpyxl 3.1 writes <c:delete val="1"/> for axes unless told otherwise: Excel then hides them.
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.legend.position = "b"
