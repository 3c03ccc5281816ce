"""Paints sidebar rows: host headers, and event types with colour swatch, name, duration,
kind, location icons and inactive/secret markers. Text is drawn with ``drawText`` (plain text,
never rich text), elided to the available width."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from desktop_app.ui.icons import location_icon, location_icon_name, tinted_location_pixmap
from desktop_app.ui.models.event_types import EventTypeRoles, duration_label

__all__ = ["EventTypeDelegate"]

Index = QModelIndex | QPersistentModelIndex
_PAD = 6
_ICON = 14


class EventTypeDelegate(QStyledItemDelegate):
    """Two-line event type rows, one-line bold host rows."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        fm = QFontMetrics(option.font)
        if index.data(EventTypeRoles.IsHost):
            return QSize(200, fm.height() + 2 * _PAD)
        return QSize(200, 2 * fm.height() + 3 * _PAD)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        opt.text = ""
        opt.icon = type(opt.icon)()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        painter.save()
        try:
            if index.data(EventTypeRoles.IsHost):
                self._paint_host(painter, opt, index)
            else:
                self._paint_event_type(painter, opt, index)
        finally:
            painter.restore()

    def _text_color(self, opt: QStyleOptionViewItem, *, dim: bool = False) -> QColor:
        palette: QPalette = opt.palette
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        color = palette.color(role)
        if dim and not selected:
            color = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        return color

    def _paint_host(self, painter: QPainter, opt: QStyleOptionViewItem, index: Index) -> None:
        rect: QRect = opt.rect.adjusted(_PAD, 0, -_PAD, 0)
        font = QFont(opt.font)
        font.setBold(True)
        painter.setFont(font)
        count = f"{index.data(EventTypeRoles.Count) or 0}"
        fm = QFontMetrics(font)
        count_w = fm.horizontalAdvance(count) + _PAD
        painter.setPen(self._text_color(opt, dim=True))
        painter.drawText(rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, count)
        painter.setPen(self._text_color(opt))
        name = fm.elidedText(
            str(index.data() or ""), Qt.TextElideMode.ElideRight, rect.width() - count_w
        )
        painter.drawText(rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, name)

    def _paint_event_type(self, painter: QPainter, opt: QStyleOptionViewItem, index: Index) -> None:
        rect: QRect = opt.rect
        font = QFont(opt.font)
        fm = QFontMetrics(font)
        active = bool(index.data(EventTypeRoles.Active))
        color = index.data(Qt.ItemDataRole.DecorationRole) or QColor("#9aa0a6")
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        # colour swatch: a round dot beside the name (hollow when inactive)
        dot = QRect(rect.left() + _PAD, rect.top() + _PAD + (fm.height() - 10) // 2, 10, 10)
        painter.setPen(color)
        painter.setBrush(color if active else Qt.BrushStyle.NoBrush)
        painter.drawEllipse(dot)
        left = dot.right() + _PAD + 2
        line1 = QRect(left, rect.top() + _PAD, rect.right() - left - _PAD, fm.height())
        line2 = line1.translated(0, fm.height() + _PAD // 2)
        # markers on the right of line 1
        markers = [
            m
            for m, on in (("Secret", index.data(EventTypeRoles.Secret)), ("Inactive", not active))
            if on
        ]
        small = QFont(font)
        small.setPointSizeF(max(font.pointSizeF() - 1.5, 6.5))
        sfm = QFontMetrics(small)
        right = line1.right()
        painter.setFont(small)
        for marker in reversed(markers):
            w = sfm.horizontalAdvance(marker) + 8
            box = QRect(right - w, line1.top() + 1, w, fm.height() - 2)
            if opt.state & QStyle.StateFlag.State_Selected:
                painter.setPen(self._text_color(opt))
            else:
                painter.setPen(QColor("#b06000") if marker == "Secret" else QColor("#80868b"))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(box, 4, 4)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, marker)
            right = box.left() - 4
        # name
        painter.setFont(font)
        painter.setPen(self._text_color(opt, dim=not active))
        name_rect = QRect(line1.left(), line1.top(), right - line1.left(), line1.height())
        name = fm.elidedText(
            str(index.data() or ""), Qt.TextElideMode.ElideRight, name_rect.width()
        )
        painter.drawText(
            name_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, name
        )
        # location icons on the right of line 2
        kinds: list[str] = index.data(EventTypeRoles.LocationKinds) or []
        shown: dict[str, str] = {}  # icon name -> first kind drawn with it
        for kind in kinds:
            shown.setdefault(location_icon_name(kind), kind)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        icon_right = line2.right()
        for kind in reversed(list(shown.values())[:5]):
            box = QRect(
                icon_right - _ICON, line2.top() + (line2.height() - _ICON) // 2, _ICON, _ICON
            )
            if selected:  # the grey icons vanish on the highlight: draw them in its text colour
                colour = opt.palette.color(QPalette.ColorRole.HighlightedText)
                ratio = painter.device().devicePixelRatioF()
                painter.drawPixmap(box, tinted_location_pixmap(kind, _ICON, colour, ratio))
            else:
                location_icon(kind).paint(painter, box)
            icon_right = box.left() - 3
        # duration and kind
        painter.setFont(small)
        painter.setPen(self._text_color(opt, dim=True))
        minutes = index.data(EventTypeRoles.Duration) or 0
        details = f"{duration_label(minutes)} · {index.data(EventTypeRoles.KindLabel) or ''}"
        details_rect = QRect(
            line2.left(), line2.top(), icon_right - line2.left() - 2, line2.height()
        )
        details = sfm.elidedText(details, Qt.TextElideMode.ElideRight, details_rect.width())
        painter.drawText(
            details_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, details
        )
