"""Verifiable credentials: a certificate as an Open Badges 3.0 / W3C Verifiable Credential,
signed by the platform's Ed25519 key as a VC-JWT (PyJWT + cryptography), and the revocation
status lists verifiers check them against (W3C Bitstring Status List v1.0).

Every credential carries a `credentialStatus` BitstringStatusListEntry naming its place in a
published status list credential (certificates:status_list, signed like the others); the bit
at that place is 1 once the certificate is revoked.

The key comes from PLATFORM_SIGNING_KEY (a PEM file path or the PEM text itself). Without it, a
development key is generated once into var/keys/ (not in git); production sets the variable. The
public key is published as a JWKS (certificates:jwks) so anyone can verify a credential offline.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import gzip
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
from django.utils import timezone, translation

from core.signing_keys import new_ed25519_pem

from .models import STATUS_LIST_SIZE, Certificate
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
        pem = new_ed25519_pem().encode()
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
    status = credential_status_entry(certificate)
    if status is not None:
        credential["credentialStatus"] = status
    return credential


# --- revocation status lists (W3C Bitstring Status List) ----------------------------------------

STATUS_PURPOSE = "revocation"
# How long a verifier may cache a status list (also its HTTP max-age): a revocation shows within
# this many seconds.
STATUS_LIST_TTL_SECONDS = 300


def status_list_url(list_number: int) -> str:
    """The public address of status list `list_number` (in the default language, at the root)."""
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("certificates:status_list", kwargs={"list_number": list_number})
    return public_base_url() + path


def credential_status_entry(certificate: Certificate) -> dict | None:
    """The certificate's BitstringStatusListEntry: which list and which bit says whether it is
    revoked. None for a certificate without a place (none since migration 0003)."""
    if certificate.status_index is None:
        return None
    list_number, position = divmod(certificate.status_index, STATUS_LIST_SIZE)
    url = status_list_url(list_number)
    return {
        "id": f"{url}#{position}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": STATUS_PURPOSE,
        "statusListIndex": str(position),
        "statusListCredential": url,
    }


def encode_bitstring(positions, *, size: int = STATUS_LIST_SIZE) -> str:
    """The spec's encodedList: a bitstring of `size` bits (bit 0 is the most significant bit of
    the first byte) with the bits at `positions` set, GZIP-compressed, base64url without padding,
    with the multibase prefix "u"."""
    bits = bytearray(size // 8)
    for position in positions:
        bits[position // 8] |= 0x80 >> (position % 8)
    # mtime=0: the same list always encodes the same (caches and tests can compare).
    compressed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).rstrip(b"=").decode()


def status_list_credential(*, list_number: int, now: dt.datetime | None = None) -> dict:
    """The BitstringStatusListCredential of list `list_number` as it stands now."""
    from .selectors import status_list_revoked_positions

    now = (now or timezone.now()).replace(microsecond=0)
    url = status_list_url(list_number)
    positions = status_list_revoked_positions(list_number=list_number)
    return {
        "@context": [CONTEXTS[0]],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_id(),
        "validFrom": now.isoformat(),
        "validUntil": (now + dt.timedelta(seconds=STATUS_LIST_TTL_SECONDS)).isoformat(),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": STATUS_PURPOSE,
            "ttl": STATUS_LIST_TTL_SECONDS * 1000,
            "encodedList": encode_bitstring(positions),
        },
    }


def status_list_sign(*, list_number: int, now: dt.datetime | None = None) -> str:
    """The status list credential as a compact VC-JWT signed with the platform key, like the
    certificates' own credentials."""
    credential = status_list_credential(list_number=list_number, now=now)
    valid_from = dt.datetime.fromisoformat(credential["validFrom"])
    valid_until = dt.datetime.fromisoformat(credential["validUntil"])
    claims = {
        "iss": credential["issuer"],
        "jti": credential["id"],
        "sub": credential["credentialSubject"]["id"],
        "iat": int(valid_from.timestamp()),
        "nbf": int(valid_from.timestamp()),
        "exp": int(valid_until.timestamp()),
        "vc": credential,
    }
    return jwt.encode(
        claims, signing_key(), algorithm=ALGORITHM, headers={"kid": public_jwk()["kid"]}
    )


def status_list_enveloped(*, list_number: int, now: dt.datetime | None = None) -> dict:
    """The signed status list as a W3C EnvelopedVerifiableCredential (VC Data Model 2.0): JSON
    whose `id` is a data: URL holding the VC-JWT."""
    token = status_list_sign(list_number=list_number, now=now)
    return {
        "@context": [CONTEXTS[0]],
        "id": f"data:application/vc+jwt,{token}",
        "type": "EnvelopedVerifiableCredential",
    }


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
