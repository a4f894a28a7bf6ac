"""Logs as one JSON object per line (production) or as readable text (development).

Every line carries the request id and the signed-in person's id when there is a request;
the worker's lines carry neither. Messages are written by our code and name people and
escalations by id or reference only, never by a child's details.
"""

from __future__ import annotations

import logging
import traceback
from typing import Any

from pythonjsonlogger.json import JsonFormatter

from escalate.ops import context
from escalate.ops.errors import CHILD_FIELDS, REMOVED, message_is_safe

FORMATS = ("json", "text")


class RequestContextFilter(logging.Filter):
    """Adds ``request_id`` and ``person_id`` from the request being served, if any."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = context.request_id.get() or None
        if not hasattr(record, "person_id"):
            record.person_id = context.person_id.get()
        return True


class EventFormatter(JsonFormatter):
    """``{"level": ..., "logger": ..., "message": ..., "request_id": ..., "time": ...}``, then
    any ``extra`` fields but those named like a child's details. An error is logged with
    its type and where it happened; its message only when it comes from the machinery (a
    connection, a timeout), as other messages can quote what someone typed."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            "{levelname}{name}{message}{request_id}{person_id}{process}",
            style="{",
            rename_fields={"levelname": "level", "name": "logger"},
            timestamp="time",
            **kwargs,
        )

    def process_log_record(self, log_data: dict[str, Any]) -> dict[str, Any]:
        for key in CHILD_FIELDS:
            log_data.pop(key, None)
        request = log_data.get("request")
        if request is not None and not isinstance(request, str | int | float | bool):
            # Django's loggers pass the request itself; its text includes the query string.
            log_data["request"] = f"{getattr(request, 'method', '')} {getattr(request, 'path', '')}"
        return super().process_log_record(log_data)

    def formatException(self, ei: Any) -> str:  # noqa: N802
        return scrubbed_traceback(ei[1]) if ei[1] is not None else ""


def scrubbed_traceback(error: BaseException) -> str:
    """The traceback as Python prints it, each error's message kept only if it is safe."""
    parts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        kind = type(current)
        said = str(current) if message_is_safe(current) else REMOVED
        parts.append(
            "Traceback (most recent call last):\n"
            + "".join(traceback.format_tb(current.__traceback__))
            + f"{kind.__module__}.{kind.__qualname__}: {said}"
        )
        current = current.__cause__ or (
            None if current.__suppress_context__ else current.__context__
        )
    return "\n\nwhich led to\n\n".join(reversed(parts))


def logging_config(log_format: str, level: str) -> dict[str, Any]:
    """Django's LOGGING: everything to standard error, in the chosen format."""
    formatter = (
        {"()": EventFormatter}
        if log_format == "json"
        else {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request": {"()": RequestContextFilter}},
        "formatters": {"escalate": formatter},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stderr",
                "formatter": "escalate",
                "filters": ["request"],
            }
        },
        "root": {"handlers": ["stderr"], "level": level},
        "loggers": {
            # Django's own request and server loggers have handlers of their own by default;
            # send them through ours instead, once.
            "django": {"handlers": ["stderr"], "level": level, "propagate": False},
            "django.server": {"handlers": ["stderr"], "level": level, "propagate": False},
        },
    }
