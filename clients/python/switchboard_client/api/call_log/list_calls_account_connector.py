import datetime
from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.call_page import CallPage
from ...models.error import Error
from ...types import UNSET, Response, Unset


def _get_kwargs(
    connector_id: int,
    *,
    status: None | str | Unset = UNSET,
    method: None | str | Unset = UNSET,
    since: datetime.datetime | None | Unset = UNSET,
    until: datetime.datetime | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    x_cyclr_account: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_cyclr_account, Unset):
        headers["X-Cyclr-Account"] = x_cyclr_account

    params: dict[str, Any] = {}

    json_status: str | Unset | None
    if isinstance(status, Unset):
        json_status = UNSET
    else:
        json_status = status
    params["status"] = json_status

    json_method: str | Unset | None
    if isinstance(method, Unset):
        json_method = UNSET
    else:
        json_method = method
    params["method"] = json_method

    json_since: str | Unset | None
    if isinstance(since, Unset):
        json_since = UNSET
    elif isinstance(since, datetime.datetime):
        json_since = since.isoformat()
    else:
        json_since = since
    params["since"] = json_since

    json_until: str | Unset | None
    if isinstance(until, Unset):
        json_until = UNSET
    elif isinstance(until, datetime.datetime):
        json_until = until.isoformat()
    else:
        json_until = until
    params["until"] = json_until

    json_cursor: str | Unset | None
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor

    params["limit"] = limit

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1.0/account/connectors/{connector_id}/calls".format(
            connector_id=quote(str(connector_id), safe=""),
        ),
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> CallPage | Error | None:
    if response.status_code == 200:
        response_200 = CallPage.from_dict(response.json())

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[CallPage | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    connector_id: int,
    *,
    client: AuthenticatedClient,
    status: None | str | Unset = UNSET,
    method: None | str | Unset = UNSET,
    since: datetime.datetime | None | Unset = UNSET,
    until: datetime.datetime | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    x_cyclr_account: str | Unset = UNSET,
) -> Response[CallPage | Error]:
    """List Calls Account Connector

     One account connector's method calls, newest first.

    Args:
        connector_id (int):
        status (None | str | Unset): `ok`, `failed`, or an HTTP status such as `404`
        method (None | str | Unset): A MethodUniqueIdentifier, or a method's Id
        since (datetime.datetime | None | Unset): Calls started at or after (ISO 8601)
        until (datetime.datetime | None | Unset): Calls started before (ISO 8601)
        cursor (None | str | Unset): NextCursor of the previous page
        limit (int | Unset):  Default: 50.
        x_cyclr_account (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CallPage | Error]
    """

    kwargs = _get_kwargs(
        connector_id=connector_id,
        status=status,
        method=method,
        since=since,
        until=until,
        cursor=cursor,
        limit=limit,
        x_cyclr_account=x_cyclr_account,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    connector_id: int,
    *,
    client: AuthenticatedClient,
    status: None | str | Unset = UNSET,
    method: None | str | Unset = UNSET,
    since: datetime.datetime | None | Unset = UNSET,
    until: datetime.datetime | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    x_cyclr_account: str | Unset = UNSET,
) -> CallPage | Error | None:
    """List Calls Account Connector

     One account connector's method calls, newest first.

    Args:
        connector_id (int):
        status (None | str | Unset): `ok`, `failed`, or an HTTP status such as `404`
        method (None | str | Unset): A MethodUniqueIdentifier, or a method's Id
        since (datetime.datetime | None | Unset): Calls started at or after (ISO 8601)
        until (datetime.datetime | None | Unset): Calls started before (ISO 8601)
        cursor (None | str | Unset): NextCursor of the previous page
        limit (int | Unset):  Default: 50.
        x_cyclr_account (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CallPage | Error
    """

    return sync_detailed(
        connector_id=connector_id,
        client=client,
        status=status,
        method=method,
        since=since,
        until=until,
        cursor=cursor,
        limit=limit,
        x_cyclr_account=x_cyclr_account,
    ).parsed


async def asyncio_detailed(
    connector_id: int,
    *,
    client: AuthenticatedClient,
    status: None | str | Unset = UNSET,
    method: None | str | Unset = UNSET,
    since: datetime.datetime | None | Unset = UNSET,
    until: datetime.datetime | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    x_cyclr_account: str | Unset = UNSET,
) -> Response[CallPage | Error]:
    """List Calls Account Connector

     One account connector's method calls, newest first.

    Args:
        connector_id (int):
        status (None | str | Unset): `ok`, `failed`, or an HTTP status such as `404`
        method (None | str | Unset): A MethodUniqueIdentifier, or a method's Id
        since (datetime.datetime | None | Unset): Calls started at or after (ISO 8601)
        until (datetime.datetime | None | Unset): Calls started before (ISO 8601)
        cursor (None | str | Unset): NextCursor of the previous page
        limit (int | Unset):  Default: 50.
        x_cyclr_account (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CallPage | Error]
    """

    kwargs = _get_kwargs(
        connector_id=connector_id,
        status=status,
        method=method,
        since=since,
        until=until,
        cursor=cursor,
        limit=limit,
        x_cyclr_account=x_cyclr_account,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    connector_id: int,
    *,
    client: AuthenticatedClient,
    status: None | str | Unset = UNSET,
    method: None | str | Unset = UNSET,
    since: datetime.datetime | None | Unset = UNSET,
    until: datetime.datetime | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    x_cyclr_account: str | Unset = UNSET,
) -> CallPage | Error | None:
    """List Calls Account Connector

     One account connector's method calls, newest first.

    Args:
        connector_id (int):
        status (None | str | Unset): `ok`, `failed`, or an HTTP status such as `404`
        method (None | str | Unset): A MethodUniqueIdentifier, or a method's Id
        since (datetime.datetime | None | Unset): Calls started at or after (ISO 8601)
        until (datetime.datetime | None | Unset): Calls started before (ISO 8601)
        cursor (None | str | Unset): NextCursor of the previous page
        limit (int | Unset):  Default: 50.
        x_cyclr_account (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CallPage | Error
    """

    return (
        await asyncio_detailed(
            connector_id=connector_id,
            client=client,
            status=status,
            method=method,
            since=since,
            until=until,
            cursor=cursor,
            limit=limit,
            x_cyclr_account=x_cyclr_account,
        )
    ).parsed
