"""Our RS256 signing keys: create, publish as JWKS, rotate with a grace period."""

from __future__ import annotations

import secrets
from datetime import timedelta

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import ToolKey


def _new_key() -> ToolKey:
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    kid = secrets.token_hex(16)
    public_jwk = jwt.algorithms.RSAAlgorithm.to_jwk(private.public_key(), as_dict=True)
    public_jwk.update({"kid": kid, "alg": "RS256", "use": "sig"})
    return ToolKey.objects.create(kid=kid, private_key_pem=pem, public_jwk=public_jwk)


@transaction.atomic
def key_current() -> ToolKey:
    """The key we sign with now (made on first use)."""
    key = ToolKey.objects.select_for_update().filter(retired_at__isnull=True).first()
    return key or _new_key()


@transaction.atomic
def keys_rotate(*, grace_days: int | None = None) -> tuple[ToolKey, list[ToolKey]]:
    """A new current key; the old ones stay in the JWKS for ``grace_days`` then disappear."""
    days = settings.LTI_KEY_GRACE_DAYS if grace_days is None else grace_days
    now = timezone.now()
    retiring = list(ToolKey.objects.select_for_update().filter(retired_at__isnull=True))
    for key in retiring:
        key.retired_at = now
        key.publish_until = now + timedelta(days=days)
        key.save(update_fields=["retired_at", "publish_until"])
    return _new_key(), retiring


def jwks() -> dict:
    key_current()
    return {"keys": [key.public_jwk for key in ToolKey.objects.published()]}


_loaded_keys: dict[str, object] = {}


def _private_key(key: ToolKey):
    """Parsing a PEM RSA key costs ~0.1 s (cryptography checks it): parse each key once."""
    loaded = _loaded_keys.get(key.kid)
    if loaded is None:
        loaded = serialization.load_pem_private_key(key.private_key_pem.encode(), password=None)
        _loaded_keys[key.kid] = loaded
    return loaded


def jwt_sign(payload: dict) -> str:
    key = key_current()
    return jwt.encode(payload, _private_key(key), algorithm="RS256", headers={"kid": key.kid})
