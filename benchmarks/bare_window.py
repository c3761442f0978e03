"""The floor for start-up: a bare PySide6 main window shown, then quit as `--self-test` does."""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setCentralWidget(QLabel("Caisse"))
    window.resize(1100, 720)
    window.show()
    QTimer.singleShot(0, lambda: app.exit(0 if window.isVisible() else 2))
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
