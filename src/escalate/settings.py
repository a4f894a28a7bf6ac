"""Django settings, read from environment variables.

A bad value stops the process with a message saying which variable and what to write.
Production is the default: it refuses to start with DEBUG on or without a secret key. The
demo, the tests and local development opt in with ESCALATE_ENV=development.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured

from escalate.ops.databases import postgres_options
from escalate.ops.environ import flag, seconds, whole_number
from escalate.ops.errors import init_sentry
from escalate.ops.logs import FORMATS as LOG_FORMATS
from escalate.ops.logs import logging_config

django_stubs_ext.monkeypatch()

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("ESCALATE_DATA_DIR", Path.cwd() / "var"))


# Production unless told otherwise, so a deployment that forgets the variable is safe.
ENVIRONMENT = os.environ.get("ESCALATE_ENV", "production")
if ENVIRONMENT not in ("development", "production"):
    raise ImproperlyConfigured(
        f"ESCALATE_ENV must be 'development' or 'production', not {ENVIRONMENT!r}"
    )
PRODUCTION = ENVIRONMENT == "production"
DEBUG = flag("ESCALATE_DEBUG", not PRODUCTION)
_DEV_SECRET = "development-only-secret-key-not-for-production"
SECRET_KEY = os.environ.get("ESCALATE_SECRET_KEY", _DEV_SECRET)
SECRET_KEY_MIN_LENGTH = 50  # what Django's own deployment check asks for
_FOR_DEVELOPMENT = (
    " (Escalate runs in production unless ESCALATE_ENV=development is set: for a demo "
    "or local development, write ESCALATE_ENV=development instead.)"
)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured(
        "ESCALATE_DEBUG is on, which shows technical error pages with settings to anyone "
        "who causes an error. In production write ESCALATE_DEBUG=false." + _FOR_DEVELOPMENT
    )
if PRODUCTION and SECRET_KEY == _DEV_SECRET:
    raise ImproperlyConfigured(
        "ESCALATE_SECRET_KEY is not set. In production write ESCALATE_SECRET_KEY=<a random "
        f"value of {SECRET_KEY_MIN_LENGTH} characters or more>, for example the output of "
        "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'." + _FOR_DEVELOPMENT
    )
if PRODUCTION and len(SECRET_KEY) < SECRET_KEY_MIN_LENGTH:
    raise ImproperlyConfigured(
        f"ESCALATE_SECRET_KEY is {len(SECRET_KEY)} characters long. In production write a "
        f"random value of {SECRET_KEY_MIN_LENGTH} characters or more, for example the output "
        "of python3 -c 'import secrets; print(secrets.token_urlsafe(50))'."
    )
ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get("ESCALATE_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(
        ","
    )
    if host.strip()
]

# The lookups every page asks are prepared statements on PostgreSQL (escalate/ops/prepared.py);
# off for a connection pooler that cannot carry them.
ESCALATE_PREPARED_STATEMENTS = flag("ESCALATE_PREPARED_STATEMENTS", True)
_database_url = os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'escalate.sqlite3'}")
try:
    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60)}
except ValueError as error:
    raise ImproperlyConfigured(
        f"DATABASE_URL is not a database address ({error}); write e.g. "
        "postgres://user@host:5432/name or sqlite:////path/to/file.sqlite3"
    ) from None
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several people and the worker at once: write-ahead logging (readers never wait for a
    # writer), every transaction takes the write lock when it begins (so two never deadlock
    # upgrading a read to a write, which SQLite answers at once with "database is locked"),
    # and a writer waits up to 20 seconds for the lock.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": seconds("ESCALATE_SQLITE_TIMEOUT", 20),
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL",
    }
else:
    DATABASES["default"]["OPTIONS"] = postgres_options(
        DATABASES["default"].get("OPTIONS", {}), prepared=ESCALATE_PREPARED_STATEMENTS
    )
# Reports (the Board report, the dashboard, their CSV and PDF) read from a replica when
# DATABASE_REPLICA_URL is set; writes never go there (escalate/ops/replica.py).
_replica_url = os.environ.get("DATABASE_REPLICA_URL", "").strip()
if _replica_url:
    try:
        DATABASES["replica"] = dj_database_url.parse(_replica_url, conn_max_age=60)
    except ValueError as error:
        raise ImproperlyConfigured(
            f"DATABASE_REPLICA_URL is not a database address ({error}); write e.g. "
            "postgres://user@replica-host:5432/name, or leave it unset to read reports "
            "from DATABASE_URL"
        ) from None
    DATABASES["replica"]["OPTIONS"] = postgres_options(
        DATABASES["replica"].get("OPTIONS", {}), prepared=ESCALATE_PREPARED_STATEMENTS
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["escalate.ops.replica.ReplicaRouter"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "escalate.partnerships",
    "escalate.escalations",
    "escalate.notifications",
    "escalate.documents",
    "escalate.reports",
    "escalate.onboarding",
    "escalate.privacy",
    "escalate.api",
    "escalate.webhooks",
    "escalate.notify",
    "escalate.demo",
    "escalate.worker",
    "escalate.ops",
    "escalate.accounts",
    "axes",
    "ninja",  # the API docs from local static files, with no inline script (CSP)
    "escalate.audit",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "escalate.twofactor",
    "escalate.sso",
]

MIDDLEWARE = [
    # First: every response gets a request id, and health probes are answered before
    # host checks, HTTPS redirects, sessions and sign-in (escalate/ops/).
    "escalate.ops.context.RequestContextMiddleware",
    "escalate.ops.health.HealthMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "escalate.accounts.headers.NoStoreMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified() (escalate.twofactor)
    "escalate.memo.RequestMemoMiddleware",
    "escalate.api.auth.ApiUseMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Logs each look at an audited page, after sign-in, inside the request memo.
    "escalate.audit.middleware.AuditMiddleware",
    "escalate.twofactor.middleware.TwoFactorMiddleware",
    "escalate.accounts.sessions.SessionLimitsMiddleware",
    "axes.middleware.AxesMiddleware",
    # The database too busy to save (SQLite's lock held past its timeout): a plain "try
    # again" page with what the person typed, never a 500 (escalate/ops/busy.py).
    "escalate.ops.busy.BusyDatabaseMiddleware",
    # A NUL character in the address or a form: not found, or a plain message (ops/inputs.py).
    "escalate.ops.inputs.RefuseNulMiddleware",
]

ROOT_URLCONF = "escalate.urls"
WSGI_APPLICATION = "escalate.wsgi.application"
AUTH_USER_MODEL = "partnerships.Person"
# Loads the signed-in person with their agency and partnership in one query.
AUTHENTICATION_BACKENDS = [
    "escalate.accounts.throttle.ThrottleBackend",  # refuses locked accounts and addresses
    "escalate.partnerships.backends.PersonBackend",
    "escalate.sso.backends.SSOBackend",  # single sign-on (escalate.sso)
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

_CONTEXT_PROCESSORS = [
    "django.template.context_processors.request",
    "django.contrib.auth.context_processors.auth",
    "django.contrib.messages.context_processors.messages",
    "escalate.partnerships.context.partnership",
    "escalate.notifications.context.unread",
]
TEMPLATES = [
    {
        # Every page: Jinja2, reading templates as Django's engine does (escalate/templating/).
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [PACKAGE_DIR / "templates"],
        "OPTIONS": {
            "environment": "escalate.templating.environment",
            "context_processors": _CONTEXT_PROCESSORS,
        },
    },
    {  # the templates that come with Django and the libraries (the admin, forms' widgets)
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": _CONTEXT_PROCESSORS},
    },
]

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("username", "first_name", "last_name", "email")},
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "escalate.accounts.passwords.DateLikePasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
# GOV.UK Frontend's fonts, images and JavaScript, from the project's npm install.
_GOVUK = Path(os.environ.get("ESCALATE_NODE_MODULES", PACKAGE_DIR.parent.parent / "node_modules"))
if (_GOVUK / "govuk-frontend" / "dist" / "govuk").is_dir():
    STATICFILES_DIRS.append(_GOVUK / "govuk-frontend" / "dist" / "govuk")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Outside production the static files are served from where they are (the demo runs with
# DEBUG off, so its error pages are the app's own); production serves collected files.
WHITENOISE_USE_FINDERS = DEBUG or not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 60 * 60  # absolute: from signing in, however busy (accounts/)
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Links in emails point here.
BASE_URL = os.environ.get("ESCALATE_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

# Email: SMTP in production, configured by environment variables; the demo writes each
# message as a file in var/mail so a person can read it.
EMAIL_BACKEND = os.environ.get(
    "ESCALATE_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.filebased.EmailBackend",
)
EMAIL_FILE_PATH = DATA_DIR / "mail"
EMAIL_HOST = os.environ.get("ESCALATE_SMTP_HOST", "localhost")
try:
    EMAIL_PORT = int(os.environ.get("ESCALATE_SMTP_PORT", "25"))
except ValueError:
    raise ImproperlyConfigured("ESCALATE_SMTP_PORT must be a port number, like 587") from None
EMAIL_HOST_USER = os.environ.get("ESCALATE_SMTP_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("ESCALATE_SMTP_PASSWORD", "")
EMAIL_USE_TLS = flag("ESCALATE_SMTP_TLS", False)


# A mail server that stops answering is given up on after this long (each SMTP step).
EMAIL_TIMEOUT = seconds("ESCALATE_SMTP_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = os.environ.get("ESCALATE_FROM_EMAIL", "escalate@example.org")

# Notifications: a message that fails this many times is shown to the partnership's
# officers; reminders go out at this time on the day a deadline falls (default: the
# policy's start of the working day).
NOTIFY_MAX_ATTEMPTS = int(os.environ.get("ESCALATE_NOTIFY_MAX_ATTEMPTS", "8"))
REMINDER_TIME = os.environ.get("ESCALATE_REMINDER_TIME", "")
# A worker holds the emails it claimed for this long, renewing the claim as it sends; a
# worker that dies lets them go after this long. It must outlast one message's handover
# (every SMTP step at its timeout), so it is at least ten times ESCALATE_SMTP_TIMEOUT.
NOTIFY_LEASE_SECONDS = seconds("ESCALATE_NOTIFY_LEASE_SECONDS", 300)
if NOTIFY_LEASE_SECONDS < 10 * EMAIL_TIMEOUT:
    raise ImproperlyConfigured(
        "ESCALATE_NOTIFY_LEASE_SECONDS must be at least ten times ESCALATE_SMTP_TIMEOUT "
        f"({10 * EMAIL_TIMEOUT:g} seconds), so a claim outlasts one message being sent"
    )
# The email job sends for at most this long a pass, so the deadline scan is never starved.
NOTIFY_PASS_SECONDS = seconds("ESCALATE_NOTIFY_PASS_SECONDS", 20)
# Officers are told that mail is not going out when the mail server has been unreachable
# this long (once per outage).
MAIL_OUTAGE_NOTICE_SECONDS = seconds("ESCALATE_MAIL_OUTAGE_NOTICE_SECONDS", 900)

# Data protection: a half-finished raise is kept on the server for this many hours after
# its last answer, then deleted by the worker (the child's details never go in the session).
try:
    RAISE_DRAFT_HOURS = int(os.environ.get("ESCALATE_RAISE_DRAFT_HOURS", "24"))
except ValueError:
    RAISE_DRAFT_HOURS = 0
if not 1 <= RAISE_DRAFT_HOURS <= 24 * 30:
    raise ImproperlyConfigured(
        "ESCALATE_RAISE_DRAFT_HOURS must be a whole number of hours from 1 to 720, like 24"
    )

# Logs: one JSON object per line in production (readable text in development), to
# standard error, with the request id and the signed-in person's id (escalate/ops/logs.py).
LOG_FORMAT = os.environ.get("ESCALATE_LOG_FORMAT", "json" if PRODUCTION else "text")
if LOG_FORMAT not in LOG_FORMATS:
    raise ImproperlyConfigured(f"ESCALATE_LOG_FORMAT must be json or text, not {LOG_FORMAT!r}")
LOG_LEVEL = os.environ.get("ESCALATE_LOG_LEVEL", "INFO").upper()
if LOG_LEVEL not in ("DEBUG", "INFO", "WARNING", "ERROR"):
    raise ImproperlyConfigured(
        f"ESCALATE_LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, not {LOG_LEVEL!r}"
    )
LOGGING = logging_config(LOG_FORMAT, LOG_LEVEL)
# django-axes logs every sign-in at INFO; its warnings (failures, lockouts) are enough.
LOGGING["loggers"]["axes"] = {"level": "WARNING"}

# Error reports go to Sentry when SENTRY_DSN is set, with children's details taken out.
SENTRY_ENABLED = init_sentry(ENVIRONMENT)


# Signing in (escalate/accounts/): a session ends after ESCALATE_IDLE_MINUTES without a
# request; an account is locked after ESCALATE_SIGNIN_FAILURES wrong passwords in a row,
# an address after ESCALATE_ADDRESS_SIGNIN_FAILURES, each for ESCALATE_LOCKOUT_MINUTES.
# Behind a proxy, the client's address is read from X-Forwarded-For only when the request
# comes from one of ESCALATE_FORWARDED_ALLOW_IPS (the same setting as escalate serve's).
SESSION_IDLE_SECONDS = whole_number("ESCALATE_IDLE_MINUTES", 30, 8 * 60) * 60
AXES_FAILURE_LIMIT = whole_number("ESCALATE_SIGNIN_FAILURES", 5, 100)
AXES_ADDRESS_FAILURE_LIMIT = whole_number("ESCALATE_ADDRESS_SIGNIN_FAILURES", 50, 10_000)
AXES_COOLOFF_TIME = dt.timedelta(minutes=whole_number("ESCALATE_LOCKOUT_MINUTES", 15, 24 * 60))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # this order: see accounts/throttle.py
AXES_HANDLER = "escalate.accounts.throttle.ThrottleHandler"
AXES_LOCKOUT_CALLABLE = "escalate.accounts.throttle.locked_out"
AXES_CLIENT_IP_CALLABLE = "escalate.accounts.throttle.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # successful sign-ins belong in the audit log, not here
AXES_VERBOSE = False
ESCALATE_TRUSTED_PROXIES = frozenset(
    part.strip()
    for part in os.environ.get("ESCALATE_FORWARDED_ALLOW_IPS", "127.0.0.1,::1").split(",")
    if part.strip()
)

# The API (escalate/api/): requests a minute per token, counted across every process.
API_REQUESTS_PER_MINUTE = int(os.environ.get("ESCALATE_API_REQUESTS_PER_MINUTE", "120"))

# Headers: a Content-Security-Policy with no inline script or style (django-csp); HSTS and
# a redirect to HTTPS in production (TLS ends at the proxy, which says X-Forwarded-Proto).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}
SECURE_SSL_REDIRECT = flag("ESCALATE_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = 365 * 24 * 3600 if PRODUCTION else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True

# GOV.UK Notify (escalate/notify/), used when ESCALATE_EMAIL_BACKEND is
# escalate.notify.backend.NotifyBackend: the API key, the ids of an email template with
# ((subject)) and ((body)) and a text message template with ((subject)) and ((link)), and
# the bearer token Notify sends with delivery receipts to /notify/receipts/.
NOTIFY_API_KEY = os.environ.get("ESCALATE_NOTIFY_API_KEY", "")
NOTIFY_BASE_URL = os.environ.get(
    "ESCALATE_NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk"
)
NOTIFY_EMAIL_TEMPLATE = os.environ.get("ESCALATE_NOTIFY_EMAIL_TEMPLATE", "")
NOTIFY_SMS_TEMPLATE = os.environ.get("ESCALATE_NOTIFY_SMS_TEMPLATE", "")
NOTIFY_CALLBACK_TOKEN = os.environ.get("ESCALATE_NOTIFY_CALLBACK_TOKEN", "")

# Two-factor sign-in (escalate.twofactor): required for officers, administrators and
# superusers (and everyone where the partnership says so). ESCALATE_TWO_FACTOR=off is for
# the test suite and benchmarks only; escalate check reports it.
TWO_FACTOR_ENFORCED = flag("ESCALATE_TWO_FACTOR", True)
OTP_TOTP_ISSUER = "Escalate"
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

# Single sign-on (escalate.sso): identity providers are set per partnership or agency in
# the administration; mozilla-django-oidc never creates an account.
OIDC_CREATE_USER = False
OIDC_AUTHENTICATION_CALLBACK_URL = "sso-callback"
OIDC_TIMEOUT = 10
