"""The partner's branding of the connect page: ``/v1.0/branding``."""

from __future__ import annotations

from urllib.parse import urlsplit

from fastapi import APIRouter
from pydantic import Field, field_validator

from switchboard.api.bodies import JsonRoute
from switchboard.api.deps import PartnerDep, ServicesDep
from switchboard.api.schemas import Schema
from switchboard.invalid import worded
from switchboard.store.branding import get_branding, origin_of, put_branding
from switchboard.store.models import Branding

router = APIRouter(prefix="/v1.0/branding", tags=["Branding"], route_class=JsonRoute)

DEFAULT_COLOUR = "#1f5fbf"


_COLOUR = worded(r"^#[0-9a-fA-F]{6}$", "must be a colour written #rrggbb (such as #1f6feb)")


class BrandingIn(Schema):
    name: str = Field(min_length=1, max_length=200, description="Shown to your users on the connect page")
    logo_url: str | None = Field(None, max_length=2_000, description="An https (or http) image URL")
    colour: str = Field(DEFAULT_COLOUR, pattern=_COLOUR, description="#rrggbb")
    allowed_origins: list[str] = Field(
        default_factory=list,
        max_length=50,
        description="Origins (https://app.example.com) that may embed the connect page and hear its postMessage",
    )

    @field_validator("logo_url")
    @classmethod
    def _logo(cls, value: str | None) -> str | None:
        if value and urlsplit(value).scheme not in {"http", "https"}:
            raise ValueError("LogoUrl must be an http or https URL")
        return value or None

    @field_validator("allowed_origins")
    @classmethod
    def _origins(cls, values: list[str]) -> list[str]:
        return sorted({origin_of(v) for v in values})


class BrandingOut(Schema):
    name: str
    logo_url: str | None
    colour: str
    allowed_origins: list[str]


def branding_out(row: Branding | None) -> BrandingOut:
    if row is None:
        return BrandingOut(name="", logo_url=None, colour=DEFAULT_COLOUR, allowed_origins=[])
    return BrandingOut(name=row.name, logo_url=row.logo_url, colour=row.colour, allowed_origins=row.allowed_origins)


@router.get("", response_model=BrandingOut)
async def read_branding(svc: ServicesDep, partner: PartnerDep) -> BrandingOut:
    """Your name, logo and colour on the connect page; empty Name until set."""
    async with svc.db.session() as session:
        return branding_out(await get_branding(session, partner))


@router.put("", response_model=BrandingOut)
async def write_branding(svc: ServicesDep, partner: PartnerDep, body: BrandingIn) -> BrandingOut:
    """Set the connect page's name, logo URL, colour and the origins allowed to embed it."""
    async with svc.db.session() as session:
        row = await put_branding(
            session,
            partner,
            name=body.name,
            logo_url=body.logo_url,
            colour=body.colour.lower(),
            allowed_origins=body.allowed_origins,
        )
        return branding_out(row)
