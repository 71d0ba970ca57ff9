"""The one outbound HTTP client, against real servers on loopback."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from intelligent_center import outbound


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802
        routes = {
            "/ok": lambda: self._answer(200, b"hello"),
            "/big": lambda: self._answer(200, b"x" * 4096),
            "/to-ok": lambda: self._redirect("/ok"),
            "/loop": lambda: self._redirect("/loop"),
            "/drip": self._drip,
            "/to-loopback-ip": lambda: self._redirect(
                f"http://127.0.0.1:{self.server.server_address[1]}/ok"
            ),
        }
        routes.get(self.path, lambda: self._answer(404, b"no"))()

    def _answer(self, status, body):
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, where):
        self.send_response(302)
        self.send_header("Location", where)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _drip(self):
        """A header every half second, for ever: each read is quick, the whole never ends."""
        self.wfile.write(b"HTTP/1.1 200 OK\r\n")
        try:
            for n in range(120):
                self.wfile.write(f"X-Drip-{n}: 1\r\n".encode())
                self.wfile.flush()
                time.sleep(0.5)
        except OSError:
            pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture
def public_only(settings):
    """Production's policy: nothing private is allow-listed."""
    settings.OUTBOUND_ALLOWED_HOSTS = []
    return settings


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/",
        "http://localhost:9/",
        "http://[::1]:9/",
        "http://10.1.2.3/",
        "http://169.254.169.254/latest/meta-data/",
        "http://0.0.0.0:9/",
        "http://224.0.0.1/",
        "http://2130706433/",  # 127.0.0.1 as one integer
    ],
)
def test_private_loopback_link_local_and_multicast_addresses_are_refused(public_only, url):
    with pytest.raises(outbound.OutboundRefused, match="refused address"):
        outbound.http_request("GET", url)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "gopher://example.org/", "ftp://x/", "/x"])
def test_only_http_and_https_are_fetched(public_only, url):
    with pytest.raises(outbound.OutboundRefused, match="only http"):
        outbound.http_request("GET", url)


def test_an_allow_listed_intranet_host_is_reached(server, settings):
    settings.OUTBOUND_ALLOWED_HOSTS = ["127.0.0.0/8"]
    response = outbound.http_request("GET", server + "/ok")
    assert (response.status_code, response.content) == (200, b"hello")


def test_redirects_are_followed_and_capped(server, settings):
    settings.OUTBOUND_ALLOWED_HOSTS = ["127.0.0.1"]
    assert outbound.http_request("GET", server + "/to-ok").content == b"hello"
    with pytest.raises(outbound.OutboundRefused, match="more than 3 redirects"):
        outbound.http_request("GET", server + "/loop")


def test_every_hop_is_checked_so_a_redirect_cannot_reach_a_private_address(server, settings):
    settings.OUTBOUND_ALLOWED_HOSTS = ["localhost"]  # the first hop only
    first_hop = server.replace("127.0.0.1", "localhost")
    assert outbound.http_request("GET", first_hop + "/ok").content == b"hello"
    with pytest.raises(outbound.OutboundRefused, match="refused address"):
        outbound.http_request("GET", first_hop + "/to-loopback-ip")


def test_an_answer_over_the_cap_is_refused(server, settings):
    settings.OUTBOUND_ALLOWED_HOSTS = ["127.0.0.1"]
    with pytest.raises(outbound.OutboundRefused, match="byte cap"):
        outbound.http_request("GET", server + "/big", max_bytes=1024)


def test_a_server_dripping_its_headers_is_cut_at_the_deadline(server, settings):
    settings.OUTBOUND_ALLOWED_HOSTS = ["127.0.0.1"]
    started = time.monotonic()
    with pytest.raises(outbound.OutboundRefused, match="within 2 s"):
        outbound.http_request("GET", server + "/drip", timeout=1, deadline=2)
    assert time.monotonic() - started < 4  # each read was quick: only the deadline stops it
