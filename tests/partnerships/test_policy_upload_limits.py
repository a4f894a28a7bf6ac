"""The policy upload page refuses hostile files quickly, each with a located, plain message."""

from __future__ import annotations

import html
import re
from importlib import resources
from typing import Any

import pytest
from cast import make_cast
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from escalate.partnerships.models import PolicyVersion

pytestmark = pytest.mark.django_db
BRENT = (resources.files("escalate.policy") / "policies" / "brent.yaml").read_text(encoding="utf-8")


def upload(content: bytes) -> tuple[Any, list[str]]:
    cast = make_cast("brent")
    client = Client()
    client.force_login(cast.officer)
    page = client.post("/partnership/policy/", {"file": SimpleUploadedFile("up.yaml", content)})
    assert page.status_code == 200
    assert PolicyVersion.objects.filter(partnership=cast.partnership).count() == 1
    summary = re.search(r'<div class="govuk-error-summary".*?</ul>', page.content.decode(), re.S)
    assert summary, "the page shows no error summary"
    items = re.findall(r"<li>(.*?)</li>", summary.group(0), re.S)
    return page, [html.unescape(re.sub(r"<[^>]+>", "", item)).strip() for item in items]


def test_nested_aliases_are_refused_on_the_upload_page() -> None:
    bomb = ['a0: &a0 ["lol", "lol"]'] + [
        f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 7)
    ]
    _, problems = upload("\n".join(bomb).encode())
    assert problems == [
        "up.yaml, line 1: '&a0' is a YAML anchor. Anchors and aliases (&name, *name) are not "
        "allowed in a policy file: write each value out in full"
    ]


def test_a_file_over_the_limit_is_refused_on_the_upload_page() -> None:
    _, problems = upload(b"- x\n" * (300 * 256))
    assert problems == [
        "The file is 300 KB. A policy file can be at most 256 KB: check that this is the right file"
    ]


def test_a_file_with_thousands_of_problems_shows_the_first_fifty() -> None:
    start = BRENT.index("stages:")
    text = BRENT[:start] + "stages:\n" + "- {qq: 1}\n" * 200  # small: never near the time limit
    page, problems = upload(text.replace('version: "2"', 'version: "3"').encode())
    assert len(problems) == 51
    assert problems[0].startswith("up.yaml, line ")
    assert re.fullmatch(
        r"and [\d,]+ more problems\. Correct these first, then upload the file again",
        problems[-1],
    )
    assert len(page.content) < 200_000
