"""Memory of the GUI with 100,000 members: the members page opened offscreen on the database
of ``member_search.py``, then scrolled to the end so that every page of rows is fetched.

    python benchmarks/gui_memory.py [--db PATH] [--members 100000]

Prints the process's resident memory (VmRSS, and its peak VmHWM, from /proc/self/status) at
each step.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from _common import machine
from member_search import DEFAULT_DB, build

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def memory() -> str:
    fields = {}
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                fields[key] = int(value.split()[0]) / 1024
    return f"RSS {fields['VmRSS']:6.1f} MB (peak {fields['VmHWM']:6.1f} MB)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    args = parser.parse_args()
    path = build(args.db, args.members)

    from PySide6.QtWidgets import QApplication

    from caisse.gui.bus import Bus
    from caisse.gui.pages.members import MembersPage
    from caisse.services import auth
    from caisse.store import open_store

    print(machine())
    print(f"{'Python, Qt and Caisse imported':<44} {memory()}")
    app = QApplication([])
    store = open_store(path)
    ctx = auth.system_context(store, "admin")
    started = time.perf_counter()
    page = MembersPage(ctx, Bus())
    page.resize(1200, 800)
    page.show()
    app.processEvents()
    opened = time.perf_counter() - started
    print(f"{'members page open, first page':<44} {memory()}  {opened * 1000:.0f} ms")
    print(f"    label: {page.count_label.text()!r}, rows: {page.model.rowCount():,}")

    started = time.perf_counter()
    while page.model.canFetchMore():
        page.table.scrollToBottom()
        app.processEvents()
    scrolled = time.perf_counter() - started
    print(f"{'scrolled to the end, every row fetched':<44} {memory()}  {scrolled:.1f} s")
    print(f"    label: {page.count_label.text()!r}, rows: {page.model.rowCount():,}")

    page.search.setText("helo")
    page._search_now()
    app.processEvents()
    print(f"{'then searched for helo':<44} {memory()}")
    print(f"    label: {page.count_label.text()!r}, rows: {page.model.rowCount():,}")
    store.close()


if __name__ == "__main__":
    main()
