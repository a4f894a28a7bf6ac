"""The fixed choices of an escalation: the child's status and level of need, where the
escalation stands, and the kinds of event its history records (the values are stored)."""

from __future__ import annotations

from django.db import models


class ChildStatus(models.TextChoices):
    CP_PLAN = "cp-plan", "Child protection plan"
    LOOKED_AFTER = "looked-after", "Looked after"
    CHILD_IN_NEED = "child-in-need", "Child in need"
    EARLY_HELP = "early-help", "Early help"
    NONE = "none", "None of these"


class NeedLevel(models.TextChoices):
    UNIVERSAL = "universal", "Universal"
    EARLY_HELP = "early-help", "Early help"
    TARGETED = "targeted", "Targeted"
    SPECIALIST = "specialist", "Specialist / child in need"
    CHILD_PROTECTION = "child-protection", "Child protection"
    NOT_KNOWN = "not-known", "Not known"


class Status(models.TextChoices):
    OPEN = "open", "Open"
    RESOLVED = "resolved", "Resolved"
    WITHDRAWN = "withdrawn", "Withdrawn"
    DECIDED = "decided", "Final decision made"


class EventKind(models.TextChoices):
    RAISED = "raised", "Raised"
    DISCUSSION = "discussion", "Discussion recorded"
    NOTE = "note", "Note added"
    STEP_DONE = "step-done", "Step completed"
    ESCALATED = "escalated", "Escalated"
    SKIPPED = "skipped", "Skipped to a later stage"
    RESOLVED = "resolved", "Resolved"
    WITHDRAWN = "withdrawn", "Withdrawn"
    DECISION = "decision", "Decision recorded"
    POLICY_GAP = "policy-gap", "Gap in policy reported"
    MASH_REFERRAL = "mash-referral", "MASH referral recorded"
    NOTIFIED = "notified", "Notification sent"
    # Recorded by the documents and partnership parts; the engine treats them as notes.
    DOCUMENT_ISSUED = "document-issued", "Document issued"
    OUTCOME_CONFIRMED = "outcome-confirmed", "Agreed outcome confirmed"
    MEETING_CONVENED = "meeting-convened", "Meeting or panel convened"
    REPRESENTATION = "representation", "Written representation received"
    MEETING_HELD = "meeting-held", "Meeting or panel held"
    LEARNING = "learning", "Learning recorded"
    # One side agreeing an outcome, waiting for the other; and a party saying they do not
    # agree with an outcome, which reopens a resolution at the stage it was recorded.
    RESOLUTION_PROPOSED = "outcome-agreed", "Outcome agreed by one side"
    DISPUTED = "disputed", "Outcome disputed"
    # The clock stopped and restarted for a reason the policy allows (policy format 2).
    PAUSED = "paused", "Clock paused"
    RESUMED = "resumed", "Clock restarted"
    # The child became subject to a plan, became looked after, or moved.
    CIRCUMSTANCES = "circumstances", "Child's circumstances changed"
    MEETING_REARRANGED = "meeting-rearranged", "Meeting or panel rearranged"
    MEETING_CANCELLED = "meeting-cancelled", "Meeting or panel cancelled"
    CONFERENCE_REQUESTED = "conference-requested", "Child protection conference requested"
