"""The partnership's two-factor rule in the administration (its own partnership only)."""

from __future__ import annotations

from escalate.partnerships.admin import ScopedAdmin, site
from escalate.twofactor.models import TwoFactorRule


class TwoFactorRuleAdmin(ScopedAdmin):
    list_display = ("partnership", "everyone")


site.register(TwoFactorRule, TwoFactorRuleAdmin)
