"""Two-factor authentication (django-otp): an authenticator app (TOTP) and recovery codes,
required for officers, administrators and superusers, and for everyone in a partnership
that says so; set up at the first sign-in; reset by an administrator (in the audit log)."""
