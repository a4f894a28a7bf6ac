"""A stage's closed ones, for an officer and for anyone else, read from an index of the closed
ones alone: the stage's indexes (0023) hold its open ones first, and on the 100k bench the
officer's and the busy manager's "a stage's closed ones" read 9,999 open ones and dropped
them. Only closed rows are written to these indexes, so an open escalation's writes do not
keep them up. Both are made while the tables take writes (on PostgreSQL, ``CONCURRENTLY``:
the migration is not atomic)."""

from django.conf import settings
from django.db import migrations, models

from escalate.ops.indexes import AddIndexWhileWriting


class Migration(migrations.Migration):
    atomic = False
    dependencies = [
        ("escalations", "0026_search_within_a_partnership"),
        ("partnerships", "0003_person_phone"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        AddIndexWhileWriting(
            model_name="escalation",
            index=models.Index(
                condition=models.Q(("status", "open"), _negated=True),
                fields=["partnership", "current_stage", "next_deadline", "-raised_at", "-id"],
                name="escalation_closed_stage",
            ),
        ),
        AddIndexWhileWriting(
            model_name="participant",
            index=models.Index(
                condition=models.Q(("status", "open"), _negated=True),
                fields=[
                    "person",
                    "current_stage",
                    "next_deadline",
                    "-raised_at",
                    "-escalation",
                    "status",
                    "agency",
                    "role",
                ],
                name="participant_closed_stage",
            ),
        ),
    ]
