"""Each notification keeps its partnership (its escalation's; for a notice about the service,
its recipient's), and a partnership's failed emails have an index of their own
(notification_failed, now beginning with the partnership). The officers' list read every
partnership's failed emails newest first and joined each to its escalation to drop those of
the others: in a national database, one partnership's list read the whole country's.

The escalation's and the recipient's foreign keys lose indexes of their own: the unique
constraint's index begins with the escalation, notification_inbox's with the recipient, and
every email and in-app message kept up both for nothing. Only the indexes are dropped
(escalate.ops.indexes).

The rows written before this are given their partnership by 0006, a batch at a time."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from escalate.ops.indexes import drop_own_indexes

DROPPED = [  # (index, table, column): the names Django gave them (escalate.ops.indexes)
    ("notifications_notification_escalation_id_cd4d6c20", "notifications_notification", "escalation_id"),
    ("notifications_notification_recipient_id_d055f3f0", "notifications_notification", "recipient_id"),
]


class Migration(migrations.Migration):

    dependencies = [
        ('escalations', '0025_deadline_without_an_index_of_its_own'),
        ('notifications', '0004_mail_outage'),
        ('partnerships', '0003_person_phone'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='notification',
            name='notification_failed',
        ),
        migrations.AddField(
            model_name='notification',
            name='partnership',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='partnerships.partnership'),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='notification',
                    name='escalation',
                    field=models.ForeignKey(blank=True, db_index=False, help_text='What it is about; empty for a notice about the service (mail not going out)', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='notifications', to='escalations.escalation'),
                ),
                migrations.AlterField(
                    model_name='notification',
                    name='recipient',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='notifications', to=settings.AUTH_USER_MODEL),
                ),
            ],
            database_operations=drop_own_indexes(DROPPED),
        ),
        migrations.AddIndex(
            model_name='notification',
            index=models.Index(condition=models.Q(('status', 'failed')), fields=['partnership', '-created_at', '-id'], name='notification_failed'),
        ),
    ]
