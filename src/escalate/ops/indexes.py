"""Dropping the index Django made for a foreign key by itself, where another index already
begins with the key's column (escalations 0024, notifications 0005, audit 0003).

Only the index is dropped, by the name Django gave it (the same on every database), and made
again if the migration is reversed. Django's own way, an ``AlterField`` to ``db_index=False``,
would drop and add again the foreign key constraint, checking every row of the table while it
holds the lock; the migrations make that change in Django's state only."""

from __future__ import annotations

from django.db import migrations


def drop_own_indexes(dropped: list[tuple[str, str, str]]) -> list[migrations.RunSQL]:
    """The operations that drop each (index, table, column) in ``dropped``, reversibly."""
    return [
        migrations.RunSQL(
            f'DROP INDEX IF EXISTS "{index}"',
            f'CREATE INDEX "{index}" ON "{table}" ("{column}")',
        )
        for index, table, column in dropped
    ]
