"""Column widths of the scheduled events table: Start, End and Status fit their text; Event,
Invitees and Location share the rest of the width and elide."""

from __future__ import annotations

from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QHeaderView, QTableView

from desktop_app.services.booking_text import format_time
from desktop_app.ui.events.model import COL_END, COL_START, COL_STATUS, HEADERS

CELL_PADDING = 20  # the item view's text margins and grid line, with some air


def size_columns(table: QTableView, use_24h: bool) -> QFontMetrics:
    """Set the initial widths; returns the (italic: canceled rows) metrics to measure with."""
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    font = table.font()
    font.setItalic(True)
    metrics = QFontMetrics(font)
    clock = format_time(12, 30, use_24h)  # "12:30" or "12:30 PM"
    samples = {COL_START: f"Wed 28 Nov {clock}", COL_END: f"Wed {clock}", COL_STATUS: "canceled: …"}
    for column, title in enumerate(HEADERS):
        sample = samples.get(column)
        if sample is None:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        else:
            width = max(metrics.horizontalAdvance(text) for text in (sample, title))
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width + CELL_PADDING)
    return metrics


VISIBLE_FALLBACK = 60  # rows measured when the table is not laid out yet (a hidden tab)


def fit_columns(table: QTableView, metrics: QFontMetrics) -> None:
    """Widen Start and End to the texts of the rows in view (a start in another year, an end
    days later); Status keeps its width (a cancellation reason elides). Only the visible rows
    are measured, so the cost does not grow with the rows loaded (10,000 rows took 240 ms);
    call it again when the rows in view change (scrolling, a new page, another zone)."""
    header, model = table.horizontalHeader(), table.model()
    first = max(table.rowAt(0), 0)
    last = table.rowAt(table.viewport().height() - 1)
    if last < 0:  # fewer rows than the view holds, or not laid out yet
        last = min(model.rowCount(), first + VISIBLE_FALLBACK) - 1
    for column in (COL_START, COL_END):
        texts = (str(model.index(r, column).data()) for r in range(first, last + 1))
        width = max((metrics.horizontalAdvance(text) for text in texts), default=0)
        if width + CELL_PADDING > header.sectionSize(column):
            header.resizeSection(column, width + CELL_PADDING)
