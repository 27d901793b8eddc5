"""The partner's settings of a connector: ``/v1.0/connectors/{id}/settings`` (beside ``schemas.py``, which would
pass the size limit with them)."""

from __future__ import annotations

from pydantic import Field

from switchboard.api.schemas import PropertiesIn, Schema, property_map

PROPERTIES_IN = (
    "Property values for every install of this connector, as install Properties take them ([{Name, Value}] or "
    "{name: value}); an install's own value wins. Given names are set, others kept; a null or empty Value removes "
    "one; secret ones are write-only"
)


class PartnerPropertyOut(Schema):
    """A property value the partner set for every install; a secret one's ``Value`` is null (write-only)."""

    id: int = Field(description="The connector parameter's Id")
    name: str
    value: str | None


class ConnectorSettingsIn(Schema):
    client_id: str | None = Field(None, max_length=500)
    client_secret: str | None = Field(None, max_length=2_000, description="Write-only; omit to keep, empty to clear")
    scopes: list[str] | None = None
    webhook_signing_secret: str | None = Field(
        None,
        max_length=2_000,
        description="The provider's webhook signing secret; write-only, omit to keep, empty to clear",
    )
    webhook_signing_secret_secondary: str | None = Field(
        None, max_length=2_000, description="A second signing key (Box); write-only, omit to keep, empty to clear"
    )
    enabled: bool | None = Field(
        None, description="Offer this connector to end users on the connect page (default true); omit to keep"
    )
    properties: PropertiesIn | None = Field(None, description=PROPERTIES_IN)

    def property_map(self) -> dict[str, str | None] | None:
        return property_map(self.properties)


class ConnectorSettingsOut(Schema):
    client_id: str | None
    client_secret_set: bool
    scopes: list[str]
    available_scopes: list[str]
    callback_url: str = Field(description="Register this redirect URI with the provider")
    hook_url: str | None = Field(
        None, description="Register this webhook URL in the provider's app settings (connectors routed by payload)"
    )
    webhook_signing_secret_set: bool = False
    enabled: bool = Field(True, description="Offered to end users on the connect page (when usable)")
    usable: bool = Field(True, description="Whether end users could connect it as set up")
    unusable_reason: str | None = Field(None, description="Why not, when it is not usable")
    properties: list[PartnerPropertyOut] = Field(
        default_factory=list, description="The values set for every install; a secret one's Value is null"
    )
