"""Reading back what a document shows: its text, as a person would see it."""

from __future__ import annotations

import io

import pypdf


def pdf_text(data: bytes) -> str:
    """The text of every page, with the no-break spaces Babel writes turned into spaces."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return text.replace("\u202f", " ").replace("\xa0", " ")


def pages(data: bytes) -> list[pypdf.PageObject]:
    return list(pypdf.PdfReader(io.BytesIO(data)).pages)
