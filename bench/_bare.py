"""Escalate's production settings plus one bare signed-in view, for bench/pages.py:
``DJANGO_SETTINGS_MODULE=_bare`` with bench/ on the path (the addresses are _bare_urls.py)."""

from escalate.settings import *  # noqa: F403

ROOT_URLCONF = "_bare_urls"
