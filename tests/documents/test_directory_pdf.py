"""The printed partner directory, read back: its text page by page, its index, its QR codes."""

from __future__ import annotations

import re
import subprocess
from datetime import date
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from caisse.documents.directory import DirectoryData, render_directory
from caisse.domain.text import fold

from .pdfread import pages, pdf_text

ASSOCIATION = "Monnaie Test"
COMMUNES = ("Anglet", "Bayonne", "Biarritz", "Cambo-les-Bains")
CATEGORIES = ("Alimentation", "Commerces", "Restaurants et cafés")
SHOPS = ("Épicerie", "Librairie", "Boulangerie", "Cave", "Fromagerie", "Atelier", "Bistrot")
WORDS = ("Etxea", "Lauburu", "Ttipia", "Itsasoa", "Mendia", "Zuhaitza", "Ibaia", "Lorea")


def entry(i: int, **changes) -> dict:
    name = f"{SHOPS[i % len(SHOPS)]} {WORDS[i % len(WORDS)]} {i}"
    slug = fold(name).replace(" ", "-")
    values = {
        "name": name,
        "trade_name": name,
        "organisation": f"SARL {i}",
        "category": CATEGORIES[i % len(CATEGORIES)],
        "address": f"{i + 1} rue des Cordeliers",
        "postcode": "64100",
        "commune": COMMUNES[i % len(COMMUNES)],
        "phone": "05 59 25 00 01",
        "website": f"https://{slug}.example.org" if i % 2 == 0 else "",
        "opening_hours": "Du mardi au samedi, 9 h – 12 h 30 et 14 h 30 – 19 h",
        "description": f"Description number {i}: bread, cheese and books from the valley.",
        "takes_vouchers": i % 3 == 0,
        "is_exchange_point": i % 7 == 0,
        "active": True,
        "latitude_e6": 43_490_000 + i,
        "longitude_e6": -1_474_000 - i,
    }
    values.update(changes)
    return values


def directory(n: int, **kwargs) -> DirectoryData:
    entries = sorted(
        (entry(i) for i in range(n)),
        key=lambda e: (fold(e["commune"]), fold(e["category"]), fold(e["name"])),
    )
    return DirectoryData(
        association=ASSOCIATION,
        currency="Eusko",
        day=date(2026, 11, 26),
        entries=tuple(entries),
        contact=("1 rue du Port", "64100 Bayonne"),
        **kwargs,
    )


@pytest.fixture(scope="module")
def guide() -> tuple[DirectoryData, bytes]:
    data = directory(40)
    return data, render_directory(data, "a4")


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text().replace("\u202f", " ").replace("\xa0", " ") for page in pages(pdf)]


def flat(text: str) -> str:
    """Text with its line breaks as spaces: a paragraph may wrap anywhere."""
    return " ".join(text.split())


def partner_pages(data: DirectoryData, texts: list[str]) -> dict[str, int]:
    """The page (from 1) each partner's block is on, found by its description."""
    found = {}
    for e in data.entries:
        on = [n for n, text in enumerate(texts, 1) if e["description"] in flat(text)]
        assert len(on) == 1, (e["name"], on)
        found[e["name"]] = on[0]
    return found


def test_the_cover_says_what_the_guide_is(guide):
    data, pdf = guide
    cover = page_texts(pdf)[0]
    assert ASSOCIATION in cover and "Partner directory" in cover
    assert "Where to pay in Eusko" in cover and "26 November 2026" in cover
    points = sum(1 for e in data.entries if e["is_exchange_point"])
    assert f"40 partners, of which {points} exchange points" in cover
    assert "How to use this guide" in cover


def test_partners_are_under_their_commune_and_category(guide):
    data, pdf = guide
    texts = page_texts(pdf)
    index = next(n for n, t in enumerate(texts) if "Partners from A to Z" in t)
    # each page's text, without the running header drawn once the page is full
    body = [t.split(f"\n{ASSOCIATION} · Partner directory")[0] for t in texts[1:index]]
    lines = [line.strip() for text in body for line in text.splitlines()]
    bands = {line: i for i, line in enumerate(lines) if line in COMMUNES}
    assert list(bands) == list(COMMUNES)  # each commune once, in order
    ends = [*list(bands.values())[1:], len(lines)]
    for e in data.entries:
        at = next(i for i, line in enumerate(lines) if line.startswith(e["name"]))
        start = bands[e["commune"]]
        assert start < at < ends[list(bands).index(e["commune"])], e["name"]
        category = max(i for i, line in enumerate(lines[:at]) if line in CATEGORIES)
        assert lines[category] == e["category"]


def test_a_block_is_never_cut_across_a_column_or_page(guide):
    data, pdf = guide
    texts = page_texts(pdf)
    assert len(texts) > 4  # enough pages for blocks to meet a page's foot
    where = partner_pages(data, texts)
    for e in data.entries:
        page = flat(texts[where[e["name"]] - 1])  # where its description is
        assert e["name"] in page and e["address"] in page and e["opening_hours"] in page


def test_the_index_gives_the_page_each_partner_is_on(guide):
    data, pdf = guide
    texts = page_texts(pdf)
    where = partner_pages(data, texts)
    first = next(n for n, t in enumerate(texts) if "Partners from A to Z" in t)
    assert first > max(where.values()) - 1  # the index comes after every partner
    index = flat("\n".join(texts[first:]))
    assert "Partners by category" in index
    for e in data.entries:
        listed = re.findall(rf"{re.escape(e['name'])} {re.escape(e['commune'])} (\d+)\b", index)
        # once from A to Z, once under its category, both with the page of its block
        page = str(where[e["name"]])
        assert listed == [page, page], (e["name"], listed)


def test_every_page_after_the_cover_has_its_number_and_header(guide):
    _data, pdf = guide
    for number, text in enumerate(page_texts(pdf)[1:], 2):
        assert f"{ASSOCIATION} · Partner directory" in text
        assert re.search(rf"(^|\n){number}\s*(\n|$)", text), number


def test_the_a5_booklet_has_a_multiple_of_four_pages():
    for n in (0, 1, 9, 23):
        pdf = render_directory(directory(n), "a5")
        assert len(pages(pdf)) % 4 == 0, n
    texts = page_texts(render_directory(directory(23), "a5"))
    assert "Partners from A to Z" in "".join(texts)


def test_an_empty_directory_is_a_valid_guide_that_says_so():
    for layout in ("a4", "a5"):
        pdf = render_directory(directory(0), layout)
        text = pdf_text(pdf)
        assert "There is no partner in the directory yet." in text
        assert "Partners from A to Z" not in text


def test_former_partners_are_marked():
    data = directory(3)
    entries = (*data.entries[:1], {**data.entries[1], "active": False}, *data.entries[2:])
    former = DirectoryData(data.association, data.currency, data.day, entries, include_former=True)
    text = pdf_text(render_directory(former, "a4"))
    assert "Former partner" in text
    assert "2 partners, of which" in text


def decoded(pdf: bytes, tmp_path: Path, first: int, last: int) -> list[str]:
    path = tmp_path / "guide.pdf"
    path.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "200", "-f", str(first), "-l", str(last), "-png", str(path),
         str(tmp_path / "page")],
        check=True,
    )  # fmt: skip
    texts = []
    for image in sorted(tmp_path.glob("page*.png")):
        with Image.open(image) as picture:
            texts += [code.text for code in zxingcpp.read_barcodes(picture)]
    return texts


@pytest.mark.parametrize("layout", ["a4", "a5"])
def test_every_qr_code_decodes_to_its_partners_website(tmp_path, layout):
    data = directory(12)
    pdf = render_directory(data, layout)
    texts = page_texts(pdf)
    where = partner_pages(data, texts)
    last = max(where.values())
    codes = decoded(pdf, tmp_path, 2, last)
    websites = [e["website"] for e in data.entries if e["website"]]
    assert sorted(codes) == sorted(websites)
    # one of them sits on an exchange point's tinted background
    assert any(e["website"] and e["is_exchange_point"] for e in data.entries)


def test_accents_and_long_websites_print_as_typed():
    long = "https://www.une-tres-longue-adresse-de-boutique-du-pays-basque.example.org/fr/"
    data = directory(2)
    entries = ({**data.entries[0], "name": "Crêperie Œuf & Bœuf", "website": long},
               data.entries[1])  # fmt: skip
    text = pdf_text(render_directory(DirectoryData("Société Œ", "Lézin", data.day, entries)))
    assert "Crêperie Œuf & Bœuf" in text and "Société Œ" in text
    # the address is broken at its dots, not inside a word
    assert "une-tres-longue-adresse-de-boutique-du-pays-basque" in text.replace("\n", "")
