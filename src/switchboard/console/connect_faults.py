"""Which fields of the connect page's forms a refused submit was about (WAI-ARIA's form-error practice: the wrong
field is marked ``aria-invalid``, described by the error, and has focus on load), and what the page says of it.

The form's redirect names them in the query (``fault``: form field names, space-separated; the sign-in form's
prefixed ``oauth:``, as the key form asks the same properties under the same names). Unsigned: the page shows
none of it, and keeps only names the card's own forms hold, so a link can at most mark one of them.
"""

from __future__ import annotations

from switchboard.catalog.registry import Connector
from switchboard.console.offers import Offer, asked_properties
from switchboard.errors import AddressRefused, InputError, SwitchboardError

FAULT = "fault"
OAUTH = "oauth:"
MAX_PROPERTY_CHARS = 500  # a subdomain or an id, never a document; the inputs' maxlength says it too


def form_fields(shown: Offer) -> tuple[str, ...]:
    """The names of the card's forms' fields, in the page's order (the sign-in form's, then the key form's)."""
    signing_in = tuple(f"{OAUTH}property.{p.name}" for p in shown.asks) if shown.oauth_ready else ()
    kf = shown.key_form
    if kf is None:
        return signing_in
    return (*signing_in, *(f"property.{p.name}" for p in shown.asks), *(k.field for k in kf.inputs))


def at_fault(shown: Offer | None, given: str) -> tuple[str, ...]:
    """The card's fields the query names as wrong, in the page's order (the first is focused)."""
    if shown is None or not given:
        return ()
    named = set(given[:500].split())
    return tuple(name for name in form_fields(shown) if name in named)


def fault(*names: str) -> dict[str, str]:
    """The redirect's query member naming ``names`` as the fields at fault."""
    return {FAULT: " ".join(names)} if names else {}


def property_field(name: object, form: str = "") -> tuple[str, ...]:
    """The form field of the property an error names (its ``PropertyName``), if it names one; ``form`` is
    ``OAUTH`` for the sign-in form's."""
    return (f"{form}property.{name}",) if isinstance(name, str) and name else ()


def asked_values(connector: Connector, form: dict[str, str]) -> dict[str, str]:
    """The properties the page asked for, as typed (blank ones left out: the install names what is missing)."""
    values = {p.name: form.get(f"property.{p.name}", "").strip() for p in asked_properties(connector)}
    for prop in asked_properties(connector):
        if len(values[prop.name]) > MAX_PROPERTY_CHARS:
            raise InputError(f"{prop.display_name or prop.name} is too long", PropertyName=prop.name)
    return {name: value for name, value in values.items() if value}


def refusal(connector: Connector, exc: SwitchboardError, form: str = "") -> tuple[str, dict[str, str]] | None:
    """What the page says of a refusal the end user can fix (a value they typed), with the ``fault`` member naming
    its field; None for one that is the partner's to fix."""
    named = exc.context.get("PropertyName")
    if isinstance(exc, AddressRefused):
        # The API's words name the setting that opens the network: the operator's, not the end user's to read.
        prop = next((p for p in connector.definition.properties if p.name == named), None)
        label = (prop.display_name or prop.name) if prop is not None else "address"
        said = (
            f"The {label} you entered points at a private or local network address, which we do not connect to. "
            f"Enter the public one {connector.definition.name} gave you."
        )
        return said, fault(*property_field(named, form))
    if isinstance(exc, InputError):
        # Malformed input (a control character, a property's shape, one missing): theirs to fix.
        return exc.message, fault(*property_field(named, form))
    return None
