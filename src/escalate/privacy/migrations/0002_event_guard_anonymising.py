"""The events' append-only guard lets exactly one change through: anonymising.

An UPDATE of an event passes only if
- a row of privacy_eventunlock names the event's escalation (on PostgreSQL, written in the
  same transaction: its txid is txid_current(), so a row left behind authorises nothing),
- the new text is the erasure marker (or stays empty), and
- every other column but ``data`` is unchanged.
Everything else is refused as before, and DELETE always is. Only
``privacy.anonymise.escalation_anonymise`` writes unlock rows, each pointing at the permanent
record of the anonymisation, and deletes them before its transaction ends.

The app's database role still cannot switch the trigger off (it does not own the table):
this is a condition inside the trigger, not a way round it.
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

ERASED = "[removed when the escalation was anonymised]"
REFUSAL = "Events are never changed or deleted: record a new event to correct one"

PG_GUARDED = f"""
CREATE OR REPLACE FUNCTION escalations_event_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE'
        AND NEW.id = OLD.id
        AND NEW.escalation_id = OLD.escalation_id
        AND NEW.sequence = OLD.sequence
        AND NEW.kind = OLD.kind
        AND NEW.at = OLD.at
        AND NEW.stage = OLD.stage
        AND NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id
        AND (NEW.text = '{ERASED}' OR (NEW.text = '' AND OLD.text = ''))
        AND EXISTS (
            SELECT 1 FROM privacy_eventunlock u
            WHERE u.escalation_id_unlocked = OLD.escalation_id AND u.txid = txid_current()
        )
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '{REFUSAL}';
END;
$$ LANGUAGE plpgsql;
"""

PG_PLAIN = f"""
CREATE OR REPLACE FUNCTION escalations_event_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '{REFUSAL}';
END;
$$ LANGUAGE plpgsql;
"""

SQLITE_GUARDED = f"""
CREATE TRIGGER escalations_event_no_update BEFORE UPDATE ON escalations_event
WHEN NOT (
    NEW.id = OLD.id
    AND NEW.escalation_id = OLD.escalation_id
    AND NEW.sequence = OLD.sequence
    AND NEW.kind = OLD.kind
    AND NEW.at = OLD.at
    AND NEW.stage = OLD.stage
    AND NEW.actor_id IS OLD.actor_id
    AND (NEW.text = '{ERASED}' OR (NEW.text = '' AND OLD.text = ''))
    AND EXISTS (
        SELECT 1 FROM privacy_eventunlock u WHERE u.escalation_id_unlocked = OLD.escalation_id
    )
)
BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END
"""

SQLITE_PLAIN = f"""
CREATE TRIGGER escalations_event_no_update BEFORE UPDATE ON escalations_event
BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END
"""


def _sqlite(schema_editor: BaseDatabaseSchemaEditor, trigger: str) -> None:
    schema_editor.execute("DROP TRIGGER IF EXISTS escalations_event_no_update")
    schema_editor.execute(trigger)


def guard(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_GUARDED)
    elif vendor == "sqlite":
        _sqlite(schema_editor, SQLITE_GUARDED)


def unguard(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_PLAIN)
    elif vendor == "sqlite":
        _sqlite(schema_editor, SQLITE_PLAIN)


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0001_initial"),
        ("escalations", "0008_child_born_empty_once_anonymised"),
    ]
    operations = [migrations.RunPython(guard, unguard)]
