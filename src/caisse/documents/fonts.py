"""The fonts of the printed documents, embedded so every accent, € and narrow space shows.

DejaVu Sans is looked for where each system keeps it (Debian's ``fonts-dejavu-core``, other
Linux layouts, a macOS or Windows user font folder). Without it, reportlab's own Bitstream
Vera is used: it ships inside reportlab, so a frozen build on Windows or macOS has it, and it
covers Latin-1, € and the no-break space but not the narrow no-break space (U+202F) that
French number formats use, which is then printed as an ordinary no-break space. If even Vera
is missing, the standard Helvetica of every PDF reader is used, with the same replacement:
its WinAnsi encoding also has € and the no-break space, nothing more exotic.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

#: characters Vera and Helvetica lack, and what stands in for them
_FALLBACK_CHARS = {"\u202f": "\u00a0", "\u2009": " ", "\u2212": "-"}


@dataclass(frozen=True)
class Fonts:
    regular: str
    bold: str
    mono: str
    complete: bool  # True when the font has every character Babel may write

    def text(self, value: str) -> str:
        """``value`` with the characters the font lacks replaced by near equivalents."""
        if self.complete:
            return value
        for char, stand_in in _FALLBACK_CHARS.items():
            value = value.replace(char, stand_in)
        return value


def _font_dirs() -> list[Path]:
    dirs = [
        Path("/usr/share/fonts/truetype/dejavu"),
        Path("/usr/share/fonts/TTF"),
        Path("/usr/share/fonts/dejavu"),
        Path("/usr/share/fonts/dejavu-sans-fonts"),
        Path("/usr/local/share/fonts"),
        Path.home() / ".local/share/fonts",
        Path.home() / ".fonts",
    ]
    if sys.platform == "darwin":
        dirs += [Path.home() / "Library/Fonts", Path("/Library/Fonts")]
    if sys.platform == "win32":
        windir = Path(os.environ.get("WINDIR", r"C:\Windows"))
        local = os.environ.get("LOCALAPPDATA")
        dirs += [windir / "Fonts"]
        if local:
            dirs.append(Path(local) / "Microsoft/Windows/Fonts")
    return dirs


def _find(name: str) -> Path | None:
    for folder in _font_dirs():
        candidate = folder / name
        if candidate.is_file():
            return candidate
    return None


def _reportlab_dir() -> Path:
    import reportlab

    return Path(reportlab.__file__).resolve().parent / "fonts"


def _register(name: str, path: Path) -> bool:
    try:
        pdfmetrics.registerFont(TTFont(name, str(path)))
    except Exception:  # an unreadable or odd font file: try the next choice
        return False
    return True


@cache
def fonts() -> Fonts:
    """Register the fonts once and say which were found."""
    regular, bold = _find("DejaVuSans.ttf"), _find("DejaVuSans-Bold.ttf")
    if regular and bold and _register("CaisseSans", regular) and _register("CaisseSans-Bold", bold):
        mono_path = _find("DejaVuSansMono.ttf")
        mono = "CaisseMono" if mono_path and _register("CaisseMono", mono_path) else "Courier"
        return Fonts("CaisseSans", "CaisseSans-Bold", mono, complete=True)
    vera = _reportlab_dir()
    if _register("CaisseVera", vera / "Vera.ttf") and _register(
        "CaisseVera-Bold", vera / "VeraBd.ttf"
    ):
        return Fonts("CaisseVera", "CaisseVera-Bold", "Courier", complete=False)
    # Helvetica and Courier are built into every PDF reader; nothing is embedded.
    return Fonts("Helvetica", "Helvetica-Bold", "Courier", complete=False)
