"""Settings for the server the browser tests drive: Escalate's own settings (development, with
DEBUG off so error pages are the app's), a quick password hasher for the test cast, and a
URLconf that adds one address which fails on purpose, to show the 500 page."""

from escalate.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ROOT_URLCONF = "harness_urls"
