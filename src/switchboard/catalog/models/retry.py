"""A connector's retry policy (``retry:``): which failed requests are tried again, and how soon.

The engine applies it; leaving the block out keeps the server-wide defaults.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, field_validator, model_validator

from switchboard.catalog.models.base import DurationText, Model, parse_duration

# The range check lives in a validator (for a clear message); the exported JSON Schema states it too.
_STATUSES_SCHEMA: dict[str, Any] = {"items": {"type": "integer", "minimum": 100, "maximum": 599}}


class BackoffDef(Model):
    """Exponential backoff with full jitter: attempt n waits up to min(cap, base * 2**(n-1)) seconds.

    ``backoff: {base: 0.5, cap: 10}``
    """

    base: float = Field(0.2, gt=0)
    cap: float = 5.0

    @model_validator(mode="after")
    def _cap_not_below_base(self) -> BackoffDef:
        if self.cap < self.base:
            raise ValueError(f"cap ({self.cap}) must be at least base ({self.base})")
        return self


class RetryDef(Model):
    """``retry: {type: standard, max_retries: 3, statuses: [500, 502, 503, 504], retry_after_statuses: [429, 503]}``

    ``type: none`` turns retries off for the connector (for APIs where a repeat does harm).
    """

    type: Literal["standard", "none"] = "standard"
    # None: the server's SWITCHBOARD_MAX_RETRIES.
    max_retries: int | None = Field(None, ge=0, le=10)
    # Transient answers, retried for idempotent requests.
    statuses: tuple[int, ...] = Field((500, 502, 503, 504), json_schema_extra=_STATUSES_SCHEMA)
    # Answers whose Retry-After is honoured.
    retry_after_statuses: tuple[int, ...] = Field((429, 503), json_schema_extra=_STATUSES_SCHEMA)
    backoff: BackoffDef = BackoffDef()
    # None: the server's SWITCHBOARD_MAX_RETRY_AFTER; a longer Retry-After fails the call instead of waiting.
    max_retry_after: float | None = Field(None, ge=0)
    # Retry connection resets and timeouts of idempotent requests.
    network_errors: bool = True

    @field_validator("statuses", "retry_after_statuses")
    @classmethod
    def _http_statuses(cls, value: tuple[int, ...]) -> tuple[int, ...]:
        bad = [status for status in value if not 100 <= status <= 599]
        if bad:
            raise ValueError(f"HTTP statuses are 100..599, not {bad}")
        return value

    @field_validator(
        "max_retry_after", mode="before", json_schema_input_type=Annotated[float, Field(ge=0)] | DurationText | None
    )
    @classmethod
    def _duration(cls, value: Any) -> Any:
        # A bare number stays for pydantic to check; "60s" and friends become seconds.
        return parse_duration(value) if isinstance(value, str) else value
