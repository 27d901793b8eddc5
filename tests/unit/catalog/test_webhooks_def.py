"""The ``webhooks:`` section: shipped definitions load, and inconsistent ones are refused."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from switchboard.catalog.models import WebhooksDef
from switchboard.catalog.registry import Registry
from switchboard.settings import Settings

SLACK: dict[str, Any] = {
    "signed_by": "signing_secret",
    "signature": {
        "type": "hmac_timestamped",
        "header": "X-Slack-Signature",
        "prefix": "v0=",
        "signed": "v0:{timestamp}:{body}",
        "timestamp": {"header": "X-Slack-Request-Timestamp"},
    },
    "route": {"path": "team_id", "property": "team_id"},
}


def test_every_provider_with_webhooks_has_a_section() -> None:
    registry = Registry.load(Settings().connector_dirs)
    with_hooks = {key for key, c in registry.by_key.items() if c.definition.webhooks is not None}
    assert with_hooks >= {"salesloft", "hubspot", "slack", "intercom", "box", "xero", "asana", "pipedrive", "jira"}


def test_timestamped_scheme_names_body_and_timestamp_once() -> None:
    assert WebhooksDef.model_validate(SLACK).signature.type == "hmac_timestamped"
    bad = {**SLACK, "signature": {**SLACK["signature"], "signed": "v0:{body}"}}
    with pytest.raises(ValidationError, match=r"name \{body\} and \{timestamp\}"):
        WebhooksDef.model_validate(bad)


def test_subscription_secrets_do_not_route_by_payload() -> None:
    with pytest.raises(ValidationError, match="per-subscription secrets belong to one connection"):
        WebhooksDef.model_validate({**SLACK, "signed_by": "subscription"})


def test_basic_auth_needs_the_connection_secret() -> None:
    with pytest.raises(ValidationError, match="signed_by: subscription"):
        WebhooksDef.model_validate({"signed_by": "client_secret", "signature": {"type": "basic"}})
