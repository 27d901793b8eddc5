"""The partner console (``/console``) and the end user's connect page (``/connect``).

Server-rendered pages over the same services as the API (``Connections``, the store, the
``Registry``, ``Engine.call``); the API mounts ``router``. Nothing here imports ``api``.
"""

from switchboard.console.routes import router

__all__ = ["router"]
