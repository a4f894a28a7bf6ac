"""Error reports to Sentry, when ``SENTRY_DSN`` is set, with children's details taken out.

What is sent: the error's type and where in the code it happened (file, function, line and
the source lines around it), the page's route and method, the request id, the person's id,
the release and environment. What is never sent: request bodies, query strings, cookies,
local variables, the text of error messages and log lines (they can quote what someone
typed), log arguments, breadcrumb data, and any field named like a child's details.
"""

from __future__ import annotations

import os
from typing import Any

REMOVED = "[removed by Escalate: may hold a child's details]"
# Names of fields that hold a child's or a family's details, wherever they appear.
CHILD_FIELDS = [
    "child_name",
    "child_date_of_birth",
    "child_reference",
    "child_status",
    "parents_carers",
    "disagreement",
    "outcome_wanted",
    "immediate_action",
    "date_of_birth",
    "text",
]
_SAFE_CONTEXTS = {"trace", "runtime", "os", "app", "device"}
# Errors whose messages say what failed in the machinery (a connection, a timeout, the
# mail server), never what someone typed: their text is kept in logs.
_SAFE_MESSAGES = ("OSError", "TimeoutError", "SMTPException", "OperationalError", "InterfaceError")


def message_is_safe(error: BaseException) -> bool:
    return any(klass.__name__ in _SAFE_MESSAGES for klass in type(error).__mro__)


def _scrub_request(request: dict[str, Any]) -> None:
    for key in ("data", "query_string", "cookies", "env"):
        request.pop(key, None)
    url = request.get("url")
    if isinstance(url, str):
        request["url"] = url.split("?", 1)[0]
    headers = request.get("headers")
    if isinstance(headers, dict):
        request["headers"] = {
            k: v for k, v in headers.items() if k.lower() in ("host", "user-agent", "accept")
        }


def _scrub_exceptions(event: dict[str, Any]) -> None:
    for value in (event.get("exception") or {}).get("values") or []:
        if value.get("value"):
            value["value"] = REMOVED
        for frame in (value.get("stacktrace") or {}).get("frames") or []:
            frame.pop("vars", None)
    for thread in (event.get("threads") or {}).get("values") or []:
        for frame in (thread.get("stacktrace") or {}).get("frames") or []:
            frame.pop("vars", None)


def scrub_event(event: dict[str, Any], hint: dict[str, Any] | None = None) -> dict[str, Any]:
    """Sentry's ``before_send``: what leaves the building."""
    if isinstance(event.get("request"), dict):
        _scrub_request(event["request"])
    _scrub_exceptions(event)
    logentry = event.get("logentry")
    if isinstance(logentry, dict):  # keep the message as written in the code, not its values
        logentry.pop("params", None)
        logentry.pop("formatted", None)
    if event.get("message"):
        event["message"] = REMOVED
    event.pop("extra", None)
    contexts = event.get("contexts")
    if isinstance(contexts, dict):
        event["contexts"] = {k: v for k, v in contexts.items() if k in _SAFE_CONTEXTS}
    user = event.get("user")
    event["user"] = {"id": user["id"]} if isinstance(user, dict) and "id" in user else {}
    breadcrumbs = event.get("breadcrumbs")
    if isinstance(breadcrumbs, dict):
        for crumb in breadcrumbs.get("values") or []:
            scrub_breadcrumb(crumb)
    return event


def scrub_breadcrumb(crumb: dict[str, Any], hint: dict[str, Any] | None = None) -> dict[str, Any]:
    """Sentry's ``before_breadcrumb``: keep what happened, not what it said."""
    crumb.pop("data", None)
    if crumb.get("category") != "query":  # SQL is kept: Django sends values separately
        crumb.pop("message", None)
    return crumb


def init_sentry(environment: str) -> bool:
    """Start error reporting if ``SENTRY_DSN`` is set; say whether it started."""
    dsn = os.environ.get("SENTRY_DSN", "").strip()
    if not dsn:
        return False
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration
    from sentry_sdk.scrubber import DEFAULT_DENYLIST, EventScrubber

    sentry_sdk.init(
        dsn=dsn,
        environment=os.environ.get("SENTRY_ENVIRONMENT", environment),
        release=os.environ.get("SENTRY_RELEASE") or None,
        integrations=[DjangoIntegration(transaction_style="url")],
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        event_scrubber=EventScrubber(denylist=DEFAULT_DENYLIST + CHILD_FIELDS, recursive=True),
        before_send=scrub_event,  # type: ignore[arg-type]
        before_breadcrumb=scrub_breadcrumb,
        enable_logs=False,
    )
    return True


def _sentry_on() -> bool:
    import sentry_sdk

    return sentry_sdk.is_initialized()


def tag_request(request_id: str) -> None:
    """Tag the current request's error reports with its request id."""
    if _sentry_on():
        import sentry_sdk

        sentry_sdk.set_tag("request_id", request_id)


def set_person(pk: int) -> None:
    """Tag the current request's error reports with the person's id (and nothing else)."""
    if _sentry_on():
        import sentry_sdk

        sentry_sdk.set_user({"id": str(pk)})
