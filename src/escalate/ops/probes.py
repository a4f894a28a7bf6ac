"""The checks ``escalate check`` makes against the services Escalate needs: the database
(reachable, migrated, the right role), the replica, every partnership's policy, and the
mail server. Each returns Django check messages naming what to change."""

from __future__ import annotations

import smtplib
import ssl

from django.conf import settings
from django.core.checks import CheckMessage, Error, Info
from django.db import DatabaseError, connections
from django.utils import timezone

from escalate.ops.health import MIGRATIONS
from escalate.ops.replica import REPLICA

DOCS = "docs/deploy.md"


def _error(code: int, msg: str, hint: str) -> Error:
    return Error(msg, hint=hint, id=f"escalate.E{code:03d}")


def database() -> list[CheckMessage]:
    """Reachable, migrated, and (on PostgreSQL) not connected as a role that could switch
    off the guard that keeps events append-only."""
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        return [
            _error(
                20,
                f"The database in DATABASE_URL does not answer: {type(error).__name__}: "
                f"{str(error).strip()}",
                "Check DATABASE_URL (postgres://USER:PASSWORD@HOST:5432/NAME), that the "
                "server runs and that this machine may connect to it.",
            )
        ]
    problems: list[CheckMessage] = []
    if not MIGRATIONS.applied():
        problems.append(
            _error(
                21,
                "The database is missing migrations: this version of Escalate needs tables "
                "it does not have yet.",
                "Run escalate migrate (with the owner role's DATABASE_URL), then start the "
                "web and worker processes.",
            )
        )
    if connections["default"].vendor == "postgresql":
        problems += _role()
    return problems


def _role() -> list[CheckMessage]:
    with connections["default"].cursor() as cursor:
        cursor.execute(
            "SELECT current_user, rolsuper, "
            "EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = current_schema() "
            "AND tablename = 'escalations_event' AND tableowner = current_user) "
            "FROM pg_roles WHERE rolname = current_user"
        )
        user, superuser, owner = cursor.fetchone()
    if superuser:
        return [
            _error(
                22,
                f"DATABASE_URL connects as {user!r}, a superuser, which can switch off the "
                "guard that keeps every escalation's history from being edited or deleted.",
                f"Create the roles in {DOCS} (an owner for migrations, an app role for the "
                "processes) and write DATABASE_URL with the app role.",
            )
        ]
    if owner:
        return [
            _error(
                23,
                f"DATABASE_URL connects as {user!r}, which owns the tables and so can switch "
                "off the guard that keeps every escalation's history from being edited.",
                f"Run escalate migrate as the owner role and the web and worker processes "
                f"as the app role ({DOCS}, 'The database roles').",
            )
        ]
    return []


def replica() -> list[CheckMessage]:
    if REPLICA not in settings.DATABASES:
        return []
    try:
        with connections[REPLICA].cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        return [
            _error(
                24,
                f"The replica in DATABASE_REPLICA_URL does not answer: {type(error).__name__}",
                "Check DATABASE_REPLICA_URL, or remove it to read reports from DATABASE_URL.",
            )
        ]
    return []


def policies() -> list[CheckMessage]:
    from escalate.partnerships.models import Partnership
    from escalate.policy.loader import PolicyError

    today = timezone.localdate()
    partnerships = list(Partnership.objects.prefetch_related("policy_versions"))
    if not partnerships:
        return [
            Info(
                "No partnership has been set up yet.",
                hint=f"Add one with its policy file ({DOCS}, 'First partnership').",
                id="escalate.I030",
            )
        ]
    problems: list[CheckMessage] = []
    for partnership in partnerships:
        in_force = [v for v in partnership.policy_versions.all() if v.effective_date <= today]
        if not in_force:
            problems.append(
                _error(
                    30,
                    f"{partnership.name} has no policy in force today, so nobody in it can "
                    "raise an escalation.",
                    "Its administrator uploads the partnership's policy file at "
                    "/partnership/policy/ (with an effective date on or before today).",
                )
            )
            continue
        current = max(in_force, key=lambda v: (v.effective_date, v.uploaded_at))
        try:
            current.policy  # noqa: B018 (loading it checks it)
        except PolicyError as error:
            problems.append(
                _error(
                    31,
                    f"{partnership.name}'s policy in force (version {current.version}) no "
                    f"longer loads: {error.problems[0]}",
                    "Its administrator uploads a corrected version at /partnership/policy/.",
                )
            )
    return problems


def mail_server(timeout: float = 10.0) -> list[CheckMessage]:
    if settings.EMAIL_BACKEND != "django.core.mail.backends.smtp.EmailBackend":
        return []
    host, port = settings.EMAIL_HOST, settings.EMAIL_PORT
    try:
        smtp_class = smtplib.SMTP_SSL if port == 465 else smtplib.SMTP
        with smtp_class(host, port, timeout=timeout) as smtp:
            smtp.ehlo()
            if settings.EMAIL_USE_TLS:
                smtp.starttls(context=ssl.create_default_context())
                smtp.ehlo()
            if settings.EMAIL_HOST_USER:
                smtp.login(settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD)
    except smtplib.SMTPAuthenticationError:
        return [
            _error(
                41,
                f"The mail server {host}:{port} refused ESCALATE_SMTP_USER's password.",
                "Check ESCALATE_SMTP_USER and ESCALATE_SMTP_PASSWORD.",
            )
        ]
    except (TimeoutError, OSError, smtplib.SMTPException) as error:
        return [
            _error(
                40,
                f"The mail server {host}:{port} cannot be reached: {type(error).__name__}: {error}",
                "Check ESCALATE_SMTP_HOST and ESCALATE_SMTP_PORT (587 with "
                "ESCALATE_SMTP_TLS=true is usual), and that this machine may connect to it.",
            )
        ]
    return []


def all_services() -> list[CheckMessage]:
    problems = database()
    if not any(p.id in ("escalate.E020", "escalate.E021") for p in problems):
        problems += policies()
    return [*problems, *replica(), *mail_server()]
