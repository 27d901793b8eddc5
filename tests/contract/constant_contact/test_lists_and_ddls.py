"""List methods page through the right records key; DDL methods answer text and value from its records."""

from __future__ import annotations

from typing import Any

import pytest

from switchboard.catalog import Method
from switchboard.catalog.models import CursorLinkPagination, DdlOutput
from tests.contract.constant_contact.catalog import (
    DDL,
    DDL_SUFFIX,
    LISTS,
    NAMES,
    cases,
    data_type,
    resolve,
    success_schema,
    vendor_operation,
    vendor_parameters,
)


@pytest.mark.parametrize("name", cases(LISTS))
def test_list_methods_page(methods: dict[str, Method], spec: dict[str, Any], name: str) -> None:
    method = methods[name]
    records, size = LISTS[name]
    assert method.definition.pagination is not None
    pagination = method.pagination
    assert isinstance(pagination, CursorLinkPagination)
    assert (pagination.records, pagination.size, pagination.size_param) == (records, size, "limit")
    _, item, operation = vendor_operation(spec, method)
    limit = next(p for p in vendor_parameters(spec, item, operation) if p["name"] == "limit")
    assert size <= limit.get("maximum", size)
    schema = success_schema(spec, operation)
    assert schema is not None
    assert data_type(resolve(spec, schema["properties"][records])) == "array"
    assert "_links" in schema["properties"]
    if not name.endswith(DDL_SUFFIX):
        assert method.parameter_by_target["limit"].definition.in_ == "query"
        assert method.parameter_by_target["cursor"].definition.in_ == "query"


@pytest.mark.parametrize("name", cases([n for n in NAMES if n not in LISTS]))
def test_other_methods_do_not_page(methods: dict[str, Method], name: str) -> None:
    assert methods[name].definition.pagination is None


@pytest.mark.parametrize("name", cases(DDL))
def test_ddl_methods_answer_text_and_value(methods: dict[str, Method], spec: dict[str, Any], name: str) -> None:
    method = methods[name]
    output = method.definition.output
    assert isinstance(output, DdlOutput)
    assert (output.text, output.value) == DDL[name]
    assert output.records == LISTS[name][0]
    _, _, operation = vendor_operation(spec, method)
    schema = success_schema(spec, operation)
    assert schema is not None
    record = resolve(spec, resolve(spec, schema["properties"][output.records])["items"])
    assert {output.text, output.value} <= set(record["properties"])
