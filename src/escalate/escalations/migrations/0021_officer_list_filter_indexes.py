"""The officers' home list filtered by a status, to the closed ones or by a stage, each read
in its order from an index (selectors.home_list): without them PostgreSQL read the whole
partnership's list and dropped what did not match."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('escalations', '0020_api_list_open_indexes'),
        ('partnerships', '0003_person_phone'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='escalation',
            index=models.Index(fields=['partnership', 'status', 'next_deadline', '-raised_at', '-id'], name='escalation_list_status'),
        ),
        migrations.AddIndex(
            model_name='escalation',
            index=models.Index(condition=models.Q(('status', 'open'), _negated=True), fields=['partnership', 'next_deadline', '-raised_at', '-id'], name='escalation_list_closed'),
        ),
        migrations.AddIndex(
            model_name='escalation',
            index=models.Index(fields=['partnership', 'current_stage', 'next_deadline', '-raised_at', '-id'], name='escalation_list_stage'),
        ),
    ]
