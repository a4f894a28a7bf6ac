"""On PostgreSQL, the database itself refuses to change or delete an event."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

CREATE = """
CREATE OR REPLACE FUNCTION escalations_event_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'Events are never changed or deleted: record a new event to correct one';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER escalations_event_append_only
    BEFORE UPDATE OR DELETE ON escalations_event
    FOR EACH ROW EXECUTE FUNCTION escalations_event_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS escalations_event_append_only ON escalations_event;
DROP FUNCTION IF EXISTS escalations_event_append_only();
"""


def create(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("escalations", "0002_initial")]
    operations = [migrations.RunPython(create, drop)]
