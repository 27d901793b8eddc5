"""The shipped overlays' hand-written pagination is the answer key for detection: imported without it, each
connector's spec must page the way its overlay says (the strategy, the parameter naming a page, the pointer)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from switchboard.catalog.loader import BUILTIN_DIR
from switchboard.importer import Overlay, import_connector, parse_overlay
from tests.unit.importer.test_importer import SHIPPED, document

# Where the spec alone cannot say what the overlay does, and why.
DIFFERS = {
    "docusign": "its lists link the next page (nextUri) beside the start_position offsets the overlay uses",
    "gitlab": "its spec declares no Link header on the answers",
    "intercom": "most of its lists leave starting_after out of the spec; numbered pages are the more common",
    "miro": "its spec pages some lists by cursor, more of them than by the offsets the overlay uses",
    "notion": "its spec gives no schema for its answers",
    "recurly": "its overlay drops limit, the only parameter its lists declare",
    "sentry": "its spec declares no Link header on the answers",
    "zendesk": "its spec offers cursor pages (page[after], links.next) beside the numbered pages the overlay uses",
}
PAGED = sorted(k for k in SHIPPED if "\npagination:" in (BUILTIN_DIR / k / "overlay.yaml").read_text(encoding="utf-8"))


def essentials(definition: dict[str, Any]) -> dict[str, Any]:
    """What must agree: the strategy, its page parameter and, for a cursor, where the next one is read (a
    numbered or offset list's next page and counts are hints it pages without)."""
    keys = ["type", "cursor_param", "page_param", "offset_param"]
    if definition.get("type") in ("cursor", "cursor_link"):
        keys += ["next", "last", "more"]
    return {k: definition[k] for k in keys if definition.get(k) is not None}


def bare(overlay: Overlay) -> Overlay:
    """The overlay without its pagination, nor the syncs that need a paged method."""
    return overlay.model_copy(update={"pagination": None, "syncs": []})


@pytest.mark.parametrize("key", PAGED)
def test_detection_pages_as_the_overlay_says(key: str) -> None:
    path = BUILTIN_DIR / key / "overlay.yaml"
    overlay = parse_overlay(path.read_text(encoding="utf-8"), str(path))
    assert overlay.pagination is not None
    written = overlay.pagination.model_dump(mode="json", exclude_defaults=True) | {"type": overlay.pagination.type}
    result = import_connector(copy.deepcopy(document(SHIPPED[key])), key, bare(overlay))
    pagination = result.definition.pagination
    detected = (
        pagination.model_dump(mode="json", exclude_defaults=True) | {"type": pagination.type} if pagination else {}
    )
    if key in DIFFERS:
        assert essentials(detected) != essentials(written), f"{key} is detected as written now: take it off DIFFERS"
    else:
        assert essentials(detected) == essentials(written)


def test_most_overlays_need_not_say_how_their_lists_page() -> None:
    assert len(PAGED) - len(DIFFERS) >= 55 and set(DIFFERS) <= set(PAGED)
