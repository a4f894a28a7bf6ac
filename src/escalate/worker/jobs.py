"""The worker's jobs, run in this order on every pass. To add one, write the function in
its own app (keyword-only ``now`` and ``worker``, returning a dict of counts) and add one
line here. Put jobs that write to the outbox before "emails", so what they write goes out
on the same pass."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from escalate.documents.prepared import case_records_job
from escalate.documents.reminders import outcome_reminders_job
from escalate.escalations.automatic import automatic_escalations_job
from escalate.escalations.drafts import purge_job
from escalate.notifications.deadlines import deadlines_job
from escalate.notifications.sending import emails_job
from escalate.privacy.retention import retention_job
from escalate.reports.facts import facts_job
from escalate.reports.learning import gaps_job
from escalate.webhooks.outbox import webhooks_job


class JobFunction(Protocol):
    def __call__(self, *, now: dt.datetime, worker: str) -> Mapping[str, int]: ...


@dataclass(frozen=True)
class Job:
    name: str
    run: JobFunction


JOBS: tuple[Job, ...] = (
    Job("automatic escalations", automatic_escalations_job),  # escalate_when_overdue
    Job("deadlines", deadlines_job),  # reminders, overdue alerts, timed policy notifications
    Job("outcome reminders", outcome_reminders_job),  # confirm the agreed outcome
    Job("emails", emails_job),  # send the outbox
    Job("webhooks", webhooks_job),  # tell registered systems what happened
    Job("report facts", facts_job),  # the Board report's stored facts
    Job("learning gaps", gaps_job),  # gaps in policy the writer did not queue (repair)
    Job("case records", case_records_job),  # the record for the child's file, made ahead
    Job("retention", retention_job),  # anonymise escalations past their retention date
    Job("purge", purge_job),  # expired raise drafts and sessions
)
