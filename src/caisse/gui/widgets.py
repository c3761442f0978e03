"""Small widgets and helpers shared by the pages: message banners, headings, amount fields,
and the formatting of dates and money for display."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any, ClassVar, TypeVar

from babel.dates import format_date, format_datetime, format_skeleton, format_time
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from caisse import i18n
from caisse.domain.errors import CaisseError
from caisse.domain.money import EUR, Money, format_amount, format_money, parse_cents
from caisse.i18n import _

T = TypeVar("T")


class Banner(QLabel):
    """A message in the page itself, never a modal box: red for a refusal, green for done."""

    STYLES: ClassVar[dict[str, str]] = {
        "error": "background:#fdecea; color:#8a1c1c; border:1px solid #f0b4b4;",
        "success": "background:#e8f5e9; color:#1b5e20; border:1px solid #a5d6a7;",
        "info": "background:#eef3fb; color:#1a3a6b; border:1px solid #b9cbe8;",
    }

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.kind = ""
        self.hide()

    def _show(self, kind: str, text: str) -> None:
        self.kind = kind
        rule = f"{self.STYLES[kind]} border-radius:6px; padding:10px 14px;"
        self.setStyleSheet(f"QLabel {{ {rule} }}")
        self.setText(text)
        self.show()

    def error(self, text: str) -> None:
        self._show("error", text)

    def success(self, text: str) -> None:
        self._show("success", text)

    def info(self, text: str) -> None:
        self._show("info", text)

    def clear_message(self) -> None:
        self.kind = ""
        self.clear()
        self.hide()


def guarded(banner: Banner, action: Callable[[], T]) -> T | None:
    """Run a service call; a refusal is shown in the banner in the user's language."""
    try:
        return action()
    except CaisseError as err:
        banner.error(str(err))
        return None


def heading(text: str, size: int = 15) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet(f"QLabel {{ font-size: {size}pt; font-weight: 600; color: #1d2430; }}")
    return label


def hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color:#5f6b7a;")
    return label


def separator() -> QFrame:
    line = QFrame()
    line.setFrameShape(QFrame.Shape.HLine)
    line.setStyleSheet("color:#d9dee5;")
    return line


def row(*widgets: QWidget, stretch: bool = True) -> QHBoxLayout:
    layout = QHBoxLayout()
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget)
    if stretch:
        layout.addStretch(1)
    return layout


class AmountEdit(QLineEdit):
    """An amount typed in the user's locale ("1 234,50"); read with :meth:`cents`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(format_amount(2000))
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def cents(self) -> int:
        """The amount, or :class:`InputError` with a message saying what to type."""
        return parse_cents(self.text())

    def set_cents(self, cents: int) -> None:
        self.setText(format_amount(cents))


def money(cents: int, commodity: str = EUR) -> str:
    return format_money(Money(cents, commodity))


def short_date(iso: str | None) -> str:
    if not iso:
        return ""
    return format_date(date.fromisoformat(iso[:10]), format="short", locale=i18n.locale())


def long_date(iso: str | None) -> str:
    if not iso:
        return ""
    return format_date(date.fromisoformat(iso[:10]), format="long", locale=i18n.locale())


def time_of(iso: str) -> str:
    return format_time(datetime.fromisoformat(iso), format="short", locale=i18n.locale())


def moment(iso: str) -> str:
    """The time alone for today, the day, month and time for an earlier day."""
    when = datetime.fromisoformat(iso)
    if when.date() == datetime.now(when.tzinfo).date():
        return time_of(iso)
    return f"{format_skeleton('Md', when, locale=i18n.locale())} {time_of(iso)}"


def date_time(iso: str) -> str:
    return format_datetime(datetime.fromisoformat(iso), format="short", locale=i18n.locale())


class FormDialog(QDialog):
    """A title, a banner, a form and OK / Cancel; ``save`` calls the service."""

    def __init__(self, title: str, ok: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self.banner = Banner()
        self.form = QFormLayout()
        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton(ok, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setObjectName("primary")
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText(_("Cancel"))
        self.buttons.accepted.connect(self.try_save)
        self.buttons.rejected.connect(self.reject)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(20, 16, 20, 16)
        self.layout_.setSpacing(10)
        self.layout_.addWidget(heading(title))
        self.layout_.addWidget(self.banner)
        self.layout_.addLayout(self.form)
        self.layout_.addWidget(self.buttons)
        #: what the service returned
        self.outcome: Any = None

    def save(self) -> Any:  # pragma: no cover - each dialog defines it
        raise NotImplementedError

    def try_save(self) -> None:
        try:
            self.outcome = self.save()
        except CaisseError as err:
            self.banner.error(str(err))
            return
        self.accept()
