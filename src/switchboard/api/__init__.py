"""The HTTP API: app factory, one router per resource, Cyclr-shaped schemas."""

from switchboard.api.app import create_app

__all__ = ["create_app"]
