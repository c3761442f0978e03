"""The printed partner directory: a cover, the partners by commune then category, and an index.

Two layouts: "a4", two columns on A4 pages, and "a5", one column on A5 pages padded with blank
pages to a multiple of four so that they print as a folded booklet. A partner's block is never
cut across a column or a page; exchange points stand out on a tinted background; a partner with
a website has a QR code to it beside its block. The index comes last, so one pass of reportlab
is enough: by the time its lines are laid out, every partner's page is known.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from itertools import groupby
from typing import Any

from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    FrameBreak,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
)

from caisse.documents.directory_blocks import (
    GREY,
    INK,
    RULE,
    TEAL,
    Band,
    IndexLine,
    PartnerBlock,
    Placement,
    markup,
)
from caisse.documents.directory_cover import cover, draw_foot, foot_height
from caisse.documents.fonts import fonts
from caisse.domain.text import fold
from caisse.i18n import _

LAYOUTS = ("a4", "a5")


@dataclass(frozen=True)
class DirectoryData:
    """The published directory as plain data: no store, no personal data. Each entry has
    ``name``, ``trade_name``, ``organisation``, ``category``, ``address``, ``postcode``,
    ``commune``, ``phone``, ``website``, ``opening_hours``, ``description``, ``takes_vouchers``,
    ``is_exchange_point``, ``active``, ``latitude_e6`` and ``longitude_e6`` (None when the
    partner is not placed on a map), in the order of the guide: commune, category, name."""

    association: str
    currency: str
    day: date
    entries: tuple[dict[str, Any], ...]
    contact: tuple[str, ...] = ()  # the association's address, e-mail, phone
    include_former: bool = False

    @property
    def partners(self) -> int:
        """Partners listed (former ones left aside)."""
        return sum(1 for e in self.entries if e["active"])

    @property
    def exchange_points(self) -> int:
        return sum(1 for e in self.entries if e["active"] and e["is_exchange_point"])

    @property
    def without_coordinates(self) -> int:
        return sum(1 for e in self.entries if e["latitude_e6"] is None)


@dataclass(frozen=True)
class _Look:
    size: tuple[float, float]
    margin: float
    columns: int
    index_columns: int
    base: float  # font size of a partner's text
    qr: float


LOOKS = {
    "a4": _Look(A4, 14 * mm, columns=2, index_columns=2, base=8, qr=18 * mm),
    "a5": _Look(A5, 11 * mm, columns=1, index_columns=2, base=8, qr=18 * mm),
}
GUTTER = 6 * mm
HEADER = 7 * mm  # from the top margin down to the frames
FOOTER = 6 * mm
INDEX_TITLE = 12 * mm  # the band at the top of an index's first page


def render_directory(data: DirectoryData, layout: str = "a4") -> bytes:
    """The guide as PDF bytes; ``layout`` is "a4" or "a5"."""
    if layout not in LOOKS:
        raise ValueError(f"unknown directory layout {layout!r}")
    look = LOOKS[layout]
    placement = Placement()
    title = _("Partner directory")
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=look.size,
        title=f"{data.association} · {title}",
        author=data.association,
        subject=_("Where to pay in {currency}").format(currency=data.currency),
        creator="Caisse",
        pageTemplates=_templates(data, look, placement, title),
    )
    story = cover(data, look.size, look.margin)
    story += [NextPageTemplate("partners"), PageBreak()]
    story += _partners(data, look, placement)
    if data.entries:
        story += _index(data, look, placement)
    doc.build(story, canvasmaker=_booklet_canvas(4 if layout == "a5" else 1))
    return buffer.getvalue()


# -- pages -----------------------------------------------------------------------------------


def _templates(
    data: DirectoryData, look: _Look, placement: Placement, title: str
) -> list[PageTemplate]:
    width, height = look.size
    m = look.margin
    inner = width - 2 * m
    top, bottom = height - m - HEADER, m + FOOTER

    def frame(x: float, y: float, w: float, h: float, name: str) -> Frame:
        return Frame(x, y, w, h, id=name, leftPadding=0, rightPadding=0, topPadding=0,
                     bottomPadding=0)  # fmt: skip

    def columns(n: int, prefix: str, below: float = 0) -> list[Frame]:
        w = (inner - GUTTER * (n - 1)) / n
        return [frame(m + i * (w + GUTTER), bottom, w, top - below - bottom, f"{prefix}{i}")
                for i in range(n)]  # fmt: skip

    f = fonts()
    left = f"{data.association} · {title}"

    def page_end(right: Any) -> Any:
        def draw(canv: Canvas, doc: BaseDocTemplate) -> None:
            page = canv.getPageNumber()
            canv.saveState()
            canv.setFont(f.regular, 7.5)
            canv.setFillColor(GREY)
            y = height - m - 3.2 * mm
            canv.drawString(m, y, f.text(left))
            canv.drawRightString(width - m, y, f.text(right(page)))
            canv.setStrokeColor(RULE)
            canv.setLineWidth(0.5)
            canv.line(m, y - 1.8 * mm, width - m, y - 1.8 * mm)
            canv.setFont(f.bold, 8)
            canv.setFillColor(INK)
            canv.drawCentredString(width / 2, m, str(page))
            canv.restoreState()

        return draw

    def communes(page: int) -> str:
        names = [c or _("Commune not given") for c in placement.communes.get(page, [])]
        if len(names) > 2:
            names = [names[0], names[-1]]
        return " – ".join(names)

    band = foot_height(look.size)

    return [
        PageTemplate(
            "cover",
            [Frame(m, band + m, inner, height - band - 2 * m, id="cover")],
            onPage=lambda canv, doc: draw_foot(canv, data, look.size, m),
        ),
        PageTemplate("partners", columns(look.columns, "c"), onPageEnd=page_end(communes)),
        PageTemplate(
            "index", columns(look.index_columns, "i"), onPageEnd=page_end(lambda p: _("Index"))
        ),
        PageTemplate(
            "index_title",
            [
                frame(m, top - INDEX_TITLE, inner, INDEX_TITLE, "title"),
                *columns(look.index_columns, "t", INDEX_TITLE),
            ],
            onPageEnd=page_end(lambda p: _("Index")),
        ),
    ]


def _booklet_canvas(multiple: int) -> type[Canvas]:
    """A canvas that ends the document with blank pages up to a multiple of ``multiple``."""

    class BookletCanvas(Canvas):
        def save(self) -> None:
            if self._code:  # a page begun: finish it first
                self.showPage()
            while (self.getPageNumber() - 1) % multiple:
                self.showPage()
            super().save()

    return BookletCanvas


def _styles(look: _Look) -> dict[str, ParagraphStyle]:
    f = fonts()
    b = look.base
    text = ParagraphStyle("text", fontName=f.regular, fontSize=b, leading=b * 1.25, textColor=INK)

    def style(name: str, **changes: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent=text, **changes)

    heading = {"fontName": f.bold, "fontSize": b * 1.1, "leading": b * 1.4, "textColor": TEAL,
               "keepWithNext": 1}  # fmt: skip
    return {
        "text": text,
        "name": style("name", fontName=f.bold, fontSize=b * 1.2, leading=b * 1.45),
        "badge": style("badge", fontName=f.bold, fontSize=b * 0.85, leading=b * 1.35),
        "hours": style("hours", textColor=GREY),
        "link": style("link", textColor=TEAL),
        "description": style("description"),
        "category": style("category", spaceBefore=b * 0.5, spaceAfter=b * 0.35, **heading),
        "letter": style("letter", spaceBefore=b * 0.6, **heading),
        "title": style(
            "title",
            fontName=f.bold,
            fontSize=b * 1.8,
            leading=b * 2.2,
            textColor=TEAL,
            spaceAfter=b * 0.6,
        ),
        "empty": style("empty", fontSize=b * 1.3, leading=b * 1.8),
    }


# -- the partners ----------------------------------------------------------------------------


def _partners(data: DirectoryData, look: _Look, placement: Placement) -> list[Flowable]:
    st = _styles(look)
    f = fonts()
    if not data.entries:
        return [Paragraph(markup(_("There is no partner in the directory yet.")), st["empty"])]
    story: list[Flowable] = []
    indexed = list(enumerate(data.entries))
    for commune, in_commune in groupby(indexed, key=lambda ie: ie[1]["commune"]):
        story.append(Band(commune or _("Commune not given"), f.bold, look.base * 1.45))
        for category, in_category in groupby(in_commune, key=lambda ie: ie[1]["category"]):
            story.append(Paragraph(markup(category or _("Other")), st["category"]))
            for index, entry in in_category:
                story.append(
                    PartnerBlock(entry, index, st, look.qr, placement, wide=look.columns == 1)
                )
    return story


# -- the index -------------------------------------------------------------------------------


def _index(data: DirectoryData, look: _Look, placement: Placement) -> list[Flowable]:
    st = _styles(look)
    f = fonts()
    size = look.base * 0.95

    def line(index: int) -> IndexLine:
        entry = data.entries[index]
        return IndexLine(
            entry["name"],
            lambda: placement.pages.get(index),
            f.regular,
            size,
            grey=entry["commune"],
        )

    by_name = sorted(range(len(data.entries)), key=lambda i: fold(data.entries[i]["name"]))
    story = _index_start(_("Partners from A to Z"), st)
    for letter, indexes in groupby(by_name, key=lambda i: _initial(data.entries[i]["name"])):
        story.append(Paragraph(markup(letter), st["letter"]))
        story += [line(i) for i in indexes]
    story += _index_start(_("Partners by category"), st)
    by_category = sorted(
        range(len(data.entries)),
        key=lambda i: (
            fold(data.entries[i]["category"]) or "\uffff",
            fold(data.entries[i]["name"]),
        ),
    )
    for category, indexes in groupby(by_category, key=lambda i: data.entries[i]["category"]):
        story.append(Paragraph(markup(category or _("Other")), st["letter"]))
        story += [line(i) for i in indexes]
    return story


def _index_start(title: str, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    """A new page, the index's title across it, then its columns."""
    return [
        NextPageTemplate("index_title"),
        PageBreak(),
        Paragraph(markup(title), st["title"]),
        FrameBreak(),
        NextPageTemplate("index"),
    ]


def _initial(name: str) -> str:
    folded = fold(name).strip()
    first = folded[:1].upper()
    return first if first.isalpha() else "#"
