"""A client written for Cyclr's API, pointed at Switchboard with nothing changed but its base URL.

``CyclrClient`` is what a partner would have written from Cyclr's documentation ("API
authentication", "Accounts and connectors", "Data on demand"): PascalCase bodies, the
``X-Cyclr-Account`` header, form-encoded client credentials, lists read page by page until a
short page, methods called by ``MethodUniqueIdentifier`` with values keyed by numeric Id. It
knows nothing of Switchboard. The walkthrough is a migration as a new user would run it:
a token, an account, a connector installed and authenticated with an API key, a method called
and read back, an account-restricted token handed to one customer's code, a sign-in link for
an OAuth connector, and the clean-up.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import httpx

from switchboard_emulators import EmulatorServer
from tests.harness import SwitchboardServer

PAGE_SIZE = 2  # a client's page size, small so the walkthrough pages; a page shorter than this is the last
MAX_PAGES = 100  # a client's own guard against a server that never ends a list


class CyclrError(Exception):
    def __init__(self, response: httpx.Response) -> None:
        super().__init__(f"{response.status_code}: {response.text[:300]}")
        self.status = response.status_code
        self.message = response.json().get("Message") if response.content else None


class CyclrClient:
    """Cyclr's Connector API, as its documentation describes it."""

    def __init__(self, api_domain: str, client_id: str, client_secret: str) -> None:
        self.http = httpx.Client(base_url=api_domain, timeout=60)
        self.client_id = client_id
        self.client_secret = client_secret
        self.access_token: str | None = None
        self.last_status = 0

    # POST /oauth/token: client credentials; scope=account:{id} for an account-restricted token.
    def authenticate(self, account_id: str | None = None) -> dict[str, Any]:
        form = {"grant_type": "client_credentials", "client_id": self.client_id, "client_secret": self.client_secret}
        if account_id is not None:
            form["scope"] = f"account:{account_id}"
        answer: dict[str, Any] = self._ok(self.http.post("/oauth/token", data=form))
        self.access_token = answer["access_token"]
        return answer

    def restricted_to(self, account_id: str) -> CyclrClient:
        """A second client whose token works for one account only."""
        other = CyclrClient(str(self.http.base_url), self.client_id, self.client_secret)
        other.authenticate(account_id)
        return other

    # --- partner level ---

    def create_account(self, name: str, description: str = "", timezone: str = "Europe/London") -> dict[str, Any]:
        body = {"Name": name, "Description": description, "Timezone": timezone}
        return self._request("POST", "/v1.0/accounts", json=body)  # type: ignore[no-any-return]

    def accounts(self) -> Iterator[dict[str, Any]]:
        return self._pages("/v1.0/accounts")

    def delete_account(self, account_id: str) -> None:
        self._request("DELETE", f"/v1.0/accounts/{account_id}")

    def sign_in_token(self, account_id: str, username: str) -> dict[str, Any]:
        return self._request(  # type: ignore[no-any-return]
            "POST", f"/v1.0/accounts/{account_id}/signintoken", json={"Username": username}
        )

    def connectors(self) -> Iterator[dict[str, Any]]:
        return self._pages("/v1.0/connectors")

    def connector_methods(self, connector_id: int) -> list[dict[str, Any]]:
        return self._request("GET", f"/v1.0/connectors/{connector_id}/methods")  # type: ignore[no-any-return]

    # --- account level (X-Cyclr-Account) ---

    def install_bare(self, account_id: str, connector_id: int) -> dict[str, Any]:
        """An install with no body at all, as Cyclr's own tests send one."""
        return self._request(  # type: ignore[no-any-return]
            "POST", f"/v1.0/connectors/{connector_id}/install", account=account_id
        )

    def install(self, account_id: str, connector_id: int, name: str, auth_value: str | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {"Name": name, "Description": f"{name} for {account_id}"}
        if auth_value is not None:
            body["AuthValue"] = auth_value
        return self._request(  # type: ignore[no-any-return]
            "POST", f"/v1.0/connectors/{connector_id}/install", account=account_id, json=body
        )

    def account_connectors(self, account_id: str) -> list[dict[str, Any]]:
        # .NET clients often end collection paths with a slash; it must not be a redirect.
        return self._request("GET", "/v1.0/account/connectors/", account=account_id)  # type: ignore[no-any-return]

    def account_connector(self, account_id: str, account_connector_id: int) -> dict[str, Any]:
        return self._request(  # type: ignore[no-any-return]
            "GET", f"/v1.0/account/connectors/{account_connector_id}", account=account_id
        )

    def set_auth_value(self, account_id: str, account_connector_id: int, auth_value: str) -> dict[str, Any]:
        return self._request(  # type: ignore[no-any-return]
            "PUT",
            f"/v1.0/account/connectors/{account_connector_id}",
            account=account_id,
            json={"AuthValue": auth_value},
        )

    def call_method(
        self,
        account_id: str,
        account_connector_id: int,
        method: str,
        parameters: dict[int, Any] | None = None,
        fields: dict[int, Any] | None = None,
    ) -> Any:
        body = {"Parameters": {str(k): v for k, v in (parameters or {}).items()},
                "Fields": {str(k): v for k, v in (fields or {}).items()}}  # fmt: skip
        return self._request(
            "POST", f"/v1.0/account/connectors/{account_connector_id}/methods/{method}", account=account_id, json=body
        )

    def call_method_text(self, account_id: str, account_connector_id: int, method: str, body: str) -> Any:
        """A call whose body is written by hand, as Cyclr's own tests write some: not strict JSON."""
        return self._request(
            "POST",
            f"/v1.0/account/connectors/{account_connector_id}/methods/{method}",
            account=account_id,
            content=body.encode(),
            headers={"Content-Type": "application/json"},
        )

    def remove_account_connector(self, account_id: str, account_connector_id: int) -> None:
        self._request("DELETE", f"/v1.0/account/connectors/{account_connector_id}", account=account_id)

    # --- plumbing ---

    def _pages(self, path: str) -> Iterator[dict[str, Any]]:
        for page in range(1, MAX_PAGES + 1):
            items = self._request("GET", path, params={"page": page, "pageSize": PAGE_SIZE})
            yield from items
            if len(items) < PAGE_SIZE:
                return
        raise AssertionError(f"{path} did not end within {MAX_PAGES} pages")

    def _request(self, method: str, path: str, *, account: str | None = None, **kwargs: Any) -> Any:
        headers = {"Authorization": f"Bearer {self.access_token}", "Accept": "application/json"}
        headers.update(kwargs.pop("headers", {}))
        if account is not None:
            headers["X-Cyclr-Account"] = account
        return self._ok(self.http.request(method, path, headers=headers, **kwargs))

    def _ok(self, response: httpx.Response) -> Any:
        # Cyclr's own test suite checks this header on every answer.
        assert response.headers.get("X-Content-Type-Options") == "nosniff", response.request.url
        self.last_status = response.status_code
        if not response.is_success:
            raise CyclrError(response)
        return response.json() if response.content else None


def test_a_cyclr_client_migrates_to_switchboard_by_its_base_url(
    switchboard: SwitchboardServer, salesloft: EmulatorServer
) -> None:
    # What the Cyclr console gave the partner: a client id and secret (here from the admin CLI).
    partner = switchboard.new_partner("Migrating from Cyclr")
    cyclr = CyclrClient(switchboard.url, partner.client_id, partner.client_secret)

    # API authentication: a bearer token.
    token = cyclr.authenticate()
    assert token["token_type"] == "bearer"
    assert token["expires_in"] == 1_209_599  # Cyclr's 14 days less a second
    assert token["clientId"] == partner.client_id and token[".issued"] and token[".expires"]

    # Accounts: create one; the Id is a GUID when the client does not choose it.
    account = cyclr.create_account("Test Account 001", "An account we will use for testing")
    assert cyclr.last_status == 200  # Cyclr's, not 201
    account_id = account["Id"]
    assert str(uuid.UUID(account_id)) == account_id
    assert account["Name"] == "Test Account 001" and account["Timezone"] == "Europe/London"
    extra = [cyclr.create_account(f"Paging customer {n}")["Id"] for n in range(3)]
    listed = [a["Id"] for a in cyclr.accounts()]  # pages of two, until a short page
    assert listed == [account_id, *extra]  # oldest first, each once

    # Get connectors, install Salesloft, authenticate it with the user's API key.
    salesloft_connector = next(c for c in cyclr.connectors() if c["Name"] == "Salesloft")
    by_name = cyclr._request("GET", "/v1.0/connectors/Salesloft")  # Cyclr's lookup by name: a list
    assert [c["Id"] for c in by_name] == [salesloft_connector["Id"]]
    assert salesloft_connector["Status"] == "Approved"
    installed = cyclr.install(account_id, salesloft_connector["Id"], "Salesloft for Test Account 001")
    assert cyclr.last_status == 200
    assert installed["Authenticated"] is False
    connection = installed["Id"]
    bare = cyclr.install_bare(account_id, salesloft_connector["Id"])  # no body: the same as {}
    assert bare["Name"] == "Salesloft"
    cyclr.remove_account_connector(account_id, bare["Id"])
    assert cyclr.last_status == 200
    api_key = salesloft.emulator.api_key  # type: ignore[attr-defined]
    authenticated = cyclr.set_auth_value(account_id, connection, api_key)
    assert authenticated["Authenticated"] is True
    assert authenticated.get("AuthValue") in (None, "")  # Cyclr echoes it; Switchboard never does
    assert [c["Id"] for c in cyclr.account_connectors(account_id)] == [connection]

    # Data on demand: the connector's methods, then a call by MethodUniqueIdentifier, values by Id.
    methods = {m["Name"]: m for m in cyclr.connector_methods(salesloft_connector["Id"])}
    create = methods["Create person"]
    field_ids = {f["Location"]: f["Id"] for f in create["RequestFields"]}
    email = f"ada-{uuid.uuid4().hex[:8]}@example.com"
    created = cyclr.call_method(
        account_id,
        connection,
        create["MethodUniqueIdentifier"],
        fields={field_ids["email_address"]: email, field_ids["first_name"]: "Ada", field_ids["last_name"]: "Lovelace"},
    )
    person_id = created["data"]["id"]
    get = methods["Get person"]
    param_ids = {p["TargetName"]: p["Id"] for p in get["Parameters"]}
    fetched = cyclr.call_method(
        account_id, connection, get["MethodUniqueIdentifier"], parameters={param_ids["person_id"]: person_id}
    )
    assert fetched["data"]["email_address"] == email
    assert fetched["data"]["first_name"] == "Ada"
    # The same call as Cyclr's own tests write bodies: single quotes, an unquoted numeric key.
    lenient = cyclr.call_method_text(
        account_id,
        connection,
        get["MethodUniqueIdentifier"],
        f"{{'Parameters': {{{param_ids['person_id']} : '{person_id}'}}}}",
    )
    assert lenient["data"]["email_address"] == email

    # An account-restricted token for code that serves this one customer.
    customer = cyclr.restricted_to(account_id)
    assert [c["Id"] for c in customer.account_connectors(account_id)] == [connection]
    again = customer.call_method(
        account_id, connection, get["MethodUniqueIdentifier"], parameters={param_ids["person_id"]: person_id}
    )
    assert again["data"]["id"] == person_id
    other = cyclr.create_account("Another customer")
    for refused in (lambda: list(customer.accounts()), lambda: customer.account_connectors(other["Id"])):
        try:
            refused()
        except CyclrError as error:
            assert error.status == 401
            assert error.message and error.message.startswith("Authorization has been denied for this request.")
        else:
            raise AssertionError("an account-restricted token reached beyond its account")

    # OAuth connectors: a one-time sign-in token for the link the user opens.
    sign_in = cyclr.sign_in_token(account_id, "example_user")
    assert sign_in["Token"] and sign_in["ExpiresAtUtc"] and sign_in["Username"] == "example_user"

    # Clean-up as Cyclr's docs have it.
    cyclr.remove_account_connector(account_id, connection)
    assert cyclr.account_connectors(account_id) == []
    cyclr.delete_account(account_id)
    assert cyclr.last_status == 200
    for leftover in [other["Id"], *extra]:
        cyclr.delete_account(leftover)
    assert account_id not in {a["Id"] for a in cyclr.accounts()}
