"""A provider's endpoints, from its discovery document, kept for an hour per process."""

from __future__ import annotations

import time
from dataclasses import dataclass

import requests

TIMEOUT = 10
KEEP_SECONDS = 3600


class ProviderUnavailable(Exception):
    """The provider's discovery document could not be read or is not one."""


@dataclass(frozen=True)
class Endpoints:
    issuer: str
    authorization: str
    token: str
    jwks: str
    userinfo: str


_found: dict[str, tuple[float, Endpoints]] = {}


def endpoints(issuer: str) -> Endpoints:
    issuer = issuer.rstrip("/")
    kept = _found.get(issuer)
    if kept is not None and time.monotonic() - kept[0] < KEEP_SECONDS:
        return kept[1]
    url = f"{issuer}/.well-known/openid-configuration"
    try:
        answer = requests.get(url, timeout=TIMEOUT)
        answer.raise_for_status()
        document = answer.json()
        found = Endpoints(
            issuer=document["issuer"],
            authorization=document["authorization_endpoint"],
            token=document["token_endpoint"],
            jwks=document["jwks_uri"],
            userinfo=document.get("userinfo_endpoint", ""),
        )
    except (requests.RequestException, ValueError, KeyError, TypeError) as error:
        raise ProviderUnavailable(f"{url}: {type(error).__name__}") from None
    if found.issuer.rstrip("/") != issuer:
        raise ProviderUnavailable(f"{url} names another issuer, {found.issuer}")
    _found[issuer] = (time.monotonic(), found)
    return found


def forget() -> None:
    _found.clear()
