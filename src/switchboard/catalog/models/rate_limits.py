"""Rate limits (``rate_limits:``): units per period, and what a request costs."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, field_validator

from switchboard.catalog.models.base import DurationText, Model, parse_duration


class CostTier(Model):
    """From page ``from_page`` on, a request costs ``cost``: ``{from_page: 101, cost: 3}``."""

    from_page: int = Field(ge=1)
    cost: int = Field(ge=1)


class PageDepthCost(Model):
    """Requests for deep pages cost more: ``{type: page_depth, param: page, tiers: [...]}``."""

    type: Literal["page_depth"]
    param: str = "page"
    tiers: list[CostTier]


class RateLimitDef(Model):
    """``limit`` units per ``per`` seconds, counted per account connector or per partner app.

    ``scope: partner_app`` counts every account of a partner that uses the partner's own OAuth
    app together (Constant Contact counts per API key); ``account_connector`` counts each
    connection alone (Salesloft counts per team).
    """

    name: str
    limit: int = Field(ge=1)
    per: float
    scope: Literal["account_connector", "partner_app"] = "account_connector"
    window: Literal["sliding", "utc_day"] = "sliding"
    cost: PageDepthCost | None = None

    @field_validator("per", mode="before", json_schema_input_type=float | DurationText)
    @classmethod
    def _duration(cls, value: Any) -> float:
        return parse_duration(value)
