"""Install properties marked ``secret: true``: encrypted at rest, a mask in the plain column.

An account connector keeps its plain properties in ``properties`` (JSON) and its secret ones in
``secret_properties_encrypted`` (a ``SecretBox`` ciphertext of a JSON object); the plain column
holds :data:`MASK` under each secret name, so every view that lists properties (API, console)
shows that the value is set without holding it. Which names are secret is the catalogue's word,
passed in as ``{connector_key: names}`` (this floor does not read connector definitions).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any, Protocol

from sqlalchemy import Connection, select, update

from switchboard.errors import UnreadableSecret
from switchboard.store.crypto import SecretBox
from switchboard.store.models import AccountConnector

MASK = "********"
# The longest property name and value a caller may store (the API's and the console's forms alike).
MAX_NAME_CHARS = 200
MAX_VALUE_CHARS = 10_000
SecretNames = Mapping[str, Collection[str]]


class HoldsProperties(Protocol):
    """A row keeping properties this way: an account connector, or a partner's values for a connector."""

    properties: Any
    secret_properties_encrypted: str | None


def put_properties(row: HoldsProperties, names: Collection[str], values: Mapping[str, Any], box: SecretBox) -> None:
    """Merge ``values`` into the row: the ones named in ``names`` encrypted, the others in the clear.

    A secret given as the mask itself (a client that read the properties and sends them back) keeps
    the stored value."""
    secret = {k: v for k, v in values.items() if k in names and v != MASK}
    plain = {k: v for k, v in values.items() if k not in names}
    masked = [k for k in values if k in names]
    if secret:
        stored = box.decrypt(row.secret_properties_encrypted) if row.secret_properties_encrypted else {}
        row.secret_properties_encrypted = box.encrypt({**stored, **secret})
    row.properties = {**(row.properties or {}), **plain, **dict.fromkeys(masked, MASK)}


def drop_properties(row: HoldsProperties, names: Collection[str], box: SecretBox) -> None:
    """Remove the properties ``names`` from the row: from the plain column, and from the encrypted one."""
    plain = {k: v for k, v in (row.properties or {}).items() if k not in names}
    if row.secret_properties_encrypted:
        stored = box.decrypt(row.secret_properties_encrypted)
        kept = {k: v for k, v in stored.items() if k not in names}
        if kept != stored:
            row.secret_properties_encrypted = box.encrypt(kept) if kept else None
    row.properties = plain


def merged(plain: Mapping[str, Any], secret: Mapping[str, Any]) -> dict[str, Any]:
    """The values a call uses: the plain ones with the decrypted secret ones in place of their masks."""
    return {**plain, **secret}


def over_partner(partner: Mapping[str, Any], own: Mapping[str, Any]) -> dict[str, Any]:
    """An install's values over its partner's for the connector: one the install leaves unset or empty takes the
    partner's, any other the install's."""
    return {**partner, **{k: v for k, v in own.items() if v is not None and v != ""}}


def seal_plaintext(connection: Connection, box: SecretBox, names: SecretNames) -> int:
    """Encrypt secret properties still stored in the clear (rows from before 0009_hard_sec, or a property
    a connector marked secret later); returns how many rows changed. Idempotent."""
    table = AccountConnector
    keys = [key for key, secret in names.items() if secret]
    if not keys:
        return 0
    query = select(table.id, table.connector_key, table.properties, table.secret_properties_encrypted).where(
        table.connector_key.in_(keys)
    )
    changed = 0
    for row in connection.execute(query).all():
        plain = dict(row.properties or {})
        found = {k: v for k, v in plain.items() if k in names[row.connector_key] and v != MASK}
        if not found:
            continue
        try:
            stored = box.decrypt(row.secret_properties_encrypted) if row.secret_properties_encrypted else {}
        except UnreadableSecret:
            continue  # encrypted under a key not configured here: left for a server that has it
        connection.execute(
            update(table)
            .where(table.id == row.id)
            .values(
                properties={**plain, **dict.fromkeys(found, MASK)},
                secret_properties_encrypted=box.encrypt({**found, **stored}),
            )
        )
        changed += 1
    return changed
