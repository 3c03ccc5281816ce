"""Paints open times in the week grid as rounded "buttons" in the event type's colour."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from desktop_app.ui.models.week import WeekRoles

__all__ = ["SlotDelegate"]

Index = QModelIndex | QPersistentModelIndex


class SlotDelegate(QStyledItemDelegate):
    """Outlined slot; filled when hovered, selected or focused. Empty cells stay blank."""

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
        rect = QRectF(option.rect).adjusted(4, 3, -4, -3)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if active:
            painter.setPen(QPen(color.darker(115), 1.5))
            painter.setBrush(color)
            text_color = QColor("#ffffff") if color.lightnessF() < 0.7 else QColor("#202124")
        else:
            fill = QColor(color)
            fill.setAlphaF(0.10)
            painter.setPen(QPen(color, 1.2))
            painter.setBrush(fill)
            text_color = color.darker(160) if color.lightnessF() > 0.55 else color.darker(110)
        painter.drawRoundedRect(rect, 5, 5)
        painter.setPen(text_color)
        painter.setFont(option.font)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(index.data() or ""))
        painter.restore()
