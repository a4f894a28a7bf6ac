"""Escalate's own deployment checks, run by ``escalate check`` after Django's
``check --deploy``. Each problem names the environment variable to change and what to
write in it.

The settings checks are Django system checks (``deploy=True``), so ``escalate manage check
--deploy`` runs them too; the checks that reach the database and the mail server run only
from ``escalate check``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlparse

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, Error, register
from django.core.checks import Warning as CheckWarning
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

MIN_SECRET_BITS = 128  # at most: a key of N characters drawn from K can hold N x log2(K) bits
RANDOM_SECRET = "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "testserver", "0.0.0.0"}
NOT_SENDING = {
    "django.core.mail.backends.filebased.EmailBackend": "written to files",
    "django.core.mail.backends.console.EmailBackend": "printed on the console",
    "django.core.mail.backends.locmem.EmailBackend": "kept in memory",
    "django.core.mail.backends.dummy.EmailBackend": "thrown away",
}


def _error(code: int, msg: str, hint: str) -> Error:
    return Error(msg, hint=hint, id=f"escalate.E{code:03d}")


def _environment() -> list[CheckMessage]:
    if settings.PRODUCTION:
        return []
    return [
        _error(
            1,
            "ESCALATE_ENV is 'development', which is for the demo and local work: DEBUG "
            "pages, files instead of emails and a fixed secret key.",
            "Remove ESCALATE_ENV, or write ESCALATE_ENV=production.",
        )
    ]


def _secret() -> list[CheckMessage]:
    key = settings.SECRET_KEY
    distinct = len(set(key))
    bits = len(key) * math.log2(distinct) if distinct > 1 else 0.0
    if bits < MIN_SECRET_BITS:
        return [
            _error(
                2,
                f"ESCALATE_SECRET_KEY uses only {distinct} different characters over "
                f"{len(key)}, so it was not made at random and could be guessed.",
                f"Write a random value in ESCALATE_SECRET_KEY, e.g. the output of {RANDOM_SECRET}",
            )
        ]
    return []


def _hosts() -> list[CheckMessage]:
    example = "ESCALATE_ALLOWED_HOSTS=escalate.your-partnership.org.uk"
    if "*" in settings.ALLOWED_HOSTS:
        return [
            _error(
                3,
                "ESCALATE_ALLOWED_HOSTS contains '*', so the site answers to any host name "
                "and links in password-reset emails can be forged.",
                f"Write the host names people use, separated by commas: {example}",
            )
        ]
    if not set(settings.ALLOWED_HOSTS) - LOCAL_HOSTS:
        return [
            _error(
                4,
                "ESCALATE_ALLOWED_HOSTS names only this machine "
                f"({', '.join(settings.ALLOWED_HOSTS)}), so the site refuses requests for "
                "its public name.",
                f"Write the host names people use, separated by commas: {example}",
            )
        ]
    return []


def _base_url() -> list[CheckMessage]:
    url = urlparse(settings.BASE_URL)
    example = "ESCALATE_BASE_URL=https://escalate.your-partnership.org.uk"
    if not url.hostname or url.hostname in LOCAL_HOSTS:
        return [
            _error(
                5,
                f"ESCALATE_BASE_URL is {settings.BASE_URL!r}: links in emails would point at "
                "this machine, not at the site.",
                f"Write the address people open, e.g. {example}",
            )
        ]
    problems: list[CheckMessage] = []
    if url.scheme != "https":
        problems.append(
            _error(
                6,
                f"ESCALATE_BASE_URL is {settings.BASE_URL!r}: links in emails would use "
                "plain HTTP.",
                f"Serve the site over HTTPS (TLS at the proxy) and write {example}",
            )
        )
    hosts = settings.ALLOWED_HOSTS
    if not any(url.hostname == h or (h[:1] == "." and url.hostname.endswith(h)) for h in hosts):
        problems.append(
            _error(
                7,
                f"ESCALATE_BASE_URL's host {url.hostname!r} is not in ESCALATE_ALLOWED_HOSTS, "
                "so links in emails would be refused.",
                f"Add it: ESCALATE_ALLOWED_HOSTS={','.join([*hosts, url.hostname])}",
            )
        )
    return problems


def _mail() -> list[CheckMessage]:
    problems: list[CheckMessage] = []
    fate = NOT_SENDING.get(settings.EMAIL_BACKEND)
    if fate:
        problems.append(
            _error(
                8,
                f"ESCALATE_EMAIL_BACKEND is {settings.EMAIL_BACKEND}: emails would be {fate}, "
                "not sent, and nobody would be told of deadlines.",
                "Remove ESCALATE_EMAIL_BACKEND (SMTP is the default) and set ESCALATE_SMTP_HOST, "
                "ESCALATE_SMTP_PORT and, if the server asks, ESCALATE_SMTP_USER and "
                "ESCALATE_SMTP_PASSWORD.",
            )
        )
    sender = settings.DEFAULT_FROM_EMAIL
    try:
        validate_email(sender)
    except ValidationError:
        problems.append(
            _error(
                9,
                f"ESCALATE_FROM_EMAIL is {sender!r}, which is not an email address.",
                "Write the address emails come from, e.g. "
                "ESCALATE_FROM_EMAIL=escalate@your-partnership.org.uk",
            )
        )
    else:
        if re.search(r"@example\.(org|com|net)$", sender):
            problems.append(
                _error(
                    10,
                    f"ESCALATE_FROM_EMAIL is {sender!r}, the default: replies would go nowhere "
                    "and many mail servers refuse it.",
                    "Write the address emails come from, e.g. "
                    "ESCALATE_FROM_EMAIL=escalate@your-partnership.org.uk",
                )
            )
    if settings.EMAIL_HOST_USER and not settings.EMAIL_USE_TLS and settings.EMAIL_PORT != 465:
        problems.append(
            _error(
                11,
                "ESCALATE_SMTP_USER is set but ESCALATE_SMTP_TLS is off, so the mail "
                "password would cross the network in clear.",
                "Write ESCALATE_SMTP_TLS=true (and usually ESCALATE_SMTP_PORT=587).",
            )
        )
    return problems


def _two_factor() -> list[CheckMessage]:
    if settings.TWO_FACTOR_ENFORCED or not settings.PRODUCTION:
        return []  # development has E001 already
    return [
        CheckWarning(
            "ESCALATE_TWO_FACTOR is off, so officers, administrators and superusers sign in "
            "with a password alone: anyone who learns one can read every escalation in their "
            "partnership, children's details among them.",
            hint="Remove ESCALATE_TWO_FACTOR (two-factor sign-in is on by default), or write "
            "ESCALATE_TWO_FACTOR=on. Off is for the test suite and benchmarks only.",
            id="escalate.W012",
        )
    ]


@register("escalate", deploy=True)
def deployment_settings(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """The settings a production deployment must get right."""
    return [*_environment(), *_secret(), *_hosts(), *_base_url(), *_mail(), *_two_factor()]
