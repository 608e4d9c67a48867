"""Bearer tokens for learners: 256 random bits, shown once, stored only as a SHA-256 hash.

A plain hash (no salt, no slow KDF) is right here: the token is random with 256 bits of
entropy, so it cannot be guessed offline from its hash, and lookups by hash stay O(1).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

PREFIX = "sp_"


def new_token() -> str:
    return PREFIX + secrets.token_urlsafe(32)  # 32 bytes = 256 bits


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def token_matches(token: str, stored_hash: str) -> bool:
    """Constant-time comparison of a presented token with a stored hash."""
    return hmac.compare_digest(hash_token(token), stored_hash)
