"""Where a property sourced from a GET after consent is read: a list on the path gives its first item."""

from __future__ import annotations

from switchboard.connections.consent import _first_at

USERINFO = {  # DocuSign's /oauth/userinfo, cut down
    "sub": "u-1",
    "accounts": [
        {"account_id": "a-1", "is_default": True, "base_uri": "https://na3.docusign.net"},
        {"account_id": "a-2", "is_default": False, "base_uri": "https://eu.docusign.net"},
    ],
}


def test_a_list_on_the_path_is_read_at_its_first_item() -> None:
    assert _first_at(USERINFO, "accounts.base_uri") == "https://na3.docusign.net"
    assert _first_at(USERINFO, "accounts.account_id") == "a-1"


def test_a_list_answer_is_read_at_its_first_item_and_a_missing_value_is_none() -> None:
    assert _first_at([{"tenantId": "t-1"}, {"tenantId": "t-2"}], "tenantId") == "t-1"  # Xero's connections
    assert _first_at({"accounts": []}, "accounts.base_uri") is None
    assert _first_at(USERINFO, "accounts.nothing") is None
    assert _first_at("text", "accounts") is None
