"""Every notification written before 0005 is given its partnership: its escalation's, or, for
a notice about the service, its recipient's.

A batch of rows at a time, each batch its own transaction (the migration is not atomic): the
whole outbox at once held a lock on every row it had written until the end (4.4 million rows,
2.5 minutes on the 100k bench), and the worker, waiting on the rows it claims, sent nothing.
Run again, it fills only what is still empty."""

from typing import Any

from django.db import migrations

TABLE = "notifications_notification"
BATCH = 20_000  # rows by id
FILL = f"""
UPDATE {TABLE} SET partnership_id = CASE
    WHEN escalation_id IS NOT NULL THEN
        (SELECT e.partnership_id FROM escalations_escalation e WHERE e.id = {TABLE}.escalation_id)
    ELSE
        (SELECT a.partnership_id FROM partnerships_person p
         JOIN partnerships_agency a ON a.id = p.agency_id WHERE p.id = {TABLE}.recipient_id)
    END
WHERE partnership_id IS NULL AND id >= %s AND id < %s
"""


def fill(connection: Any, batch: int = BATCH) -> None:
    """Fill every row, ``batch`` ids at a time, committing after each where not in a
    transaction already."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT min(id), max(id) FROM {TABLE} WHERE partnership_id IS NULL")
        low, high = cursor.fetchone()
        if low is None:
            return
        for start in range(low, high + 1, batch):
            cursor.execute(FILL, [start, start + batch])


def _forwards(apps: Any, schema_editor: Any) -> None:
    fill(schema_editor.connection)


class Migration(migrations.Migration):

    atomic = False

    dependencies = [
        ('notifications', '0005_partnership_failed_index'),
    ]

    operations = [
        migrations.RunPython(_forwards, migrations.RunPython.noop, elidable=True),
    ]
