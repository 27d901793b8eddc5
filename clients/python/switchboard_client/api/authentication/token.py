from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.body_token import BodyToken
from ...models.error import Error
from ...models.token_response import TokenResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: BodyToken | Unset = UNSET,
    authorization: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(authorization, Unset):
        headers["authorization"] = authorization

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/oauth/token",
    }

    if not isinstance(body, Unset):
        _kwargs["data"] = body.to_dict()
    headers["Content-Type"] = "application/x-www-form-urlencoded"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | TokenResponse | None:
    if response.status_code == 200:
        response_200 = TokenResponse.from_dict(response.json())

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
) -> Response[Error | TokenResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: BodyToken | Unset = UNSET,
    authorization: None | str | Unset = UNSET,
) -> Response[Error | TokenResponse]:
    """Token

     Exchange client credentials (form fields or HTTP Basic) for a bearer token.

    A refusal carries OAuth 2.0's ``error`` code beside its ``Message`` (RFC 6749 5.2), which OAuth
    client
    libraries read; the token is answered ``Cache-Control: no-store`` (5.1).

    Args:
        authorization (None | str | Unset):
        body (BodyToken | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | TokenResponse]
    """

    kwargs = _get_kwargs(
        body=body,
        authorization=authorization,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: BodyToken | Unset = UNSET,
    authorization: None | str | Unset = UNSET,
) -> Error | TokenResponse | None:
    """Token

     Exchange client credentials (form fields or HTTP Basic) for a bearer token.

    A refusal carries OAuth 2.0's ``error`` code beside its ``Message`` (RFC 6749 5.2), which OAuth
    client
    libraries read; the token is answered ``Cache-Control: no-store`` (5.1).

    Args:
        authorization (None | str | Unset):
        body (BodyToken | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | TokenResponse
    """

    return sync_detailed(
        client=client,
        body=body,
        authorization=authorization,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: BodyToken | Unset = UNSET,
    authorization: None | str | Unset = UNSET,
) -> Response[Error | TokenResponse]:
    """Token

     Exchange client credentials (form fields or HTTP Basic) for a bearer token.

    A refusal carries OAuth 2.0's ``error`` code beside its ``Message`` (RFC 6749 5.2), which OAuth
    client
    libraries read; the token is answered ``Cache-Control: no-store`` (5.1).

    Args:
        authorization (None | str | Unset):
        body (BodyToken | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | TokenResponse]
    """

    kwargs = _get_kwargs(
        body=body,
        authorization=authorization,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: BodyToken | Unset = UNSET,
    authorization: None | str | Unset = UNSET,
) -> Error | TokenResponse | None:
    """Token

     Exchange client credentials (form fields or HTTP Basic) for a bearer token.

    A refusal carries OAuth 2.0's ``error`` code beside its ``Message`` (RFC 6749 5.2), which OAuth
    client
    libraries read; the token is answered ``Cache-Control: no-store`` (5.1).

    Args:
        authorization (None | str | Unset):
        body (BodyToken | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | TokenResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            authorization=authorization,
        )
    ).parsed
