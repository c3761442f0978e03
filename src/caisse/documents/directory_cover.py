"""The cover of the printed partner directory: the association, the title, the edition, how
many partners and exchange points, how to read the guide, and the association's address on a
band at the foot."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from caisse.documents import formats as fmt
from caisse.documents.directory_blocks import (
    AMBER,
    GREEN_DARK,
    GREEN_LIGHT,
    INK,
    TEAL,
    TEAL_LIGHT,
    badge,
    markup,
)
from caisse.documents.fonts import fonts
from caisse.i18n import _, ngettext

if TYPE_CHECKING:
    from caisse.documents.directory import DirectoryData

#: the height of the band at the foot of the cover, on A4 (True) and on A5
FOOT = {True: 26 * mm, False: 21 * mm}


def foot_height(page: tuple[float, float]) -> float:
    return FOOT[page == A4]


def draw_foot(canv: Canvas, data: DirectoryData, page: tuple[float, float], margin: float) -> None:
    """The band at the foot of the cover: the association's name and address."""
    f = fonts()
    width = page[0]
    band = foot_height(page)
    large = page == A4
    canv.saveState()
    canv.setFillColor(TEAL)
    canv.rect(0, 0, width, band, stroke=0, fill=1)
    canv.setFillColor(AMBER)
    canv.rect(0, band, width, 1.5 * mm, stroke=0, fill=1)
    canv.setFillColor(colors.white)
    canv.setFont(f.bold, 10 if large else 8.5)
    canv.drawString(margin, band - 9 * mm, f.text(data.association))
    size = 8.5 if large else 7.5
    canv.setFont(f.regular, size)
    address = f.text(" · ".join(data.contact))
    for i, line in enumerate(simpleSplit(address, f.regular, size, width - 2 * margin)[:2]):
        canv.drawString(margin, band - 14 * mm - i * size * 1.3, line)
    canv.restoreState()


def cover(data: DirectoryData, page: tuple[float, float], margin: float) -> list[Flowable]:
    """What the cover says, above its foot."""
    f = fonts()
    b = 10 if page == A4 else 8
    height = page[1] - 2 * margin - foot_height(page)
    base = ParagraphStyle("cover", fontName=f.regular, fontSize=b * 1.1, leading=b * 1.6,
                          textColor=INK)  # fmt: skip
    assoc = ParagraphStyle("assoc", parent=base, fontName=f.bold, fontSize=b * 1.6, leading=b * 2,
                           textColor=TEAL)  # fmt: skip
    big = ParagraphStyle("big", parent=base, fontName=f.bold, fontSize=b * 3.6, leading=b * 4.2)
    sub = ParagraphStyle("sub", parent=base, fontSize=b * 1.7, leading=b * 2.3, textColor=TEAL)
    story: list[Flowable] = [
        Paragraph(markup(data.association), assoc),
        Spacer(1, height * 0.22),
        Paragraph(markup(_("Partner directory")), big),
        Paragraph(markup(_("Where to pay in {currency}").format(currency=data.currency)), sub),
        Spacer(1, b),
        Paragraph(markup(_("Edition of {date}").format(date=fmt.day(data.day))), base),
    ]
    if data.entries:
        partners = ngettext("{count} partner", "{count} partners", data.partners)
        points = ngettext("of which {count} exchange point", "of which {count} exchange points",
                          data.exchange_points)  # fmt: skip
        counts = (f"{partners.format(count=fmt.count(data.partners))}, "
                  f"{points.format(count=fmt.count(data.exchange_points))}")  # fmt: skip
        story.append(Paragraph(markup(counts), base))
        if data.include_former:
            former = _("Former partners are listed too, marked as such.")
            story.append(Paragraph(markup(former), base))
    else:
        story.append(Paragraph(markup(_("There is no partner in the directory yet.")), base))
    story += [Spacer(1, height * 0.08), _how_to(data, page, margin, base, b)]
    return story


def _how_to(
    data: DirectoryData, page: tuple[float, float], margin: float, base: ParagraphStyle, b: float
) -> Table:
    f = fonts()
    head = ParagraphStyle("head", parent=base, fontName=f.bold, textColor=TEAL)
    label = ParagraphStyle("label", parent=base, fontName=f.bold, fontSize=b * 0.9)
    order = _("Partners are listed by commune, then by category. The index at the end lists "
              "them from A to Z and by category, with their page.")  # fmt: skip
    points = _("Exchange points, on a tinted background, change euros into {currency} notes.")
    rows: list[list[Any]] = [
        [Paragraph(markup(_("How to use this guide")), head), ""],
        [Paragraph(markup(order), base), ""],
        [Paragraph(badge(_("Exchange point"), AMBER, colors.white, label), label),
         Paragraph(markup(points.format(currency=data.currency)), base)],
        [Paragraph(badge(_("Takes vouchers"), GREEN_LIGHT, GREEN_DARK, label), label),
         Paragraph(markup(_("The partner accepts the association's vouchers.")), base)],
        [Paragraph(markup(_("QR code")), label),
         Paragraph(markup(_("Scan a QR code with a phone to open the partner's website.")), base)],
    ]  # fmt: skip
    width = page[0] - 2 * margin
    first = width * (0.3 if page == A4 else 0.32)
    table = Table(rows, colWidths=[first, width - first], hAlign="LEFT")
    table.setStyle(
        [
            ("SPAN", (0, 0), (1, 0)),
            ("SPAN", (0, 1), (1, 1)),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, -1), TEAL_LIGHT),
            ("LEFTPADDING", (0, 0), (-1, -1), b * 0.8),
            ("RIGHTPADDING", (0, 0), (-1, -1), b * 0.8),
            ("TOPPADDING", (0, 0), (-1, -1), b * 0.35),
            ("BOTTOMPADDING", (0, 0), (-1, -1), b * 0.35),
            ("TOPPADDING", (0, 0), (-1, 0), b * 0.8),
            ("BOTTOMPADDING", (0, -1), (-1, -1), b * 0.9),
        ]
    )
    return table
