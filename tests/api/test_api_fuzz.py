"""Schemathesis against the API's own schema, with a live token: no server error, and every
answer matches the schema (status code, content type, body)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from apiclient import Api, raise_one
from cast import make_cast
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import checks

pytestmark = pytest.mark.django_db

# Every answer: no server error, a documented status and content type, a body that matches
# the schema; a request that breaks the schema is refused. (Whether a schema-valid request
# is accepted depends on the data, such as an agency id, so that check is not made.)
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
    checks.negative_data_rejection,
]
EXAMPLES = 25  # per operation; CI runs this on SQLite and on PostgreSQL


def operations() -> list[schemathesis.APIOperation]:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    return [result.ok() for result in schema.get_all_operations()]


@pytest.fixture(autouse=True)
def _connection_kept_across_requests() -> Iterator[None]:
    """Schemathesis calls the WSGI application itself, so each request's end would close the
    test's database connection (and its transaction, on PostgreSQL); Django's own test
    client stops that the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.parametrize("operation", operations(), ids=lambda op: op.label)
def test_the_api_keeps_to_its_schema(operation: schemathesis.APIOperation) -> None:
    from django.conf import settings as django_settings

    cast = make_cast()
    raise_one(cast)
    secret = Api(cast.raiser).secret
    django_settings.API_REQUESTS_PER_MINUTE = 1_000_000

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
    )
    def fuzz(case: schemathesis.Case) -> None:
        case.call_and_validate(headers={"Authorization": f"Bearer {secret}"}, checks=CHECKS)

    fuzz()
