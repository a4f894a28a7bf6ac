"""A new partnership from nothing to its first escalation, without code: create it from
its policy file, import its directory, invite its people, who set a password and raise."""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path
from types import SimpleNamespace

import pytest
from directory import AGENCIES, PEOPLE_HEADER, write
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from walk import raise_through_wizard, text_of

from escalate.escalations.models import Escalation
from escalate.partnerships.models import Agency, Partnership, Person

pytestmark = pytest.mark.django_db

PEOPLE = PEOPLE_HEADER + (
    "kim.head,Kim,Testhead,kim.head@example.org,Greenfield Primary School,Headteacher,\n"
    "ana.teacher,Ana,Testteach,ana.teacher@example.org,Greenfield Primary School,Teacher,kim.head\n"
    "tom.manager,Tom,Testman,tom.manager@example.org,Northshire Children's Social Care,"
    "Team manager,\n"
    "sol.worker,Sol,Testwork,sol.worker@example.org,Northshire Children's Social Care,"
    "Social worker,tom.manager\n"
)
ROLES = (
    "username,role\nkim.head,designated-safeguarding-lead\nana.teacher,practitioner\n"
    "tom.manager,team-manager\nsol.worker,practitioner\n"
)
PASSWORD = "a-long-new-password-for-ana"


def command(*args: str) -> str:
    out = StringIO()
    call_command("partnership", *args, stdout=out)
    return out.getvalue()


def set_password_through(link: str) -> Client:
    client = Client()
    path = link.removeprefix("http://127.0.0.1:8000")
    page = client.get(path, follow=True)
    form_path = page.redirect_chain[-1][0] if page.redirect_chain else path
    assert "Set your password" in text_of(page)
    done = client.post(form_path, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert done.status_code == 302
    assert done["Location"] == "/sign-in/"
    return client


def test_from_nothing_to_the_first_escalation(tmp_path: Path, haringey_yaml: Path) -> None:
    out = command(
        "create",
        str(haringey_yaml),
        "--username",
        "bea.manager",
        "--first-name",
        "Bea",
        "--last-name",
        "Testmanager",
        "--email",
        "bea.manager@example.org",
    )
    assert "Created Haringey" in out
    assert "with bea.manager as business manager" in out
    partnership = Partnership.objects.get()
    assert partnership.policy_versions.count() == 1
    assert Person.objects.get(username="bea.manager").role_keys() == {
        "business-manager",
        "partnership-administrator",
    }
    for kind, text in (("agencies", AGENCIES), ("people", PEOPLE), ("roles", ROLES)):
        command("import", partnership.slug, kind, str(write(tmp_path, f"{kind}.csv", text)))
    assert "Sent 5 invitations" in command("invite", partnership.slug)
    assert command("invite", partnership.slug, "ana.teacher").startswith("Sent 1 invitation")
    ana_mail = [m for m in mail.outbox if m.to == ["ana.teacher@example.org"]][-1]
    assert "Your username is ana.teacher" in ana_mail.body
    link = re.search(r"http://\S+/account/set-password/\S+/", ana_mail.body)
    assert link is not None
    set_password_through(link.group(0))
    client = Client()
    assert client.login(username="ana.teacher", password=PASSWORD)
    again = Client().get(link.group(0).removeprefix("http://127.0.0.1:8000"), follow=True)
    assert "This link has expired or been used" in text_of(again)

    cast = SimpleNamespace(
        partnership=partnership,
        raiser=Person.objects.get(username="ana.teacher"),
        social_care=Agency.objects.get(name="Northshire Children's Social Care"),
        other=Person.objects.get(username="sol.worker"),
    )
    escalation = raise_through_wizard(client, cast)  # type: ignore[arg-type]
    assert escalation.reference.startswith(partnership.reference_prefix)
    assert Escalation.objects.count() == 1


def test_creating_a_partnership_twice_or_from_a_bad_file_is_refused(
    tmp_path: Path, haringey_yaml: Path
) -> None:
    args = [
        "--username",
        "bea.manager",
        "--first-name",
        "Bea",
        "--last-name",
        "Testmanager",
        "--email",
        "bea.manager@example.org",
    ]
    command("create", str(haringey_yaml), *args)
    with pytest.raises(CommandError) as twice:
        command("create", str(haringey_yaml), *args)
    assert "A partnership with the id 'haringey' exists already" in str(twice.value)
    assert "The username 'bea.manager' is taken" in str(twice.value)
    bad = write(tmp_path, "bad.yaml", "id: nowhere\n")
    with pytest.raises(CommandError, match=r"bad\.yaml"):
        command("create", str(bad), *args)
    assert Partnership.objects.count() == 1


@pytest.fixture
def haringey_yaml(tmp_path: Path) -> Path:
    from importlib import resources

    text = (resources.files("escalate.policy") / "policies" / "haringey.yaml").read_text("utf-8")
    return write(tmp_path, "haringey.yaml", text)
