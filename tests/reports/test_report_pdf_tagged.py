"""The Board report's PDF is a tagged PDF (WCAG 1.3.1): a screen reader finds its headings and
tables, and its language, as on the report's page."""

from __future__ import annotations

import io
from collections import Counter
from typing import Any

import pytest
from cast import PASSWORD, make_cast
from django.test import Client
from pypdf import PdfReader

pytestmark = pytest.mark.django_db


def tags(node: Any, found: Counter[str]) -> Counter[str]:
    """How many of each structure tag the tree under ``node`` has."""
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


def test_the_board_reports_pdf_is_tagged_with_headings_and_tables() -> None:
    cast = make_cast("brent")
    client = Client()
    assert client.login(username=cast.officer.username, password=PASSWORD)
    response = client.get("/partnership/report/pdf/")
    assert response.status_code == 200
    root = PdfReader(io.BytesIO(response.content)).trailer["/Root"]
    assert "/StructTreeRoot" in root, "the PDF has no tags"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "en-GB"
    structure = tags(root["/StructTreeRoot"], Counter())
    assert structure["/H1"] == 1
    assert structure["/H2"] >= 2
    assert structure["/Table"] >= 2
