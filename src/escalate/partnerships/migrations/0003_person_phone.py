"""Each person's work telephone number, shown beside their name where a policy names
their role."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('partnerships', '0002_policydraft'),
    ]

    operations = [
        migrations.AddField(
            model_name='person',
            name='phone',
            field=models.CharField(blank=True, help_text='A work telephone number, shown to colleagues', max_length=30),
        ),
    ]
