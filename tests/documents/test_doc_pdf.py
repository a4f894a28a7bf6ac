"""How the PDFs are made: real text in a tagged structure (headings, tables), the title in
the metadata, the shipped Arimo font, and nothing fetched from outside the fonts folder."""

from __future__ import annotations

import io
from collections import Counter
from typing import Any

import pytest
from pypdf import PdfReader

from escalate.documents.models import DocumentKind
from escalate.documents.pdf import FONTS, FontsOnly
from escalate.documents.services import document_render

NOTICE: dict[str, Any] = {
    "title": "Escalation Notice",
    "reference": "STH-2026-0042",
    "partnership": "St Helens Safeguarding Children Board",
    "policy_title": "Escalation Policy",
    "stage_title": "Stage Four",
    "issuing_agency": "Oakfield Primary School",
    "receiving_agency": "Children's Social Care",
    "child_name": "Zoë Ōtake-Ñúñez",
    "child_date_of_birth": "4 May 2016",
    "child_reference": "",
    "information": "<img src='file:///etc/passwd'> & <b>not bold</b>",
    "signed_by": "Ann Example",
    "signed_role": "Deputy head",
    "dated": "3 March 2026",
    "issued_at": "Tuesday 3 March 2026, 14:30",
    "sent_to": ["Service manager, Children's Social Care (Bo Example)"],
    "copy_to": [],
    "copy_date": "",
    "due": "Monday 9 March 2026, 17:00",
    "on_time": True,
}


def tags(node: Any, found: Counter[str]) -> Counter[str]:
    node = node.get_object() if hasattr(node, "get_object") else node
    if isinstance(node, list):
        for item in node:
            tags(item, found)
    elif hasattr(node, "keys"):
        if "/S" in node:
            found[str(node["/S"])] += 1
        if "/K" in node:
            tags(node["/K"], found)
    return found


def test_a_tagged_pdf_with_real_text_and_metadata() -> None:
    content = document_render(DocumentKind.ESCALATION_NOTICE, NOTICE)
    reader = PdfReader(io.BytesIO(content))
    assert reader.metadata is not None
    assert reader.metadata.title == "Escalation Notice: escalation STH-2026-0042"
    assert reader.metadata.author == "St Helens Safeguarding Children Board"
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "en-GB"
    structure = tags(root["/StructTreeRoot"], Counter())
    assert structure["/H1"] == 1
    assert structure["/H2"] >= 4
    assert structure["/Table"] >= 4
    assert structure["/TH"] >= 8
    fonts = {
        str(font.get_object()["/BaseFont"]).split("+")[-1]
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts == {"Arimo", "Arimo-Bold"}
    text = " ".join(reader.pages[0].extract_text().split())
    assert "Zoë Ōtake-Ñúñez" in text
    # Typed text is text: no image fetched, no markup obeyed.
    assert "<img src='file:///etc/passwd'> & <b>not bold</b>" in text


def test_documents_fetch_only_the_shipped_fonts() -> None:
    fetcher = FontsOnly()
    for url in ("file:///etc/passwd", "http://example.org/x.png", f"{FONTS.as_uri()}/../pdf.py"):
        with pytest.raises(ValueError, match="only use the shipped fonts"):
            fetcher.fetch(url)
    response = fetcher.fetch(f"{FONTS.as_uri()}/Arimo-Regular.ttf")
    assert response is not None
    response.close()


def test_the_same_content_makes_the_same_text() -> None:
    """The bytes may differ from run to run (WeasyPrint dates each PDF), which is why an
    issued document is stored and served as stored; what it says does not."""
    first = document_render(DocumentKind.ESCALATION_NOTICE, NOTICE)
    second = document_render(DocumentKind.ESCALATION_NOTICE, NOTICE)
    text = [PdfReader(io.BytesIO(pdf)).pages[0].extract_text() for pdf in (first, second)]
    assert text[0] == text[1]
