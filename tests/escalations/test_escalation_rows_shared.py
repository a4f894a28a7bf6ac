"""The escalation page reads its escalation with six tables, not ten, and gives the rows it
read to the objects that point at them: the raiser's and the professional's agency (the
contact details name it) without a query of their own while they are still there, and
their new agency, read when asked for, once they have moved."""

from __future__ import annotations

import pytest
from cast import make_cast, raised_by_raiser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from escalate.escalations.selectors import escalation_for
from escalate.partnerships.backends import signed_in_person
from escalate.partnerships.models import Person

pytestmark = pytest.mark.django_db


def test_people_still_in_their_agency_need_no_query_of_their_own() -> None:
    cast = make_cast("brent")
    reference = raised_by_raiser(cast).reference
    raiser = signed_in_person(cast.raiser.pk)  # as each request loads them
    assert raiser is not None
    escalation_for(raiser, reference)  # the process reads its partnership's versions
    with CaptureQueriesContext(connection) as queries:
        escalation = escalation_for(raiser, reference)
        assert escalation.raised_by.agency.name == "Oakfield Primary School"
        professional = escalation.receiving_professional
        assert professional is not None
        assert professional.agency.name == "Children's Social Care"
        assert escalation.policy_version.partnership.slug == cast.partnership.slug
    (read,) = [q["sql"] for q in queries.captured_queries if "escalations_escalation" in q["sql"]]
    assert not any("partnerships_policyversion" in q["sql"] for q in queries.captured_queries)
    assert read.count("JOIN") == 5  # six tables
    assert not any('FROM "partnerships_agency"' in q["sql"] for q in queries.captured_queries)


def test_someone_who_moved_agency_is_shown_in_their_new_one() -> None:
    cast = make_cast("brent")
    reference = raised_by_raiser(cast).reference
    Person.objects.filter(pk=cast.other.pk).update(agency=cast.health)
    escalation = escalation_for(cast.raiser, reference)
    professional = escalation.receiving_professional
    assert professional is not None
    assert professional.agency.name == "Community Health"
    assert escalation.receiving_agency.name == "Children's Social Care"


def test_without_the_versions_kept_the_version_is_read() -> None:
    cast = make_cast("brent")
    reference = raised_by_raiser(cast).reference
    escalation = escalation_for(cast.raiser, reference)  # loaded without the stamp
    assert escalation.policy_version.partnership.slug == cast.partnership.slug
    assert escalation.policy.stages
