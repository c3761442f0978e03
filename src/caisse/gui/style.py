"""The look: Qt's Fusion style on every platform, a light palette and a few rules."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

ACCENT = "#1f6f5c"

STYLESHEET = f"""
QWidget {{ font-size: 10.5pt; }}
QListWidget#navigation {{
    background: #f3f5f7; border: none; border-right: 1px solid #d9dee5;
    padding-top: 6px; outline: 0;
}}
QListWidget#navigation::item {{ padding: 10px 16px; margin: 2px 8px; border-radius: 6px; }}
QListWidget#navigation::item:selected {{ background: {ACCENT}; color: white; }}
QListWidget#navigation::item:hover:!selected {{ background: #e3e8ed; }}
QPushButton#switchUser {{ margin: 0 12px; }}
QLabel#brand {{ padding: 14px 16px 4px 16px; font-size: 12.5pt; font-weight: 600; }}
QLabel#brandSub {{ padding: 0 16px 10px 16px; color: #5f6b7a; }}
QPushButton {{ padding: 6px 14px; border-radius: 5px; border: 1px solid #b8c0ca;
    background: #ffffff; }}
QPushButton:hover {{ background: #f0f3f6; }}
QPushButton:disabled {{ color: #9aa3ad; background: #f5f6f8; }}
QPushButton#primary {{ background: {ACCENT}; color: white; border: 1px solid {ACCENT};
    font-weight: 600; padding: 9px 18px; }}
QPushButton#primary:hover {{ background: #185a4a; }}
QPushButton#primary:disabled {{ background: #9fbfb6; border-color: #9fbfb6; }}
QLineEdit, QComboBox, QSpinBox {{ padding: 5px 6px; border: 1px solid #b8c0ca;
    border-radius: 4px; background: white; }}
QLineEdit:focus, QComboBox:focus {{ border: 2px solid {ACCENT}; padding: 4px 5px; }}
QLineEdit#amount {{ font-size: 22pt; font-weight: 600; padding: 6px 10px; }}
QLineEdit#amount:focus {{ padding: 5px 9px; }}
QLineEdit#memberField {{ font-size: 13pt; padding: 7px 8px; }}
QLineEdit#memberField:focus {{ padding: 6px 7px; }}
QFrame#card {{ background: #ffffff; border: 1px solid #d9dee5; border-radius: 8px; }}
QTableView {{ gridline-color: #e6e9ee; selection-background-color: #cfe5de;
    selection-color: black; alternate-background-color: #f7f9fa; }}
QTableView::item {{ padding: 0 6px; }}
QHeaderView::section {{ background: #eef1f4; padding: 5px 6px; border: none;
    border-bottom: 1px solid #d9dee5; font-weight: 600; }}
QStatusBar {{ background: #f3f5f7; border-top: 1px solid #d9dee5; }}
QStatusBar QLabel {{ padding: 2px 10px; }}
QTabWidget::pane {{ border: 1px solid #d9dee5; border-radius: 6px; top: -1px; }}
QTabBar::tab {{ padding: 7px 16px; border: 1px solid transparent; border-bottom: none; }}
QTabBar::tab:selected {{ background: #ffffff; border-color: #d9dee5; font-weight: 600; }}
"""


def apply(app: QApplication) -> None:
    app.setStyle("Fusion")
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Window, QColor("#fafbfc"))
    palette.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.AlternateBase, QColor("#f7f9fa"))
    palette.setColor(QPalette.ColorRole.Highlight, QColor(ACCENT))
    palette.setColor(QPalette.ColorRole.Text, QColor("#1d2430"))
    palette.setColor(QPalette.ColorRole.WindowText, QColor("#1d2430"))
    palette.setColor(QPalette.ColorRole.ButtonText, QColor("#1d2430"))
    app.setPalette(palette)
    app.setStyleSheet(STYLESHEET)


def bold(font: QFont, size: float | None = None) -> QFont:
    font = QFont(font)
    font.setWeight(QFont.Weight.DemiBold)
    if size is not None:
        font.setPointSizeF(size)
    return font
