"""LTI 1.3 tool settings (the Moodle bridge)."""

from . import env


def lti_settings() -> dict:
    """The ``LTI_*`` settings."""
    return {
        "LTI_TOOL_TITLE": "Intelligent Center — คลังปัญญาอาชีวศึกษา",
        "LTI_TOOL_BASE_URL": env.SITE_BASE_URL,
        # Clock difference accepted on exp/iat of platform tokens (seconds; spec allows a little).
        "LTI_CLOCK_LEEWAY_SECONDS": 60,
        # How long a platform's public key set stays cached before it is fetched again.
        "LTI_JWKS_CACHE_SECONDS": env.LTI_JWKS_CACHE_SECONDS,
        # Timeout of every HTTP call to a platform (JWKS, token, grades, roster).
        "LTI_HTTP_TIMEOUT": env.LTI_HTTP_TIMEOUT,
        # A login state (OIDC) must be used within this many seconds.
        "LTI_LOGIN_STATE_SECONDS": 600,
        # A launch's picker/roster pages stay usable this long.
        "LTI_LAUNCH_SESSION_SECONDS": 8 * 60 * 60,
        # Retired signing keys stay in our JWKS this long (`lti_rotate_keys --grace-days`).
        "LTI_KEY_GRACE_DAYS": env.LTI_KEY_GRACE_DAYS,
        # Grade passback retries: first delay, doubling, capped (a score is never dropped).
        "LTI_SCORE_RETRY_BASE_SECONDS": 60,
        "LTI_SCORE_RETRY_MAX_SECONDS": 6 * 60 * 60,
        # A score "being sent" longer than this belonged to a worker that died: send it again.
        "LTI_SCORE_CLAIM_STALE_SECONDS": 120,
        # The one-time ticket that opens a validated launch in a new window is good this long.
        "LTI_TICKET_SECONDS": 300,
    }
