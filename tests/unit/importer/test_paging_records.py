"""Where an imported list method's records are, found by the contract test against the emulators."""

from __future__ import annotations

from switchboard.catalog.registry import Registry


def _method(key: str, http: str) -> object:
    return next(m for m in Registry.load().by_key[key].methods if m.definition.http == http)


def test_records_are_the_array_named_as_the_path_not_the_first_one() -> None:
    # Xero answers {Warnings: [...], BankTransactions: [...]}: the first array is not the records.
    method = _method("xero", "GET /BankTransactions")
    assert method.definition.pagination is not None  # type: ignore[attr-defined]
    assert method.definition.pagination.records == "BankTransactions"  # type: ignore[attr-defined]


def test_a_list_without_an_array_in_its_answer_is_not_paged() -> None:
    # Slack's spec declares no properties for this answer: the connector's `members` would fail page 1.
    assert _method("slack", "GET /admin.apps.approved.list").definition.pagination is None  # type: ignore[attr-defined]
