"""The outbound HTTP client's policy (intelligent_center/outbound.py)."""

from . import env


def outbound_settings() -> dict:
    return {
        # Private hosts we may reach anyway (an intranet Moodle): names or networks (CIDR).
        "OUTBOUND_ALLOWED_HOSTS": env.OUTBOUND_ALLOWED_HOSTS,
        "OUTBOUND_MAX_REDIRECTS": 3,
        # One connect or read; the whole exchange; the largest answer read.
        "OUTBOUND_TIMEOUT_SECONDS": 5,
        "OUTBOUND_DEADLINE_SECONDS": 15,
        "OUTBOUND_MAX_BYTES": 5 * 1024 * 1024,
        # A platform's key set is fetched again for an unknown kid at most this often.
        "LTI_JWKS_REFETCH_SECONDS": 60,
    }
