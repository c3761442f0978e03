"""A small chart drawn with QPainter: one value per month, as bars or as a line, each value
labelled above its point, the months along the bottom."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from .style import ACCENT

AXIS = QColor("#b8c0ca")
GRID = QColor("#e6e9ee")
INK = QColor("#1d2430")
MUTED = QColor("#5f6b7a")


class MonthChart(QWidget):
    """Months on the x axis, one value each; ``line`` draws a level (circulation), otherwise
    bars (amounts moved in the month). ``label`` formats a value for display."""

    def __init__(self, title: str, *, line: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.line = line
        self.months: list[str] = []
        self.values: list[int] = []
        #: a second series stacked on the first (bars only), and the two series' names
        self.extra: list[int] = []
        self.legend: tuple[str, str] | None = None
        self.label: Callable[[int], str] = str
        self.color = QColor(ACCENT)
        self.extra_color = QColor("#8fc1b3")
        self.setMinimumSize(QSize(320, 170))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_data(
        self,
        months: Sequence[str],
        values: Sequence[int],
        label: Callable[[int], str],
        extra: Sequence[int] = (),
        legend: tuple[str, str] | None = None,
    ) -> None:
        """One value a month; ``extra`` a second series stacked on it, named by ``legend``.
        Each bar is labelled with its total, the tooltip gives every figure."""
        self.months = list(months)
        self.values = list(values)
        self.extra = list(extra) or [0] * len(self.values)
        self.legend = legend if extra else None
        self.label = label
        lines = []
        for month, value, more in zip(self.months, self.values, self.extra, strict=True):
            if self.legend:
                lines.append(f"{month}: {self.legend[0]} {label(value)}, "
                             f"{self.legend[1]} {label(more)}")  # fmt: skip
            else:
                lines.append(f"{month}: {label(value)}")
        self.setToolTip("\n".join(lines))
        self.update()

    def totals(self) -> list[int]:
        return [v + e for v, e in zip(self.values, self.extra, strict=True)]

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        painter.setPen(QPen(QColor("#d9dee5")))
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6)

        title_font = QFont(self.font())
        title_font.setWeight(QFont.Weight.DemiBold)
        painter.setFont(title_font)
        painter.setPen(INK)
        title_height = QFontMetrics(title_font).height()
        painter.drawText(QRectF(12, 8, self.width() - 24, title_height), self.title)
        title_end = 12 + QFontMetrics(title_font).horizontalAdvance(self.title) + 24

        small = QFont(self.font())
        small.setPointSizeF(max(7.0, self.font().pointSizeF() * 0.8))
        painter.setFont(small)
        metrics = QFontMetrics(small)
        if not self.values:
            painter.end()
            return
        if self.legend:
            x = float(title_end)
            for name, color in zip(self.legend, (self.color, self.extra_color), strict=True):
                painter.fillRect(QRectF(x, 8 + title_height / 2 - 5, 10, 10), color)
                painter.setPen(MUTED)
                painter.drawText(QPointF(x + 14, 8 + title_height / 2 + metrics.ascent() / 2 - 1),
                                 name)  # fmt: skip
                x += 14 + metrics.horizontalAdvance(name) + 18
        totals = self.totals()
        top = 8 + title_height + metrics.height() + 8
        bottom = self.height() - metrics.height() - 10
        left, right = 12, self.width() - 12
        plot = QRectF(left, top, right - left, max(10, bottom - top))
        high = max(max(totals), 0)
        low = min(min(self.values), 0)
        span = (high - low) or 1

        def y(value: int) -> float:
            return plot.bottom() - (value - low) / span * plot.height()

        painter.setPen(QPen(AXIS))
        painter.drawLine(QPointF(plot.left(), y(0)), QPointF(plot.right(), y(0)))
        slot = plot.width() / len(self.values)
        centres = [plot.left() + slot * (i + 0.5) for i in range(len(self.values))]
        if self.line:
            path = QPainterPath()
            for i, (x, value) in enumerate(zip(centres, self.values, strict=True)):
                point = QPointF(x, y(value))
                path.moveTo(point) if i == 0 else path.lineTo(point)
            painter.setPen(QPen(self.color, 2.2))
            painter.drawPath(path)
            painter.setBrush(self.color)
            for x, value in zip(centres, self.values, strict=True):
                painter.drawEllipse(QPointF(x, y(value)), 3, 3)
        else:
            width = slot * 0.62
            painter.setPen(Qt.PenStyle.NoPen)
            for x, value, more in zip(centres, self.values, self.extra, strict=True):
                painter.setBrush(self.color)
                painter.drawRect(
                    QRectF(x - width / 2, min(y(value), y(0)), width, abs(y(value) - y(0)))
                )
                if more:
                    painter.setBrush(self.extra_color)
                    painter.drawRect(
                        QRectF(x - width / 2, y(value + more), width, y(value) - y(value + more))
                    )

        painter.setPen(INK)
        for x, value in zip(centres, totals, strict=True):
            if value == 0:  # an empty month needs no figure over it
                continue
            text = self.label(value)
            box = QRectF(x - slot / 2, y(max(value, 0)) - metrics.height() - 3, slot,
                         metrics.height())  # fmt: skip
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, metrics.elidedText(
                text, Qt.TextElideMode.ElideRight, int(slot)))  # fmt: skip
        painter.setPen(MUTED)
        for x, month in zip(centres, self.months, strict=True):
            box = QRectF(x - slot / 2, plot.bottom() + 4, slot, metrics.height())
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, month)
        painter.end()
