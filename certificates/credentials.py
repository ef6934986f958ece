"""Verifiable credentials: a certificate as an Open Badges 3.0 / W3C Verifiable Credential,
signed by the platform's Ed25519 key as a VC-JWT (PyJWT + cryptography).

The key comes from PLATFORM_SIGNING_KEY (a PEM file path or the PEM text itself). Without it, a
development key is generated once into var/keys/ (not in git); production sets the variable. The
public key is published as a JWKS (certificates:jwks) so anyone can verify a credential offline.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import logging
import os
from pathlib import Path

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from .models import Certificate
from .qr import public_base_url, verification_url

logger = logging.getLogger(__name__)
ALGORITHM = "EdDSA"
CONTEXTS = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]


def _dev_key_path() -> Path:
    return Path(settings.BASE_DIR) / "var" / "keys" / "platform-ed25519.pem"


def _load_or_create_pem() -> bytes:
    configured = os.environ.get("PLATFORM_SIGNING_KEY", "") or getattr(
        settings, "PLATFORM_SIGNING_KEY", ""
    )
    if configured.strip().startswith("-----BEGIN"):
        return configured.encode()
    if configured:
        return Path(configured).read_bytes()
    path = _dev_key_path()
    if not path.exists():
        logger.warning("PLATFORM_SIGNING_KEY is not set: generating a development key at %s", path)
        path.parent.mkdir(parents=True, exist_ok=True)
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        partial = path.with_suffix(".tmp")
        partial.write_bytes(pem)
        os.chmod(partial, 0o600)
        partial.replace(path)
    return path.read_bytes()


@functools.cache
def signing_key() -> Ed25519PrivateKey:
    """The platform's private signing key (cached per process)."""
    key = serialization.load_pem_private_key(_load_or_create_pem(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError("PLATFORM_SIGNING_KEY must be an Ed25519 private key.")
    return key


def public_jwk() -> dict:
    """The public key as a JWK with its RFC 7638 thumbprint as key id."""
    jwk = json.loads(jwt.algorithms.OKPAlgorithm.to_jwk(signing_key().public_key()))
    canonical = json.dumps({k: jwk[k] for k in ("crv", "kty", "x")}, separators=(",", ":"))
    kid = base64.urlsafe_b64encode(hashlib.sha256(canonical.encode()).digest()).rstrip(b"=")
    return {**jwk, "kid": kid.decode(), "use": "sig", "alg": ALGORITHM}


def jwks() -> dict:
    """The JSON Web Key Set verifiers fetch."""
    return {"keys": [public_jwk()]}


def issuer_id() -> str:
    """The issuer's identifier: the address of its public key set."""
    with translation.override(settings.LANGUAGE_CODE):
        return public_base_url() + reverse("certificates:jwks")


def credential_for(certificate: Certificate) -> dict:
    """The Open Badges 3.0 credential of a certificate, from its frozen snapshot."""
    snapshot = certificate.snapshot
    url = verification_url(certificate.code)
    achievement = {
        "id": f"{public_base_url()}/certificates/achievements/{certificate.kind}/"
        f"{certificate.achievement_key}",
        "type": ["Achievement"],
        "name": snapshot["title"],
        "criteria": {"narrative": str(certificate.get_kind_display())},
    }
    if snapshot.get("credit_hours") is not None:
        achievement["creditsAvailable"] = float(snapshot["credit_hours"])
    credential = {
        "@context": CONTEXTS,
        "id": url,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer_id(), "type": ["Profile"], "name": snapshot["issuer"]},
        "validFrom": certificate.issued_at.isoformat(),
        "name": snapshot["title"],
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "name": snapshot["holder_name"],
            "achievement": achievement,
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityType": "identifier",
                    "hashed": False,
                    "identityHash": snapshot["serial"],
                }
            ],
        },
    }
    if certificate.expires_at:
        credential["validUntil"] = certificate.expires_at.isoformat()
    return credential


def credential_sign(certificate: Certificate) -> str:
    """The credential as a compact VC-JWT signed with the platform key."""
    credential = credential_for(certificate)
    claims = {
        "iss": credential["issuer"]["id"],
        "jti": credential["id"],
        "sub": certificate.serial,
        "nbf": int(certificate.issued_at.timestamp()),
        "vc": credential,
    }
    if certificate.expires_at:
        claims["exp"] = int(certificate.expires_at.timestamp())
    return jwt.encode(
        claims, signing_key(), algorithm=ALGORITHM, headers={"kid": public_jwk()["kid"]}
    )


def credential_verify(token: str, *, jwk: dict | None = None) -> dict:
    """Check a VC-JWT's signature against the platform's public key (or `jwk`) and return its
    claims; raises jwt.InvalidTokenError when it was altered or signed by another key."""
    key = jwt.PyJWK(jwk or public_jwk()).key
    return jwt.decode(token, key, algorithms=[ALGORITHM], options={"verify_exp": False})
