"""Index changes that a live national database can take: dropping the index Django made for
a foreign key by itself, where another index already begins with the key's column
(escalations 0024, notifications 0005, audit 0003), and making an index while the table
takes writes (escalations 0026, 0027).

A foreign key's own index is dropped by the name Django gave it (the same on every
database), and made again if the migration is reversed. Django's own way, an
``AlterField`` to ``db_index=False``, would drop and add again the foreign key constraint,
checking every row of the table while it holds the lock; the migrations make that change in
Django's state only."""

from __future__ import annotations

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.operations import AddIndex
from django.db.migrations.state import ProjectState


def drop_own_indexes(dropped: list[tuple[str, str, str]]) -> list[migrations.RunSQL]:
    """The operations that drop each (index, table, column) in ``dropped``, reversibly."""
    return [
        migrations.RunSQL(
            f'DROP INDEX IF EXISTS "{index}"',
            f'CREATE INDEX "{index}" ON "{table}" ("{column}")',
        )
        for index, table, column in dropped
    ]


class AddIndexWhileWriting(AddIndexConcurrently):
    """An index made without stopping the table's writes: ``CREATE INDEX CONCURRENTLY`` on
    PostgreSQL, where a plain ``CREATE INDEX`` holds back every insert and update of the
    table until it is built (escalations 0027 took 7 s on the bench's 1.2 million
    participations; a national database has ten times as many). SQLite makes it the plain
    way. The migration must be ``atomic = False``. If one is stopped half way, PostgreSQL
    keeps the index marked invalid: drop it (``DROP INDEX CONCURRENTLY name``) and migrate
    again."""

    def describe(self) -> str:
        return f"Create index {self.index.name} on {self.model_name}, the table taking writes"

    def database_forwards(
        self,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        from_state: ProjectState,
        to_state: ProjectState,
    ) -> None:
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)
        else:
            AddIndex.database_forwards(self, app_label, schema_editor, from_state, to_state)

    def database_backwards(
        self,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        from_state: ProjectState,
        to_state: ProjectState,
    ) -> None:
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
        else:
            AddIndex.database_backwards(self, app_label, schema_editor, from_state, to_state)
