"""``InputsByArguments``: a model's tool arguments bind like any other call style."""

from __future__ import annotations

import pytest

from switchboard.catalog.registry import Registry
from switchboard.engine.inputs import InputsByArguments
from switchboard.errors import InputError

REGISTRY = Registry.load()
CC = REGISTRY.by_key["constant_contact"]


def method(name: str):  # type: ignore[no-untyped-def]
    return next(m for m in CC.methods if m.name == name)


def test_parameters_by_target_and_fields_nested_or_dotted() -> None:
    create = method("Create contact")
    nested = InputsByArguments({"email_address": {"address": "a@example.com"}, "create_source": "Account"})
    dotted = InputsByArguments({"email_address.address": "a@example.com", "create_source": "Account"})
    assert nested.bind(create, CC.definition) == dotted.bind(create, CC.definition)
    listing = method("List contacts")
    bound = InputsByArguments({"limit": "50"}).bind(listing, CC.definition)
    assert bound.parameters["limit"] == 50


def test_unknown_and_missing_arguments_are_named() -> None:
    with pytest.raises(InputError) as unknown:
        InputsByArguments({"frist_name": "A"}).bind(method("Create contact"), CC.definition)
    assert unknown.value.context == {"Argument": "frist_name"}
    with pytest.raises(InputError) as missing:
        InputsByArguments({"first_name": "A", "create_source": "Account"}).bind(method("Create contact"), CC.definition)
    assert missing.value.context["Location"] == "email_address.address"
