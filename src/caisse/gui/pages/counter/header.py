"""The top of the counter page: the till session (number, who opened it, since when), a warning
band when it has been open too long, and what the till holds now."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from caisse.i18n import _
from caisse.services import sessions
from caisse.store.db import Store

from ...widgets import Banner, date_time, moment, money


def _figure_titles() -> dict[str, str]:
    return {
        "cash": _("Cash in the till"),
        "notes": _("Notes left"),
        "cheques": _("Cheques to deposit"),
        "cards": _("Card payments"),
        "operations": _("Operations so far"),
    }


class Tile(QFrame):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.title = QLabel(title)
        self.title.setStyleSheet("color:#5f6b7a; font-size:9.5pt;")
        self.value = QLabel("—")
        self.value.setStyleSheet("font-size:14pt; font-weight:600; color:#1d2430;")
        self.detail = QLabel()
        self.detail.setStyleSheet("color:#5f6b7a; font-size:9pt;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.setSpacing(0)
        layout.addWidget(self.title)
        layout.addWidget(self.value)
        layout.addWidget(self.detail)


class SessionHeader(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session: dict[str, Any] | None = None
        self.state = QLabel()
        self.state.setStyleSheet("font-size:11.5pt; font-weight:600;")
        self.state.setWordWrap(True)
        self.warning = Banner()
        self.tiles = {key: Tile(title) for key, title in _figure_titles().items()}
        tiles = QHBoxLayout()
        tiles.setSpacing(8)
        for tile in self.tiles.values():
            tiles.addWidget(tile, 1)
        self.tiles_box = QWidget()
        self.tiles_box.setLayout(tiles)
        tiles.setContentsMargins(0, 0, 0, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.state)
        layout.addWidget(self.warning)
        layout.addWidget(self.tiles_box)

    @property
    def too_old(self) -> bool:
        return self.warning.kind == "error"

    def refresh(self, store: Store, code: str | None, now: datetime) -> dict[str, Any] | None:
        """Read the session and the till again; returns the open session, if any."""
        self.session = sessions.current(store, code) if code else None
        session = self.session
        if code is None or session is None:
            self.state.setText(
                _("The till is closed. Count the float and open it (F9) to record operations.")
                if code
                else _("Choose the exchange point.")
            )
            self.state.setStyleSheet("font-size:11.5pt; font-weight:600; color:#8a1c1c;")
            self.warning.clear_message()
            self.tiles_box.hide()
            return None
        self.state.setStyleSheet("font-size:11.5pt; font-weight:600; color:#1b5e20;")
        self.state.setText(
            _("Session {session} open · opened by {name} · since {since}").format(
                session=sessions.label(session),
                name=session["opened_by_name"] or "?",
                since=moment(session["opened_at"]),
            )
        )
        if sessions.is_too_old(session, now):
            self.warning.error(
                _(
                    "This till has been open since {since}, more than 24 hours: close it (F9) "
                    "and open a new session."
                ).format(since=date_time(session["opened_at"]))
            )
        else:
            self.warning.clear_message()
        self._figures(store, code, session)
        self.tiles_box.show()
        return session

    def _figures(self, store: Store, code: str, session: dict[str, Any]) -> None:
        expected = sessions.expected(store, code)
        self.tiles["cash"].value.setText(expected.cash.display())
        self.tiles["notes"].value.setText(expected.notes.display())
        self.tiles["cheques"].value.setText(expected.cheques_total.display())
        self.tiles["cheques"].detail.setText(
            _("{count} cheque(s)").format(count=len(expected.cheques))
        )
        self.tiles["cards"].value.setText(expected.cards.display())
        totals = sessions.session_totals(store, session["uid"])
        done = sum(f["count"] for op, f in totals.items() if op != "till_difference")
        self.tiles["operations"].value.setText(str(done))
        exchanged = totals.get("exchange", {}).get("eur", 0)
        self.tiles["operations"].detail.setText(
            _("exchanged: {amount}").format(amount=money(exchanged)) if exchanged else ""
        )
        for tile in self.tiles.values():
            tile.value.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
