"""A small OpenID Connect provider for the tests, served over HTTP on 127.0.0.1 in its own
thread: discovery, an authorisation endpoint that signs in whoever the test says (the
claims it is given), a token endpoint that checks the client's secret, the redirect address
and PKCE and returns an RS256-signed id token with the request's nonce, the keys (JWKS) and
userinfo. ``tamper`` makes it misbehave the way a forged or replayed answer would."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

PORTS = range(8440, 8470)  # h-auth's range (8400-8499)
KID = "test-key-1"


def _b64(number: int) -> str:
    raw = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


class Provider:
    def __init__(self, client_id: str = "escalate", client_secret: str = "s3cret") -> None:
        self.client_id = client_id
        self.client_secret = client_secret
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.claims: dict[str, Any] = {}
        self.tamper = ""  # "", "signature", "nonce", "audience", "issuer", "expired"
        self.codes: dict[str, dict[str, Any]] = {}
        self.tokens: dict[str, dict[str, Any]] = {}
        self.requests: list[str] = []
        self.server = self._bind()
        self.issuer = f"http://127.0.0.1:{self.server.server_address[1]}/realm"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def _bind(self) -> ThreadingHTTPServer:
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                return

            def do_GET(self) -> None:
                provider.answer(self, "GET")

            def do_POST(self) -> None:
                provider.answer(self, "POST")

        for port in PORTS:
            try:
                return ThreadingHTTPServer(("127.0.0.1", port), Handler)
            except OSError:
                continue
        raise RuntimeError("no free port for the test identity provider")

    def __enter__(self) -> Provider:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    # -- the endpoints ---------------------------------------------------------------------

    def answer(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        url = urlsplit(handler.path)
        self.requests.append(f"{method} {url.path}")
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        body: dict[str, str] = {}
        if method == "POST":
            length = int(handler.headers.get("Content-Length") or 0)
            raw = handler.rfile.read(length).decode()
            body = {k: v[0] for k, v in parse_qs(raw).items()}
        route = url.path.removeprefix("/realm")
        if route == "/.well-known/openid-configuration":
            return self._json(handler, self.discovery())
        if route == "/jwks":
            return self._json(handler, self.jwks())
        if route == "/authorize":
            return self.authorize(handler, query)
        if route == "/token" and method == "POST":
            return self.token(handler, body)
        if route == "/userinfo":
            token = (handler.headers.get("Authorization") or "").removeprefix("Bearer ")
            if token not in self.tokens:
                return self._json(handler, {"error": "invalid_token"}, 401)
            claims = {k: v for k, v in self.tokens[token].items() if k != "amr"}
            return self._json(handler, claims)
        return self._json(handler, {"error": "not_found"}, 404)

    def discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
        }

    def jwks(self) -> dict[str, Any]:
        public = self.key.public_key().public_numbers()
        return {
            "keys": [
                {
                    "kty": "RSA",
                    "kid": KID,
                    "use": "sig",
                    "alg": "RS256",
                    "n": _b64(public.n),
                    "e": _b64(public.e),
                }
            ]
        }

    def authorize(self, handler: BaseHTTPRequestHandler, query: dict[str, str]) -> None:
        if query.get("client_id") != self.client_id or query.get("response_type") != "code":
            return self._json(handler, {"error": "unauthorized_client"}, 400)
        code = secrets.token_urlsafe(16)
        self.codes[code] = {
            "nonce": query.get("nonce"),
            "challenge": query.get("code_challenge"),
            "redirect_uri": query["redirect_uri"],
            "claims": dict(self.claims),
        }
        back = f"{query['redirect_uri']}?{urlencode({'code': code, 'state': query['state']})}"
        handler.send_response(302)
        handler.send_header("Location", back)
        handler.end_headers()

    def token(self, handler: BaseHTTPRequestHandler, body: dict[str, str]) -> None:
        grant = self.codes.pop(body.get("code", ""), None)
        if (
            grant is None
            or body.get("client_id") != self.client_id
            or body.get("client_secret") != self.client_secret
            or body.get("redirect_uri") != grant["redirect_uri"]
        ):
            return self._json(handler, {"error": "invalid_grant"}, 400)
        verifier = body.get("code_verifier", "")
        digest = hashlib.sha256(verifier.encode()).digest()
        if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != grant["challenge"]:
            return self._json(handler, {"error": "invalid_grant", "why": "PKCE"}, 400)
        access = secrets.token_urlsafe(16)
        self.tokens[access] = grant["claims"]
        return self._json(
            handler,
            {
                "access_token": access,
                "token_type": "Bearer",
                "expires_in": 300,
                "id_token": self.id_token(grant),
            },
        )

    def id_token(self, grant: dict[str, Any]) -> str:
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": self.client_id,
            "iat": now,
            "exp": now + 300,
            "nonce": grant["nonce"],
            **grant["claims"],
        }
        if self.tamper == "nonce":
            claims["nonce"] = "a-nonce-from-another-sign-in"
        if self.tamper == "audience":
            claims["aud"] = "another-client"
        if self.tamper == "issuer":
            claims["iss"] = "http://127.0.0.1:1/elsewhere"
        if self.tamper == "expired":
            claims["iat"], claims["exp"] = now - 4000, now - 3600
        key = self.other_key if self.tamper == "signature" else self.key
        return jwt.encode(claims, key, algorithm="RS256", headers={"kid": KID})

    @staticmethod
    def _json(handler: BaseHTTPRequestHandler, data: object, status: int = 200) -> None:
        raw = json.dumps(data).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(raw)))
        handler.end_headers()
        handler.wfile.write(raw)
