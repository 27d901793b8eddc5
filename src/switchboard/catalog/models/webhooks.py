"""What a provider's webhooks look like: the ``webhooks:`` section of a connector definition.

How Switchboard checks that an inbound request came from the provider (``signature``), which
secret signs it (``signed_by``), any handshake the provider makes first, where the events, their
type and id sit in the body, and how an event finds its connection (``route``). Slack::

    webhooks:
      signed_by: signing_secret
      signature: {type: hmac_timestamped, header: X-Slack-Signature, prefix: "v0=",
                  signed: "v0:{timestamp}:{body}",
                  timestamp: {header: X-Slack-Request-Timestamp, window: 5m}}
      handshake: {type: challenge, when: {path: type, equals: url_verification}, field: challenge}
      event_type: event.type
      event_id: event_id
      route: {path: team_id, property: team_id}
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from switchboard.catalog.models.base import DurationText, Model, parse_duration

Algorithm = Literal["sha256", "sha1"]
Encoding = Literal["hex", "base64"]
# client_secret: the partner's OAuth app secret; signing_secret: a secret the partner sets in the
# connector settings (primary and optional secondary); subscription: a per-connection token
# (given to the provider when the subscription is made, or learned in the handshake).
SecretSource = Literal["client_secret", "signing_secret", "subscription"]


class TimestampDef(Model):
    """The header that carries the time of sending, its unit, and how old a request may be.

    ``{header: X-Slack-Request-Timestamp, unit: s, window: 5m}``; ``rfc3339`` for Box's
    ``2016-07-11T10:10:33-07:00``.
    """

    header: str
    unit: Literal["s", "ms", "rfc3339"] = "s"
    window: DurationText = "5m"

    @property
    def window_seconds(self) -> float:
        return parse_duration(self.window)


class _Hmac(Model):
    """The shared parts of every HMAC scheme: the header, the hash, how the digest is written."""

    header: str
    algorithm: Algorithm = "sha256"
    encoding: Encoding = "hex"
    # Written before the digest in the header: ``sha256=``, ``sha1=``, ``v0=``.
    prefix: str = ""
    # A second header signed with the secondary key (Box's BOX-SIGNATURE-SECONDARY).
    secondary_header: str | None = None


class HmacBodySignature(_Hmac):
    """An HMAC of the raw body alone (Intercom, Xero, Asana, Salesloft, Jira).

    ``{type: hmac_body, header: X-Hub-Signature, algorithm: sha1, prefix: "sha1="}``
    """

    type: Literal["hmac_body"]


class HmacTimestampedSignature(_Hmac):
    """An HMAC of a text made of the timestamp header and the raw body (Slack, Box).

    ``signed`` places them: ``"v0:{timestamp}:{body}"`` (Slack), ``"{body}{timestamp}"`` (Box).
    """

    type: Literal["hmac_timestamped"]
    signed: str
    timestamp: TimestampDef

    @field_validator("signed")
    @classmethod
    def _places(cls, value: str) -> str:
        if value.count("{body}") != 1 or value.count("{timestamp}") != 1:
            raise ValueError("signed must name {body} and {timestamp} once each")
        return value


class HmacRequestSignature(_Hmac):
    """An HMAC of method, full URL, raw body and timestamp, in that order (HubSpot's v3)."""

    type: Literal["hmac_request"]
    timestamp: TimestampDef


class BasicAuthSignature(Model):
    """HTTP Basic credentials on the request (Pipedrive): the password is the secret.

    ``{type: basic, user: switchboard}``: the user name the provider is told to send.
    """

    type: Literal["basic"]
    user: str = "switchboard"


SignatureDef = Annotated[
    HmacBodySignature | HmacTimestampedSignature | HmacRequestSignature | BasicAuthSignature,
    Field(discriminator="type"),
]


class BodyMatch(Model):
    """A value in the body: ``{path: type, equals: url_verification}``."""

    path: str
    equals: str | int | bool


class ChallengeHandshake(Model):
    """Answer a signed verification request with a value from its body (Slack's ``url_verification``)."""

    type: Literal["challenge"]
    when: BodyMatch
    field: str


class EchoHeaderHandshake(Model):
    """The first request carries a secret in a header; echo it back and keep it (Asana's X-Hook-Secret)."""

    type: Literal["echo_header"]
    header: str


class IntentToReceive(Model):
    """The provider sends signed and wrongly signed test requests and expects 200 and 401 (Xero).

    Nothing to answer beyond the usual checks; declared so the definition says the provider does it.
    """

    type: Literal["intent_to_receive"]


HandshakeDef = Annotated[ChallengeHandshake | EchoHeaderHandshake | IntentToReceive, Field(discriminator="type")]


class RouteDef(Model):
    """How an event arriving at the partner's URL finds its connection.

    ``{path: portalId, property: hub_id}``: the event's ``portalId`` equals the connection's
    ``hub_id`` property. ``{path: tenantId, property: tenant_id}`` for Xero.
    """

    path: str
    property: str


class WebhooksDef(Model):
    """A connector's inbound webhooks; see the module docstring for a full example."""

    signed_by: SecretSource
    signature: SignatureDef
    handshake: HandshakeDef | None = None
    # Where the events are: "" for a body that is one event, "." for a body that is a JSON array
    # of events (HubSpot), or the path of the array (Xero's ``events``).
    events: str = ""
    # Dot paths in each event; ``event_type_header`` when the provider sends the type as a header
    # (Salesloft's x-salesloft-event). Without an id path, an event's id is the hash of its bytes.
    event_type: str | None = None
    event_type_header: str | None = None
    # A list of paths where the provider's id alone is not unique: their values joined with ":" (HubSpot's
    # eventId, "not guaranteed to be unique", with portalId, subscriptionId and occurredAt), and the hash
    # where one of them is missing, so two events never share an id made of blanks.
    event_id: str | list[str] | None = None
    event_id_header: str | None = None
    # Absent: only the per-connection URL (/hooks/c/{id}) takes this connector's events.
    route: RouteDef | None = None

    @model_validator(mode="after")
    def _consistent(self) -> WebhooksDef:
        if isinstance(self.signature, BasicAuthSignature) and self.signed_by != "subscription":
            raise ValueError("basic auth webhooks use the per-connection secret: signed_by: subscription")
        if isinstance(self.handshake, EchoHeaderHandshake) and self.signed_by != "subscription":
            raise ValueError("a handshake that hands over a secret needs signed_by: subscription")
        if self.signed_by == "subscription" and self.route is not None:
            raise ValueError("per-subscription secrets belong to one connection: drop route (its URL finds it)")
        if self.event_type is not None and self.event_type_header is not None:
            raise ValueError("give the event type as a path or as a header, not both")
        if self.event_id is not None and self.event_id_header is not None:
            raise ValueError("give the event id as a path (or a list of paths) or as a header, not both")
        if isinstance(self.event_id, list) and not self.event_id:
            raise ValueError("event_id: give at least one path")
        return self
