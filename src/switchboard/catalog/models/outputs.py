"""What a method answers when not the upstream body as it is (``output:``)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from switchboard.catalog.models.base import Model


class DdlOutput(Model):
    """Normalize records to ``{"result": [{"text": ..., "value": ...}]}`` (dynamic drop-downs).

    ``text`` and ``value`` are dot paths into each record, or templates such as
    ``"{first_name} {last_name}"``.
    """

    type: Literal["ddl"]
    records: str | None = None
    text: str
    value: str


class RawHttpOutput(Model):
    """Answer ``{"response": {"status_code", "headers", "body"}}`` (Raw HTTP request methods)."""

    type: Literal["raw_http"]


class StaticOption(Model):
    """One entry of a static drop-down: ``{text: Account, value: account}``."""

    text: str
    value: str | int | float | bool


class StaticOutput(Model):
    """A fixed drop-down list answered without calling the third party:
    ``{type: static, options: [{text: Account, value: account}, {text: Person, value: person}]}``"""

    type: Literal["static"]
    options: list[StaticOption] = Field(min_length=1)


OutputDef = Annotated[DdlOutput | RawHttpOutput | StaticOutput, Field(discriminator="type")]
