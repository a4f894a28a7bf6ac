"""Headers: a strict Content-Security-Policy (no inline script or style anywhere, so none is
needed), no caching of any page or file, HSTS and a clean ``check --deploy`` in production."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from cast import make_cast, raised_by_raiser
from django.test import Client

import escalate

PACKAGE = Path(escalate.__file__).resolve().parent
TEMPLATES = sorted((PACKAGE / "templates").rglob("*.html"))
# Rendered to PDF by WeasyPrint on the server, never sent to a browser as a page.
PDF_ONLY = {
    "reports/board_pdf.html",
    "documents/pdf/base.html",
    "privacy/subject_access_pdf.html",  # rendered by WeasyPrint only, never served
}
INLINE = re.compile(
    r"<script(?![^>]*\ssrc=)[^>]*>|<style[\s>]|\sstyle\s*=|\son[a-z]+\s*=|javascript:", re.I
)


@pytest.mark.parametrize(
    "template", [t for t in TEMPLATES if str(t.relative_to(PACKAGE / "templates")) not in PDF_ONLY]
)
def test_no_template_has_inline_script_or_style(template: Path) -> None:
    text = re.sub(r"{%.*?%}|{{.*?}}|{#.*?#}", "", template.read_text(encoding="utf-8"), flags=re.S)
    assert INLINE.findall(text) == [], template


def _policy(response: object) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]  # type: ignore[index]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.django_db
def test_every_page_has_a_strict_content_security_policy() -> None:
    cast = make_cast("brent")
    escalation = raised_by_raiser(cast)
    client = Client()
    client.force_login(cast.raiser)
    for path in ("/sign-in/", "/", f"/escalations/{escalation.reference}/", "/procedure/"):
        response = (client if path != "/sign-in/" else Client()).get(path)
        assert response.status_code == 200, path
        policy = _policy(response)
        assert policy["default-src"] == ["'self'"]
        assert policy["script-src"] == ["'self'"]
        assert policy["style-src"] == ["'self'"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert policy["object-src"] == ["'none'"]
        html = response.content.decode()
        assert INLINE.findall(html) == [], path


def test_the_api_docs_load_nothing_from_elsewhere_and_no_inline_script() -> None:
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "https://" not in re.sub(
        r'<script type="application/json".*?</script>', "", html, flags=re.S
    )
    assert INLINE.findall(html.replace('<script type="application/json"', "<data")) == []


@pytest.mark.django_db
def test_no_page_or_file_with_a_childs_details_may_be_stored() -> None:
    cast = make_cast("brent")
    escalation = raised_by_raiser(cast)
    base = f"/escalations/{escalation.reference}"
    raiser, officer = Client(), Client()
    raiser.force_login(cast.raiser)
    officer.force_login(cast.officer)
    responses = {
        "escalation": raiser.get(f"{base}/"),
        "record": raiser.get(f"{base}/documents/record/"),
        "home": raiser.get("/"),
        "board report": officer.get("/partnership/report/"),
        "board CSV": officer.get("/partnership/report/categories.csv"),
        "board PDF": officer.get("/partnership/report/pdf/"),
        "sign-in": Client().get("/sign-in/"),
    }
    for name, response in responses.items():
        assert response.status_code == 200, name
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert {"no-store", "private"} <= directives, (name, response["Cache-Control"])
    assert b"Ava Testington" in responses["escalation"].content


def _production(**extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("ESCALATE_", "DJANGO_", "DATABASE_URL"))
    }
    env.update(
        {
            "ESCALATE_ENV": "production",
            "ESCALATE_SECRET_KEY": "k" * 20 + "-a-long-production-secret-key-for-tests-only",
            "ESCALATE_ALLOWED_HOSTS": "escalate.brent-lscb.org.uk",
            "ESCALATE_BASE_URL": "https://escalate.brent-lscb.org.uk",
            "ESCALATE_FROM_EMAIL": "escalate@brent-lscb.org.uk",
            "DJANGO_SETTINGS_MODULE": "escalate.settings",
        }
    )
    env.update(extra)
    return env


def test_check_deploy_is_clean_in_production(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy"],
        env=_production(ESCALATE_DATA_DIR=str(tmp_path)),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout, done.stdout + done.stderr


def test_production_sends_hsts_and_redirects_to_https(tmp_path: Path) -> None:
    script = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "plain = Client().get('/sign-in/')\n"
        "print(plain.status_code, plain['Location'])\n"
        "secure = Client().get('/sign-in/', secure=True)\n"
        "print(secure['Strict-Transport-Security'])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        env=_production(
            ESCALATE_DATA_DIR=str(tmp_path),
            ESCALATE_ALLOWED_HOSTS="testserver",
            DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        ),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    redirect, hsts = done.stdout.splitlines()[-2:]
    assert redirect == "301 https://testserver/sign-in/"
    assert hsts == "max-age=31536000; includeSubDomains; preload"
