"""Which sessions each person is signed in with, so that all can be ended at once."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class SignedIn(models.Model):
    """One session a person signed in with (its key, never its contents)."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signed_in"
    )
    session_key = models.CharField(max_length=40, unique=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["person", "at"])]

    def __str__(self) -> str:
        return f"{self.person_id} since {self.at:%Y-%m-%d %H:%M}"
