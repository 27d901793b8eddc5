from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.call_by_id import CallById
from ...models.error import Error
from ...types import UNSET, Response, Unset


def _get_kwargs(
    connector_id: int,
    method_id: str,
    *,
    body: CallById | Unset = UNSET,
    dry_run: bool | Unset = False,
    idempotency_key: None | str | Unset = UNSET,
    x_cyclr_account: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    if not isinstance(x_cyclr_account, Unset):
        headers["X-Cyclr-Account"] = x_cyclr_account

    params: dict[str, Any] = {}

    params["dryRun"] = dry_run

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1.0/account/connectors/{connector_id}/methods/{method_id}".format(
            connector_id=quote(str(connector_id), safe=""),
            method_id=quote(str(method_id), safe=""),
        ),
        "params": params,
    }

    if not isinstance(body, Unset):
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | Error | None:
    if response.status_code == 200:
        response_200 = response.json()
        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())

        return response_403

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

    if response.status_code == 502:
        response_502 = Error.from_dict(response.json())

        return response_502

    if response.status_code == 504:
        response_504 = Error.from_dict(response.json())

        return response_504

    if 400 <= response.status_code <= 499:
        response_4xx = Error.from_dict(response.json())

        return response_4xx

    if 500 <= response.status_code <= 599:
        response_5xx = Error.from_dict(response.json())

        return response_5xx

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Any | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    connector_id: int,
    method_id: str,
    *,
    client: AuthenticatedClient,
    body: CallById | Unset = UNSET,
    dry_run: bool | Unset = False,
    idempotency_key: None | str | Unset = UNSET,
    x_cyclr_account: str | Unset = UNSET,
) -> Response[Any | Error]:
    """Call Method

     Call a method with Parameters, Fields and Mergefields keyed by numeric Id.

    Args:
        connector_id (int):
        method_id (str):
        dry_run (bool | Unset): Answer the request that would be sent; send nothing Default:
            False.
        idempotency_key (None | str | Unset): Run the call once: a repeat with this key and the
            same request gets the stored answer (24 h); the same key with another request is a 422
        x_cyclr_account (str | Unset):
        body (CallById | Unset): ``POST .../methods/{methodId}``: values keyed by numeric Id.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error]
    """

    kwargs = _get_kwargs(
        connector_id=connector_id,
        method_id=method_id,
        body=body,
        dry_run=dry_run,
        idempotency_key=idempotency_key,
        x_cyclr_account=x_cyclr_account,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    connector_id: int,
    method_id: str,
    *,
    client: AuthenticatedClient,
    body: CallById | Unset = UNSET,
    dry_run: bool | Unset = False,
    idempotency_key: None | str | Unset = UNSET,
    x_cyclr_account: str | Unset = UNSET,
) -> Any | Error | None:
    """Call Method

     Call a method with Parameters, Fields and Mergefields keyed by numeric Id.

    Args:
        connector_id (int):
        method_id (str):
        dry_run (bool | Unset): Answer the request that would be sent; send nothing Default:
            False.
        idempotency_key (None | str | Unset): Run the call once: a repeat with this key and the
            same request gets the stored answer (24 h); the same key with another request is a 422
        x_cyclr_account (str | Unset):
        body (CallById | Unset): ``POST .../methods/{methodId}``: values keyed by numeric Id.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error
    """

    return sync_detailed(
        connector_id=connector_id,
        method_id=method_id,
        client=client,
        body=body,
        dry_run=dry_run,
        idempotency_key=idempotency_key,
        x_cyclr_account=x_cyclr_account,
    ).parsed


async def asyncio_detailed(
    connector_id: int,
    method_id: str,
    *,
    client: AuthenticatedClient,
    body: CallById | Unset = UNSET,
    dry_run: bool | Unset = False,
    idempotency_key: None | str | Unset = UNSET,
    x_cyclr_account: str | Unset = UNSET,
) -> Response[Any | Error]:
    """Call Method

     Call a method with Parameters, Fields and Mergefields keyed by numeric Id.

    Args:
        connector_id (int):
        method_id (str):
        dry_run (bool | Unset): Answer the request that would be sent; send nothing Default:
            False.
        idempotency_key (None | str | Unset): Run the call once: a repeat with this key and the
            same request gets the stored answer (24 h); the same key with another request is a 422
        x_cyclr_account (str | Unset):
        body (CallById | Unset): ``POST .../methods/{methodId}``: values keyed by numeric Id.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error]
    """

    kwargs = _get_kwargs(
        connector_id=connector_id,
        method_id=method_id,
        body=body,
        dry_run=dry_run,
        idempotency_key=idempotency_key,
        x_cyclr_account=x_cyclr_account,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    connector_id: int,
    method_id: str,
    *,
    client: AuthenticatedClient,
    body: CallById | Unset = UNSET,
    dry_run: bool | Unset = False,
    idempotency_key: None | str | Unset = UNSET,
    x_cyclr_account: str | Unset = UNSET,
) -> Any | Error | None:
    """Call Method

     Call a method with Parameters, Fields and Mergefields keyed by numeric Id.

    Args:
        connector_id (int):
        method_id (str):
        dry_run (bool | Unset): Answer the request that would be sent; send nothing Default:
            False.
        idempotency_key (None | str | Unset): Run the call once: a repeat with this key and the
            same request gets the stored answer (24 h); the same key with another request is a 422
        x_cyclr_account (str | Unset):
        body (CallById | Unset): ``POST .../methods/{methodId}``: values keyed by numeric Id.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error
    """

    return (
        await asyncio_detailed(
            connector_id=connector_id,
            method_id=method_id,
            client=client,
            body=body,
            dry_run=dry_run,
            idempotency_key=idempotency_key,
            x_cyclr_account=x_cyclr_account,
        )
    ).parsed
