"""Secrets at rest: Fernet (AES-128-CBC + HMAC-SHA256) with key rotation via MultiFernet."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path
from typing import Any

import orjson
from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from switchboard.errors import ConfigurationError, UnreadableSecret

KEY_FILE = "secret.key"


def hash_secret(value: str) -> str:
    """SHA-256 of a high-entropy secret (tokens, client secrets): enough, as none is guessable."""
    return hashlib.sha256(value.encode()).hexdigest()


def new_secret(nbytes: int = 32) -> str:
    return secrets.token_urlsafe(nbytes)


class SecretBox:
    """Encrypts JSON values with the first key and decrypts with any (rotation)."""

    def __init__(self, keys: list[str]) -> None:
        if not keys:
            raise ConfigurationError("no secret key configured")
        self._keys = [k.strip() for k in keys]
        try:
            self._fernet = MultiFernet([Fernet(k.encode()) for k in self._keys])
        except ValueError as exc:
            raise ConfigurationError(
                "SWITCHBOARD_SECRET_KEY must be Fernet keys (32 url-safe base64 bytes), comma-separated; "
                "make one with `switchboard keys generate`"
            ) from exc

    @classmethod
    def from_config(cls, secret_key: str | None, data_dir: Path) -> SecretBox:
        """Keys from ``SWITCHBOARD_SECRET_KEY`` (newest first), else a key file made on first use."""
        if secret_key:
            return cls(secret_key.split(","))
        return cls(load_or_create_key_file(data_dir / KEY_FILE))

    def encrypt(self, value: dict[str, Any]) -> str:
        return self._fernet.encrypt(orjson.dumps(value)).decode()

    def decrypt(self, token: str) -> dict[str, Any]:
        try:
            data: dict[str, Any] = orjson.loads(self._fernet.decrypt(token.encode()))
        except InvalidToken as exc:
            raise UnreadableSecret(
                "a stored secret cannot be decrypted with the configured SWITCHBOARD_SECRET_KEY"
            ) from exc
        return data

    def readable(self, token: str) -> bool:
        """Whether ``token`` decrypts with one of the configured keys."""
        try:
            self._fernet.decrypt(token.encode())
        except InvalidToken:
            return False
        return True

    def sign(self, value: str) -> str:
        """``value.signature``: an HMAC under the primary key, for values that travel via browsers."""
        return f"{value}.{self._signature(value, self._keys[0])}"

    def unsign(self, signed: str) -> str | None:
        """The value if the signature verifies under any configured key, else None."""
        value, _, signature = signed.rpartition(".")
        if not value:
            return None
        # As bytes: compare_digest refuses str with non-ASCII characters, and a browser can send any.
        given = signature.encode()
        ok = any(hmac.compare_digest(given, self._signature(value, key).encode()) for key in self._keys)
        return value if ok else None

    @staticmethod
    def _signature(value: str, key: str) -> str:
        # A key of its own for signing, derived from the encryption key.
        signing_key = hashlib.sha256(b"switchboard-signing:" + key.encode()).digest()
        return hmac.new(signing_key, value.encode(), hashlib.sha256).hexdigest()[:43]

    @property
    def key_count(self) -> int:
        return len(self._keys)

    def rotate(self, token: str) -> str:
        """Re-encrypt ``token`` under the primary key."""
        return self._fernet.rotate(token.encode()).decode()


def load_or_create_key_file(path: Path) -> list[str]:
    """Read the key file, creating it with mode 0600 (and its folder) on first start."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        key = Fernet.generate_key()
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process created it first: read theirs
        else:
            with os.fdopen(fd, "wb") as handle:
                handle.write(key + b"\n")
    return [line for line in path.read_text().split() if line]
