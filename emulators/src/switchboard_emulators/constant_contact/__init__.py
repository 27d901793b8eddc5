"""A stateful, in-memory Constant Contact v3 API (api.cc.email) and its OAuth2 server."""

from __future__ import annotations

from switchboard_emulators.constant_contact.app import ConstantContactEmulator

__all__ = ["ConstantContactEmulator"]
