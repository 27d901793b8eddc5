"""A stored record as the API prints it: derived counts filled in, internal fields dropped."""

from __future__ import annotations

from switchboard_emulators.salesloft.filters import Record
from switchboard_emulators.salesloft.schema import TEMPLATES
from switchboard_emulators.salesloft.state import Store

HIDDEN: dict[str, tuple[str, ...]] = {
    name: tuple(k for k in template if k.startswith("_") and k != "_private_fields")
    for name, template in TEMPLATES.items()
}


def render(resource: str, record: Record, store: Store) -> Record:
    """The record as the API prints it: derived counts filled in, internal fields dropped."""
    if resource == "accounts":
        return {**record, "counts": {"people": store.ref_count("people", "account", record["id"])}}
    if resource == "imports":
        out = {k: v for k, v in record.items() if k != "_user_id"}
        out["current_people_count"] = store.ref_count("people", "import", record["id"])
        return out
    if resource == "cadences":
        counts = {**record["counts"], "cadence_people": store.ref_count("cadence_memberships", "cadence", record["id"])}
        return {**record, "counts": counts}
    hidden = HIDDEN.get(resource)
    if hidden:
        return {k: v for k, v in record.items() if k not in hidden}
    return record
