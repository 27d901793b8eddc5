"""Helpers the Salesloft emulator's tests share."""

from __future__ import annotations

import httpx


def ids(response: httpx.Response) -> list[int]:
    return [record["id"] for record in response.json()["data"]]
