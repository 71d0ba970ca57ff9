import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from lms_bridge import protocol, services


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = (
        "Measure the server side of LTI launches: OIDC login + id_token validation (RS256, JWKS "
        "served over loopback HTTP and cached) + user/course/launch records. Everything it "
        "creates is rolled back."
    )

    def add_arguments(self, parser):
        parser.add_argument("--launches", type=int, default=200)
        parser.add_argument("--benchmark", action="store_true", help="(accepted for uniformity)")

    def handle(self, *args, launches, **options):
        if launches < 1:
            raise CommandError("--launches must be at least 1 / ต้องมีอย่างน้อย 1")
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site is None:
            raise CommandError("No default site: run migrations first / ยังไม่มีเว็บไซต์หลัก")
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        kid = secrets.token_hex(4)
        jwk = jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key(), as_dict=True)
        jwks = json.dumps({"keys": [{**jwk, "kid": kid, "alg": "RS256"}]}).encode()
        fetches = []

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def do_GET(self):  # noqa: N802
                fetches.append(1)
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(jwks)))
                self.end_headers()
                self.wfile.write(jwks)

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}"
        target = settings.LTI_TOOL_BASE_URL.rstrip("/") + "/"  # the home page
        timings = []
        queries = 0
        try:
            with transaction.atomic():
                services.platform_register(
                    name="benchmark",
                    issuer=base,
                    client_id="bench",
                    auth_login_url=base + "/auth",
                    auth_token_url=base + "/token",
                    jwks_url=base + "/jwks",
                    deployment_ids=["1"],
                )
                for i in range(launches):
                    started = time.perf_counter()
                    with CaptureQueriesContext(connection) as captured:
                        state, _url = services.login_start(
                            params={
                                "iss": base,
                                "login_hint": "u",
                                "target_link_uri": target,
                                "client_id": "bench",
                            }
                        )
                        now = int(time.time())
                        token = jwt.encode(
                            {
                                "iss": base,
                                "aud": "bench",
                                "sub": f"user-{i % 50}",
                                "iat": now,
                                "exp": now + 60,
                                "nonce": state.nonce,
                                protocol.CLAIM_DEPLOYMENT_ID: "1",
                                protocol.CLAIM_MESSAGE_TYPE: protocol.MESSAGE_RESOURCE,
                                protocol.CLAIM_VERSION: "1.3.0",
                                protocol.CLAIM_ROLES: [
                                    "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"
                                ],
                                protocol.CLAIM_TARGET_LINK_URI: target,
                                protocol.CLAIM_RESOURCE_LINK: {"id": "rl-1"},
                                protocol.CLAIM_CONTEXT: {"id": "c-1", "title": "bench"},
                            },
                            key,
                            algorithm="RS256",
                            headers={"kid": kid},
                        )
                        valid = services.launch_validate(
                            id_token=token, state=state.state, browser_token=state.browser_token
                        )
                        services.launch_record(valid=valid)
                    queries += len(captured)
                    timings.append(time.perf_counter() - started)
                    if (i + 1) % 50 == 0:
                        self.stdout.write(f"  {i + 1}/{launches}")
                raise _Rollback
        except _Rollback:
            pass
        finally:
            server.shutdown()
            server.server_close()
        timings.sort()
        mean = sum(timings) / len(timings)
        p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
        self.stdout.write(
            f"{launches} launches: mean {mean * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, "
            f"{launches / sum(timings):.0f} launches/s, {queries / launches:.0f} queries/launch, "
            f"JWKS fetched {len(fetches)}x"
        )
