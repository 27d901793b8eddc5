"""Salesloft API v2 emulator (``switchboard emulate salesloft``)."""

from __future__ import annotations

from switchboard_emulators.salesloft.emulator import SalesloftEmulator

__all__ = ["SalesloftEmulator"]
