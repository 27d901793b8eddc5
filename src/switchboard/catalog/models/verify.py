"""The call that proves a connection's credentials work (``verify:`` in a connector definition)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from switchboard.catalog.models.base import Model


class VerifyDef(Model):
    """A cheap read the provider answers only for good credentials: ``{http: GET /v2/me.json}``.

    Made when a key is saved (API, console, connect page) and after an OAuth consent. ``http`` is
    a verb and a path under the connector's ``base_url`` (it may name properties: ``{cloud_id}``).
    ``reason`` is the dot path of the provider's own words in a refusal's JSON (``error.message``;
    digits index lists: ``errors.0.message``); then the usual places (``message``, ``error``,
    ``errors.0.message``...) are read. A 401 or 403, or the ``success`` rule broken, refuses the
    credentials (they are not saved); no answer, or another status, leaves them saved, unverified.
    """

    http: Annotated[str, Field(pattern=r"^(GET|POST) /\S*$")]
    reason: str | None = None
