"""Binding and validating inputs: every problem names the element, Cyclr-style."""

from __future__ import annotations

import pytest

from switchboard.engine.inputs.binding import bind_by_id, bind_by_name, bind_query
from switchboard.errors import InputError
from tests.unit.fixtures import people_connector

CONNECTOR = people_connector()
GET = next(m for m in CONNECTOR.methods if m.name == "Get person")
LIST = next(m for m in CONNECTOR.methods if m.name == "List people")
CREATE = next(m for m in CONNECTOR.methods if m.name == "Create person")


def test_by_id_coerces_and_nests_locations() -> None:
    person_id = GET.parameter_by_target["person_id"].id
    bound = bind_by_id(GET, None, {str(person_id): "42"}, None)
    assert bound.parameters == {"person_id": 42}
    email, city = CREATE.field_by_location["email_address"].id, CREATE.field_by_location["address.city"].id
    bound = bind_by_id(CREATE, None, None, {str(email): "a@b.c", str(city): "Leeds"})
    assert bound.body == {"email_address": "a@b.c", "address": {"city": "Leeds"}}


def test_missing_required_parameter_names_it() -> None:
    with pytest.raises(InputError) as caught:
        bind_by_name(GET, {}, {}, {})
    assert caught.value.message == "Required parameter Person ID was not provided"
    assert caught.value.context == {"ParameterId": GET.parameter_by_target["person_id"].id, "TargetName": "person_id"}


def test_empty_path_value_counts_as_missing() -> None:
    with pytest.raises(InputError, match="Required parameter Person ID"):
        bind_by_name(GET, {"person_id": "  "}, None, None)


def test_missing_required_field_names_it() -> None:
    with pytest.raises(InputError) as caught:
        bind_by_name(CREATE, None, None, {"age": 3})
    assert caught.value.context == {
        "FieldId": CREATE.field_by_location["email_address"].id,
        "Location": "email_address",
    }


@pytest.mark.parametrize(
    ("body", "message"),
    [
        pytest.param({"email_address": "x", "age": "old"}, "Field Age must be an integer, not 'old'", id="type"),
        pytest.param({"email_address": "x", "colour": 1}, "Unknown field colour", id="unknown"),
        pytest.param({"email_address": "x", "address": {"town": "y"}}, "Unknown field address.town", id="nested"),
        pytest.param({"email_address": {"a": 1}}, "must be a string, not an object", id="object-for-string"),
    ],
)
def test_field_errors(body: dict[str, object], message: str) -> None:
    with pytest.raises(InputError, match=message):
        bind_by_name(CREATE, None, None, body)


def test_free_fields_accept_any_content() -> None:
    bound = bind_by_name(CREATE, None, None, {"email_address": "x", "extra": {"any": {"deep": [1]}}})
    assert bound.body["extra"] == {"any": {"deep": [1]}}


def test_values_are_enforced_for_each_array_item() -> None:
    assert bind_by_name(GET, {"person_id": 1, "include": ["owner"]}, None, None).parameters["include"] == ["owner"]
    with pytest.raises(InputError, match="must be one of account, owner, not 'boss'"):
        bind_by_name(GET, {"person_id": 1, "include": ["owner", "boss"]}, None, None)


def test_unknown_ids_and_names_are_errors() -> None:
    with pytest.raises(InputError, match="Unknown parameter Id 5"):
        bind_by_id(GET, {"5": 1}, None, None)
    with pytest.raises(InputError, match="Unknown field Id abc"):
        bind_by_id(CREATE, None, None, {"abc": 1})
    with pytest.raises(InputError, match="Unknown parameter person"):
        bind_by_name(GET, {"person": 1}, None, None)


def test_defaults_fill_absent_parameters() -> None:
    assert bind_by_name(LIST, None, None, None).parameters == {"sort": "name"}
    assert bind_by_name(LIST, {"sort": "age"}, None, None).parameters == {"sort": "age"}


def test_query_binding_accepts_ids_and_names() -> None:
    person_id = GET.parameter_by_target["person_id"].id
    assert bind_query(GET, {str(person_id): "7"}).parameters == {"person_id": 7}
    assert bind_query(GET, {"person_id": "7"}).parameters == {"person_id": 7}
    with pytest.raises(InputError, match="Unknown parameter or field x"):
        bind_query(GET, {"x": "1"})
