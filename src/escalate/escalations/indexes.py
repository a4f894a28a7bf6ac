"""The indexes of the escalations and of the participations: what each list reads, in its
order, so that a page is the first rows of one index however many escalations there are (the
lists are ``home_list.home_list`` and ``escalate.api.listing``; tests/web/test_list_plans.py
checks PostgreSQL's plans). Each costs the writer: ``bench/index_upkeep.py`` measures it."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from escalate.escalations.choices import Status

# A stage's list in the list's order: all of it, and (partial indexes) its closed ones alone.
ESCALATION_AT_A_STAGE = ["partnership", "current_stage", "next_deadline", "-raised_at", "-id"]
PARTICIPANT_AT_A_STAGE = [
    "person",
    "current_stage",
    "next_deadline",
    "-raised_at",
    "-escalation",
    "status",
    "agency",
    "role",
]

ESCALATION_INDEXES = [
    models.Index(fields=["next_deadline"], name="escalation_open_due", condition=Q(status="open")),
    # The officers' home list, in its order (home_list.home_list).
    models.Index(
        fields=["partnership", "next_deadline", "-raised_at", "-id"],
        name="escalation_list",
    ),
    # The same list narrowed to one status, to the closed ones or to a stage, read in
    # that order too: without them PostgreSQL reads the partnership's whole list and
    # drops what does not match (every closed one, for a stage nobody is at now).
    models.Index(
        fields=["partnership", "status", "next_deadline", "-raised_at", "-id"],
        name="escalation_list_status",
    ),
    models.Index(
        fields=["partnership", "next_deadline", "-raised_at", "-id"],
        name="escalation_list_closed",
        condition=~Q(status="open"),
    ),
    models.Index(fields=ESCALATION_AT_A_STAGE, name="escalation_list_stage"),
    # A stage's closed ones, which that index finds only after the stage's open ones (on
    # the 100k bench, 9,999 read and dropped): a closed escalation is in this one alone.
    models.Index(
        fields=ESCALATION_AT_A_STAGE, name="escalation_closed_stage", condition=~Q(status="open")
    ),
    # The API's list for an officer, newest first (escalate.api.listing).
    models.Index(fields=["partnership", "-id"], name="escalation_newest"),
    models.Index(
        fields=["partnership", "-id", "next_deadline"],
        name="escalation_newest_open",
        condition=Q(status="open"),
    ),
    # And narrowed to a stage (?stage=), which would otherwise walk every newer one
    # at another stage.
    models.Index(
        fields=["partnership", "current_stage", "-id", "status"],
        name="escalation_newest_stage",
    ),
    # Searching by the date of birth: an officer's within the partnership.
    models.Index(fields=["child_date_of_birth", "partnership"], name="escalation_born_where"),
    # Outcomes to confirm, longest waiting first.
    models.Index(
        fields=["resolved_at", "id"],
        name="escalation_resolved",
        condition=Q(status="resolved"),
    ),
    # The deadline scan's warnings before a deadline.
    models.Index(
        fields=["next_warning"], name="escalation_open_warning", condition=Q(status="open")
    ),
]

PARTICIPANT_INDEXES = [
    # The home list of someone party to escalations, in its order (home_list.home_list),
    # then what the filters and ``party_now`` ask, read from the index (counting needs
    # nothing else). The open ones come first: closed escalations have no deadline.
    models.Index(
        fields=[
            "person",
            "next_deadline",
            "-raised_at",
            "-escalation",
            "status",
            "agency",
            "role",
        ],
        name="participant_home",
    ),
    # The same for the closed ones ("Closed" on the home list), which would otherwise
    # be found after all of the person's open ones.
    models.Index(
        fields=["person", "next_deadline", "-raised_at", "-escalation", "agency", "role"],
        name="participant_home_closed",
        condition=~Q(status=Status.OPEN),
    ),
    # The same narrowed to a stage (?stage=): without it a stage's closed ones were
    # found by reading every one of the person's closed escalations.
    models.Index(
        fields=PARTICIPANT_AT_A_STAGE,
        name="participant_home_stage",
    ),
    # And a stage's closed ones, found there only after that stage's open ones.
    models.Index(
        fields=PARTICIPANT_AT_A_STAGE,
        name="participant_closed_stage",
        condition=~Q(status=Status.OPEN),
    ),
    # The API's list for someone who is not an officer, newest escalation first
    # (escalate.api.listing): the person and the agency they are party from now
    # (``party_now``), then its order; the status is checked in the index.
    models.Index(
        fields=["person", "agency", "-escalation", "status", "role"],
        name="participant_newest",
    ),
    # The same for the open ones (?status=open, ?overdue=true), which would otherwise
    # be found after every newer closed one.
    models.Index(
        fields=["person", "agency", "-escalation", "next_deadline", "role"],
        name="participant_newest_open",
        condition=Q(status=Status.OPEN),
    ),
    # And narrowed to a stage (?stage=), on the participation's copy of it.
    models.Index(
        fields=["person", "agency", "current_stage", "-escalation", "status", "role"],
        name="participant_newest_stage",
    ),
    # The outcomes a person may still confirm, longest waiting first: however many
    # escalations they have been party to, only those waiting are in it.
    models.Index(
        fields=["person", "resolved_at", "escalation", "agency", "role"],
        name="participant_to_confirm",
        condition=Q(to_confirm=True),
    ),
]
