"""The spec emulator's numbered pages may count from 0 (ClickUp's ``page``)."""

from __future__ import annotations

import pytest

from switchboard_emulators.spec.config import PaginationConfig
from switchboard_emulators.spec.paging import PageError, page


def test_pages_counted_from_zero_start_at_the_first_record_and_refuse_below_it() -> None:
    config = PaginationConfig(style="page_number", size_param="per_page", size=2, first_page=0)
    records = list(range(5))
    assert page(config, records, {}, "/tasks")[0] == [0, 1]
    assert page(config, records, {"page": "0"}, "/tasks")[0] == [0, 1]
    assert page(config, records, {"page": "2"}, "/tasks")[0] == [4]
    with pytest.raises(PageError, match="page must be 0 or more"):
        page(config, records, {"page": "-1"}, "/tasks")


def test_pages_count_from_one_by_default() -> None:
    config = PaginationConfig(style="page_number", size_param="per_page", size=2)
    assert page(config, list(range(5)), {"page": "1"}, "/tasks")[0] == [0, 1]
    with pytest.raises(PageError, match="page must be 1 or more"):
        page(config, [], {"page": "0"}, "/tasks")
