from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.records_out import RecordsOut
from ...types import UNSET, Response, Unset


def _get_kwargs(
    connector_id: int,
    sync_id: int,
    *,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 100,
    changes: None | str | Unset = UNSET,
    x_cyclr_account: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_cyclr_account, Unset):
        headers["X-Cyclr-Account"] = x_cyclr_account

    params: dict[str, Any] = {}

    json_cursor: str | Unset | None
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor

    params["limit"] = limit

    json_changes: str | Unset | None
    if isinstance(changes, Unset):
        json_changes = UNSET
    else:
        json_changes = changes
    params["changes"] = json_changes

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1.0/account/connectors/{connector_id}/syncs/{sync_id}/records".format(
            connector_id=quote(str(connector_id), safe=""),
            sync_id=quote(str(sync_id), safe=""),
        ),
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | RecordsOut | None:
    if response.status_code == 200:
        response_200 = RecordsOut.from_dict(response.json())

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | RecordsOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    connector_id: int,
    sync_id: int,
    *,
    client: AuthenticatedClient,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 100,
    changes: None | str | Unset = UNSET,
    x_cyclr_account: str | Unset = UNSET,
) -> Response[Error | RecordsOut]:
    """Records

     Record changes after ``cursor``, oldest first: the provider's JSON plus ``_switchboard`` metadata.

    Args:
        connector_id (int):
        sync_id (int):
        cursor (None | str | Unset): The NextCursor you kept; none: from the start
        limit (int | Unset):  Default: 100.
        changes (None | str | Unset): Some of added,updated,deleted
        x_cyclr_account (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | RecordsOut]
    """

    kwargs = _get_kwargs(
        connector_id=connector_id,
        sync_id=sync_id,
        cursor=cursor,
        limit=limit,
        changes=changes,
        x_cyclr_account=x_cyclr_account,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    connector_id: int,
    sync_id: int,
    *,
    client: AuthenticatedClient,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 100,
    changes: None | str | Unset = UNSET,
    x_cyclr_account: str | Unset = UNSET,
) -> Error | RecordsOut | None:
    """Records

     Record changes after ``cursor``, oldest first: the provider's JSON plus ``_switchboard`` metadata.

    Args:
        connector_id (int):
        sync_id (int):
        cursor (None | str | Unset): The NextCursor you kept; none: from the start
        limit (int | Unset):  Default: 100.
        changes (None | str | Unset): Some of added,updated,deleted
        x_cyclr_account (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | RecordsOut
    """

    return sync_detailed(
        connector_id=connector_id,
        sync_id=sync_id,
        client=client,
        cursor=cursor,
        limit=limit,
        changes=changes,
        x_cyclr_account=x_cyclr_account,
    ).parsed


async def asyncio_detailed(
    connector_id: int,
    sync_id: int,
    *,
    client: AuthenticatedClient,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 100,
    changes: None | str | Unset = UNSET,
    x_cyclr_account: str | Unset = UNSET,
) -> Response[Error | RecordsOut]:
    """Records

     Record changes after ``cursor``, oldest first: the provider's JSON plus ``_switchboard`` metadata.

    Args:
        connector_id (int):
        sync_id (int):
        cursor (None | str | Unset): The NextCursor you kept; none: from the start
        limit (int | Unset):  Default: 100.
        changes (None | str | Unset): Some of added,updated,deleted
        x_cyclr_account (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | RecordsOut]
    """

    kwargs = _get_kwargs(
        connector_id=connector_id,
        sync_id=sync_id,
        cursor=cursor,
        limit=limit,
        changes=changes,
        x_cyclr_account=x_cyclr_account,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    connector_id: int,
    sync_id: int,
    *,
    client: AuthenticatedClient,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 100,
    changes: None | str | Unset = UNSET,
    x_cyclr_account: str | Unset = UNSET,
) -> Error | RecordsOut | None:
    """Records

     Record changes after ``cursor``, oldest first: the provider's JSON plus ``_switchboard`` metadata.

    Args:
        connector_id (int):
        sync_id (int):
        cursor (None | str | Unset): The NextCursor you kept; none: from the start
        limit (int | Unset):  Default: 100.
        changes (None | str | Unset): Some of added,updated,deleted
        x_cyclr_account (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | RecordsOut
    """

    return (
        await asyncio_detailed(
            connector_id=connector_id,
            sync_id=sync_id,
            client=client,
            cursor=cursor,
            limit=limit,
            changes=changes,
            x_cyclr_account=x_cyclr_account,
        )
    ).parsed
