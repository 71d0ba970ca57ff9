"""Sign-in: public accounts (django-allauth: sign-up, e-mail confirmation, password reset, OpenID
Connect single sign-on), who may log in and how often they may try (django-axes), rate limits of
anonymous endpoints (django-ratelimit)."""

from . import env


def accounts_settings() -> dict:
    return {
        # Axes must come first: it refuses a locked-out login before any password is checked.
        "AUTHENTICATION_BACKENDS": [
            "axes.backends.AxesStandaloneBackend",
            "django.contrib.auth.backends.ModelBackend",
            "allauth.account.auth_backends.AuthenticationBackend",
        ],
        # The public site's form says "login" (an e-mail address), Wagtail's admin "username".
        "AXES_USERNAME_CALLABLE": "accounts.throttling.username_tried",
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
        **public_accounts_settings(),
    }


def oidc_form_action_origins() -> list[str]:
    """The identity provider's origin: the SSO button's form redirects there (CSP form-action
    applies to the redirect after a form is sent)."""
    from urllib.parse import urlsplit

    if not env.OIDC_ISSUER:
        return []
    parts = urlsplit(env.OIDC_ISSUER)
    return [f"{parts.scheme}://{parts.netloc}"]


def oidc_providers() -> dict:
    """allauth's OpenID Connect provider, configured only from the environment (or absent)."""
    if not env.OIDC_ISSUER:
        return {}
    return {
        "openid_connect": {
            "OAUTH_PKCE_ENABLED": True,
            "APPS": [
                {
                    "provider_id": "sso",
                    "name": env.OIDC_NAME,
                    "client_id": env.OIDC_CLIENT_ID,
                    "secret": env.OIDC_CLIENT_SECRET,
                    "settings": {"server_url": env.OIDC_ISSUER, "token_auth_method": ""},
                }
            ],
        }
    }


def public_accounts_settings() -> dict:
    return {
        "ACCOUNT_ADAPTER": "accounts.adapters.AccountAdapter",
        "SOCIALACCOUNT_ADAPTER": "accounts.adapters.SocialAccountAdapter",
        "ACCOUNT_LOGIN_METHODS": {"email"},
        "ACCOUNT_SIGNUP_FIELDS": ["email*", "password1*", "password2*"],
        "ACCOUNT_EMAIL_VERIFICATION": "mandatory",
        "ACCOUNT_CONFIRM_EMAIL_ON_GET": False,
        "ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION": True,
        "ACCOUNT_UNIQUE_EMAIL": True,
        "ACCOUNT_SIGNUP_FORM_CLASS": "accounts.forms.ProfileSignupForm",
        "ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE": False,
        # Wrong passwords are counted by django-axes alone (one rule, one bilingual 429 page);
        # allauth keeps its other limits (e-mails per address, sign-ups per address...).
        "ACCOUNT_RATE_LIMITS": {"login_failed": None},
        "ACCOUNT_EMAIL_SUBJECT_PREFIX": "[คลังปัญญาอาชีวศึกษา] ",
        "ACCOUNT_SIGNUP_MODE": env.ACCOUNT_SIGNUP_MODE,
        "ACCOUNT_SIGNUP_DOMAINS": env.ACCOUNT_SIGNUP_DOMAINS,
        # A provider's e-mail address never signs into an existing account by itself: linking an
        # identity is done by its owner, signed in (the same rule as LTI identities).
        "SOCIALACCOUNT_EMAIL_AUTHENTICATION": False,
        "SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT": False,
        "SOCIALACCOUNT_AUTO_SIGNUP": True,
        "SOCIALACCOUNT_ONLY": False,
        "SOCIALACCOUNT_PROVIDERS": oidc_providers(),
        "LOGIN_REDIRECT_URL": "accounts:my_work",
        "ACCOUNT_LOGOUT_REDIRECT_URL": "/",
        # A page restricted to signed-in users sends visitors to the public sign-in, not the
        # admin's (LOGIN_URL stays Wagtail's login for the staff pages).
        "WAGTAIL_FRONTEND_LOGIN_URL": "account_login",
    }
