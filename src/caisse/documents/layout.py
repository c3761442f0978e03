"""Page sizes, paragraph styles and table looks shared by the documents."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, Table, TableStyle

from caisse.documents.fonts import fonts
from caisse.i18n import _

A4_SIZE = A4
A4_MARGIN = 18 * mm
#: reportlab's frames keep 6 pt inside each edge; tables are sized to what is left
FRAME_PADDING = 6
#: an 80 mm roll prints on 72 mm; the 4 mm either side are the printer's dead edges
ROLL_WIDTH = 80 * mm
ROLL_PRINTABLE = 72 * mm
ROLL_MARGIN = (ROLL_WIDTH - ROLL_PRINTABLE) / 2
ROLL_MARGIN_Y = 5 * mm

GREY = colors.HexColor("#5f6368")
RULE = colors.HexColor("#b0b4b8")
SHADE = colors.HexColor("#eef0f2")
RED = colors.HexColor("#b3261e")


@dataclass(frozen=True)
class Styles:
    """Paragraph styles at one base size: 10 pt on A4, 8 pt on a roll."""

    size: float
    body: ParagraphStyle
    small: ParagraphStyle
    bold: ParagraphStyle
    right: ParagraphStyle
    right_bold: ParagraphStyle
    title: ParagraphStyle
    heading: ParagraphStyle
    center: ParagraphStyle
    banner: ParagraphStyle
    mono: ParagraphStyle


def styles(size: float) -> Styles:
    f = fonts()
    lead = size * 1.3
    body = ParagraphStyle("body", fontName=f.regular, fontSize=size, leading=lead)
    bold = ParagraphStyle("bold", parent=body, fontName=f.bold)
    return Styles(
        size=size,
        body=body,
        small=ParagraphStyle(
            "small", parent=body, fontSize=size * 0.85, leading=lead * 0.85, textColor=GREY
        ),
        bold=bold,
        right=ParagraphStyle("right", parent=body, alignment=TA_RIGHT),
        right_bold=ParagraphStyle("right_bold", parent=bold, alignment=TA_RIGHT),
        title=ParagraphStyle("title", parent=bold, fontSize=size * 1.5, leading=size * 1.9),
        heading=ParagraphStyle(
            "heading",
            parent=bold,
            fontSize=size * 1.15,
            leading=size * 1.5,
            spaceBefore=size * 1.1,
            spaceAfter=size * 0.4,
        ),
        center=ParagraphStyle("center", parent=body, alignment=TA_CENTER),
        banner=ParagraphStyle(
            "banner",
            parent=bold,
            fontSize=size * 1.6,
            leading=size * 2,
            alignment=TA_CENTER,
            textColor=RED,
        ),
        mono=ParagraphStyle(
            "mono", parent=body, fontName=f.mono, fontSize=size * 0.85, leading=lead * 0.9
        ),
    )


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text: escaped, with the characters the font lacks replaced."""
    return Paragraph(escape(fonts().text(text)).replace("\n", "<br/>"), style)


def grid(
    rows: list[list[Any]],
    widths: list[float],
    *,
    header: bool = True,
    total_rows: int = 0,
    extra: list[tuple[Any, ...]] | None = None,
) -> Table:
    """A table with a shaded header row, light rules and bold total rows at the bottom."""
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0, hAlign="LEFT")
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
    ]
    if header:
        commands += [
            ("BACKGROUND", (0, 0), (-1, 0), SHADE),
            ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
        ]
    if total_rows:
        commands.append(("LINEABOVE", (0, -total_rows), (-1, -total_rows), 0.8, colors.black))
    table.setStyle(TableStyle(commands + (extra or [])))
    return table


class NumberedCanvas(Canvas):
    """Writes "page x / n" at the foot of every page once the number of pages is known."""

    footer_font: tuple[str, float] = ("Helvetica", 8)
    footer_left: str = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._footer(total)
            super().showPage()
        super().save()

    def _footer(self, total: int) -> None:
        width, _height = self._pagesize
        name, size = self.footer_font
        self.setFont(name, size)
        self.setFillColor(GREY)
        label = _("page {page} / {pages}").format(page=self._pageNumber, pages=total)
        self.drawRightString(width - A4_MARGIN, A4_MARGIN / 2, fonts().text(label))
        if self.footer_left:
            self.drawString(A4_MARGIN, A4_MARGIN / 2, fonts().text(self.footer_left))


def numbered_canvas(footer_left: str) -> type[NumberedCanvas]:
    """A canvas class that numbers pages and repeats ``footer_left`` at the bottom left."""
    f = fonts()
    return type(
        "CaisseCanvas",
        (NumberedCanvas,),
        {"footer_font": (f.regular, 8), "footer_left": footer_left},
    )


def fit_text(text: str, font: str, size: float, smallest: float, width: float) -> tuple[str, float]:
    """``text`` at the largest size from ``size`` down to ``smallest`` that fits ``width``;
    at the smallest, cut with an ellipsis."""
    while size > smallest and stringWidth(text, font, size) > width:
        size -= 0.5
    if stringWidth(text, font, size) <= width:
        return text, size
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…", size
