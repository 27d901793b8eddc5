"""Cyclr's transaction-error webhook payload, for the endpoint an account's ``TransactionErrorWebhookUrl`` makes.

Cyclr's "Handle transaction errors" page shows what its alert carries (``Timestamp``, ``AccountId``, ...,
``Message``, ``Detail``, ``IncidentLevel``); a receiver written for Cyclr reads those members. That endpoint's
deliveries carry them at the top level beside Switchboard's own ``type``, ``timestamp`` and ``data``, so a
receiver of either kind reads its own. Switchboard runs no cycles: ``CycleId`` and ``CycleName`` are null, and
the step is the method call: ``StepType`` 1 (a method step's, in Cyclr's example), ``StepName`` the method as
called (its MethodUniqueIdentifier or Id), ``StepId`` the MethodUniqueIdentifier when the call named one.
``TransactionId`` is the event's id (``webhook-id``); ``Detail`` holds Switchboard's status and message, never
the provider's body, as no event carries one.
"""

from __future__ import annotations

import uuid
from http import HTTPStatus
from typing import Any

# Cyclr's message for a step whose method call failed ("List of possible Message responses").
FAILED_CALL = "Failed to call the method"


def transaction_error(
    event_type: str, event_id: str, timestamp: str, data: dict[str, Any], account_api_id: str, account_name: str
) -> dict[str, Any]:
    """Cyclr's members for one event of the transaction-error endpoint (``call.failed``: an error;
    ``ratelimit.exhausted``, sent with ``IncludeWarnings``: a warning; anything else: information)."""
    level = {"call.failed": "Error", "ratelimit.exhausted": "Warning"}.get(event_type, "Information")
    return {
        "Timestamp": timestamp,
        "AccountId": account_api_id,
        "AccountExternalId": account_api_id,
        "AccountName": account_name,
        "CycleId": None,
        "CycleName": None,
        "StepId": _guid(data.get("Method")),
        "StepName": data.get("Method"),
        "StepType": 1,
        "TransactionId": event_id,
        "Message": FAILED_CALL if level != "Information" else event_type,
        "Detail": _detail(data),
        "IncidentLevel": level,
        "AccountConnectorId": data.get("AccountConnectorId"),
    }


def _detail(data: dict[str, Any]) -> str:
    """What went wrong, as Cyclr's ``Detail`` starts: the status line, then the message."""
    message = str(data.get("Message", ""))
    status = data.get("Status")
    if isinstance(status, int):
        try:
            line = f"{status} {HTTPStatus(status).phrase}"
        except ValueError:
            line = str(status)
        return f"{line}\r\n{message}"
    if data.get("ResetsAt"):
        return f"{message}\r\nResets at {data['ResetsAt']}"
    return message


def _guid(method: Any) -> str | None:
    """The MethodUniqueIdentifier a call named, as a GUID; None for a call by numeric Id."""
    try:
        return str(uuid.UUID(str(method)))
    except ValueError:
        return None
