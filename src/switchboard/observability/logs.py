"""Log lines as JSON (one object a line) or as text for a console; never a secret, only ids and counts."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote_plus

import orjson
from starlette.requests import ClientDisconnect

from switchboard.engine.trace import REDACTED

# Attributes every LogRecord has; anything else came in through ``extra=`` and is logged as a field, but for
# uvicorn's ``color_message`` (its line again, with a terminal's colour codes: noise in a log store).
_STANDARD = set(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {"message", "asctime", "color_message"}


class JsonFormatter(logging.Formatter):
    """``{"ts", "level", "logger", "msg", **extra}`` on one line."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_"):
                line[key] = value
        if record.exc_info:
            line["exc"] = self.formatException(record.exc_info)
        return orjson.dumps(line, default=str).decode()


# uvicorn's loggers: with ``log_config=None`` (``switchboard serve``) they carry no handler of their own and
# reach the root, so their lines take the same format as ours.
_UVICORN = ("uvicorn", "uvicorn.error", "uvicorn.access", "uvicorn.asgi")


class QuietDisconnects(logging.Filter):
    """A client that hangs up before its request was read is routine, not an error: one INFO line, no traceback.

    The MCP SDK logs it with ``logger.exception`` while it reads a POST's body.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if isinstance(exc, ClientDisconnect) and record.levelno > logging.INFO:
            record.msg, record.args = f"client disconnected before its request was read ({record.name})", None
            record.levelno, record.levelname = logging.INFO, "INFO"
            record.exc_info = record.exc_text = None
        return True


# Query parameters that carry a secret on Switchboard's own URLs (a connect ticket, a sign-in token, an OAuth
# code and state) or, by their names, on anyone's: their values never reach the access log.
SECRET_QUERY_NAMES = frozenset(
    {"token", "ticket", "code", "state", "access_token", "refresh_token", "client_secret", "api_key", "key"}
)


class AccessSecrets(logging.Filter):
    """uvicorn's access line (``--access-log``) with the values of secret query parameters replaced."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if record.name == "uvicorn.access" and isinstance(args, tuple) and len(args) > 2:
            path = args[2]
            if isinstance(path, str) and "?" in path:
                record.args = (*args[:2], _without_secrets(path), *args[3:])
        return True


def _without_secrets(path: str) -> str:
    route, _, query = path.partition("?")
    pairs = [pair.partition("=") for pair in query.split("&")]
    shown = [f"{name}={REDACTED}" if sep and unquote_plus(name).lower() in SECRET_QUERY_NAMES else name + sep + value
             for name, sep, value in pairs]  # fmt: skip
    return f"{route}?{'&'.join(shown)}"


def configure_logging(level: str, fmt: str = "console") -> None:
    """Every line of the process, ours, uvicorn's and the libraries', through one handler on the root logger.

    One handler, at the root: a library that calls ``logging.basicConfig`` later finds the root
    configured and adds nothing, so no line is printed twice, and every line has the chosen format.
    Idempotent (the CLI calls it before uvicorn starts, the app factory again in each worker).
    """
    root = logging.getLogger()
    handler = next((h for h in root.handlers if getattr(h, "_switchboard", False)), None)
    if handler is None:
        handler = logging.StreamHandler()
        handler._switchboard = True  # type: ignore[attr-defined]
        handler.addFilter(QuietDisconnects())
        handler.addFilter(AccessSecrets())
        root.addHandler(handler)
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    logging.getLogger("switchboard").setLevel(level.upper())
    for name in _UVICORN:
        logger = logging.getLogger(name)
        if logger.handlers:  # uvicorn's own plain-text handler (its default log config): ours instead
            logger.handlers = []
            logger.propagate = True  # uvicorn.access stays as on as it was: it logs while it has a handler
        if logger.level == logging.NOTSET:
            logger.setLevel(level.upper())
