from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.sign_in_token_in import SignInTokenIn
from ...models.sign_in_token_out import SignInTokenOut
from ...types import UNSET, Response, Unset


def _get_kwargs(
    account_id: str,
    *,
    body: SignInTokenIn | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1.0/accounts/{account_id}/signintoken".format(
            account_id=quote(str(account_id), safe=""),
        ),
    }

    if not isinstance(body, Unset):
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | SignInTokenOut | None:
    if response.status_code == 200:
        response_200 = SignInTokenOut.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())

        return response_404

    if response.status_code == 408:
        response_408 = Error.from_dict(response.json())

        return response_408

    if response.status_code == 409:
        response_409 = Error.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = Error.from_dict(response.json())

        return response_413

    if response.status_code == 429:
        response_429 = Error.from_dict(response.json())

        return response_429

    if response.status_code == 431:
        response_431 = Error.from_dict(response.json())

        return response_431

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | SignInTokenOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    account_id: str,
    *,
    client: AuthenticatedClient,
    body: SignInTokenIn | Unset = UNSET,
) -> Response[Error | SignInTokenOut]:
    """Sign In Token

     A single-use token, valid 5 minutes, for the account's user to sign in to a connector.

    Args:
        account_id (str):
        body (SignInTokenIn | Unset): Cyclr's body: the end user's name, echoed in the answer
            (Switchboard has no per-user accounts).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | SignInTokenOut]
    """

    kwargs = _get_kwargs(
        account_id=account_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    account_id: str,
    *,
    client: AuthenticatedClient,
    body: SignInTokenIn | Unset = UNSET,
) -> Error | SignInTokenOut | None:
    """Sign In Token

     A single-use token, valid 5 minutes, for the account's user to sign in to a connector.

    Args:
        account_id (str):
        body (SignInTokenIn | Unset): Cyclr's body: the end user's name, echoed in the answer
            (Switchboard has no per-user accounts).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | SignInTokenOut
    """

    return sync_detailed(
        account_id=account_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    account_id: str,
    *,
    client: AuthenticatedClient,
    body: SignInTokenIn | Unset = UNSET,
) -> Response[Error | SignInTokenOut]:
    """Sign In Token

     A single-use token, valid 5 minutes, for the account's user to sign in to a connector.

    Args:
        account_id (str):
        body (SignInTokenIn | Unset): Cyclr's body: the end user's name, echoed in the answer
            (Switchboard has no per-user accounts).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | SignInTokenOut]
    """

    kwargs = _get_kwargs(
        account_id=account_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    account_id: str,
    *,
    client: AuthenticatedClient,
    body: SignInTokenIn | Unset = UNSET,
) -> Error | SignInTokenOut | None:
    """Sign In Token

     A single-use token, valid 5 minutes, for the account's user to sign in to a connector.

    Args:
        account_id (str):
        body (SignInTokenIn | Unset): Cyclr's body: the end user's name, echoed in the answer
            (Switchboard has no per-user accounts).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | SignInTokenOut
    """

    return (
        await asyncio_detailed(
            account_id=account_id,
            client=client,
            body=body,
        )
    ).parsed
