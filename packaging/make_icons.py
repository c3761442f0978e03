"""Render resources/caisse.svg into the raster icons the installers need.

    python packaging/make_icons.py            # writes packaging/icons/caisse.{png,ico,icns}

Qt (QtSvg, part of PySide6-Essentials) draws the SVG at each size, Pillow writes the Windows
.ico and the macOS .icns. The results are small and committed, so a Windows or macOS build
does not depend on rendering them; run this again whenever the SVG changes.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SVG = ROOT / "resources" / "caisse.svg"
OUT = ROOT / "packaging" / "icons"
ICO_SIZES = [16, 24, 32, 48, 64, 128, 256]
ICNS_SIZES = [16, 32, 64, 128, 256, 512, 1024]


def render(size: int):
    from PIL import Image
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {SVG}")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return Image.open(io.BytesIO(bytes(data))).convert("RGBA")


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication(sys.argv[:1])  # QPainter needs one for fonts  # noqa: F841
    OUT.mkdir(parents=True, exist_ok=True)
    images = {size: render(size) for size in sorted(set(ICO_SIZES + ICNS_SIZES))}
    images[256].save(OUT / "caisse.png", optimize=True)
    images[256].save(OUT / "caisse.ico", sizes=[(s, s) for s in ICO_SIZES])
    images[1024].save(
        OUT / "caisse.icns", append_images=[images[s] for s in ICNS_SIZES if s != 1024]
    )
    for name in ("caisse.png", "caisse.ico", "caisse.icns"):
        print(f"{OUT / name}: {(OUT / name).stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
