"""Changing a partnership: a new version of its policy, checked before it is kept."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from escalate.partnerships.models import Partnership, Person, PolicyVersion
from escalate.policy.loader import PolicyError, load_policy_text
from escalate.policy.schema import Policy

SHOWN_PROBLEMS = 50


def _shown(messages: list[str]) -> list[str]:
    """At most SHOWN_PROBLEMS messages: a hostile file can have a hundred thousand."""
    if len(messages) <= SHOWN_PROBLEMS:
        return messages
    more = len(messages) - SHOWN_PROBLEMS
    return [
        *messages[:SHOWN_PROBLEMS],
        f"and {more:,} more problems. Correct these first, then upload the file again",
    ]


class PolicyRefused(Exception):
    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


def policy_check(*, partnership: Partnership, text: str, name: str) -> Policy:
    """The policy in ``text`` if the loader accepts it and it is the partnership's, with a
    version not published before; else ``PolicyRefused`` with every problem in plain words."""
    try:
        policy = load_policy_text(text, name)
    except PolicyError as error:
        raise PolicyRefused(_shown([str(problem) for problem in error.problems])) from None
    if policy.reference_prefix != partnership.reference_prefix:
        raise PolicyRefused(
            [
                f"{name}: reference_prefix is '{policy.reference_prefix}' but this partnership's "
                f"references begin '{partnership.reference_prefix}'. Write "
                f"'{partnership.reference_prefix}'"
            ]
        )
    if partnership.policy_versions.filter(version=policy.version).exists():
        raise PolicyRefused(
            [
                f"{name}: version '{policy.version}' has been published before. Give the new "
                "policy a new version"
            ]
        )
    return policy


@transaction.atomic
def policy_version_create(
    *,
    partnership: Partnership,
    text: str,
    name: str,
    effective_date: dt.date,
    uploaded_by: Person | None,
) -> PolicyVersion:
    """Keep a new version of the partnership's policy, in force from ``effective_date``."""
    policy = policy_check(partnership=partnership, text=text, name=name)
    Partnership.objects.select_for_update().filter(pk=partnership.pk).first()
    if partnership.policy_versions.filter(version=policy.version).exists():  # a second tab
        raise PolicyRefused([f"Version {policy.version} has just been published"])
    return PolicyVersion.objects.create(
        partnership=partnership,
        version=policy.version,
        effective_date=effective_date,
        text=text,
        uploaded_by=uploaded_by,
    )
