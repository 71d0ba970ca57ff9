"""A small, real OpenID Connect provider for the tests, on loopback.

Discovery, authorization (code flow with PKCE S256), token (client_secret_post or _basic), userinfo
and JWKS; ID tokens are RS256-signed with joserfc. The authorization endpoint signs in the user
given to :meth:`OidcProvider.sign_in_as` at once (no login form): the tests drive the relying
party, not the provider's UI.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

from joserfc import jwt
from joserfc.jwk import RSAKey


class OidcProvider:
    def __init__(self, *, port: int, client_id: str = "ic-test", client_secret: str = "s3cret"):
        self.client_id = client_id
        self.client_secret = client_secret
        self.key = RSAKey.generate_key(2048, parameters={"kid": "test-key-1", "use": "sig"})
        self.user = {"sub": "oidc-user-1", "email": "somsri@college.ac.th", "name": "สมศรี ใจดี"}
        self.audience_override: str | None = None
        self.codes: dict[str, dict] = {}
        self.tokens: dict[str, dict] = {}
        self.requests: list[str] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", port), self._handler())
        self.issuer = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def sign_in_as(self, **claims) -> None:
        self.user = {"sub": claims.pop("sub", self.user["sub"]), **claims}

    # --- endpoints ---------------------------------------------------------------------------
    def discovery(self) -> dict:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": self.issuer + "/authorize",
            "token_endpoint": self.issuer + "/token",
            "userinfo_endpoint": self.issuer + "/userinfo",
            "jwks_uri": self.issuer + "/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "code_challenge_methods_supported": ["S256"],
            "scopes_supported": ["openid", "profile", "email"],
        }

    def authorize(self, query: dict) -> tuple[int, dict]:
        if query.get("client_id") != self.client_id or query.get("response_type") != "code":
            return 400, {"error": "invalid_request"}
        code = secrets.token_urlsafe(16)
        self.codes[code] = {
            "redirect_uri": query["redirect_uri"],
            "challenge": query.get("code_challenge", ""),
            "nonce": query.get("nonce", ""),
            "user": dict(self.user),
        }
        target = query["redirect_uri"] + "?" + urlencode({"code": code, "state": query["state"]})
        return 302, {"Location": target}

    def _client_ok(self, headers, form: dict) -> bool:
        auth = headers.get("Authorization", "")
        if auth.startswith("Basic "):
            client_id, _, secret = base64.b64decode(auth[6:]).decode().partition(":")
        else:
            client_id, secret = form.get("client_id", ""), form.get("client_secret", "")
        return client_id == self.client_id and secrets.compare_digest(secret, self.client_secret)

    def token(self, headers, form: dict) -> tuple[int, dict]:
        if not self._client_ok(headers, form):
            return 401, {"error": "invalid_client"}
        grant = self.codes.pop(form.get("code", ""), None)
        if grant is None or grant["redirect_uri"] != form.get("redirect_uri"):
            return 400, {"error": "invalid_grant"}
        verifier = form.get("code_verifier", "")
        digest = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=")
        if grant["challenge"] and digest.decode() != grant["challenge"]:
            return 400, {"error": "invalid_grant", "error_description": "PKCE"}
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": self.audience_override or self.client_id,
            "iat": now,
            "exp": now + 300,
            "email_verified": True,
            **grant["user"],
        }
        if grant["nonce"]:
            claims["nonce"] = grant["nonce"]
        id_token = jwt.encode({"alg": "RS256", "kid": "test-key-1"}, claims, self.key)
        access = secrets.token_urlsafe(24)
        self.tokens[access] = grant["user"]
        body = {"access_token": access, "token_type": "Bearer", "expires_in": 300}
        return 200, {**body, "id_token": id_token}

    def userinfo(self, headers) -> tuple[int, dict]:
        user = self.tokens.get(headers.get("Authorization", "").removeprefix("Bearer "))
        if user is None:
            return 401, {"error": "invalid_token"}
        return 200, {**user, "email_verified": True}

    def _handler(self):
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, status: int, body: dict):
                if status == 302:
                    self.send_response(302)
                    self.send_header("Location", body["Location"])
                    self.end_headers()
                    return
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                parts = urlsplit(self.path)
                provider.requests.append(parts.path)
                query = {k: v[0] for k, v in parse_qs(parts.query).items()}
                if parts.path == "/.well-known/openid-configuration":
                    self._send(200, provider.discovery())
                elif parts.path == "/jwks":
                    self._send(200, {"keys": [provider.key.as_dict(private=False)]})
                elif parts.path == "/authorize":
                    self._send(*provider.authorize(query))
                elif parts.path == "/userinfo":
                    self._send(*provider.userinfo(self.headers))
                else:
                    self._send(404, {"error": "not_found"})

            def do_POST(self):
                parts = urlsplit(self.path)
                provider.requests.append(parts.path)
                length = int(self.headers.get("Content-Length", "0"))
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                if parts.path == "/token":
                    self._send(*provider.token(self.headers, form))
                else:
                    self._send(404, {"error": "not_found"})

        return Handler
