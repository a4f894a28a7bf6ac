"""The indexes of the API's list of escalations, newest first (escalate.api.listing): an
officer's, their partnership's escalations; anyone else's, their own participations."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('escalations', '0018_outcomes_to_confirm_keys'),
        ('partnerships', '0003_person_phone'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='escalation',
            index=models.Index(fields=['partnership', '-id'], name='escalation_newest'),
        ),
        migrations.AddIndex(
            model_name='participant',
            index=models.Index(fields=['person', 'agency', '-escalation', 'status', 'role'], name='participant_newest'),
        ),
    ]
