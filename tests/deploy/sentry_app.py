"""Run by test_errors.py in a process of its own: Escalate's settings with SENTRY_DSN set,
then an error in a page that was sent a child's details, and an error logged with them.
The SDK's own transport sends the events to the test's local HTTP endpoint."""

from __future__ import annotations

import logging
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "escalate.settings")

import django

django.setup()

import sentry_sdk  # noqa: E402
from django.http import HttpRequest, HttpResponse  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.urls import include, path  # noqa: E402

CHILD_NAME, CHILD_BIRTH, CHILD_REFERENCE = sys.argv[1:4]


def failing_page(request: HttpRequest) -> HttpResponse:
    child_name = request.POST["child_name"]  # a local variable holding the child's name
    raise RuntimeError(f"Could not save the escalation for {child_name}")


# The failing page, then the app's own addresses (its error page links to them).
urlpatterns = [path("raise/failing/", failing_page), path("", include("escalate.urls"))]

with override_settings(ROOT_URLCONF=__name__, ALLOWED_HOSTS=["testserver"]):
    Client(raise_request_exception=False).post(
        "/raise/failing/?child=" + CHILD_NAME.replace(" ", "+"),
        {
            "child_name": CHILD_NAME,
            "child_date_of_birth": CHILD_BIRTH,
            "child_reference": CHILD_REFERENCE,
        },
        HTTP_X_REQUEST_ID="sentry-test-request-1",
        HTTP_COOKIE=f"sessionid=abc; child={CHILD_REFERENCE}",
        secure=True,  # through the TLS proxy: production redirects plain HTTP to HTTPS
    )
logging.getLogger("escalate.worker").error(
    "Could not send the reminder about %s", "BRE-2026-0001", extra={"child_name": CHILD_NAME}
)
sentry_sdk.flush(timeout=10)
print("sent")
