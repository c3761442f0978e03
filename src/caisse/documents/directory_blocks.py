"""The pieces of the printed partner directory: a partner's block with its QR code, the commune
band, and the index line whose page number is read once the partners are placed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from caisse.documents.fonts import fonts
from caisse.i18n import _

INK = colors.HexColor("#1f2328")
GREY = colors.HexColor("#5f6368")
RULE = colors.HexColor("#b0b4b8")
TEAL = colors.HexColor("#1f4e5f")
TEAL_LIGHT = colors.HexColor("#e4eef1")
AMBER = colors.HexColor("#d98e04")
AMBER_LIGHT = colors.HexColor("#fff3d6")
AMBER_DARK = colors.HexColor("#6b4400")
GREEN_LIGHT = colors.HexColor("#e1f0e4")
GREEN_DARK = colors.HexColor("#1e6b34")
FORMER_LIGHT = colors.HexColor("#eceff1")
#: modules of white kept around a QR code (the standard asks for 4; readers need about 2)
QR_QUIET = 2


@dataclass
class Placement:
    """Where each partner landed: its page, and the communes of each page (for the header)."""

    pages: dict[int, int] = field(default_factory=dict)
    communes: dict[int, list[str]] = field(default_factory=dict)

    def record(self, index: int, page: int, commune: str) -> None:
        self.pages.setdefault(index, page)
        on_page = self.communes.setdefault(page, [])
        if commune not in on_page:
            on_page.append(commune)


@lru_cache(maxsize=8192)
def qr_matrix(text: str) -> tuple[tuple[bool, ...], ...]:
    """The modules of a QR code for ``text`` (error correction M), without quiet zone; kept
    for the next print of the guide."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0)
    code.add_data(text)
    code.make(fit=True)
    return tuple(tuple(row) for row in code.get_matrix())


def draw_qr(canv: Canvas, text: str, x: float, y: float, size: float) -> None:
    """A QR code as vector rectangles in a white square of side ``size`` at (x, y), quiet zone
    included: sharp at any printer's resolution. Runs of dark modules are merged, across a row
    and down the rows below, and written in module units, so a code is a few hundred short
    rectangles."""
    matrix = qr_matrix(text)
    n = len(matrix)
    canv.saveState()
    canv.setFillColor(colors.white)
    canv.rect(x, y, size, size, stroke=0, fill=1)
    canv.setFillColor(colors.black)
    module = size / (n + 2 * QR_QUIET)
    # from here one unit is one module, the origin at the code's top left corner, y upwards
    canv.translate(x + QR_QUIET * module, y + size - QR_QUIET * module)
    canv.scale(module, module)
    rects = []
    open_runs: dict[tuple[int, int], int] = {}
    for r in range(n + 1):
        runs = set(_runs(matrix[r])) if r < n else set()
        for run in [run for run in open_runs if run not in runs]:
            first = open_runs.pop(run)
            start, length = run
            rects.append(f"{start} {-r} {length} {r - first} re")
        for run in runs:
            open_runs.setdefault(run, r)
    canv.addLiteral("\n".join(rects) + "\nf")
    canv.restoreState()


def _runs(row: tuple[bool, ...]) -> list[tuple[int, int]]:
    runs, start = [], None
    for i, dark in enumerate((*row, False)):
        if dark and start is None:
            start = i
        elif not dark and start is not None:
            runs.append((start, i - start))
            start = None
    return runs


def markup(text: str) -> str:
    """Plain text as paragraph markup: escaped, line breaks kept, missing characters replaced."""
    return escape(fonts().text(text)).replace("\n", "<br/>")


def website_label(url: str) -> str:
    """ "https://www.example.org/" as printed: "www.example.org"."""
    label = url.split("://", 1)[-1]
    return label[:-1] if label.endswith("/") and label.count("/") == 1 else label


class PartnerBlock(Flowable):
    """One partner: its name and badges, address, contact, hours and description, with the QR
    code of its website on the right. An exchange point is on a tinted background with a
    coloured bar; a block is never split. On a wide column (``wide``) the phone follows the
    address on the same line."""

    paragraphs: list[Flowable]

    def __init__(
        self,
        entry: dict[str, Any],
        index: int,
        styles: dict[str, ParagraphStyle],
        qr_size: float,
        placement: Placement,
        *,
        wide: bool = False,
    ) -> None:
        super().__init__()
        self.entry, self.index, self.placement = entry, index, placement
        self.qr_size = qr_size if entry["website"] else 0
        self.paragraphs = _block_paragraphs(entry, styles, wide)
        self.pad = 2.2 * mm
        self.gap = 1.0
        self.spaceAfter = 2 * mm
        self.width = self.height = 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        text_width = availWidth - 2 * self.pad - (self.qr_size + self.pad if self.qr_size else 0)
        heights = [p.wrap(text_width, 10_000)[1] for p in self.paragraphs]
        text = sum(heights) + self.gap * (len(heights) - 1)
        self.height = max(text, self.qr_size) + 2 * self.pad
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        return []  # never cut a partner in two: the block goes to the next column or page

    def draw(self) -> None:
        canv = self.canv
        entry = self.entry
        self.placement.record(self.index, canv.getPageNumber(), entry["commune"])
        if entry["is_exchange_point"]:
            canv.setFillColor(AMBER_LIGHT)
            canv.rect(0, 0, self.width, self.height, stroke=0, fill=1)
            canv.setFillColor(AMBER)
            canv.rect(0, 0, 1.4 * mm, self.height, stroke=0, fill=1)
        elif not entry["active"]:
            canv.setFillColor(FORMER_LIGHT)
            canv.rect(0, 0, self.width, self.height, stroke=0, fill=1)
        else:
            canv.setStrokeColor(RULE)
            canv.setLineWidth(0.4)
            canv.line(0, 0, self.width, 0)
        top = self.height - self.pad
        for paragraph in self.paragraphs:
            top -= paragraph.height
            paragraph.drawOn(canv, self.pad, top)
            top -= self.gap
        if self.qr_size:
            x = self.width - self.pad - self.qr_size
            draw_qr(canv, entry["website"], x, self.height - self.pad - self.qr_size, self.qr_size)


def _block_paragraphs(
    entry: dict[str, Any], st: dict[str, ParagraphStyle], wide: bool
) -> list[Flowable]:
    badges = []
    if entry["is_exchange_point"]:
        badges.append(badge(_("Exchange point"), AMBER, colors.white, st["badge"]))
    if entry["takes_vouchers"]:
        badges.append(badge(_("Takes vouchers"), GREEN_LIGHT, GREEN_DARK, st["badge"]))
    if not entry["active"]:
        badges.append(badge(_("Former partner"), RULE, INK, st["badge"]))
    out: list[Flowable] = [Paragraph(" ".join([markup(entry["name"]), *badges]), st["name"])]
    place = " ".join(x for x in (entry["postcode"], entry["commune"]) if x)
    address = " · ".join(x for x in (entry["address"], place) if x)
    lines = (
        [" · ".join(x for x in (address, entry["phone"]) if x)]
        if wide
        else [address, entry["phone"]]
    )
    out += [Paragraph(markup(line), st["text"]) for line in lines if line]
    if entry["website"]:
        out.append(WebsiteLine(entry["website"], st["link"]))
    if entry["opening_hours"]:
        out.append(Paragraph(markup(entry["opening_hours"]), st["hours"]))
    if entry["description"]:
        out.append(Paragraph(markup(entry["description"]), st["description"]))
    return out


def badge(label: str, background: colors.Color, ink: colors.Color, style: ParagraphStyle) -> str:
    """A word on a coloured ground, set in the badge style's font and size."""
    return (
        f'<font name="{style.fontName}" size="{style.fontSize}" '
        f'backColor="#{background.hexval()[2:]}" color="#{ink.hexval()[2:]}">'
        f"&nbsp;{markup(label).replace(' ', '&nbsp;')}&nbsp;</font>"
    )


class WebsiteLine(Flowable):
    """A website's address as a link, broken after a "." "/" or "-" when it is too long for
    the column rather than in the middle of a word."""

    def __init__(self, url: str, style: ParagraphStyle) -> None:
        super().__init__()
        self.url, self.label, self.style = url, fonts().text(website_label(url)), style
        self.paragraph: Paragraph | None = None
        self.lines_for: float | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if self.paragraph is None or self.lines_for != availWidth:
            self.lines_for = availWidth
            lines = _break_address(self.label, self.style.fontName, self.style.fontSize, availWidth)
            text = "<br/>".join(escape(line) for line in lines)
            self.paragraph = Paragraph(f"<a href={quoteattr(self.url)}>{text}</a>", self.style)
        self.width, self.height = self.paragraph.wrap(availWidth, availHeight)
        return self.width, self.height

    def draw(self) -> None:
        assert self.paragraph is not None
        self.paragraph.drawOn(self.canv, 0, 0)


def _break_address(label: str, font: str, size: float, width: float) -> list[str]:
    lines = []
    while stringWidth(label, font, size) > width:
        cut = 0
        for i, char in enumerate(label[:-1]):
            # before a dot, after a slash or a hyphen, as URLs are broken in print
            at = i if char == "." else i + 1 if char in "/-?&=_" else 0
            if at and stringWidth(label[:at], font, size) <= width:
                cut = at
        if not cut:
            break  # no break point fits: the paragraph cuts the word itself
        lines.append(label[:cut])
        label = label[cut:]
    return [*lines, label]


class Band(Flowable):
    """A commune's heading: its name in white on a band the width of the column."""

    def __init__(self, text: str, font: str, size: float) -> None:
        super().__init__()
        self.text, self.font, self.size = fonts().text(text), font, size
        self.keepWithNext = 1
        self.spaceBefore = size * 0.6
        self.spaceAfter = size * 0.35
        self.width = self.height = 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.lines = simpleSplit(self.text, self.font, self.size, availWidth - self.size)
        self.height = self.size * (0.6 + 1.2 * len(self.lines))
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        canv.setFillColor(TEAL)
        canv.rect(0, 0, self.width, self.height, stroke=0, fill=1)
        canv.setFillColor(colors.white)
        canv.setFont(self.font, self.size)
        y = self.height - self.size * 1.15
        for line in self.lines:
            canv.drawString(self.size * 0.5, y, line)
            y -= self.size * 1.2


class IndexLine(Flowable):
    """A name, a dotted leader and a page number read when the line is laid out: the index
    comes after the partners, so by then every partner's page is known."""

    def __init__(
        self, text: str, page: Callable[[], int | None], font: str, size: float, *, grey: str = ""
    ) -> None:
        super().__init__()
        self.text, self.grey = fonts().text(text), fonts().text(grey)
        self.page, self.font, self.size = page, font, size
        self.leading = size * 1.3
        self.width = self.height = 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        page = self.page()
        self.number = "" if page is None else str(page)
        self.number_width = stringWidth(self.number, self.font, self.size)
        words = f"{self.text} {self.grey}".strip() if self.grey else self.text
        room = availWidth - self.number_width - self.size * 1.5
        self.lines = simpleSplit(words, self.font, self.size, room) or [""]
        self.width = availWidth
        self.height = self.leading * len(self.lines)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        return []

    def draw(self) -> None:
        canv = self.canv
        canv.setFont(self.font, self.size)
        y = self.height - self.size
        end = 0.0
        name_left = len(self.text)
        for line in self.lines:
            # the name in ink, what follows it (the commune) in grey
            shown, rest = line[:name_left], line[name_left:]
            name_left = max(0, name_left - len(line) - 1)
            canv.setFillColor(INK)
            canv.drawString(0, y, shown)
            end = stringWidth(shown, self.font, self.size)
            if rest:
                canv.setFillColor(GREY)
                canv.drawString(end, y, rest)
                end += stringWidth(rest, self.font, self.size)
            last_y = y
            y -= self.leading
        start, stop = end + self.size * 0.4, self.width - self.number_width - self.size * 0.4
        if stop > start:
            canv.setStrokeColor(RULE)
            canv.setLineWidth(0.6)
            canv.setDash(0.6, 2.2)
            canv.line(start, last_y + 1, stop, last_y + 1)
            canv.setDash()
        canv.setFillColor(INK)
        canv.drawRightString(self.width, last_y, self.number)
