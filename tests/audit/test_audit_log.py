"""The audit log: every look at a child's details or the partnership's data, and every
refused attempt, with who, when, which escalation or report and what; a page at a time and
filtered for the partnership's officers, and as CSV. Logging costs one INSERT a page."""

from __future__ import annotations

import csv
import datetime as dt
import io
from html import unescape

import pytest
from cast import PASSWORD, Cast, make_cast, raised_by_raiser
from django.conf import settings
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from escalate.audit.models import AuditEntry, Outcome
from escalate.partnerships.models import Person

pytestmark = pytest.mark.django_db
AUDIT = "escalate.audit.middleware.AuditMiddleware"


def signed_in(person: Person) -> Client:
    client = Client()
    assert client.login(username=person.username, password=PASSWORD)
    return client


def pages(ref: str) -> list[tuple[str, str, str]]:
    """(who, address, what the log says) for each kind of page that is read."""
    return [
        ("raiser", "/", "Home: list of escalations"),
        ("raiser", f"/escalations/{ref}/", "Escalation page"),
        ("raiser", f"/escalations/{ref}/add-note/", "Action page: add-note"),
        ("raiser", f"/raise/done/{ref}/", "Raised: confirmation page"),
        ("raiser", f"/escalations/{ref}/learning/", "Learning form"),
        ("raiser", f"/escalations/{ref}/documents/record/", "Record for the child's file"),
        ("officer", "/partnership/learning/", "Learning queues"),
        ("officer", "/partnership/dashboard/", "Dashboard"),
        ("officer", "/partnership/report/", "Board report"),
        ("officer", "/partnership/report/categories.csv", "Board report CSV: categories"),
        ("officer", f"/escalations/{ref}/views/", "Who has viewed the escalation"),
        ("officer", "/partnership/audit/", "Audit log"),
        ("officer", "/partnership/audit.csv", "Audit log (CSV)"),
    ]


def test_every_kind_of_page_read_is_logged_with_who_when_which_and_what() -> None:
    cast = make_cast("brent")
    escalation = raised_by_raiser(cast)
    before = timezone.now()
    for who, url, what in pages(escalation.reference):
        person = getattr(cast, who)
        response = signed_in(person).get(url)
        assert response.status_code == 200, url
        entry = AuditEntry.objects.order_by("-id").first()
        assert entry is not None
        assert (entry.person, entry.what, entry.outcome) == (person, what, Outcome.SHOWN), url
        assert entry.path == url
        assert entry.method == "GET"
        assert entry.partnership == cast.partnership
        assert before <= entry.at <= timezone.now()
        if "/escalations/" in url or "/raise/done/" in url:
            assert entry.escalation == escalation
            assert entry.reference == escalation.reference
        else:
            assert entry.escalation is None


def test_the_board_reports_period_and_pdf_are_logged() -> None:
    cast = make_cast("brent")
    officer = signed_in(cast.officer)
    query = "start_day=1&start_month=4&start_year=2026&end_day=30&end_month=11&end_year=2026"
    assert officer.get(f"/partnership/report/pdf/?{query}").status_code == 200
    entry = AuditEntry.objects.get()
    assert entry.what == "Board report PDF"
    assert entry.path == f"/partnership/report/pdf/?{query}"


def test_a_search_is_logged_without_its_words() -> None:
    cast = make_cast("brent")
    officer = signed_in(cast.officer)
    assert officer.get("/?q=Alex+Smith&status=open").status_code == 200
    entry = AuditEntry.objects.get()
    assert entry.path == "/?q=[search]&status=open"
    assert "Alex" not in entry.path


def test_refused_attempts_are_logged_for_the_escalations_officers() -> None:
    cast = make_cast("brent")
    escalation = raised_by_raiser(cast)
    ref = escalation.reference
    assert signed_in(cast.stranger).get(f"/escalations/{ref}/").status_code == 404
    assert signed_in(cast.colleague).get(f"/escalations/{ref}/documents/record/").status_code == 404
    assert signed_in(cast.raiser).get("/escalations/BRE-2019-9999/").status_code == 404
    assert signed_in(cast.raiser).get("/partnership/audit/").status_code == 404

    refused = list(AuditEntry.objects.filter(outcome=Outcome.REFUSED).order_by("id"))
    assert [(e.person, e.reference, e.escalation) for e in refused] == [
        (cast.stranger, ref, escalation),
        (cast.colleague, ref, escalation),
        (cast.raiser, "BRE-2019-9999", None),
        (cast.raiser, "", None),
    ]
    # The stranger is in another partnership: Brent's officers see the attempt, theirs do not.
    assert all(e.partnership == cast.partnership for e in refused)
    log = unescape(signed_in(cast.officer).get("/partnership/audit/?refused=on").content.decode())
    assert cast.stranger.username in log
    assert "BRE-2019-9999" in log
    assert "Refused" in log


def test_only_the_partnerships_officers_see_the_log() -> None:
    cast = make_cast("brent")
    for name in ("raiser", "manager", "other", "outsider", "dsl", "colleague"):
        client = signed_in(getattr(cast, name))
        assert client.get("/partnership/audit/").status_code == 404
        assert client.get("/partnership/audit.csv").status_code == 404
    assert signed_in(cast.chair).get("/partnership/audit/").status_code == 200
    assert Client().get("/partnership/audit/").status_code == 302
    # Another partnership's officer sees none of Brent's entries.
    stranger = signed_in(cast.stranger).get("/partnership/audit/").content.decode()
    assert cast.chair.username not in stranger


def entries_at(person: Person, cast: Cast, days_ago: list[int], reference: str = "") -> None:
    now = timezone.now()
    for days in days_ago:
        AuditEntry.objects.create(
            at=now - dt.timedelta(days=days),
            person=person,
            partnership=cast.partnership,
            reference=reference,
            what="Escalation page",
            outcome=Outcome.SHOWN,
            method="GET",
            path=f"/escalations/{reference}/",
        )


def rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))[1:]


def test_the_log_is_filtered_by_person_escalation_and_dates() -> None:
    cast = make_cast("brent")
    entries_at(cast.raiser, cast, [1, 2, 10], "BRE-2026-0001")
    entries_at(cast.other, cast, [1, 20], "BRE-2026-0002")
    officer = signed_in(cast.officer)

    def found(query: str) -> list[list[str]]:
        response = officer.get(f"/partnership/audit.csv?{query}")
        assert response.status_code == 200
        text = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
        return [row for row in rows_of(text) if row[5] == "Escalation page"]

    assert len(found("")) == 5
    assert {r[1] for r in found(f"who={cast.raiser.username}")} == {cast.raiser.username}
    assert len(found("who=Other Testperson")) == 2
    assert len(found("reference=bre-2026-0002")) == 2
    today = timezone.localdate()
    since = (today - dt.timedelta(days=5)).isoformat()
    until = (today - dt.timedelta(days=2)).isoformat()
    assert len(found(f"since={since}")) == 3
    assert len(found(f"since={since}&until={until}")) == 1
    page = unescape(
        officer.get(f"/partnership/audit/?since={since}&until={until}").content.decode()
    )
    assert "1 entry" in page


def test_a_wrong_date_is_explained_not_an_error() -> None:
    cast = make_cast("brent")
    page = signed_in(cast.officer).get("/partnership/audit/?since=31/02/2026&until=yesterday")
    assert page.status_code == 200
    text = unescape(page.content.decode())
    assert "Enter the first day as a date, like 2026-12-01" in text
    assert "Enter the last day as a date, like 2026-12-31" in text
    backwards = signed_in(cast.officer).get("/partnership/audit/?since=2026-12-02&until=2026-12-01")
    assert "The last day must be the same as or after the first day" in unescape(
        backwards.content.decode()
    )


def test_the_log_is_shown_a_page_at_a_time_newest_first() -> None:
    cast = make_cast("brent")
    entries_at(cast.raiser, cast, list(range(1, 61)), "BRE-2026-0001")
    officer = signed_in(cast.officer)
    first = unescape(officer.get("/partnership/audit/").content.decode())
    assert "Showing 1 to 25 of 60 entries" in first
    second = unescape(officer.get("/partnership/audit/?page=3").content.decode())
    # The officer's own first look at the log is now the newest entry.
    assert "Showing 51 to 61 of 61 entries" in second
    newest = timezone.localtime(timezone.now() - dt.timedelta(days=1)).strftime("%-d %b %Y")
    assert newest in first


def test_the_csv_has_every_matching_entry_and_no_formulas() -> None:
    cast = make_cast("brent")
    cast.raiser.first_name = "=HYPERLINK(1)"
    cast.raiser.save()
    entries_at(cast.raiser, cast, list(range(1, 121)), "BRE-2026-0001")
    response = signed_in(cast.officer).get("/partnership/audit.csv?reference=BRE-2026-0001")
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="audit-log-')
    rows = rows_of(b"".join(response.streaming_content).decode())  # type: ignore[attr-defined]
    assert len(rows) == 120
    assert all(row[2].startswith("'=HYPERLINK") for row in rows)
    assert rows[0][0] > rows[-1][0]  # newest first


def _count(client: Client, url: str) -> list[str]:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in captured.captured_queries]


def test_logging_costs_one_insert_a_page() -> None:
    cast = make_cast("brent")
    escalation = raised_by_raiser(cast)
    without = [m for m in settings.MIDDLEWARE if m != AUDIT]
    for who, url, _ in pages(escalation.reference):
        if url.endswith((".csv", "/pdf/")):
            continue  # the CSV is streamed after the response is returned; PDFs are slow
        client = signed_in(getattr(cast, who))
        logged = _count(client, url)
        with override_settings(MIDDLEWARE=without):
            plain_client = Client()  # a new client loads the middleware again
            plain_client.cookies = client.cookies
            plain = _count(plain_client, url)
        assert len(logged) == len(plain) + 1, url
        inserts = [q for q in logged if q.startswith('INSERT INTO "audit_auditentry"')]
        assert len(inserts) == 1, url


def test_the_compiled_log_is_the_orms_and_only_the_partnerships() -> None:
    from django.db.models import QuerySet
    from django.test import RequestFactory

    from escalate.audit.forms import AuditFilter
    from escalate.audit.selectors import audit_entries, audit_listing
    from escalate.paging import paginate

    cast = make_cast("brent")
    elsewhere = make_cast("haringey")
    entries_at(cast.raiser, cast, list(range(30)), "BRE-2026-0001")
    entries_at(cast.other, cast, [1, 20], "BRE-2026-0002")
    entries_at(elsewhere.raiser, elsewhere, [1, 2], "BRE-2026-0001")  # the same reference
    for wanted in (AuditFilter(), AuditFilter(reference="BRE-2026-0001")):
        for query in ("", "?page=2"):
            request = RequestFactory().get(f"/{query}")
            compiled = paginate(request, audit_listing(cast.partnership.pk, wanted))
            orm = paginate(request, audit_entries(cast.partnership.pk, wanted))
            assert [e.pk for e in compiled.rows] == [e.pk for e in orm.rows]
            assert compiled.total == orm.total
            assert {e.partnership_id for e in compiled.rows} == {cast.partnership.pk}
            assert all(e.person.agency.partnership_id == cast.partnership.pk for e in compiled.rows)  # type: ignore[union-attr]
    both = paginate(RequestFactory().get("/"), audit_listing(cast.partnership.pk, AuditFilter()))
    assert both.total >= 32
    by_name = audit_listing(cast.partnership.pk, AuditFilter(who="ada"))  # icontains: the ORM's
    assert isinstance(by_name, QuerySet)
