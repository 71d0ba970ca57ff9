"""The project's one outbound HTTP client: every request to another server goes through it.

Each hop is checked where it connects (requests-hardened pins the resolved address): http(s) only,
no private, loopback, link-local, multicast or reserved address unless the host is allow-listed
(``OUTBOUND_ALLOWED_HOSTS``: an intranet Moodle), at most ``OUTBOUND_MAX_REDIRECTS`` redirects,
a total deadline (a server that drips its headers cannot hold a worker) and a size cap.
"""

from __future__ import annotations

import contextlib
import contextvars
import ipaddress
import socket
import threading
import time
from urllib.parse import urljoin, urlsplit

import requests
from django.conf import settings
from requests.adapters import HTTPAdapter
from requests_hardened import Config, Manager
from requests_hardened.ip_filter import InvalidIPAddress
from requests_hardened.ip_filter_adapter import IPFilterAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

REDIRECT_STATUSES = {301, 302, 303, 307, 308}
_open_sockets: contextvars.ContextVar[list] = contextvars.ContextVar("outbound_open_sockets")


class OutboundRefused(requests.RequestException):
    """Refused before or while fetching: the address, the scheme, the size or the time."""


# --- Connections that can be cut when the deadline passes -----------------------------------


class _TrackedConnectionMixin:
    def connect(self):
        super().connect()
        sockets = _open_sockets.get(None)
        if sockets is not None:
            sockets.append(self.sock)


class _TrackedHTTPConnection(_TrackedConnectionMixin, HTTPConnection):
    pass


class _TrackedHTTPSConnection(_TrackedConnectionMixin, HTTPSConnection):
    pass


class _TrackedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _TrackedHTTPConnection


class _TrackedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _TrackedHTTPSConnection


class _TrackedPoolsMixin:
    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": _TrackedHTTPPool,
            "https": _TrackedHTTPSPool,
        }


class _FilteredAdapter(_TrackedPoolsMixin, IPFilterAdapter):
    pass


class _AllowListedAdapter(_TrackedPoolsMixin, HTTPAdapter):
    pass


def _session(*, filtered: bool) -> requests.Session:
    session = Manager(
        Config(
            ip_filter_enable=False,  # our adapters below do the filtering
            ip_filter_allow_loopback_ips=False,
            never_redirect=True,  # redirects are followed here, one checked hop at a time
            default_timeout=(5, 10),
        )
    ).get_session()
    for scheme in ("http://", "https://"):
        adapter = (
            _FilteredAdapter(is_https_proto=scheme == "https://")
            if filtered
            else _AllowListedAdapter()
        )
        session.mount(scheme, adapter)
    return session


# --- Policy ---------------------------------------------------------------------------------


def host_is_allow_listed(host: str) -> bool:
    """``OUTBOUND_ALLOWED_HOSTS`` holds host names (``moodle.college.local``) or networks
    (``10.20.0.0/16``) that may be reached although they are private."""
    host = host.lower().strip("[]")
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        address = None
    for entry in settings.OUTBOUND_ALLOWED_HOSTS:
        entry = entry.lower()
        if "/" in entry and address is not None:
            if address in ipaddress.ip_network(entry, strict=False):
                return True
        elif entry == host:
            return True
    return False


def _checked_url(url: str) -> tuple[str, bool]:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise OutboundRefused(f"only http(s) URLs with a host may be fetched: {url[:200]!r}")
    return url, host_is_allow_listed(parts.hostname)


# --- The client -----------------------------------------------------------------------------


def http_request(
    method: str,
    url: str,
    *,
    timeout: float | None = None,
    deadline: float | None = None,
    max_bytes: int | None = None,
    allow_redirects: bool = True,
    headers_only: bool = False,
    **kwargs,
) -> requests.Response:
    """Like ``requests.request`` (same response object, body already read), within the policy.

    ``timeout`` bounds each connect and read, ``deadline`` the whole exchange (seconds);
    ``headers_only`` closes the connection once the headers are in (the body is not read).
    Raises :class:`OutboundRefused` (a ``requests.RequestException``) when the policy says no.
    """
    deadline = deadline or settings.OUTBOUND_DEADLINE_SECONDS
    timeout = timeout or settings.OUTBOUND_TIMEOUT_SECONDS
    max_bytes = max_bytes or settings.OUTBOUND_MAX_BYTES
    outcome: dict = {}
    sockets: list = []

    def run():
        _open_sockets.set(sockets)
        try:
            outcome["response"] = _exchange(
                method,
                url,
                timeout=timeout,
                limits=(0 if headers_only else max_bytes, started, deadline),
                allow_redirects=allow_redirects,
                **kwargs,
            )
        except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread
            outcome["error"] = exc

    started = time.monotonic()
    worker = threading.Thread(target=run, name="outbound-http", daemon=True)
    worker.start()
    worker.join(deadline)
    if worker.is_alive():
        for sock in sockets:  # unblock the worker's read now
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        worker.join(1)
        raise OutboundRefused(f"no full answer within {deadline:g} s: {url[:200]}")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["response"]


def _exchange(method, url, *, timeout, limits, allow_redirects, **kwargs):
    max_bytes, started, deadline = limits
    hops = 0
    while True:
        url, allow_listed = _checked_url(url)
        with _session(filtered=not allow_listed) as session:
            try:
                response = session.request(
                    method, url, timeout=timeout, stream=True, allow_redirects=False, **kwargs
                )
            except InvalidIPAddress as exc:
                raise OutboundRefused(f"refused address for {url[:200]}: {exc}") from exc
            if response.status_code in REDIRECT_STATUSES and allow_redirects:
                hops += 1
                if hops > settings.OUTBOUND_MAX_REDIRECTS:
                    response.close()
                    raise OutboundRefused(f"more than {settings.OUTBOUND_MAX_REDIRECTS} redirects")
                url = urljoin(url, response.headers.get("Location", ""))
                response.close()
                if response.status_code == 303:
                    method, kwargs = "GET", {k: v for k, v in kwargs.items() if k == "headers"}
                continue
            if max_bytes:
                _read_capped(response, max_bytes=max_bytes, started=started, deadline=deadline)
            else:
                response._content, response._content_consumed = b"", True
                response.close()
            return response


def _read_capped(response: requests.Response, *, max_bytes: int, started: float, deadline):
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        response.close()
        raise OutboundRefused(f"answer of {declared} bytes is over the {max_bytes}-byte cap")
    body = bytearray()
    for chunk in response.iter_content(64 * 1024):
        body += chunk
        if len(body) > max_bytes:
            response.close()
            raise OutboundRefused(f"answer is over the {max_bytes}-byte cap")
        if time.monotonic() - started > deadline:
            response.close()
            raise OutboundRefused(f"no full answer within {deadline:g} s")
    response._content = bytes(body)
    response._content_consumed = True
    response.close()


class OutboundSession(requests.Session):
    """A ``requests.Session`` for libraries that ask for one (allauth's OpenID Connect calls:
    discovery, token, userinfo, JWKS): every request goes through :func:`http_request`, so the
    identity provider is held to the same policy as any other server."""

    def request(self, method, url, **kwargs):
        kwargs.pop("stream", None)  # the body is always read (within the size cap)
        timeout = kwargs.pop("timeout", None)
        if isinstance(timeout, tuple):  # (connect, read): the longer bounds each step here
            timeout = max((t for t in timeout if t), default=None)
        allow_redirects = kwargs.pop("allow_redirects", True)
        return http_request(method, url, timeout=timeout, allow_redirects=allow_redirects, **kwargs)
