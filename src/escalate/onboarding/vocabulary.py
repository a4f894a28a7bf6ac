"""The roles a partnership's people may hold: the shared vocabulary, the officers' roles
and the roles its policies add."""

from __future__ import annotations

from escalate.partnerships.models import OFFICER_ROLES, Partnership
from escalate.policy.roles import STANDARD_ROLES


def role_names(partnership: Partnership) -> dict[str, str]:
    """Each role's key and its label, from every version of the partnership's policy."""
    names = dict(STANDARD_ROLES)
    names.update({role: role.replace("-", " ").capitalize() for role in OFFICER_ROLES})
    for version in partnership.policy_versions.all():
        names.update({role.key: role.label for role in version.policy.roles})
    return names
