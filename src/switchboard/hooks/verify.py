"""Is this request from the provider? One verifier class per signature scheme, all pure.

Every comparison is constant-time (``hmac.compare_digest``) over the raw bytes as they came;
a refusal is ``SignatureRefused`` with a reason that names headers, never a secret or the body.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol
from urllib.parse import unquote

from switchboard.catalog.models import (
    BasicAuthSignature,
    HmacBodySignature,
    HmacRequestSignature,
    HmacTimestampedSignature,
    SignatureDef,
    TimestampDef,
)
from switchboard.errors import SignatureRefused

_HASHES = {"sha256": hashlib.sha256, "sha1": hashlib.sha1}


@dataclass(frozen=True)
class Inbound:
    """A provider's request as it reached us: ``headers`` with lower-case names, ``url`` as the provider called it."""

    method: str
    url: str
    headers: Mapping[str, str]
    body: bytes


@dataclass(frozen=True)
class Keys:
    """The secrets that may have signed a request; ``secondary`` only for a scheme's secondary header (Box)."""

    primary: Sequence[str]
    secondary: Sequence[str] = field(default_factory=tuple)

    def __bool__(self) -> bool:
        return bool(self.primary or self.secondary)


class Verifier(Protocol):
    def verify(self, request: Inbound, keys: Keys, now: float) -> None:
        """Returns when the request is authentic; raises ``SignatureRefused`` otherwise."""


def digest(algorithm: str, key: str, message: bytes, encoding: str) -> str:
    """The HMAC of ``message`` under ``key``, written as hex or base64."""
    raw = hmac.new(key.encode(), message, _HASHES[algorithm]).digest()
    return raw.hex() if encoding == "hex" else base64.b64encode(raw).decode()


def _header(request: Inbound, name: str) -> str:
    value = request.headers.get(name.lower())
    if not value:
        raise SignatureRefused(f"The {name} header is missing")
    return value


def _matches(given: str, prefix: str, expected: Sequence[str], *, hex_digits: bool) -> bool:
    if prefix and not given.startswith(prefix):
        return False
    candidate = given[len(prefix) :].strip()
    if hex_digits:  # hex has no case (Salesloft's may come upper-case); base64 does
        candidate, expected = candidate.lower(), [value.lower() for value in expected]
    found = False
    for value in expected:  # no early exit: every key costs the same whichever matches
        found |= hmac.compare_digest(candidate.encode(), value.encode())
    return found


def timestamp_seconds(value: str, unit: str) -> float:
    """Epoch seconds from a timestamp header; ``SignatureRefused`` when it does not parse."""
    try:
        if unit == "rfc3339":
            return datetime.fromisoformat(value.strip()).timestamp()
        number = float(value.strip())
    except ValueError as exc:
        raise SignatureRefused("The request timestamp is not a valid time") from exc
    return number / 1000.0 if unit == "ms" else number


def check_fresh(request: Inbound, spec: TimestampDef, now: float) -> str:
    """The timestamp header's text, once it is within the replay window."""
    text = _header(request, spec.header)
    sent = timestamp_seconds(text, spec.unit)
    # NaN compares False with everything: without this, "nan" would pass as always fresh.
    if not math.isfinite(sent):
        raise SignatureRefused(f"The request timestamp ({spec.header}) is not a finite time")
    if abs(now - sent) > spec.window_seconds:
        raise SignatureRefused(f"The request is outside the {spec.window} replay window ({spec.header})")
    return text


@dataclass(frozen=True)
class _HmacVerifier:
    """Shared by the HMAC schemes: which bytes are signed is the subclass's ``message``."""

    spec: HmacBodySignature | HmacTimestampedSignature | HmacRequestSignature

    def message(self, request: Inbound, now: float) -> bytes:
        raise NotImplementedError

    def verify(self, request: Inbound, keys: Keys, now: float) -> None:
        spec = self.spec
        message = self.message(request, now)
        primary = request.headers.get(spec.header.lower())
        secondary = request.headers.get(spec.secondary_header.lower()) if spec.secondary_header else None
        if not primary and not secondary:
            raise SignatureRefused(f"The {spec.header} signature header is missing")
        hex_digits = spec.encoding == "hex"
        if spec.secondary_header is None:
            expected = [digest(spec.algorithm, k, message, spec.encoding) for k in (*keys.primary, *keys.secondary)]
            ok = bool(primary) and _matches(primary or "", spec.prefix, expected, hex_digits=hex_digits)
        else:  # each header is signed with its own key (Box): either may prove it
            ok = bool(primary) and _matches(
                primary or "",
                spec.prefix,
                [digest(spec.algorithm, k, message, spec.encoding) for k in keys.primary],
                hex_digits=hex_digits,
            )
            ok |= bool(secondary) and _matches(
                secondary or "",
                spec.prefix,
                [digest(spec.algorithm, k, message, spec.encoding) for k in keys.secondary],
                hex_digits=hex_digits,
            )
        if not ok:
            raise SignatureRefused(f"The {spec.header} signature does not match")


class HmacBodyVerifier(_HmacVerifier):
    """The raw body alone is signed (Intercom, Xero, Asana, Salesloft, Jira)."""

    def message(self, request: Inbound, now: float) -> bytes:
        return request.body


class HmacTimestampedVerifier(_HmacVerifier):
    """The timestamp and the body, placed by the definition's ``signed`` text (Slack, Box)."""

    def message(self, request: Inbound, now: float) -> bytes:
        assert isinstance(self.spec, HmacTimestampedSignature)
        stamp = check_fresh(request, self.spec.timestamp, now)
        before, rest = self.spec.signed.split("{body}")
        encoded = [part.replace("{timestamp}", stamp).encode() for part in (before, rest)]
        return encoded[0] + request.body + encoded[1]


class HmacRequestVerifier(_HmacVerifier):
    """Method, the URL as called (percent-decoded), the body and the timestamp (HubSpot v3)."""

    def message(self, request: Inbound, now: float) -> bytes:
        assert isinstance(self.spec, HmacRequestSignature)
        stamp = check_fresh(request, self.spec.timestamp, now)
        return request.method.upper().encode() + unquote(request.url).encode() + request.body + stamp.encode()


@dataclass(frozen=True)
class BasicVerifier:
    """HTTP Basic credentials whose password is the connection's hook token (Pipedrive)."""

    spec: BasicAuthSignature

    def verify(self, request: Inbound, keys: Keys, now: float) -> None:
        value = _header(request, "Authorization")
        scheme, _, encoded = value.partition(" ")
        try:
            decoded = base64.b64decode(encoded.strip(), validate=True).decode()
        except ValueError as exc:  # not base64 (binascii.Error), a non-ASCII character, or not UTF-8
            raise SignatureRefused("The Authorization header is not HTTP Basic credentials") from exc
        user, _, password = decoded.partition(":")
        ok = scheme.lower() == "basic" and hmac.compare_digest(user.encode(), self.spec.user.encode())
        matched = False
        for key in keys.primary:
            matched |= hmac.compare_digest(password.encode(), key.encode())
        if not (ok and matched):
            raise SignatureRefused("The HTTP Basic credentials do not match")


def verifier_for(spec: SignatureDef) -> Verifier:
    """The verifier for a definition's ``signature``."""
    if isinstance(spec, HmacBodySignature):
        return HmacBodyVerifier(spec)
    if isinstance(spec, HmacTimestampedSignature):
        return HmacTimestampedVerifier(spec)
    if isinstance(spec, HmacRequestSignature):
        return HmacRequestVerifier(spec)
    return BasicVerifier(spec)
