"""Sign-in: who may log in and how often they may try (django-axes), rate limits of anonymous
endpoints (django-ratelimit)."""

from . import env


def accounts_settings() -> dict:
    return {
        # Axes must come first: it refuses a locked-out login before any password is checked.
        "AUTHENTICATION_BACKENDS": [
            "axes.backends.AxesStandaloneBackend",
            "django.contrib.auth.backends.ModelBackend",
        ],
        # Five wrong passwords for one account from one address lock it there for 15 minutes;
        # a right password resets the count. The site's other users and addresses carry on.
        "AXES_FAILURE_LIMIT": env.AXES_FAILURE_LIMIT,
        "AXES_COOLOFF_TIME": env.AXES_COOLOFF_MINUTES / 60,  # hours
        "AXES_LOCKOUT_PARAMETERS": [["username", "ip_address"]],
        "AXES_RESET_ON_SUCCESS": True,
        "AXES_LOCKOUT_CALLABLE": "intelligent_center.views.account_locked",
        "AXES_HTTP_RESPONSE_CODE": 429,
        "AXES_VERBOSE": False,
        # The client's address: REMOTE_ADDR, or behind N trusted proxies (TRUSTED_PROXY_COUNT)
        # the address they appended to X-Forwarded-For; a client cannot forge either.
        "AXES_IPWARE_PROXY_COUNT": env.TRUSTED_PROXY_COUNT or None,
        "AXES_IPWARE_META_PRECEDENCE_ORDER": (
            ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if env.TRUSTED_PROXY_COUNT else ["REMOTE_ADDR"]
        ),
        # Anonymous LTI logins (OIDC initiation) per client address and minute.
        "LTI_LOGIN_RATE": env.LTI_LOGIN_RATE,
        "RATELIMIT_VIEW": "intelligent_center.views.rate_limited",
        "RATELIMIT_IP_META_KEY": "intelligent_center.client_ip.client_ip",
        "TRUSTED_PROXY_COUNT": env.TRUSTED_PROXY_COUNT,
    }
