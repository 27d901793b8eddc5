"""Numbers in text that callers and providers send: ASCII digits, read the way ``int`` reads them.

``str.isdigit`` holds for every Unicode digit, and ``int`` refuses some of them: ``"²".isdigit()`` and
``"①".isdigit()`` are true, ``int("²")`` is a ValueError. A check made with the one and a parse made with
the other let a superscript two in an id, a query value or a key past the check and into a 500. Every such
check goes through here, so what passes the check is what the parse reads.
"""

from __future__ import annotations

import sys


def is_digits(text: str) -> bool:
    """Whether ``text`` is one or more ASCII digits (0-9): no sign, no space, no other script's digits, and no
    more of them than ``int`` reads (4,300 by default: past that it raises, so a longer run is no number here)."""
    bound = sys.get_int_max_str_digits()
    return text.isascii() and text.isdigit() and (len(text) <= bound or bound == 0)


def signed_int(text: str) -> int | None:
    """``text`` as an integer when it is ASCII digits with an optional sign (spaces around allowed), else None."""
    stripped = text.strip()
    unsigned = stripped[1:] if stripped[:1] in ("+", "-") else stripped
    return int(stripped) if is_digits(unsigned) else None
