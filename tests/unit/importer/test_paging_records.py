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


def test_the_connectors_records_key_wins_over_the_first_array() -> None:
    # Box answers {order: [...], entries: [...]}: the records are the overlay's `entries`.
    method = _method("box", "GET /folders/{folder_id}/items")
    assert method.definition.pagination is not None  # type: ignore[attr-defined]
    assert method.definition.pagination.records is None  # type: ignore[attr-defined]  # the connector's: entries


def test_an_overlay_can_page_a_list_whose_spec_leaves_out_the_page_parameters() -> None:
    # Intercom's spec declares no starting_after on GET /contacts; the overlay says it is paged.
    assert _method("intercom", "GET /contacts").definition.pagination is not None  # type: ignore[attr-defined]


def test_page_parameters_and_empty_strings_carry_no_default() -> None:
    # Sent by default, Jira's startAt: 0 reads as "this page only"; its expand: "" is an empty value
    # the API refuses.
    method = _method("jira", "GET /rest/api/3/project/search")
    defaults = {p.definition.target: p.definition.default for p in method.parameters}  # type: ignore[attr-defined]
    assert defaults["startAt"] is None and defaults["maxResults"] == 50
    worklogs = _method("jira", "GET /rest/api/3/issue/{issueIdOrKey}/worklog")
    assert next(p for p in worklogs.parameters if p.definition.target == "expand").definition.default is None  # type: ignore[attr-defined]


def test_a_required_object_with_no_required_keys_is_one_required_field() -> None:
    # Box's POST /collaborations requires `item` ({id, type}, neither required): flattened, the
    # object was never sent; as one required field the caller must give it.
    method = _method("box", "POST /collaborations")
    fields = {f.definition.location: f.definition for f in method.fields}  # type: ignore[attr-defined]
    assert fields["item"].required and fields["item"].type == "object"
    assert not any(location.startswith("item.") for location in fields)
    # An object with a required key of its own is still flattened (its key carries the requirement).
    assert fields["accessible_by.type"].required and not fields["accessible_by.id"].required


def test_required_names_an_object_does_not_declare_do_not_flatten_it() -> None:
    # Jira's ScreenTypes requires `defaultScreen` but declares only default/edit/create/view.
    method = _method("jira", "POST /rest/api/3/screenscheme")
    fields = {f.definition.location: f.definition for f in method.fields}  # type: ignore[attr-defined]
    assert fields["screens"].required and fields["screens"].type == "object"


def test_a_page_size_above_the_specs_maximum_is_lowered_to_it() -> None:
    # Intercom pages by per_page: 50, but a data connector's execution results allow at most 30 a page.
    method = _method("intercom", "GET /data_connectors/{data_connector_id}/execution_results")
    assert method.definition.pagination is not None  # type: ignore[attr-defined]
    assert method.definition.pagination.size == 30  # type: ignore[attr-defined]


def test_a_bare_array_answer_pages_as_the_answer_itself() -> None:
    # Jira's user searches answer [user, ...] and take startAt/maxResults.
    method = _method("jira", "GET /rest/api/3/user/search")
    assert method.definition.pagination is not None  # type: ignore[attr-defined]
    assert method.definition.pagination.records == ""  # type: ignore[attr-defined]
