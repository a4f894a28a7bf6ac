"""Six event kinds, added together so that the work on pauses, the child's circumstances,
meetings rearranged or cancelled and conference requests needs no migration of its own.

Changing the check constraint makes SQLite rebuild the events table, which drops its
append-only triggers: they are made again at the end (0004's statements)."""

import importlib

from django.conf import settings
from django.db import migrations, models

guard = importlib.import_module("escalate.escalations.migrations.0004_event_append_only_sqlite")


def guard_again(apps, schema_editor):  # type: ignore[no-untyped-def]
    guard.drop(apps, schema_editor)
    guard.create(apps, schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ('escalations', '0013_delete_viewrecord'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='event',
            name='event_kind_known',
        ),
        migrations.AlterField(
            model_name='event',
            name='kind',
            field=models.CharField(choices=[('raised', 'Raised'), ('discussion', 'Discussion recorded'), ('note', 'Note added'), ('step-done', 'Step completed'), ('escalated', 'Escalated'), ('skipped', 'Skipped to a later stage'), ('resolved', 'Resolved'), ('withdrawn', 'Withdrawn'), ('decision', 'Decision recorded'), ('policy-gap', 'Gap in policy reported'), ('mash-referral', 'MASH referral recorded'), ('notified', 'Notification sent'), ('document-issued', 'Document issued'), ('outcome-confirmed', 'Agreed outcome confirmed'), ('meeting-convened', 'Meeting or panel convened'), ('representation', 'Written representation received'), ('meeting-held', 'Meeting or panel held'), ('learning', 'Learning recorded'), ('outcome-agreed', 'Outcome agreed by one side'), ('disputed', 'Outcome disputed'), ('paused', 'Clock paused'), ('resumed', 'Clock restarted'), ('circumstances', "Child's circumstances changed"), ('meeting-rearranged', 'Meeting or panel rearranged'), ('meeting-cancelled', 'Meeting or panel cancelled'), ('conference-requested', 'Child protection conference requested')], max_length=20),
        ),
        migrations.AddConstraint(
            model_name='event',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['raised', 'discussion', 'note', 'step-done', 'escalated', 'skipped', 'resolved', 'withdrawn', 'decision', 'policy-gap', 'mash-referral', 'notified', 'document-issued', 'outcome-confirmed', 'meeting-convened', 'representation', 'meeting-held', 'learning', 'outcome-agreed', 'disputed', 'paused', 'resumed', 'circumstances', 'meeting-rearranged', 'meeting-cancelled', 'conference-requested'])), name='event_kind_known'),
        ),
        migrations.RunPython(guard_again, migrations.RunPython.noop),
    ]
