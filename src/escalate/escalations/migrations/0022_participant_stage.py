"""Participant gets a copy of its escalation's stage, kept by the writer with the other list
keys, and the index of the home list narrowed to a stage (?stage=) for anyone who is not
an officer. Filled in one statement."""

from django.conf import settings
from django.db import migrations, models

FILL = """
UPDATE escalations_participant
SET current_stage = e.current_stage
FROM escalations_escalation e
WHERE e.id = escalations_participant.escalation_id
"""


class Migration(migrations.Migration):

    dependencies = [
        ('escalations', '0021_officer_list_filter_indexes'),
        ('partnerships', '0003_person_phone'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='participant',
            name='current_stage',
            field=models.CharField(default='', max_length=60),
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
        migrations.AddIndex(
            model_name='participant',
            index=models.Index(fields=['person', 'current_stage', 'next_deadline', '-raised_at', '-escalation', 'status', 'agency', 'role'], name='participant_home_stage'),
        ),
    ]
