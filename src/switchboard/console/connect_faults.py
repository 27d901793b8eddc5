"""Which fields of the connect page's credentials form a refused submit was about (WAI-ARIA's form-error
practice: the wrong field is marked ``aria-invalid``, described by the error, and has focus on load).

The form's redirect names them in the query (``fault``: form field names, space-separated). Unsigned: the page
shows none of it, and keeps only names the card's own form holds, so a link can at most mark one of them.
"""

from __future__ import annotations

from switchboard.console.offers import Offer

FAULT = "fault"


def form_fields(shown: Offer) -> tuple[str, ...]:
    """The names of the card's credentials form's fields, in the page's order (asked properties first)."""
    kf = shown.key_form
    if kf is None:
        return ()
    return (*(f"property.{p.name}" for p in shown.asks), *(k.field for k in kf.inputs))


def at_fault(shown: Offer | None, given: str) -> tuple[str, ...]:
    """The card's fields the query names as wrong, in the page's order (the first is focused)."""
    if shown is None or not given:
        return ()
    named = set(given[:500].split())
    return tuple(name for name in form_fields(shown) if name in named)


def fault(*names: str) -> dict[str, str]:
    """The redirect's query member naming ``names`` as the fields at fault."""
    return {FAULT: " ".join(names)} if names else {}


def property_field(name: object) -> tuple[str, ...]:
    """The form field of the property an ``InputError`` names (its ``PropertyName``), if it names one."""
    return (f"property.{name}",) if isinstance(name, str) and name else ()
