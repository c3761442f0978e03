"""What changed, said once and heard by every view that shows it.

Pages call services and then emit here; the views listening refresh themselves. The core never
calls a widget.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class Bus(QObject):
    #: an entry was appended to the journal (exchange, membership fee...)
    journal_changed = Signal()
    #: a member was added or edited
    members_changed = Signal()
    #: exchange points were created, edited or deactivated
    counters_changed = Signal()
    #: the association, the currency or the rules changed
    settings_changed = Signal()
    #: users were created or edited
    users_changed = Signal()
