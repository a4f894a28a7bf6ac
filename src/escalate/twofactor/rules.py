"""Who must use a second factor, and who may reset someone's."""

from __future__ import annotations

from escalate.partnerships.models import OFFICER_ROLES, Person
from escalate.twofactor.models import TwoFactorRule

ADMINISTRATOR = "partnership-administrator"


def required_for(person: Person) -> bool:
    """Superusers, staff, the partnership's officers and administrators; everyone where the
    partnership says so."""
    if person.is_superuser or person.is_staff:
        return True
    if person.role_keys() & set(OFFICER_ROLES):
        return True
    partnership_id = person.partnership_id
    if partnership_id is None:
        return False
    return TwoFactorRule.objects.filter(partnership_id=partnership_id, everyone=True).exists()


def may_reset(actor: Person, person: Person) -> bool:
    """A superuser may reset anyone's; a partnership administrator anyone's in their own
    partnership but a superuser's; nobody their own (they would drop their own guard)."""
    if actor.pk == person.pk or not actor.is_active:
        return False
    if actor.is_superuser:
        return True
    if person.is_superuser or ADMINISTRATOR not in actor.role_keys():
        return False
    return actor.partnership_id is not None and actor.partnership_id == person.partnership_id
