"""Inviting people to set their password: a one-use link, valid for PASSWORD_RESET_TIMEOUT
(three days), sent by email. The email names the partnership and nothing else."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from escalate.partnerships.models import Partnership, Person


def set_password_link(person: Person) -> str:
    uid = urlsafe_base64_encode(force_bytes(person.pk))
    token = default_token_generator.make_token(person)
    return settings.BASE_URL + reverse("set-password", args=[uid, token])


def uninvited(partnership: Partnership) -> list[Person]:
    """Active people of the partnership who have never set a password."""
    return [
        person
        for person in Person.objects.filter(agency__partnership=partnership, is_active=True)
        if not person.has_usable_password()
    ]


def invite(person: Person, partnership: Partnership) -> None:
    days = settings.PASSWORD_RESET_TIMEOUT // 86400
    send_mail(
        subject=f"Set your password for Escalate ({partnership.short_name})",
        message=(
            f"Hello {person.first_name},\n\n"
            f"{partnership.name} uses Escalate to resolve professional disagreements about "
            f"children's safety. Your username is {person.username}.\n\n"
            f"Set your password here (the link works once, for {days} days):\n"
            f"{set_password_link(person)}\n\n"
            "If you did not expect this email, tell your partnership's business manager.\n"
        ),
        from_email=None,
        recipient_list=[person.email],
    )
