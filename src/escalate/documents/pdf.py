"""PDFs from HTML templates with WeasyPrint: real text, tagged structure (headings, tables),
the title in the PDF's metadata, and the app's typography in a print stylesheet.

WeasyPrint's output is not the same byte for byte from one run to the next, which is why an
issued document is stored and served as stored, never made again.
"""

from __future__ import annotations

import hashlib
import importlib
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from django.template.loader import render_to_string

FONTS = Path(__file__).resolve().parent / "fonts"


class FontsOnly:
    """A URL fetcher that reads only the shipped fonts: a document never reaches the network
    or the server's files, whatever text was typed into it."""

    _fail_on_errors = False  # what WeasyPrint asks of a fetcher: a refusal is a warning

    def __init__(self) -> None:
        urls = importlib.import_module("weasyprint.urls")  # slow to load: only when needed
        self._fetcher = urls.URLFetcher(allowed_protocols=("file",))

    def __call__(self, url: str) -> Any:
        return self.fetch(url)

    def fetch(self, url: str) -> Any:
        parsed = urlparse(url)
        path = Path(unquote(parsed.path)).resolve()
        if parsed.scheme != "file" or path.parent != FONTS:
            raise ValueError(f"documents may only use the shipped fonts, not {url}")
        return self._fetcher.fetch(url)


def html_for(template: str, context: dict[str, Any]) -> str:
    return render_to_string(template, {**context, "fonts_url": FONTS.as_uri()})


def pdf_from_html(html: str) -> bytes:
    """A tagged PDF of ``html``; its <title> becomes the PDF's title."""
    weasyprint = importlib.import_module("weasyprint")
    fonts = importlib.import_module("weasyprint.text.fonts")
    pdf: bytes = weasyprint.HTML(
        string=html, base_url=FONTS.as_uri() + "/", url_fetcher=FontsOnly()
    ).write_pdf(font_config=fonts.FontConfiguration(), pdf_tags=True)
    return pdf


def pdf_for(template: str, context: dict[str, Any]) -> bytes:
    return pdf_from_html(html_for(template, context))


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()
