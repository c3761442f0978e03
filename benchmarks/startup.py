"""(c) From launch to the main window shown: `caisse --demo --self-test` beside a bare PySide6
window doing the same. Uses hyperfine when installed, else repeated process timing.

    python benchmarks/startup.py [--runs 15]

Without a display, Qt is told to draw offscreen (QT_QPA_PLATFORM=offscreen).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from _common import demo_db, machine, time_processes

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    demo_db()  # built beforehand: the figure is the start-up, not the build
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    print(machine(), "QT_QPA_PLATFORM=" + os.environ.get("QT_QPA_PLATFORM", "(default)"))
    commands = {
        "caisse --demo --self-test": [sys.executable, "-m", "caisse", "--demo", "--self-test"],
        "bare PySide6 window": [sys.executable, str(HERE / "bare_window.py")],
    }
    time_processes(commands, args.runs)


if __name__ == "__main__":
    main()
