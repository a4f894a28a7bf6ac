"""Single sign-on with OpenID Connect (mozilla-django-oidc), per partnership or per agency:
the authorisation code flow with state, nonce and PKCE, the id token's RS256 signature
checked against the provider's keys, its issuer, audience and expiry; a person is matched by
the subject already linked or by a verified email, never created."""
