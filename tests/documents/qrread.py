"""Reading back the QR codes of a PDF as a phone or a scanner would: the pages rendered to
images by poppler's pdftoppm, every code decoded by zxing-cpp, a decoder independent of the
library that drew them."""

from __future__ import annotations

import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import zxingcpp
from PIL import Image


@dataclass(frozen=True)
class Code:
    page: int
    text: str
    version: str  # as the decoder read it from the symbol
    ec_level: str
    width_mm: float  # the symbol's printed side, quiet zone left out


def decoded(pdf: bytes, dpi: int = 300) -> list[Code]:
    """Every QR code found on the rendered pages, page by page."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "sheet.pdf"
        source.write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-r", str(dpi), "-gray", "-png", str(source), str(Path(folder) / "p")],
            check=True,
        )
        codes = []
        for image in sorted(Path(folder).glob("p-*.png"), key=lambda p: int(p.stem[2:])):
            page = int(image.stem[2:])
            with Image.open(image) as picture:
                found = zxingcpp.read_barcodes(picture, formats=zxingcpp.BarcodeFormat.QRCode)
            for code in found:
                corners = code.position
                side = abs(corners.top_right.x - corners.top_left.x) + 1
                version = code.extra.get("Version", "")
                codes.append(Code(page, code.text, version, code.ec_level, side * 25.4 / dpi))
        return codes
