"""A ``$ref`` to nothing in a vendor's spec (DocuSign's ``#/definitions/offlineAttributes``) reads as any value."""

from __future__ import annotations

from switchboard_emulators.spec.document import Resolver

DOC = {"definitions": {"witness": {"properties": {"offline": {"$ref": "#/definitions/offlineAttributes"}}},
                       "name": {"type": "string"}}}  # fmt: skip


def test_a_reference_to_nothing_resolves_to_any_value_and_others_as_before() -> None:
    resolver = Resolver(DOC)
    assert resolver.resolve({"$ref": "#/definitions/offlineAttributes"}) == {}
    assert resolver.resolve({"$ref": "#/definitions/name"}) == {"type": "string"}
    assert resolver.resolve({"$ref": "#/definitions/witness/properties/offline"}) == {}  # a chain ending nowhere
