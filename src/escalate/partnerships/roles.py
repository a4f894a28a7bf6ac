"""The roles a person can be given: the directory's shared vocabulary, Escalate's own
administrator role, and the roles the partnership's policies add. Never free text: the
administration and the directory imports both choose from this one list."""

from __future__ import annotations

from escalate.partnerships.models import OFFICER_ROLES, Partnership
from escalate.policy.roles import STANDARD_ROLES

ESCALATE_ROLES = {
    "partnership-administrator": "Partnership administrator (manages people and roles)",
}


def role_names(partnership: Partnership | None) -> dict[str, str]:
    """Each role a person in ``partnership`` may hold, by key, with its label."""
    roles = {**STANDARD_ROLES, **ESCALATE_ROLES}
    assert set(OFFICER_ROLES) <= set(roles), "every officer role must be one people can hold"
    if partnership is not None:
        for version in partnership.policy_versions.order_by("effective_date", "uploaded_at"):
            for role in version.policy.roles:
                roles.setdefault(role.key, role.label)
    return roles


def role_choices(partnership: Partnership | None) -> list[tuple[str, str]]:
    """(key, "label (key)") for a list to choose from."""
    return [(key, f"{label} ({key})") for key, label in role_names(partnership).items()]
