"""An independent LTI 1.3 platform for the tests, written from the 1EdTech specifications only
(LTI Core 1.3, Security Framework 1.0, Deep Linking 2.0, AGS 2.0, NRPS 2.0,
Dynamic Registration 1.0).

It shares no code with ``lms_bridge``: its own RSA key, its own JWT claims, and an HTTP server on
the loopback interface that serves its JWKS, OAuth2 token endpoint, AGS line items and scores, the
NRPS roster, the OpenID configuration and the registration endpoint — like Moodle's.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
import uuid
from html import escape as html_escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
DL = "https://purl.imsglobal.org/spec/lti-dl/claim/"
ROLE_INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"
ROLE_LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"
ROLE_CONTENT_DEVELOPER = "http://purl.imsglobal.org/vocab/lis/v2/membership#ContentDeveloper"
ROLE_TA = "http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant"
ROLE_ADMIN = "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator"
ROLE_MENTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Mentor"


def new_rsa_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def pem(private_key) -> bytes:
    return private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def public_jwk(private_key, kid: str) -> dict:
    jwk = jwt.algorithms.RSAAlgorithm.to_jwk(private_key.public_key(), as_dict=True)
    return {**jwk, "kid": kid, "alg": "RS256", "use": "sig"}


class _PlatformHandler(BaseHTTPRequestHandler):
    """Moodle's endpoints as the specification describes them; ``platform`` is set per server."""

    platform: Platform

    def log_message(self, *args):  # quiet
        pass

    def _send(self, status: int, body=None, content_type="application/json", headers=None):
        data = (
            b""
            if body is None
            else (body if isinstance(body, bytes) else json.dumps(body).encode())
        )
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _body(self) -> bytes:
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def _bearer_ok(self, scope: str) -> bool:
        platform = self.platform
        auth = self.headers.get("Authorization", "")
        with platform.lock:
            tokens = {t["access_token"]: t for t in platform.token_requests}
        token = tokens.get(auth.removeprefix("Bearer "))
        if token is None or scope not in token["scope"].split():
            self._send(401, {"error": "invalid_token"})
            return False
        return True

    def do_GET(self):  # noqa: N802
        platform = self.platform
        parts = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        if parts.path in ("/course/view.php", "/mod/lti/launch.php", "/mod/lti/auth.php"):
            html = platform.browser_page(parts.path, query)
            return self._send(200, html.encode(), "text/html; charset=utf-8")
        if parts.path == "/favicon.ico":
            return self._send(204)
        if parts.path == "/mod/lti/certs.php":
            with platform.lock:
                platform.jwks_fetches += 1
            return self._send(200, platform.jwks())
        if parts.path == "/mod/lti/openid-configuration.php":
            if self.headers.get("Authorization") != f"Bearer {platform.registration_token}":
                return self._send(401, {"error": "registration token required"})
            return self._send(200, platform.openid_configuration())
        if parts.path == "/mod/lti/services.php/2/lineitems":
            if not self._bearer_ok("https://purl.imsglobal.org/spec/lti-ags/scope/lineitem"):
                return None
            items = [
                i
                for i in platform.lineitems.values()
                if "resource_id" not in query or i.get("resourceId") == query["resource_id"]
            ]
            return self._send(200, items, "application/vnd.ims.lis.v2.lineitemcontainer+json")
        if parts.path == "/mod/lti/services.php/CourseSection/2/bindings/1/memberships":
            scope = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
            if not self._bearer_ok(scope):
                return None
            page = int(query.get("page", "1"))
            size = platform.page_size
            chunk = platform.members[(page - 1) * size : page * size]
            headers = {}
            if page * size < len(platform.members):
                nxt = platform.memberships_url + "?" + urlencode({"page": page + 1})
                headers["Link"] = f'<{nxt}>; rel="next"'
            return self._send(
                200,
                {
                    "id": platform.memberships_url,
                    "context": {"id": "course-2"},
                    "members": chunk,
                },
                "application/vnd.ims.lti-nrps.v2.membershipcontainer+json",
                headers,
            )
        return self._send(404, {"error": "not found"})

    def do_POST(self):  # noqa: N802
        platform = self.platform
        parts = urlsplit(self.path)
        body = self._body()
        if parts.path == "/mod/lti/token.php":
            form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
            try:
                assert form["grant_type"] == "client_credentials"
                assert form["client_assertion_type"] == (
                    "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
                )
                platform._verify_client_assertion(form["client_assertion"])
            except (AssertionError, KeyError, jwt.PyJWTError, StopIteration) as exc:
                return self._send(400, {"error": "invalid_client", "detail": str(exc)})
            token = {"access_token": secrets.token_hex(16), "scope": form.get("scope", "")}
            with platform.lock:
                platform.token_requests.append(token)
            return self._send(
                200,
                {
                    "access_token": token["access_token"],
                    "token_type": "Bearer",
                    "expires_in": 3600,
                    "scope": token["scope"],
                },
            )
        if parts.path == "/mod/lti/services.php/2/lineitems":
            if not self._bearer_ok("https://purl.imsglobal.org/spec/lti-ags/scope/lineitem"):
                return None
            if platform.score_status == 503:
                return self._send(503, {"error": "maintenance"})
            item = json.loads(body)
            item_id = str(len(platform.lineitems) + 1)
            item["id"] = (
                f"{platform.base_url}/mod/lti/services.php/2/lineitems/{item_id}/lineitem?type_id=1"
            )
            platform.lineitems[item_id] = item
            return self._send(201, item, "application/vnd.ims.lis.v2.lineitem+json")
        if parts.path.startswith("/mod/lti/services.php/2/lineitems/") and parts.path.endswith(
            "/lineitem/scores"
        ):
            if not self._bearer_ok("https://purl.imsglobal.org/spec/lti-ags/scope/score"):
                return None
            if self.headers.get("Content-Type") != "application/vnd.ims.lis.v1.score+json":
                return self._send(415, {"error": "media type"})
            if platform.score_status:
                return self._send(platform.score_status, {"error": "platform says no"})
            score = json.loads(body)
            score["_lineitem"] = parts.path
            score["_query"] = parts.query
            with platform.lock:
                platform.scores.append(score)
            return self._send(204)
        if parts.path == "/mod/lti/contentitem_return.php":
            form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
            platform.deep_linking_responses.append(form.get("JWT", ""))
            html = "<!doctype html><p id='done'>Moodle received the content items</p>"
            return self._send(200, html.encode(), "text/html; charset=utf-8")
        if parts.path == "/mod/lti/openid-registration.php":
            if self.headers.get("Authorization") != f"Bearer {platform.registration_token}":
                return self._send(401, {"error": "registration token required"})
            request = json.loads(body)
            platform.registrations.append(request)
            tool_conf = request["https://purl.imsglobal.org/spec/lti-tool-configuration"]
            answer = {
                **request,
                "client_id": "dyn-" + uuid.uuid4().hex[:8],
                "https://purl.imsglobal.org/spec/lti-tool-configuration": {
                    **tool_conf,
                    "deployment_id": "77",
                },
            }
            return self._send(200, answer)
        return self._send(404, {"error": "not found"})


class Platform:
    """A Moodle-like platform. ``base_url`` is its issuer; call :meth:`stop` when done."""

    def __init__(self, *, client_id: str = "tool-client-1", deployment_id: str = "1"):
        self.client_id = client_id
        self.deployment_id = deployment_id
        self.key = new_rsa_key()
        self.kid = "plat-" + secrets.token_hex(4)
        self.extra_jwks: list[dict] = []
        self.tool_jwks: dict | None = None  # our view of the tool's public keys
        self.jwks_fetches = 0
        self.openid_overrides: dict = {}  # what a hostile platform puts in its configuration
        self.token_requests: list[dict] = []
        self.lineitems: dict[str, dict] = {}
        self.scores: list[dict] = []
        self.score_status: int | None = None  # e.g. 503 (down) or 409 (conflict)
        self.members: list[dict] = []
        self.page_size = 2
        self.registrations: list[dict] = []
        self.deep_linking_responses: list[str] = []
        self.registration_token = "reg-" + secrets.token_hex(8)
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    # --- URLs (as Moodle names them) ---
    @property
    def issuer(self) -> str:
        return self.base_url

    @property
    def auth_url(self) -> str:
        return self.base_url + "/mod/lti/auth.php"

    @property
    def token_url(self) -> str:
        return self.base_url + "/mod/lti/token.php"

    @property
    def jwks_url(self) -> str:
        return self.base_url + "/mod/lti/certs.php"

    @property
    def lineitems_url(self) -> str:
        return self.base_url + "/mod/lti/services.php/2/lineitems?type_id=1"

    @property
    def memberships_url(self) -> str:
        return self.base_url + "/mod/lti/services.php/CourseSection/2/bindings/1/memberships"

    @property
    def openid_configuration_url(self) -> str:
        return self.base_url + "/mod/lti/openid-configuration.php"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def rotate_key(self) -> None:
        self.key = new_rsa_key()
        self.kid = "plat-" + secrets.token_hex(4)

    def jwks(self) -> dict:
        return {"keys": [public_jwk(self.key, self.kid), *self.extra_jwks]}

    # --- OIDC third-party login initiation (LTI Core §5.1.1) ---
    def login_params(self, *, target_link_uri: str, **extra) -> dict:
        params = {
            "iss": self.issuer,
            "login_hint": "user-7",
            "target_link_uri": target_link_uri,
            "lti_message_hint": json.dumps({"cmid": 7, "launchid": "ltilaunch1_1"}),
            "client_id": self.client_id,
            "lti_deployment_id": self.deployment_id,
        }
        params.update(extra)
        return {k: v for k, v in params.items() if v is not None}

    def check_auth_request(self, redirect_location: str, *, redirect_uri: str) -> dict:
        """What the platform checks on the tool's authentication request (Security §5.1.1.2)."""
        parts = urlsplit(redirect_location)
        assert f"{parts.scheme}://{parts.netloc}{parts.path}" == self.auth_url
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        assert query["scope"] == "openid"
        assert query["response_type"] == "id_token"
        assert query["response_mode"] == "form_post"
        assert query["prompt"] == "none"
        assert query["client_id"] == self.client_id
        assert query["redirect_uri"] == redirect_uri, "redirect URI must match exactly"
        assert query["login_hint"] == "user-7"
        assert query["state"] and query["nonce"]
        return query

    # --- The id_token (LTI Core §5.1.2, Security §5.1.2) ---
    def claims(
        self,
        *,
        nonce: str,
        target_link_uri: str,
        roles: list[str] | None = None,
        message_type: str = "LtiResourceLinkRequest",
        sub: str = "user-7",
        **overrides,
    ) -> dict:
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": self.client_id,
            "sub": sub,
            "exp": now + 60,
            "iat": now,
            "nonce": nonce,
            "name": "สมชาย ใจดี",
            "given_name": "สมชาย",
            "family_name": "ใจดี",
            "email": "somchai@college.ac.th",
            LTI + "deployment_id": self.deployment_id,
            LTI + "message_type": message_type,
            LTI + "version": "1.3.0",
            LTI + "roles": [ROLE_LEARNER] if roles is None else roles,
            LTI + "target_link_uri": target_link_uri,
            LTI + "context": {
                "id": "course-2",
                "label": "MEC101",
                "title": "หุ่นยนต์อุตสาหกรรม 1",
                "type": ["http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering"],
            },
            LTI + "tool_platform": {"guid": "moodle-test", "product_family_code": "moodle"},
            LTI + "launch_presentation": {"document_target": "iframe"},
            "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice": {
                "context_memberships_url": self.memberships_url,
                "service_versions": ["2.0"],
            },
            "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint": {
                "scope": [
                    "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
                    "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly",
                    "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
                    "https://purl.imsglobal.org/spec/lti-ags/scope/score",
                ],
                "lineitems": self.lineitems_url,
            },
        }
        if message_type == "LtiResourceLinkRequest":
            claims[LTI + "resource_link"] = {"id": "rl-" + secrets.token_hex(3), "title": "x"}
        else:
            claims[DL + "deep_linking_settings"] = {
                "deep_link_return_url": self.base_url + "/mod/lti/contentitem_return.php",
                "accept_types": ["ltiResourceLink"],
                "accept_presentation_document_targets": ["iframe", "window"],
                "accept_multiple": True,
                "auto_create": True,
                "data": "moodle-dl-data-42",
            }
        for key, value in overrides.items():
            name = key if key in ("iss", "aud", "sub", "exp", "iat", "nonce", "azp") else key
            if value is None:
                claims.pop(name, None)
            else:
                claims[name] = value
        return claims

    def sign(self, claims: dict, *, key=None, kid: str | None = None, alg: str = "RS256") -> str:
        headers = {"kid": kid or self.kid}
        if alg == "none":
            return jwt.encode(claims, None, algorithm="none", headers=headers)
        if alg.startswith("HS"):
            return jwt.encode(claims, "shared-secret-" * 4, algorithm=alg, headers=headers)
        return jwt.encode(claims, pem(key or self.key), algorithm=alg, headers=headers)

    # --- Deep Linking response (what Moodle checks, DL §4.2) ---
    def read_deep_linking_response(self, token: str, tool_jwks: dict) -> dict:
        header = jwt.get_unverified_header(token)
        jwk = next(k for k in tool_jwks["keys"] if k["kid"] == header["kid"])
        return jwt.decode(
            token,
            key=jwt.PyJWK(jwk).key,
            algorithms=["RS256"],
            audience=self.issuer,
            issuer=self.client_id,
        )

    # --- HTTP services ---
    def _verify_client_assertion(self, assertion: str) -> dict:
        assert self.tool_jwks is not None, "the test must give the platform the tool's JWKS"
        header = jwt.get_unverified_header(assertion)
        jwk = next(k for k in self.tool_jwks["keys"] if k["kid"] == header["kid"])
        return jwt.decode(
            assertion,
            key=jwt.PyJWK(jwk).key,
            algorithms=["RS256"],
            audience=self.token_url,
            issuer=self.client_id,
        )

    def _handler(self):
        return type("Handler", (_PlatformHandler,), {"platform": self})

    # --- What a browser sees (Moodle's course page, its launch frame, its auth endpoint) ---
    browser_target: str = ""
    browser_tool_login: str = ""
    browser_roles: list[str] | None = None
    browser_storage = False
    browser_message_type = "LtiResourceLinkRequest"
    browser_sub = "user-7"  # who is signed in to the platform in the browser

    def browser_page(self, path: str, query: dict) -> str:
        def autopost(action: str, fields: dict) -> str:
            inputs = "".join(
                f'<input type="hidden" name="{html_escape(k)}" value="{html_escape(v)}">'
                for k, v in fields.items()
            )
            return (
                f'<form id="f" method="post" action="{html_escape(action)}">{inputs}</form>'
                "<script>document.getElementById('f').submit()</script>"
            )

        if path == "/course/view.php":
            # LTI client-side postMessage storage (lti.put_data / lti.get_data), answered by the
            # course page itself (target "_parent"), when the platform offers it.
            storage = (
                (
                    "<script>var store = {};"
                    "window.addEventListener('message', function (e) {"
                    " var d = e.data || {}; var r = {message_id: d.message_id, key: d.key};"
                    " if (d.subject === 'lti.put_data') { store[d.key] = d.value;"
                    "  r.subject = 'lti.put_data.response'; r.value = d.value; }"
                    " else if (d.subject === 'lti.get_data') { r.subject = 'lti.get_data.response';"
                    "  r.value = store[d.key]; } else { return; }"
                    " e.source.postMessage(r, e.origin); });</script>"
                )
                if self.browser_storage
                else ""
            )
            return (
                "<!doctype html><title>Moodle course</title><h1>Moodle: MEC101</h1>"
                + storage
                + '<iframe id="contentframe" src="/mod/lti/launch.php" '
                'style="width:1000px;height:700px"></iframe>'
            )
        if path == "/mod/lti/launch.php":
            extra = {"lti_storage_target": "_parent"} if self.browser_storage else {}
            params = self.login_params(target_link_uri=self.browser_target, **extra)
            return autopost(self.browser_tool_login, params)
        # auth.php: the tool's authentication request → the id_token, form_post to redirect_uri
        assert query["client_id"] == self.client_id and query["response_mode"] == "form_post"
        claims = self.claims(
            nonce=query["nonce"],
            target_link_uri=self.browser_target,
            roles=self.browser_roles,
            message_type=self.browser_message_type,
            sub=self.browser_sub,
        )
        return autopost(
            query["redirect_uri"], {"id_token": self.sign(claims), "state": query["state"]}
        )

    def openid_configuration(self) -> dict:
        return self._openid_configuration() | self.openid_overrides

    def _openid_configuration(self) -> dict:
        return {
            "issuer": self.issuer,
            "token_endpoint": self.token_url,
            "token_endpoint_auth_methods_supported": ["private_key_jwt"],
            "token_endpoint_auth_signing_alg_values_supported": ["RS256"],
            "jwks_uri": self.jwks_url,
            "authorization_endpoint": self.auth_url,
            "registration_endpoint": self.base_url + "/mod/lti/openid-registration.php",
            "scopes_supported": ["openid"],
            "response_types_supported": ["id_token"],
            "subject_types_supported": ["public", "pairwise"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "claims_supported": ["sub", "iss", "name", "given_name", "family_name", "email"],
            "https://purl.imsglobal.org/spec/lti-platform-configuration": {
                "product_family_code": "moodle",
                "version": "4.5.6",
                "messages_supported": [
                    {"type": "LtiResourceLinkRequest"},
                    {"type": "LtiDeepLinkingRequest"},
                ],
            },
        }
