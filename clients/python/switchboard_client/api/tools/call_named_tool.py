from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.call_named_tool_body import CallNamedToolBody
from ...models.error import Error
from ...models.tool_call_out import ToolCallOut
from ...types import UNSET, Response, Unset


def _get_kwargs(
    connector_id: int,
    name: str,
    *,
    body: CallNamedToolBody | Unset = UNSET,
    x_cyclr_account: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_cyclr_account, Unset):
        headers["X-Cyclr-Account"] = x_cyclr_account

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1.0/account/connectors/{connector_id}/tools/{name}".format(
            connector_id=quote(str(connector_id), safe=""),
            name=quote(str(name), safe=""),
        ),
    }

    if not isinstance(body, Unset):
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | ToolCallOut | None:
    if response.status_code == 200:
        response_200 = ToolCallOut.from_dict(response.json())

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | ToolCallOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    connector_id: int,
    name: str,
    *,
    client: AuthenticatedClient,
    body: CallNamedToolBody | Unset = UNSET,
    x_cyclr_account: str | Unset = UNSET,
) -> Response[Error | ToolCallOut]:
    """Call Named Tool

     Call a tool with a model's arguments as they come; the answer is cut to fit a context window.

    A bad argument is a 400 whose Message names it (send it back to the model as the tool's result).

    Args:
        connector_id (int):
        name (str):
        x_cyclr_account (str | Unset):
        body (CallNamedToolBody | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ToolCallOut]
    """

    kwargs = _get_kwargs(
        connector_id=connector_id,
        name=name,
        body=body,
        x_cyclr_account=x_cyclr_account,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    connector_id: int,
    name: str,
    *,
    client: AuthenticatedClient,
    body: CallNamedToolBody | Unset = UNSET,
    x_cyclr_account: str | Unset = UNSET,
) -> Error | ToolCallOut | None:
    """Call Named Tool

     Call a tool with a model's arguments as they come; the answer is cut to fit a context window.

    A bad argument is a 400 whose Message names it (send it back to the model as the tool's result).

    Args:
        connector_id (int):
        name (str):
        x_cyclr_account (str | Unset):
        body (CallNamedToolBody | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ToolCallOut
    """

    return sync_detailed(
        connector_id=connector_id,
        name=name,
        client=client,
        body=body,
        x_cyclr_account=x_cyclr_account,
    ).parsed


async def asyncio_detailed(
    connector_id: int,
    name: str,
    *,
    client: AuthenticatedClient,
    body: CallNamedToolBody | Unset = UNSET,
    x_cyclr_account: str | Unset = UNSET,
) -> Response[Error | ToolCallOut]:
    """Call Named Tool

     Call a tool with a model's arguments as they come; the answer is cut to fit a context window.

    A bad argument is a 400 whose Message names it (send it back to the model as the tool's result).

    Args:
        connector_id (int):
        name (str):
        x_cyclr_account (str | Unset):
        body (CallNamedToolBody | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ToolCallOut]
    """

    kwargs = _get_kwargs(
        connector_id=connector_id,
        name=name,
        body=body,
        x_cyclr_account=x_cyclr_account,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    connector_id: int,
    name: str,
    *,
    client: AuthenticatedClient,
    body: CallNamedToolBody | Unset = UNSET,
    x_cyclr_account: str | Unset = UNSET,
) -> Error | ToolCallOut | None:
    """Call Named Tool

     Call a tool with a model's arguments as they come; the answer is cut to fit a context window.

    A bad argument is a 400 whose Message names it (send it back to the model as the tool's result).

    Args:
        connector_id (int):
        name (str):
        x_cyclr_account (str | Unset):
        body (CallNamedToolBody | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ToolCallOut
    """

    return (
        await asyncio_detailed(
            connector_id=connector_id,
            name=name,
            client=client,
            body=body,
            x_cyclr_account=x_cyclr_account,
        )
    ).parsed
