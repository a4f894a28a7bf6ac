"""Participant gets copies of its escalation's list keys (status, next deadline, when raised)
and the index of the home list of anyone who is not an officer. Filled in one statement."""

from django.db import migrations, models

FILL = """
UPDATE escalations_participant
SET status = e.status, next_deadline = e.next_deadline, raised_at = e.raised_at
FROM escalations_escalation e
WHERE e.id = escalations_participant.escalation_id
"""


class Migration(migrations.Migration):

    dependencies = [
        ('escalations', '0016_escalation_route'),
    ]

    operations = [
        migrations.AddField(
            model_name='participant',
            name='status',
            field=models.CharField(choices=[('open', 'Open'), ('resolved', 'Resolved'), ('withdrawn', 'Withdrawn'), ('decided', 'Final decision made')], default='open', max_length=20),
        ),
        migrations.AddField(
            model_name='participant',
            name='next_deadline',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='participant',
            name='raised_at',
            field=models.DateTimeField(null=True),
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
        migrations.AlterField(
            model_name='participant',
            name='raised_at',
            field=models.DateTimeField(),
        ),
        migrations.AddIndex(
            model_name='participant',
            index=models.Index(fields=['person', 'next_deadline', '-raised_at', '-escalation', 'status', 'agency', 'role'], name='participant_home'),
        ),
        migrations.AddIndex(
            model_name='participant',
            index=models.Index(condition=models.Q(('status', 'open'), _negated=True), fields=['person', 'next_deadline', '-raised_at', '-escalation', 'agency', 'role'], name='participant_home_closed'),
        ),
    ]
