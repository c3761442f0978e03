"""Starting Caisse: log-in, the self-test, a second instance, Qt's own strings in French."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from caisse import i18n
from caisse.domain.roles import Role
from caisse.gui import app as gui_app
from caisse.gui.i18n_qt import QtTranslations
from caisse.gui.login import LoginDialog
from caisse.store.lock import InstanceLock

VOLUNTEER_PIN = "1234"  # the volunteer fixture's PIN (tests/conftest.py)


def test_log_in_with_the_keyboard(qtbot, store, volunteer):
    dialog = LoginDialog(store)
    qtbot.addWidget(dialog)
    names = [dialog.users.item(i).text() for i in range(dialog.users.count())]
    assert any(name.startswith("Béa Bénévole") for name in names)
    dialog.select("benevole")
    qtbot.keyClicks(dialog.secret, "0000")
    qtbot.keyClick(dialog.secret, Qt.Key.Key_Return)
    assert dialog.context is None and not dialog.result()
    assert "Wrong user or password" in dialog.banner.text()
    dialog.secret.clear()
    qtbot.keyClicks(dialog.secret, VOLUNTEER_PIN)
    qtbot.keyClick(dialog.secret, Qt.Key.Key_Return)
    assert dialog.result() and dialog.context is not None
    assert dialog.context.actor.role is Role.VOLUNTEER


def test_demo_hint_only_for_the_demo(qtbot, store, admin):
    plain, demo = LoginDialog(store), LoginDialog(store, demo=True)
    qtbot.addWidget(plain)
    qtbot.addWidget(demo)
    texts = lambda d: " ".join(b.text() for b in d.findChildren(type(d.banner)))  # noqa: E731
    assert "admin1234" in texts(demo) and "tresor1234" in texts(demo)
    assert "admin1234" not in texts(plain)


def test_self_test_opens_the_window_and_returns_0(qapp, store, db_path):
    assert gui_app.run(db_path, self_test=True, language="en") == 0
    # the lock is released: another start works
    assert gui_app.run(db_path, self_test=True, language="en") == 0


def test_self_test_refuses_a_database_already_open(qapp, store, db_path, capsys):
    with InstanceLock(db_path):
        assert gui_app.run(db_path, self_test=True, language="en") == 1
    assert "already open in another Caisse program" in capsys.readouterr().err


def test_self_test_without_a_database_fails_clearly(qapp, tmp_path, capsys):
    assert gui_app.run(tmp_path / "none.db", self_test=True, language="en") == 1
    assert "There is no database" in capsys.readouterr().err


def test_qt_stock_buttons_speak_french(qtbot):
    translations = QtTranslations()
    i18n.set_language("fr")
    translations.install("fr")
    try:
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        qtbot.addWidget(box)
        assert "Annuler" in box.button(QDialogButtonBox.StandardButton.Cancel).text()
    finally:
        translations.remove()
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    assert "Cancel" in box.button(QDialogButtonBox.StandardButton.Cancel).text()


def test_qt_stock_buttons_keep_their_english_text(qtbot):
    """Our translator has nothing to say about Qt's own words: they stay as Qt has them."""
    translations = QtTranslations()
    i18n.set_language("en")
    translations.install("en")
    try:
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        qtbot.addWidget(box)
        assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "Cancel"
    finally:
        translations.remove()


def test_change_user_logs_out_and_closes_the_window(window, volunteer, qtbot):
    from caisse.services import events

    win = window(volunteer)
    qtbot.keyClick(win, "l", modifier=Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not win.isVisible())
    assert win.switch_requested
    last = events.recent(volunteer.store, 1)[0]
    assert last["kind"] == "logout" and last["actor"] == volunteer.actor.uid


def test_status_bar_names_the_surplus_to_transfer(window, volunteer, member, counter):
    from caisse.services import operations

    operations.exchange(volunteer, member["number"], counter, 5000)
    operations.pay_membership(volunteer, member["number"], counter, "individual", "units")
    win = window(volunteer)
    win.coverage.refresh()
    assert win.coverage.covered
    assert "15.00 to transfer to the operating account" in win.coverage.text()
