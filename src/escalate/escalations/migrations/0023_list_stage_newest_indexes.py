"""The API's list narrowed to a stage (?stage=), newest first, read from an index: for officers
the partnership's escalations at that stage, for anyone else their participations' copies."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('escalations', '0022_participant_stage'),
        ('partnerships', '0003_person_phone'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='escalation',
            index=models.Index(fields=['partnership', 'current_stage', '-id', 'status'], name='escalation_newest_stage'),
        ),
        migrations.AddIndex(
            model_name='participant',
            index=models.Index(fields=['person', 'agency', 'current_stage', '-escalation', 'status', 'role'], name='participant_newest_stage'),
        ),
    ]
