"""The audit log is append-only in the database itself, on SQLite as on PostgreSQL: raw SQL,
Django's base manager and the model can add entries but never change or delete one."""

from __future__ import annotations

import pytest
from cast import make_cast
from django.db import DatabaseError, connection, transaction

from escalate.audit.models import AuditEntry
from escalate.audit.services import audit_record

pytestmark = pytest.mark.django_db
REFUSED = "The audit log is never changed or deleted"


def an_entry() -> AuditEntry:
    cast = make_cast("brent")
    return audit_record(person=cast.officer, what="Dashboard", path="/partnership/dashboard/")


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_auditentry SET what = 'nothing' WHERE id = %s",
        "UPDATE audit_auditentry SET person_id = NULL WHERE id = %s",
        "DELETE FROM audit_auditentry WHERE id = %s",
    ],
)
def test_raw_sql_cannot_change_or_delete_an_entry(statement: str) -> None:
    entry = an_entry()
    with (
        pytest.raises(DatabaseError, match=REFUSED),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement, [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).what == "Dashboard"


def test_the_base_manager_and_the_model_cannot_change_or_delete_an_entry() -> None:
    entry = an_entry()
    base = AuditEntry._base_manager.filter(pk=entry.pk)
    with pytest.raises(DatabaseError, match=REFUSED), transaction.atomic():
        base.update(what="nothing")
    with pytest.raises(DatabaseError, match=REFUSED), transaction.atomic():
        base.delete()
    with pytest.raises(ValueError, match="never changed"):
        entry.save()
    with pytest.raises(ValueError, match="never changed"):
        entry.delete()
    assert AuditEntry.objects.filter(pk=entry.pk, what="Dashboard").exists()


@pytest.mark.django_db(transaction=True)
def test_a_test_that_commits_entries_is_still_cleaned_up() -> None:
    an_entry()
    assert AuditEntry.objects.count() == 1
