"""No index of their own for four foreign keys whose lookups another index already serves, as
its first column: each was kept up on every write for nothing (bench/index_upkeep.py).

Only the indexes are dropped: Django's own way would drop each foreign key constraint and add
it again, checking every row of the table (a million events) while it holds the lock."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from escalate.ops.indexes import drop_own_indexes

DROPPED = [  # (index, table, column): the names Django gave them, the same on every database
    ("escalations_escalation_partnership_id_9735cb8b", "escalations_escalation", "partnership_id"),
    ("escalations_event_escalation_id_62f19f33", "escalations_event", "escalation_id"),
    ("escalations_participant_escalation_id_af0db9dc", "escalations_participant", "escalation_id"),
    ("escalations_participant_person_id_2644eede", "escalations_participant", "person_id"),
]


class Migration(migrations.Migration):

    dependencies = [
        ('escalations', '0023_list_stage_newest_indexes'),
        ('partnerships', '0003_person_phone'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='escalation',
                    name='partnership',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='partnerships.partnership'),
                ),
                migrations.AlterField(
                    model_name='event',
                    name='escalation',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='events', to='escalations.escalation'),
                ),
                migrations.AlterField(
                    model_name='participant',
                    name='escalation',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='participants', to='escalations.escalation'),
                ),
                migrations.AlterField(
                    model_name='participant',
                    name='person',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='participations', to=settings.AUTH_USER_MODEL),
                ),
            ],
            database_operations=drop_own_indexes(DROPPED),
        ),
    ]
