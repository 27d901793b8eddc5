"""The serving process: uvicorn's settings, its HTTP protocol, and ``python -m switchboard.server``.

``switchboard serve`` prepares (checks the port, migrates) and then replaces itself with
``python -m switchboard.server``, so the process that serves carries the app and not the command
line, Rich and Alembic it no longer needs (issue 24: the server's resident memory).
"""
