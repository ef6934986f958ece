"""A new Ed25519 private key as PEM text: the platform's credential signing key in development,
and the one key every node of a test topology shares (production reads PLATFORM_SIGNING_KEY).
No Django imports, so the bench scripts that start nodes can call it before any settings load."""

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


def new_ed25519_pem() -> str:
    return (
        Ed25519PrivateKey.generate()
        .private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        .decode()
    )
