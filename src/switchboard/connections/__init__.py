"""Connections: the one owner of an account connector's credentials and state.

It resolves a call's account connector (cached, concurrent misses coalesced), turns stored
credentials into an authenticator (each secret decrypted once per version), performs every
credential write with one version rule and one cache drop, and announces each state change.
"""

from switchboard.connections.events import Announcer, ConnectionChange, LogAnnouncer
from switchboard.connections.service import Connections, OpenConnection

__all__ = ["Announcer", "ConnectionChange", "Connections", "LogAnnouncer", "OpenConnection"]
