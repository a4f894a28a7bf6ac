"""Query budgets at two sizes for the pages people use to run the service: the webhook
deliveries, a person's API tokens (now a page at a time: they were cut off at 50), and the
directory import (the page, checking a file and confirming it)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from budget import SIZES, assert_budget
from cast import Cast, make_cast, person
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from walk import signed_in, text_of

from escalate.api.models import ApiToken, Scope
from escalate.api.tokens import issue
from escalate.partnerships.models import Person
from escalate.webhooks.models import Delivery, Endpoint

pytestmark = pytest.mark.django_db

IMPORT_BUDGET = 10  # the page, or checking a file: the session, roles, the plan's look-ups
CONFIRM_BUDGET = 15  # applying the checked file, in one transaction, a statement a kind


def deliveries_page(cast: Cast) -> Callable[[int], tuple[Client, str]]:
    endpoint = Endpoint.objects.create(
        partnership=cast.partnership,
        url="https://receiver.example.org/events",
        secret="s" * 40,
        created_at=timezone.now(),
    )

    def page(n: int) -> tuple[Client, str]:
        have = Delivery.objects.count()
        now = timezone.now()
        Delivery.objects.bulk_create(
            Delivery(
                endpoint=endpoint,
                reference=f"BRE-2026-{i:04d}",
                event_id=i,
                kind="note",
                at=now,
                next_attempt_at=now,
            )
            for i in range(have + 1, n + 1)
        )
        return signed_in(cast.officer), "/partnership/webhooks/"

    return page


def tokens_page(cast: Cast) -> Callable[[int], tuple[Client, str]]:
    def page(n: int) -> tuple[Client, str]:
        for i in range(ApiToken.objects.filter(person=cast.raiser).count(), n):
            issue(cast.raiser, name=f"Dashboard {i + 1}", scopes=[Scope.values[0]])
        return signed_in(cast.raiser), "/account/tokens/"

    return page


def test_the_webhook_deliveries_keep_their_budget() -> None:
    assert_budget(deliveries_page(make_cast("brent")), limit=4)


def test_the_api_tokens_keep_their_budget() -> None:
    assert_budget(tokens_page(make_cast("brent")), limit=4)


def test_every_api_token_can_be_reached_a_page_at_a_time() -> None:
    cast = make_cast("brent")
    client, url = tokens_page(cast)(60)
    first = text_of(client.get(url))
    assert "Showing 1 to 25 of 60 tokens" in first
    assert "Dashboard 60" in first  # newest first
    assert "Dashboard 35" not in first
    last = text_of(client.get(f"{url}?page=3"))
    assert "Showing 51 to 60 of 60 tokens" in last
    assert re.search(r"Dashboard 1\b", last)  # the oldest, beyond the 50 shown before
    oldest = ApiToken.objects.get(person=cast.raiser, name="Dashboard 1")
    assert client.post(f"{url}?page=3", {"revoke": oldest.pk}).status_code == 302
    assert ApiToken.objects.get(pk=oldest.pk).revoked_at is not None


# -- the directory import ------------------------------------------------------------------


def administrator(cast: Cast) -> Person:
    return person("pat.admin", cast.officer.agency, "partnership-administrator")  # type: ignore[arg-type]


def people_file(n: int, start: int = 0) -> bytes:
    """``n`` people of the cast's school, every tenth the line manager of the nine after."""
    lines = ["username,first_name,last_name,email,agency,job_title,line_manager"]
    for i in range(start, start + n):
        leader = i - i % 10
        manager = "" if i == leader else f"imported.{leader:04d}"
        lines.append(
            f"imported.{i:04d},Sam{i},Testworth,imported.{i:04d}@example.org,"
            f"Oakfield Primary School,Teacher,{manager}"
        )
    return ("\n".join(lines) + "\n").encode()


def roles_file(usernames: list[str]) -> bytes:
    return ("username,role\n" + "".join(f"{u},line-manager\n" for u in usernames)).encode()


def agencies_file(n: int, start: int = 0) -> bytes:
    names = "".join(f"Riverside School {i},school\n" for i in range(start, start + n))
    return f"name,kind\n{names}".encode()


def words(page: str) -> str:
    """The page's words without its markup, to say why an assertion failed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))[-3000:]


def queries(client: Client, data: dict[str, object]) -> tuple[int, str]:
    """How many queries one POST to the import page runs, and what it then shows (a confirm
    redirects to the page: that GET is not counted)."""
    with CaptureQueriesContext(connection) as captured:
        answer = client.post("/partnership/import/", data)
    if answer.status_code == 302:
        return len(captured.captured_queries), text_of(client.get(answer["Location"]))
    assert answer.status_code == 200
    return len(captured.captured_queries), text_of(answer)


def check_and_confirm(client: Client, kind: str, data: bytes) -> tuple[int, int, str]:
    upload = {"kind": kind, "file": SimpleUploadedFile(f"{kind}.csv", data)}
    checking, page = queries(client, upload)
    assert "Nothing has changed yet" in page, words(page)
    found = re.search(r'name="checked" value="([^"]+)"', page)
    assert found is not None
    confirming, done = queries(client, {"checked": found.group(1)})
    return checking, confirming, done


def test_the_import_page_keeps_its_budget_whatever_the_directory_holds() -> None:
    cast = make_cast("brent")
    client = signed_in(administrator(cast))

    def page(n: int) -> tuple[Client, str]:
        have = Person.objects.filter(username__startswith="imported.").count()
        if n > have:
            check_and_confirm(client, "people", people_file(n - have, have))
        return client, "/partnership/import/"

    assert_budget(page, limit=3)  # what it runs now (issue 10): one more fails


@pytest.mark.parametrize("kind", ["agencies", "people", "roles"])
def test_checking_and_importing_a_file_cost_the_same_for_5_rows_and_50(kind: str) -> None:
    cast = make_cast("brent")
    client = signed_in(administrator(cast))
    check_and_confirm(client, "people", people_file(sum(SIZES)))  # the people roles are for
    counts = []
    start = 0
    for n in SIZES:
        if kind == "agencies":
            data = agencies_file(n, start)
        elif kind == "people":
            data = people_file(n, 1000 + start)
        else:
            data = roles_file([f"imported.{i:04d}" for i in range(start, start + n)])
        start += n
        checking, confirming, done = check_and_confirm(client, kind, data)
        assert f"{n} to add" in done, words(done)
        counts.append((checking, confirming))
    (check_small, confirm_small), (check_large, confirm_large) = counts
    assert check_small == check_large, f"checking {kind}: {counts}"
    assert confirm_small == confirm_large, f"confirming {kind}: {counts}"
    assert check_large <= IMPORT_BUDGET, counts
    assert confirm_large <= CONFIRM_BUDGET, counts
