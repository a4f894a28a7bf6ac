"""No index of their own for the audit entry's person and partnership: audit_by_person and
audit_by_partnership begin with them, and every page that shows personal data writes an
entry, the busiest insert there is. Only the indexes are dropped (escalate.ops.indexes)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from escalate.ops.indexes import drop_own_indexes

DROPPED = [  # (index, table, column): the names Django gave them (escalate.ops.indexes)
    ("audit_auditentry_partnership_id_21a7151a", "audit_auditentry", "partnership_id"),
    ("audit_auditentry_person_id_8c96e98f", "audit_auditentry", "person_id"),
]


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0002_append_only_and_view_records'),
        ('partnerships', '0003_person_phone'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='auditentry',
                    name='partnership',
                    field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='partnerships.partnership'),
                ),
                migrations.AlterField(
                    model_name='auditentry',
                    name='person',
                    field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
                ),
            ],
            database_operations=drop_own_indexes(DROPPED),
        ),
    ]
