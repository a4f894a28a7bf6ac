"""Outcomes to confirm from stored columns: whether each side has confirmed the standing
resolution (on the escalation, from its events), and on each participant whether its
escalation waits for a confirmation and since when, with the index of the list. Filled from
what is stored: one UPDATE for each side's flags, one UPDATE ... FROM for the copies."""

from typing import Any

from django.conf import settings
from django.db import migrations, models
from django.db.models import Exists, IntegerField, OuterRef
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast

COPY = """
UPDATE escalations_participant
SET to_confirm = NOT (e.raising_confirmed AND e.receiving_confirmed), resolved_at = e.resolved_at
FROM escalations_escalation e
WHERE e.id = escalations_participant.escalation_id AND e.status = 'resolved'
"""


def mark_confirmed_sides(apps: Any, schema_editor: Any) -> None:
    Escalation = apps.get_model("escalations", "Escalation")
    Event = apps.get_model("escalations", "Event")
    resolved = Escalation.objects.filter(status="resolved", resolved_sequence__isnull=False)
    for side in ("raising", "receiving"):
        confirmed = Event.objects.annotate(
            confirms=Cast(KeyTextTransform("resolved", "data"), IntegerField())
        ).filter(
            escalation=OuterRef("pk"),
            kind="outcome-confirmed",
            data__side=side,
            confirms=OuterRef("resolved_sequence"),
        )
        resolved.update(**{f"{side}_confirmed": Exists(confirmed)})


class Migration(migrations.Migration):

    dependencies = [
        ('escalations', '0017_participant_list_keys'),
        ('partnerships', '0003_person_phone'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='escalation',
            name='raising_confirmed',
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name='escalation',
            name='receiving_confirmed',
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name='participant',
            name='resolved_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='participant',
            name='to_confirm',
            field=models.BooleanField(default=False),
        ),
        migrations.RunPython(mark_confirmed_sides, migrations.RunPython.noop),
        migrations.RunSQL(COPY, migrations.RunSQL.noop),
        migrations.AddIndex(
            model_name='participant',
            index=models.Index(condition=models.Q(('to_confirm', True)), fields=['person', 'resolved_at', 'escalation', 'agency', 'role'], name='participant_to_confirm'),
        ),
    ]
