"""Paints open times in the week grid as rounded "buttons" in the event type's colour."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from desktop_app.ui.delegates.slot_colors import slot_colors
from desktop_app.ui.models.week import WeekRoles

__all__ = ["SlotDelegate"]

Index = QModelIndex | QPersistentModelIndex


def _rgb(color: QColor) -> tuple[int, int, int]:
    return color.red(), color.green(), color.blue()


class SlotDelegate(QStyledItemDelegate):
    """Outlined slot; filled when hovered, selected or focused. Empty cells stay blank.

    Text and outline are the event type's colour, darkened where needed to contrast 4.5:1
    (3:1 for the outline) with the slot; a filled slot has black or white text
    (:func:`~desktop_app.ui.delegates.slot_colors.slot_colors`)."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        fm = QFontMetrics(option.font)
        return QSize(fm.horizontalAdvance("00:00 AM") + 24, fm.height() + 14)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        if index.data(WeekRoles.AvailableTime) is None:
            return
        state = option.state
        active = bool(
            state & (QStyle.StateFlag.State_Selected | QStyle.StateFlag.State_MouseOver)
        ) or bool(state & QStyle.StateFlag.State_HasFocus)
        color = QColor(index.data(WeekRoles.SlotColor) or QColor("#4f6bed"))
        base = option.palette.base().color()
        colors = slot_colors(_rgb(color), _rgb(base))
        rect = QRectF(option.rect).adjusted(4, 3, -4, -3)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if active:
            painter.setPen(QPen(color.darker(115), 1.5))
            painter.setBrush(QColor(*colors.active_fill))
            text_color = QColor(*colors.active_text)
        else:
            painter.setPen(QPen(QColor(*colors.border), 1.2))
            painter.setBrush(QColor(*colors.fill))
            text_color = QColor(*colors.text)
        painter.drawRoundedRect(rect, 5, 5)
        painter.setPen(text_color)
        painter.setFont(option.font)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(index.data() or ""))
        painter.restore()
