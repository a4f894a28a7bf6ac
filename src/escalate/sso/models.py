"""Identity providers (one per partnership, or one per agency) and the people they know."""

from __future__ import annotations

import os

from django.db import models

from escalate.partnerships.models import Agency, Partnership, Person


class IdentityProvider(models.Model):
    """An OpenID Connect provider (Microsoft Entra ID, Keycloak, NHS CIS2...) that people of
    a partnership, or of some of its agencies, sign in with."""

    name = models.CharField(max_length=100, help_text="What the sign-in button says")
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="identity_providers"
    )
    agencies = models.ManyToManyField(
        Agency, blank=True, related_name="+", help_text="None chosen: every agency"
    )
    issuer = models.URLField(
        help_text="The provider's issuer, e.g. https://login.example/tenant/v2.0"
    )
    client_id = models.CharField(max_length=200)
    client_secret = models.CharField(max_length=500, blank=True, help_text="Or use the variable")
    client_secret_variable = models.CharField(
        max_length=100, blank=True, help_text="Environment variable holding the client secret"
    )
    scopes = models.CharField(max_length=200, default="openid email profile")
    mfa_methods = models.CharField(
        max_length=200,
        default="mfa otp hwk swk",
        help_text="amr values that mean the provider did a second factor",
    )
    enabled = models.BooleanField(default=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.partnership})"

    def secret(self) -> str:
        if self.client_secret_variable:
            return os.environ.get(self.client_secret_variable, "")
        return self.client_secret

    def covers(self, person: Person) -> bool:
        """Does this provider sign in ``person`` (their agency is one it is for)?"""
        if person.agency is None or person.agency.partnership_id != self.partnership_id:
            return False
        chosen = {a.pk for a in self.agencies.all()}
        return not chosen or person.agency_id in chosen


class ExternalIdentity(models.Model):
    """The provider's subject for a person, linked at their first sign-in by verified email;
    later sign-ins match the subject, even if the email changes."""

    provider = models.ForeignKey(IdentityProvider, on_delete=models.CASCADE, related_name="+")
    subject = models.CharField(max_length=255)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["provider", "subject"], name="sso_subject_once"),
            models.UniqueConstraint(fields=["provider", "person"], name="sso_person_once"),
        ]

    def __str__(self) -> str:
        return f"{self.provider_id}:{self.subject} = {self.person_id}"
