"""A third party's answer, and the budget a call may spend reading answers."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from multidict import CIMultiDictProxy


@dataclass(slots=True)
class UpstreamResponse:
    """A third party's answer, body read in full (within the call's byte budget)."""

    status: int
    headers: CIMultiDictProxy[str]
    body: bytes
    elapsed: float

    @property
    def content_type(self) -> str:
        return self.headers.get("Content-Type", "application/octet-stream")

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


@dataclass
class Budget:
    """What one method call may still spend: time and response bytes."""

    deadline: float
    max_bytes: int
    seconds: float | None = None  # the time limit that set ``deadline``, for the error message
    used_bytes: int = 0
    pages: int = 0
    records: int = 0
    notes: list[str] = field(default_factory=list)

    def remaining(self) -> float:
        return self.deadline - time.monotonic()
