"""Which pages are audited, by URL name (``namespace:name`` inside a namespace), and how the
log describes each.

Every page that shows a child's details or the partnership's data is here; a test fails
when a URL that takes an escalation's reference, or one under /partnership/ or /api/, is missing
(tests/audit/test_audit_coverage.py). A description may name the URL's arguments.
"""

from __future__ import annotations

AUDITED: dict[str, str] = {
    "home": "Home: list of escalations",
    "escalation": "Escalation page",
    "escalation-views": "Who has viewed the escalation",
    "escalation-action": "Action page: {action}",
    "escalation-circumstances": "The child's circumstances: change form",
    "raise-done": "Raised: confirmation page",
    "reports-meeting": "Meeting page",
    "reports-meeting-convene": "Meeting: convene form",
    "reports-meeting-representation": "Meeting: representation form",
    "reports-meeting-held": "Meeting: held form",
    "reports-meeting-decision": "Meeting: decision form",
    "reports-meeting-rearrange": "Meeting: rearrange form",
    "reports-meeting-cancel": "Meeting: cancel form",
    "reports-learning": "Learning form",
    "reports-debrief": "Learning: debrief form",
    "reports-learning-queues": "Learning queues",
    "reports-learning-answer": "Learning: answer form (item {pk})",
    "reports-dashboard": "Dashboard",
    "reports-board": "Board report",
    "reports-board-pdf": "Board report PDF",
    "reports-board-csv": "Board report CSV: {table}",
    "reports-review": "Board report: review of texts",
    "documents-to-confirm": "Outcomes to confirm",
    "documents-notice": "Escalation notice: {stage}",
    "documents-notice-correct": "Escalation notice correction: {stage}",
    "documents-notice-complete": "Escalation notice at resolution: {stage}",
    "documents-resolution-form": "Resolution form",
    "documents-outcome": "Agreed outcome",
    "documents-outcome-letter": "Agreed outcome (letter)",
    "documents-record": "Record for the child's file",
    "documents-record-pdf": "Record for the child's file (PDF)",
    "documents-document": "Issued document {document_id}",
    "documents-download": "Issued document {document_id} (download)",
    "failed-emails": "Emails that could not be sent",
    "webhook-deliveries": "Webhook deliveries",
    "policy-upload": "Partnership policy upload",
    "policy-draft": "Partnership policy draft",
    "directory-import": "Directory import (agencies, people, roles)",
    "administration": "Administration",
    "administration-agencies": "Administration: agencies",
    "administration-people": "Administration: people",
    "administration-person": "Administration: person {pk}",
    "privacy": "Data protection: retention",
    "privacy-settings": "Data protection: retention settings",
    "privacy-hold": "Data protection: legal hold form",
    "privacy-hold-release": "Data protection: legal hold {pk} release",
    "privacy-anonymise": "Data protection: anonymise now",
    "privacy-subject-access": "Data protection: subject access",
    "audit-log": "Audit log",
    "twofactor-people": "Two-factor: people",
    "twofactor-reset": "Two-factor: reset form for person {pk}",
    # The API (escalate.api): the token's person is who looked.
    "api:list_escalations": "API: list of escalations",
    "api:read_escalation": "API: escalation",
    "api:raise_escalation": "API: raise (the new escalation returned)",
    "api:take_action": "API: action (the escalation returned)",
    "api:board": "API: Board report",
    "api:agencies": "API: agencies",
    "audit-log-csv": "Audit log (CSV)",
}

# Pages that show no child's details nor anyone's data: the policy and the API's own docs.
NOT_AUDITED: frozenset[str] = frozenset(
    {"api:policy_in_force", "api:api-root", "api:openapi-json", "api:openapi-view"}
)


def describe(url_name: str, kwargs: dict[str, object]) -> str | None:
    """How the log names a request to ``url_name``, or None when it is not audited."""
    template = AUDITED.get(url_name)
    if template is None:
        return None
    try:
        return template.format(**kwargs)[:120]
    except (KeyError, IndexError):
        return template[:120]
