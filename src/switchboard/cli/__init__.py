"""The ``switchboard`` command: serve, demo, emulate, and admin commands on the same database.

One module per group of commands; importing them registers their commands on ``app``.
"""

from switchboard.cli import admin, connectors, serve, syncs
from switchboard.cli._shared import app

__all__ = ["admin", "app", "connectors", "serve", "syncs"]
