"""What a page says after a form or a sign-in, carried in its URL, in words a link cannot choose.

A form's redirect names its outcome in the query (``?notice=``, ``?error=``, the connect page's
``?note=``). Shown as given, a crafted link could word the console or the connect page ("your key
leaked: rotate it at ..."), under Switchboard's own address. So the server signs what it words
(``sealed``), and the page shows a signed text or one of the few fixed outcomes the console's script
may ask for after the OAuth window (``SCRIPT_OUTCOMES``); anything else is not shown (``opened``).
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import parse_qsl, urlencode

from switchboard.store.crypto import SecretBox

WORDED = ("notice", "error", "note")
# console.js, after the OAuth window posts its outcome; a failed sign-in's window stays open and says why.
SCRIPT_OUTCOMES = {
    "oauth-connected": "Connected.",
    "oauth-failed": "The connection was not made: its sign-in window says why.",
}
# A shown text is cut here, and a signed one read no further (the signature adds 44 characters).
MAX_TEXT = 500


def sealed(secrets: SecretBox, url: str) -> str:
    """``url`` with each worded member of its query signed, for the page it leads to to show."""
    path, _, query = url.partition("?")
    return f"{path}?{urlencode(signed(secrets, parse_qsl(query, keep_blank_values=True)))}" if query else url


def signed(secrets: SecretBox, members: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """A query's members with each worded one signed."""
    return [(k, secrets.sign(v[:MAX_TEXT]) if k in WORDED else v) for k, v in members]


def opened(secrets: SecretBox, value: str) -> str:
    """The text to show for a query member: what the server signed, a script outcome's words, else nothing."""
    if not value:
        return ""
    if value in SCRIPT_OUTCOMES:
        return SCRIPT_OUTCOMES[value]
    return secrets.unsign(value[: MAX_TEXT * 4 + 64]) or ""
