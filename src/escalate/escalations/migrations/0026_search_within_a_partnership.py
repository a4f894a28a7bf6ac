"""An officer's search reads only their own partnership's matches (PostgreSQL).

The name's trigram index (0009) and the date-of-birth index held the name or the date alone,
so an officer's search read every partnership's matches and dropped the others': in a
national database, the whole country's Ava Adams for one partnership's list. Both now hold
the partnership as well. The name's is a GIN index of the partnership and the trigrams
(``btree_gin`` puts a plain column in a GIN index); a search that asks for no partnership
(a manager's, through their participations) still reads it by the trigrams alone, and the
date's begins with the date. Each new index is made before the old one is dropped, and on
PostgreSQL while the table takes writes (``CONCURRENTLY``: the migration is not atomic)."""

from __future__ import annotations

from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from escalate.ops.indexes import AddIndexWhileWriting

OLD, NEW = "escalation_child_name_trgm", "escalation_name_search"


def create(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
    schema_editor.execute(
        f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {NEW} ON escalations_escalation"
        " USING gin (partnership_id, UPPER(child_name) gin_trgm_ops)"
    )
    schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {OLD}")


def drop(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {OLD} ON escalations_escalation"
        " USING gin (UPPER(child_name) gin_trgm_ops)"
    )
    schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {NEW}")


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("escalations", "0025_deadline_without_an_index_of_its_own")]

    operations = [
        AddIndexWhileWriting(
            model_name="escalation",
            index=models.Index(
                fields=["child_date_of_birth", "partnership"], name="escalation_born_where"
            ),
        ),
        migrations.RemoveIndex(model_name="escalation", name="escalation_born"),
        migrations.RunPython(create, drop),
    ]
