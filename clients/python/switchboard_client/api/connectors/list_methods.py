from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.list_methods_orderby import ListMethodsOrderby
from ...models.method_out import MethodOut
from ...types import UNSET, Response, Unset


def _get_kwargs(
    connector_id: int | str,
    *,
    query: None | str | Unset = UNSET,
    category: None | str | Unset = UNSET,
    order_by: ListMethodsOrderby | Unset = ListMethodsOrderby.NAME,
    sort_order_asc: bool | Unset = True,
    page: int | Unset = 1,
    page_size: int | Unset = 50,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_query: str | Unset | None
    if isinstance(query, Unset):
        json_query = UNSET
    else:
        json_query = query
    params["query"] = json_query

    json_category: str | Unset | None
    if isinstance(category, Unset):
        json_category = UNSET
    else:
        json_category = category
    params["category"] = json_category

    json_order_by: str | Unset = UNSET
    if not isinstance(order_by, Unset):
        json_order_by = order_by.value

    params["orderBy"] = json_order_by

    params["sortOrderAsc"] = sort_order_asc

    params["page"] = page

    params["pageSize"] = page_size

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1.0/connectors/{connector_id}/methods".format(
            connector_id=quote(str(connector_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | list[MethodOut] | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in _response_200:
            response_200_item = MethodOut.from_dict(response_200_item_data)

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
) -> Response[Error | list[MethodOut]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    connector_id: int | str,
    *,
    client: AuthenticatedClient,
    query: None | str | Unset = UNSET,
    category: None | str | Unset = UNSET,
    order_by: ListMethodsOrderby | Unset = ListMethodsOrderby.NAME,
    sort_order_asc: bool | Unset = True,
    page: int | Unset = 1,
    page_size: int | Unset = 50,
) -> Response[Error | list[MethodOut]]:
    """List Methods

     A page of the connector's methods, by name as Cyclr lists them; ``query`` and ``category`` filter
    them.

    Args:
        connector_id (int | str): The connector's numeric Id, or its name (any case; spaces
            percent-encoded)
        query (None | str | Unset): Only items whose name contains this (any case)
        category (None | str | Unset): Only items in this category (any case)
        order_by (ListMethodsOrderby | Unset):  Default: ListMethodsOrderby.NAME.
        sort_order_asc (bool | Unset): Ascending (the default) or descending Default: True.
        page (int | Unset): The page, from 1 Default: 1.
        page_size (int | Unset): Items per page, 50 if not given Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | list[MethodOut]]
    """

    kwargs = _get_kwargs(
        connector_id=connector_id,
        query=query,
        category=category,
        order_by=order_by,
        sort_order_asc=sort_order_asc,
        page=page,
        page_size=page_size,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    connector_id: int | str,
    *,
    client: AuthenticatedClient,
    query: None | str | Unset = UNSET,
    category: None | str | Unset = UNSET,
    order_by: ListMethodsOrderby | Unset = ListMethodsOrderby.NAME,
    sort_order_asc: bool | Unset = True,
    page: int | Unset = 1,
    page_size: int | Unset = 50,
) -> Error | list[MethodOut] | None:
    """List Methods

     A page of the connector's methods, by name as Cyclr lists them; ``query`` and ``category`` filter
    them.

    Args:
        connector_id (int | str): The connector's numeric Id, or its name (any case; spaces
            percent-encoded)
        query (None | str | Unset): Only items whose name contains this (any case)
        category (None | str | Unset): Only items in this category (any case)
        order_by (ListMethodsOrderby | Unset):  Default: ListMethodsOrderby.NAME.
        sort_order_asc (bool | Unset): Ascending (the default) or descending Default: True.
        page (int | Unset): The page, from 1 Default: 1.
        page_size (int | Unset): Items per page, 50 if not given Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | list[MethodOut]
    """

    return sync_detailed(
        connector_id=connector_id,
        client=client,
        query=query,
        category=category,
        order_by=order_by,
        sort_order_asc=sort_order_asc,
        page=page,
        page_size=page_size,
    ).parsed


async def asyncio_detailed(
    connector_id: int | str,
    *,
    client: AuthenticatedClient,
    query: None | str | Unset = UNSET,
    category: None | str | Unset = UNSET,
    order_by: ListMethodsOrderby | Unset = ListMethodsOrderby.NAME,
    sort_order_asc: bool | Unset = True,
    page: int | Unset = 1,
    page_size: int | Unset = 50,
) -> Response[Error | list[MethodOut]]:
    """List Methods

     A page of the connector's methods, by name as Cyclr lists them; ``query`` and ``category`` filter
    them.

    Args:
        connector_id (int | str): The connector's numeric Id, or its name (any case; spaces
            percent-encoded)
        query (None | str | Unset): Only items whose name contains this (any case)
        category (None | str | Unset): Only items in this category (any case)
        order_by (ListMethodsOrderby | Unset):  Default: ListMethodsOrderby.NAME.
        sort_order_asc (bool | Unset): Ascending (the default) or descending Default: True.
        page (int | Unset): The page, from 1 Default: 1.
        page_size (int | Unset): Items per page, 50 if not given Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | list[MethodOut]]
    """

    kwargs = _get_kwargs(
        connector_id=connector_id,
        query=query,
        category=category,
        order_by=order_by,
        sort_order_asc=sort_order_asc,
        page=page,
        page_size=page_size,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    connector_id: int | str,
    *,
    client: AuthenticatedClient,
    query: None | str | Unset = UNSET,
    category: None | str | Unset = UNSET,
    order_by: ListMethodsOrderby | Unset = ListMethodsOrderby.NAME,
    sort_order_asc: bool | Unset = True,
    page: int | Unset = 1,
    page_size: int | Unset = 50,
) -> Error | list[MethodOut] | None:
    """List Methods

     A page of the connector's methods, by name as Cyclr lists them; ``query`` and ``category`` filter
    them.

    Args:
        connector_id (int | str): The connector's numeric Id, or its name (any case; spaces
            percent-encoded)
        query (None | str | Unset): Only items whose name contains this (any case)
        category (None | str | Unset): Only items in this category (any case)
        order_by (ListMethodsOrderby | Unset):  Default: ListMethodsOrderby.NAME.
        sort_order_asc (bool | Unset): Ascending (the default) or descending Default: True.
        page (int | Unset): The page, from 1 Default: 1.
        page_size (int | Unset): Items per page, 50 if not given Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | list[MethodOut]
    """

    return (
        await asyncio_detailed(
            connector_id=connector_id,
            client=client,
            query=query,
            category=category,
            order_by=order_by,
            sort_order_asc=sort_order_asc,
            page=page,
            page_size=page_size,
        )
    ).parsed
