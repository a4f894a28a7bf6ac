"""The open escalations' indexes of the API's list, newest first (escalate.api.listing):
?status=open and ?overdue=true otherwise walk past every newer closed escalation."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('escalations', '0019_api_list_indexes'),
        ('partnerships', '0003_person_phone'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='escalation',
            index=models.Index(condition=models.Q(('status', 'open')), fields=['partnership', '-id', 'next_deadline'], name='escalation_newest_open'),
        ),
        migrations.AddIndex(
            model_name='participant',
            index=models.Index(condition=models.Q(('status', 'open')), fields=['person', 'agency', '-escalation', 'next_deadline', 'role'], name='participant_newest_open'),
        ),
    ]
