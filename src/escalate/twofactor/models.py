"""A partnership's choice to ask everyone, not only its officers, for a second factor."""

from __future__ import annotations

from django.db import models

from escalate.partnerships.models import Partnership


class TwoFactorRule(models.Model):
    partnership = models.OneToOneField(
        Partnership, on_delete=models.CASCADE, related_name="two_factor_rule"
    )
    everyone = models.BooleanField(
        default=False,
        help_text="Ask everyone in the partnership for a second factor, not only its officers",
    )

    def __str__(self) -> str:
        who = "everyone" if self.everyone else "officers and administrators"
        return f"{self.partnership}: two-factor for {who}"
