"""Access tokens for the API, and the record of every use of one."""

from __future__ import annotations

from django.db import models

from escalate.partnerships.models import Person


class Scope(models.TextChoices):
    READ = "escalations:read", "Read the escalations the person may see"
    WRITE = "escalations:write", "Raise escalations and act on them"
    REPORTS = "reports:read", "Read the Board report's figures (officers only)"


class ApiToken(models.Model):
    """A bearer token. Only its SHA-256 digest is kept: the secret is shown once, when it is
    made. A token acts as its person (a service account of an agency is a person too), with
    no more than that person may do, and only within its scopes."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="What the token is for")
    prefix = models.CharField(max_length=12, help_text="The start of the secret, to recognise it")
    digest = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(default=list)
    service_account = models.BooleanField(default=False)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…) for {self.person}"


class ApiUse(models.Model):
    """One request made with a token: who, when, what, and the answer's status."""

    token = models.ForeignKey(ApiToken, on_delete=models.PROTECT, related_name="uses")
    at = models.DateTimeField()
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=400)
    status = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["token", "at"], name="api_use_by_token")]
