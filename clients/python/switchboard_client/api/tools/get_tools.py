from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.get_tools_format import GetToolsFormat
from ...models.get_tools_response_200_item import GetToolsResponse200Item
from ...types import UNSET, Response, Unset


def _get_kwargs(
    connector_id: int,
    *,
    format_: GetToolsFormat | Unset = GetToolsFormat.MCP,
    query: str | Unset = "",
    category: str | Unset = "",
    read_only: bool | Unset = False,
    x_cyclr_account: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_cyclr_account, Unset):
        headers["X-Cyclr-Account"] = x_cyclr_account

    params: dict[str, Any] = {}

    json_format_: str | Unset = UNSET
    if not isinstance(format_, Unset):
        json_format_ = format_.value

    params["format"] = json_format_

    params["query"] = query

    params["category"] = category

    params["readOnly"] = read_only

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1.0/account/connectors/{connector_id}/tools".format(
            connector_id=quote(str(connector_id), safe=""),
        ),
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | list[GetToolsResponse200Item] | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in _response_200:
            response_200_item = GetToolsResponse200Item.from_dict(response_200_item_data)

            response_200.append(response_200_item)

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
) -> Response[Error | list[GetToolsResponse200Item]]:
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
    format_: GetToolsFormat | Unset = GetToolsFormat.MCP,
    query: str | Unset = "",
    category: str | Unset = "",
    read_only: bool | Unset = False,
    x_cyclr_account: str | Unset = UNSET,
) -> Response[Error | list[GetToolsResponse200Item]]:
    """Get Tools

     The account connector's methods as tools, in OpenAI, Anthropic or MCP function-calling shape;
    narrowed
    by words, a category or to read-only ones for a model's API that takes a bounded list (OpenAI: 128).

    Args:
        connector_id (int):
        format_ (GetToolsFormat | Unset):  Default: GetToolsFormat.MCP.
        query (str | Unset): Words every tool listed holds (any case) Default: ''.
        category (str | Unset): Only the methods of this category Default: ''.
        read_only (bool | Unset): Only tools that change nothing Default: False.
        x_cyclr_account (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | list[GetToolsResponse200Item]]
    """

    kwargs = _get_kwargs(
        connector_id=connector_id,
        format_=format_,
        query=query,
        category=category,
        read_only=read_only,
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
    format_: GetToolsFormat | Unset = GetToolsFormat.MCP,
    query: str | Unset = "",
    category: str | Unset = "",
    read_only: bool | Unset = False,
    x_cyclr_account: str | Unset = UNSET,
) -> Error | list[GetToolsResponse200Item] | None:
    """Get Tools

     The account connector's methods as tools, in OpenAI, Anthropic or MCP function-calling shape;
    narrowed
    by words, a category or to read-only ones for a model's API that takes a bounded list (OpenAI: 128).

    Args:
        connector_id (int):
        format_ (GetToolsFormat | Unset):  Default: GetToolsFormat.MCP.
        query (str | Unset): Words every tool listed holds (any case) Default: ''.
        category (str | Unset): Only the methods of this category Default: ''.
        read_only (bool | Unset): Only tools that change nothing Default: False.
        x_cyclr_account (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | list[GetToolsResponse200Item]
    """

    return sync_detailed(
        connector_id=connector_id,
        client=client,
        format_=format_,
        query=query,
        category=category,
        read_only=read_only,
        x_cyclr_account=x_cyclr_account,
    ).parsed


async def asyncio_detailed(
    connector_id: int,
    *,
    client: AuthenticatedClient,
    format_: GetToolsFormat | Unset = GetToolsFormat.MCP,
    query: str | Unset = "",
    category: str | Unset = "",
    read_only: bool | Unset = False,
    x_cyclr_account: str | Unset = UNSET,
) -> Response[Error | list[GetToolsResponse200Item]]:
    """Get Tools

     The account connector's methods as tools, in OpenAI, Anthropic or MCP function-calling shape;
    narrowed
    by words, a category or to read-only ones for a model's API that takes a bounded list (OpenAI: 128).

    Args:
        connector_id (int):
        format_ (GetToolsFormat | Unset):  Default: GetToolsFormat.MCP.
        query (str | Unset): Words every tool listed holds (any case) Default: ''.
        category (str | Unset): Only the methods of this category Default: ''.
        read_only (bool | Unset): Only tools that change nothing Default: False.
        x_cyclr_account (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | list[GetToolsResponse200Item]]
    """

    kwargs = _get_kwargs(
        connector_id=connector_id,
        format_=format_,
        query=query,
        category=category,
        read_only=read_only,
        x_cyclr_account=x_cyclr_account,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    connector_id: int,
    *,
    client: AuthenticatedClient,
    format_: GetToolsFormat | Unset = GetToolsFormat.MCP,
    query: str | Unset = "",
    category: str | Unset = "",
    read_only: bool | Unset = False,
    x_cyclr_account: str | Unset = UNSET,
) -> Error | list[GetToolsResponse200Item] | None:
    """Get Tools

     The account connector's methods as tools, in OpenAI, Anthropic or MCP function-calling shape;
    narrowed
    by words, a category or to read-only ones for a model's API that takes a bounded list (OpenAI: 128).

    Args:
        connector_id (int):
        format_ (GetToolsFormat | Unset):  Default: GetToolsFormat.MCP.
        query (str | Unset): Words every tool listed holds (any case) Default: ''.
        category (str | Unset): Only the methods of this category Default: ''.
        read_only (bool | Unset): Only tools that change nothing Default: False.
        x_cyclr_account (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | list[GetToolsResponse200Item]
    """

    return (
        await asyncio_detailed(
            connector_id=connector_id,
            client=client,
            format_=format_,
            query=query,
            category=category,
            read_only=read_only,
            x_cyclr_account=x_cyclr_account,
        )
    ).parsed
