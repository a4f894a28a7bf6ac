"""Searching a list by part of the child's name, on PostgreSQL: a trigram index on the name as
the search compares it (upper case), so a partnership's 100,000 escalations are not read one
by one. SQLite has no such index and needs none at its sizes."""

from __future__ import annotations

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

INDEX = "escalation_child_name_trgm"


def create(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON escalations_escalation"
        " USING gin (UPPER(child_name) gin_trgm_ops)"
    )


def drop(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("escalations", "0008_child_born_empty_once_anonymised")]

    operations = [migrations.RunPython(create, drop)]
