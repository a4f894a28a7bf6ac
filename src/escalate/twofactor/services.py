"""Setting up, checking and resetting a person's second factor."""

from __future__ import annotations

from base64 import b32encode

from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from escalate.audit.models import Outcome
from escalate.audit.services import audit_record
from escalate.partnerships.models import Person

APP = "Authenticator app"
RECOVERY = "Recovery codes"
RECOVERY_CODES = 10


def pending_app(person: Person) -> TOTPDevice:
    """The authenticator app being set up (made on first call, the same until confirmed)."""
    device = TOTPDevice.objects.filter(user=person, confirmed=False).order_by("id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=person, name=APP, confirmed=False)
    return device


def secret_of(device: TOTPDevice) -> str:
    """The key as people type it into an app: base32, in groups of four."""
    text = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def has_second_factor(person: Person) -> bool:
    found: bool = TOTPDevice.objects.filter(user=person, confirmed=True).exists()
    return found


@transaction.atomic
def confirm_app(device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the app with a code it shows; the new recovery codes, or None if wrong."""
    if not device.verify_token(code.replace(" ", "")):
        return None
    device.confirmed = True
    device.save()
    StaticDevice.objects.filter(user=device.user).delete()
    recovery = StaticDevice.objects.create(user=device.user, name=RECOVERY, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=recovery, token=c) for c in codes)
    return codes


@transaction.atomic
def reset(actor: Person, person: Person, path: str = "") -> int:
    """Remove every device of ``person`` (they set up again when they next sign in), sign
    them out everywhere, and log it."""
    from escalate.accounts.sessions import end_sessions

    removed: int = TOTPDevice.objects.filter(user=person).delete()[0]
    removed += StaticDevice.objects.filter(user=person).delete()[0]
    end_sessions(person)
    audit_record(
        person=actor,
        what=f"Two-factor reset for {person.username}",
        outcome=Outcome.DONE,
        partnership_id=person.partnership_id or actor.partnership_id,
        method="POST",
        path=path,
    )
    return removed


def people_with_app(ids: list[int]) -> set[int]:
    found = TOTPDevice.objects.filter(user_id__in=ids, confirmed=True)
    return set(found.values_list("user_id", flat=True))
