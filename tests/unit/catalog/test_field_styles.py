"""A body field's list ``style`` must mean something where the field goes: refused at catalogue load otherwise."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from switchboard.catalog import load_connector
from switchboard.errors import ConfigurationError
from tests.unit.fixtures import PEOPLE

CREATE = PEOPLE["methods"][2]


def _load(tmp_path: Path, field: dict[str, Any], **method: Any) -> None:
    folder = tmp_path / "people"
    folder.mkdir()
    tags = {"location": "tags", "name": "Tags", "type": "array", **field}
    data = {**PEOPLE, "methods": [*PEOPLE["methods"][:2], {**CREATE, "fields": [tags], **method}]}
    (folder / "connector.yaml").write_text(yaml.safe_dump(data))
    load_connector(folder / "connector.yaml")


@pytest.mark.parametrize(
    ("field", "method"),
    [
        ({"style": "pipe", "api_name": "meta.tags"}, {}),  # joined, in JSON too
        ({"style": "tab"}, {"body_root": "person", "body_format": "xml"}),
        ({"style": "repeat", "api_name": "meta.tags"}, {"body_format": "form", "body_root": "person"}),
        ({"style": "indices"}, {"body_format": "form"}),
        ({"style": "repeat"}, {"body_format": "multipart"}),  # a part each
        ({"style": "comma", "api_name": "meta.tags"}, {"body_format": "multipart"}),
    ],
)
def test_a_style_that_means_something_where_its_field_goes_loads(
    tmp_path: Path, field: dict[str, Any], method: dict[str, Any]
) -> None:
    _load(tmp_path, field, **method)


@pytest.mark.parametrize(
    ("field", "method", "where"),
    [
        ({"style": "brackets"}, {}, "the method's json body"),
        ({"style": "repeat", "api_name": "meta.tags"}, {"body_root": "person"}, "the method's json body"),
        ({"style": "indices"}, {"body_format": "xml"}, "the method's xml body"),
        ({"style": "repeat", "api_name": "meta.tags"}, {"body_format": "multipart"}, "the method's multipart body"),
        ({"style": "comma", "location": "$"}, {}, "the whole body"),
    ],
)
def test_a_style_its_body_would_ignore_is_refused_at_load(
    tmp_path: Path, field: dict[str, Any], method: dict[str, Any], where: str
) -> None:
    with pytest.raises(ConfigurationError) as caught:
        _load(tmp_path, field, **method)
    style, location = field["style"], field.get("location", "tags")
    assert f"method 'Create person': field {location!r} has style {style!r}, which {where} cannot send" in str(
        caught.value
    )
