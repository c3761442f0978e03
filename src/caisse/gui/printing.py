"""Receipts and Z reports on paper or on disk: the PDF bytes come from the receipts service.

Printing sends the PDF itself to the printer the user picks in Qt's printer dialog: CUPS prints
PDF on Linux and macOS (``lp -d PRINTER FILE``); on Windows the program registered for PDF prints
it (``os.startfile(path, "print")``). Saving asks where with a file dialog.
Tests replace :func:`choose_printer`, :func:`send_to_printer` and :func:`ask_save_path`.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from caisse.domain.errors import CaisseError
from caisse.i18n import N_, _
from caisse.services import files


class PrintFailed(CaisseError):
    """The printer or the file could not be reached; the user can try again or save."""


def choose_printer(parent: QWidget | None) -> str | None:
    """The printer's name, or None when the user cancels."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter()
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(_("Print"))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return printer.printerName() or None


def send_to_printer(pdf: bytes, printer: str, name: str) -> None:
    folder = Path(tempfile.mkdtemp(prefix="caisse-print-"))
    path = folder / f"{name}.pdf"
    path.write_bytes(pdf)
    try:
        if sys.platform == "win32":
            os.startfile(str(path), "print")  # type: ignore[attr-defined]
        else:
            subprocess.run(
                ["lp", "-d", printer, str(path)],
                check=True,
                capture_output=True,
                timeout=30,
            )
    except (OSError, subprocess.SubprocessError) as err:
        raise PrintFailed(
            N_(
                "The printer {printer} did not take the document ({reason}). Save it as PDF "
                "instead, or check the printer and try again."
            ),
            printer=printer,
            reason=str(err).strip() or type(err).__name__,
        ) from err


def ask_save_path(parent: QWidget | None, name: str) -> Path | None:
    chosen, _filter = QFileDialog.getSaveFileName(
        parent,
        _("Save as PDF"),
        str(Path.home() / f"{name}.pdf"),
        _("PDF documents (*.pdf)"),
    )
    if not chosen:
        return None
    path = Path(chosen)
    return path if path.suffix.lower() == ".pdf" else path.with_suffix(".pdf")


def print_document(parent: QWidget | None, name: str, render: Callable[[], bytes]) -> str | None:
    """Ask for a printer, render, send. Returns the printer's name, None when cancelled."""
    printer = choose_printer(parent)
    if printer is None:
        return None
    send_to_printer(render(), printer, name)
    return printer


def save_document(parent: QWidget | None, name: str, render: Callable[[], bytes]) -> Path | None:
    """Ask where, render, write. Returns the path, None when cancelled."""
    path = ask_save_path(parent, name)
    if path is None:
        return None
    write_file(path, render())
    return path


def write_file(path: Path | str, content: bytes) -> Path:
    """Write a file the person chose, whole or not at all (a temporary file beside it, then
    renamed); a folder that refuses it is said plainly, as a :class:`PrintFailed`."""
    try:
        return files.write(path, content)
    except OSError as err:
        raise PrintFailed(
            N_("The file {path} could not be written ({reason}): choose another folder."),
            path=str(path),
            reason=err.strerror or str(err),
        ) from err


def receipt_name(receipt: str, *, reprint: bool = False) -> str:
    stem = f"recu-{receipt}" if not reprint else f"recu-{receipt}-duplicata"
    return stem.replace("/", "-")
