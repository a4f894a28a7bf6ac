"""On PostgreSQL every query is planned for the values it is run with: no prepared
statements, whose generic plans cannot use the partial indexes the worker, the deadline scan
and several lists rely on (escalate/ops/databases.py)."""

from __future__ import annotations

import pytest
from django.db import connection

from escalate.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_no_plan_is_kept_for_a_query_run_again() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    for _ in range(8):  # past psycopg's and PostgreSQL's thresholds for keeping a plan
        list(Notification.objects.filter(status="failed")[:25])
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements")
        (kept,) = cursor.fetchone()
    assert kept == 0
