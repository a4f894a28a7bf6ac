"""Calling the API as a token's holder, through the whole Django stack."""

from __future__ import annotations

import json
from typing import Any

from cast import Cast, raised_by_raiser
from django.test import Client
from django.utils import timezone

from escalate.api.models import Scope
from escalate.api.tokens import issue
from escalate.escalations.models import Escalation
from escalate.partnerships.models import Person

ALL = tuple(Scope.values)


class Api:
    def __init__(self, person: Person, scopes: tuple[str, ...] = ALL) -> None:
        self.token, self.secret = issue(person, name="test system", scopes=scopes)
        self.client = Client()

    def _headers(self) -> dict[str, str]:
        return {"HTTP_AUTHORIZATION": f"Bearer {self.secret}"}

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(f"/api/v1{path}", params, **self._headers())

    def post(self, path: str, body: dict[str, Any]) -> Any:
        return self.client.post(
            f"/api/v1{path}",
            json.dumps(body, default=str),
            content_type="application/json",
            **self._headers(),
        )


def raise_one(cast: Cast, **changes: Any) -> Escalation:
    return raised_by_raiser(cast, **changes)


def raise_body(cast: Cast, **changes: Any) -> dict[str, Any]:
    policy = cast.partnership.policy_in_force(timezone.localdate()).policy
    return {
        "receiving_agency": cast.social_care.pk,
        "receiving_professional": cast.other.pk,
        "child_name": "Ava Testington",
        "child_date_of_birth": "2016-05-04",
        "child_status": "child-in-need",
        "categories": [policy.categories[0].key],
        "disagreement": "The referral was closed without a visit.",
        "outcome_wanted": "An assessment is started.",
        "immediate_risk": False,
        **changes,
    }
