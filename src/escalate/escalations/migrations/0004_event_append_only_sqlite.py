"""On SQLite too, the database itself refuses to change or delete an event.

The guard is one trigger per statement kind, each refusing every row: BEFORE UPDATE and
BEFORE DELETE on escalations_event. A later, explicitly recorded path that must change an
event (anonymising) replaces the trigger with one whose WHEN clause lets exactly that
through, as 0003's function does on PostgreSQL.

SQLite drops a table's triggers when Django rebuilds the table (most AlterField and some
AddField operations): a migration that alters Event must create these triggers again.
tests/escalations/test_event_guard.py fails if it does not.
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

REFUSAL = "Events are never changed or deleted: record a new event to correct one"
CREATE = [
    f"""
    CREATE TRIGGER escalations_event_no_update BEFORE UPDATE ON escalations_event
    BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END
    """,
    f"""
    CREATE TRIGGER escalations_event_no_delete BEFORE DELETE ON escalations_event
    BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END
    """,
]
DROP = [
    "DROP TRIGGER IF EXISTS escalations_event_no_update",
    "DROP TRIGGER IF EXISTS escalations_event_no_delete",
]


def create(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "sqlite":
        for statement in CREATE:
            schema_editor.execute(statement)


def drop(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "sqlite":
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("escalations", "0003_event_append_only_trigger")]
    operations = [migrations.RunPython(create, drop)]
