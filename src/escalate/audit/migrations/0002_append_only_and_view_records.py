"""The audit log is append-only in the database itself, on PostgreSQL and SQLite alike (as
events are: escalations 0003 and 0004), and takes over the old view log's rows.

SQLite drops a table's triggers when Django rebuilds it: a migration that alters AuditEntry
must create these triggers again (tests/audit/test_audit_guard.py fails if it does not).
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

REFUSAL = "The audit log is never changed or deleted"
POSTGRES = f"""
CREATE OR REPLACE FUNCTION audit_auditentry_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '{REFUSAL}';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_auditentry_append_only
    BEFORE UPDATE OR DELETE ON audit_auditentry
    FOR EACH ROW EXECUTE FUNCTION audit_auditentry_append_only();
"""
POSTGRES_DROP = """
DROP TRIGGER IF EXISTS audit_auditentry_append_only ON audit_auditentry;
DROP FUNCTION IF EXISTS audit_auditentry_append_only();
"""
SQLITE = [
    f"""CREATE TRIGGER audit_auditentry_no_update BEFORE UPDATE ON audit_auditentry
    BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END""",
    f"""CREATE TRIGGER audit_auditentry_no_delete BEFORE DELETE ON audit_auditentry
    BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS audit_auditentry_no_update",
    "DROP TRIGGER IF EXISTS audit_auditentry_no_delete",
]


def create(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES)
    elif vendor == "sqlite":
        for statement in SQLITE:
            schema_editor.execute(statement)


def drop(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_DROP)
    elif vendor == "sqlite":
        for statement in SQLITE_DROP:
            schema_editor.execute(statement)


def copy_view_records(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    """Each look the old view log recorded (person, time, path) becomes an entry."""
    ViewRecord = apps.get_model("escalations", "ViewRecord")
    AuditEntry = apps.get_model("audit", "AuditEntry")
    batch = []
    for record in ViewRecord.objects.select_related("escalation").iterator(chunk_size=2000):
        batch.append(
            AuditEntry(
                at=record.at,
                person_id=record.person_id,
                partnership_id=record.escalation.partnership_id,
                escalation_id=record.escalation_id,
                reference=record.escalation.reference,
                what="Escalation page (from the earlier view log)",
                outcome="shown",
                method="GET",
                path=record.path,
            )
        )
        if len(batch) >= 2000:
            AuditEntry.objects.bulk_create(batch)
            batch = []
    AuditEntry.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [
        migrations.RunPython(create, drop),
        migrations.RunPython(copy_view_records, migrations.RunPython.noop),
    ]
