"""The next deadline without an index of its own on every escalation: every query of it asks
for open ones, read through escalation_open_due or the lists' indexes (bench/index_upkeep.py
found no read of it), and it was kept up on every write that moved a deadline."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('escalations', '0024_no_index_where_another_begins_with_it'),
    ]

    operations = [
        migrations.AlterField(
            model_name='escalation',
            name='next_deadline',
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
