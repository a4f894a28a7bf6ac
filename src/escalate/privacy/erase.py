"""What anonymising keeps and what it erases, as pure functions over plain values.

Kept: what the Board report and the history's shape need (stages, steps, kinds, dates,
agencies, outcomes, who acted: professionals, not the family). Erased: the child's details
and every text somebody typed, because any of it may name the child or their family.
"""

from __future__ import annotations

from typing import Any

ERASED = "[removed when the escalation was anonymised]"  # also in 0002's trigger
ANONYMISED_NAME = "Anonymised"

# An event's data: the keys the policy engine and the pages read. Everything else (where a
# meeting was held, how outstanding issues will be pursued, rule warnings, ...) is dropped.
EVENT_DATA_KEPT = frozenset(
    {
        "from_stage",
        "to_stage",
        "step",
        "binding",
        "notification",
        "kind",
        "learning",
        "item_kind",
        "queue",
        "starts_at",
        "meeting_stage",
        "meeting_kind",
        "document",
        "sha256",
        "filename",
        "side",
        "resolved",
        "agency",
        "agency_name",
        "attended",
        "absent",
        "chair",
        "actor",
    }
)

# A stored document's fields that are the procedure's facts, not anyone's words.
DOCUMENT_FIELDS_KEPT = frozenset(
    {
        "title",
        "reference",
        "partnership",
        "policy_title",
        "procedure",
        "stage_title",
        "issuing_agency",
        "receiving_agency",
        "raising_agency",
        "receiving_professional",
        "signed_by",
        "signed_role",
        "dated",
        "issued_at",
        "sent_to",
        "copy_to",
        "copy_date",
        "due",
        "on_time",
        "need_level",
        "child_status",
        "stage_of_escalation",
        "stage_resolved",
        "timescales",
        "stages",
        "main_reasons",
        "referrer",
        "lead_practitioner",
        "date_completed",
        "completed_by",
        "delivery",
        "resolution_date",
        "resolution_level",
        "raised",
        "raised_by",
        "categories",
        "immediate_risk",
        "status",
        "final_decision",
        "events",
        "made_at",
        "made_by",
        "covers",
        # inside the lists above
        "stage",
        "number",
        "deadline",
        "ended",
        "answer",
        "started",
        "how",
        "timescale",
        "when",
        "who",
        "what",
        "relation",
    }
)


def erased(text: str) -> str:
    """The marker for a text that was there; empty stays empty."""
    return ERASED if text else ""


def event_data(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if key in EVENT_DATA_KEPT}


def document_fields(value: Any, key: str = "", kept: frozenset[str] = DOCUMENT_FIELDS_KEPT) -> Any:
    """``value`` with every string under a key not in ``kept`` erased, at any depth."""
    if isinstance(value, dict):
        return {k: document_fields(v, k, kept) for k, v in value.items()}
    if isinstance(value, list):
        return [document_fields(item, key, kept) for item in value]
    if isinstance(value, str) and key not in kept:
        return erased(value)
    return value
