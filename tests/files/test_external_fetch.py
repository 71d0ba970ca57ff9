"""#14 item 2 through the publishing path: publishing a simulator whose external URL points at
the server's own network never makes the server fetch it (the outbound client refuses private
addresses unless allow-listed); the allow-listed case shows the check does fetch."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from files import services_external

pytestmark = pytest.mark.django_db


class _Recorder(BaseHTTPRequestHandler):
    hits: list[str] = []

    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802
        _Recorder.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")


@pytest.fixture
def internal_service():
    _Recorder.hits = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def _publish(make_simulator_page, url, slug, capture):
    with capture(execute=True):
        make_simulator_page(external_url=url, slug=slug)


def test_publishing_a_simulator_at_a_loopback_address_never_fetches_it(
    make_simulator_page, internal_service, settings, django_capture_on_commit_callbacks
):
    settings.OUTBOUND_ALLOWED_HOSTS = []  # production: nothing private is allow-listed
    url = f"{internal_service}/admin-panel/"
    _publish(make_simulator_page, url, "ssrf-sim", django_capture_on_commit_callbacks)
    assert _Recorder.hits == []
    assert services_external.external_embed_allowed(url=url) is False


def test_an_allow_listed_intranet_simulator_is_checked(
    make_simulator_page, internal_service, settings, django_capture_on_commit_callbacks
):
    settings.OUTBOUND_ALLOWED_HOSTS = ["127.0.0.0/8"]
    url = f"{internal_service}/plc/"
    _publish(make_simulator_page, url, "intranet-sim", django_capture_on_commit_callbacks)
    assert _Recorder.hits == ["/plc/"]
