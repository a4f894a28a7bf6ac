"""A meeting or panel can be cancelled (with when and why); a cancelled one no longer
keeps the stage from convening another."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0003_publishing_rules_and_text_reviews'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='meeting',
            name='meeting_once_per_stage',
        ),
        migrations.RemoveConstraint(
            model_name='meeting',
            name='meeting_status_known',
        ),
        migrations.AddField(
            model_name='meeting',
            name='cancel_reason',
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name='meeting',
            name='cancelled_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name='meeting',
            name='status',
            field=models.CharField(choices=[('convened', 'Convened'), ('held', 'Held'), ('cancelled', 'Cancelled')], default='convened', max_length=20),
        ),
        migrations.AddConstraint(
            model_name='meeting',
            constraint=models.UniqueConstraint(condition=models.Q(('status', 'cancelled'), _negated=True), fields=('escalation', 'stage'), name='meeting_once_per_stage'),
        ),
        migrations.AddConstraint(
            model_name='meeting',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['convened', 'held', 'cancelled'])), name='meeting_status_known'),
        ),
    ]
