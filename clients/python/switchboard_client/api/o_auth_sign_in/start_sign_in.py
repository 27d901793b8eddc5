from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    id: int,
    token: str,
    target_origin: None | str | Unset = UNSET,
    post_message: bool | Unset = False,
    callback_message: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["id"] = id

    params["token"] = token

    json_target_origin: str | Unset | None
    if isinstance(target_origin, Unset):
        json_target_origin = UNSET
    else:
        json_target_origin = target_origin
    params["targetOrigin"] = json_target_origin

    params["postMessage"] = post_message

    json_callback_message: str | Unset | None
    if isinstance(callback_message, Unset):
        json_callback_message = UNSET
    else:
        json_callback_message = callback_message
    params["callbackMessage"] = json_callback_message

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/connectorauth/updateaccountconnectoroauth",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | Error | str | None:
    if response.status_code == 200:
        response_200 = response.text
        return response_200

    if response.status_code == 302:
        response_302 = cast(Any, None)
        return response_302

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Any | Error | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    id: int,
    token: str,
    target_origin: None | str | Unset = UNSET,
    post_message: bool | Unset = False,
    callback_message: None | str | Unset = UNSET,
) -> Response[Any | Error | str]:
    """Start Sign In

     Opened in the user's browser: checks the sign-in token and redirects to the provider.

    Every check comes before the token is spent, which is only as the user goes on to the provider:
    a refusal the partner can fix (a wrong id, an app not set up yet) leaves the user's link working.

    Args:
        id (int):
        token (str):
        target_origin (None | str | Unset):
        post_message (bool | Unset):  Default: False.
        callback_message (None | str | Unset): Cyclr's: posted as it is (window.postMessage) to
            the window that opened or frames the page, for targetOrigin, once the connection is made;
            without it the user is redirected to targetOrigin

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error | str]
    """

    kwargs = _get_kwargs(
        id=id,
        token=token,
        target_origin=target_origin,
        post_message=post_message,
        callback_message=callback_message,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    id: int,
    token: str,
    target_origin: None | str | Unset = UNSET,
    post_message: bool | Unset = False,
    callback_message: None | str | Unset = UNSET,
) -> Any | Error | str | None:
    """Start Sign In

     Opened in the user's browser: checks the sign-in token and redirects to the provider.

    Every check comes before the token is spent, which is only as the user goes on to the provider:
    a refusal the partner can fix (a wrong id, an app not set up yet) leaves the user's link working.

    Args:
        id (int):
        token (str):
        target_origin (None | str | Unset):
        post_message (bool | Unset):  Default: False.
        callback_message (None | str | Unset): Cyclr's: posted as it is (window.postMessage) to
            the window that opened or frames the page, for targetOrigin, once the connection is made;
            without it the user is redirected to targetOrigin

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error | str
    """

    return sync_detailed(
        client=client,
        id=id,
        token=token,
        target_origin=target_origin,
        post_message=post_message,
        callback_message=callback_message,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    id: int,
    token: str,
    target_origin: None | str | Unset = UNSET,
    post_message: bool | Unset = False,
    callback_message: None | str | Unset = UNSET,
) -> Response[Any | Error | str]:
    """Start Sign In

     Opened in the user's browser: checks the sign-in token and redirects to the provider.

    Every check comes before the token is spent, which is only as the user goes on to the provider:
    a refusal the partner can fix (a wrong id, an app not set up yet) leaves the user's link working.

    Args:
        id (int):
        token (str):
        target_origin (None | str | Unset):
        post_message (bool | Unset):  Default: False.
        callback_message (None | str | Unset): Cyclr's: posted as it is (window.postMessage) to
            the window that opened or frames the page, for targetOrigin, once the connection is made;
            without it the user is redirected to targetOrigin

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error | str]
    """

    kwargs = _get_kwargs(
        id=id,
        token=token,
        target_origin=target_origin,
        post_message=post_message,
        callback_message=callback_message,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    id: int,
    token: str,
    target_origin: None | str | Unset = UNSET,
    post_message: bool | Unset = False,
    callback_message: None | str | Unset = UNSET,
) -> Any | Error | str | None:
    """Start Sign In

     Opened in the user's browser: checks the sign-in token and redirects to the provider.

    Every check comes before the token is spent, which is only as the user goes on to the provider:
    a refusal the partner can fix (a wrong id, an app not set up yet) leaves the user's link working.

    Args:
        id (int):
        token (str):
        target_origin (None | str | Unset):
        post_message (bool | Unset):  Default: False.
        callback_message (None | str | Unset): Cyclr's: posted as it is (window.postMessage) to
            the window that opened or frames the page, for targetOrigin, once the connection is made;
            without it the user is redirected to targetOrigin

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error | str
    """

    return (
        await asyncio_detailed(
            client=client,
            id=id,
            token=token,
            target_origin=target_origin,
            post_message=post_message,
            callback_message=callback_message,
        )
    ).parsed
