"""Every console page has an icon: ``/favicon.ico`` answers, and the pages link the SVG."""

from __future__ import annotations

import httpx

from tests.harness import SwitchboardServer


def test_favicon_is_served_and_linked(switchboard: SwitchboardServer) -> None:
    icon = httpx.get(f"{switchboard.url}/favicon.ico")
    assert icon.status_code == 200
    assert icon.headers["content-type"].startswith("image/svg+xml")
    assert icon.content.startswith(b"<svg")
    assert httpx.get(f"{switchboard.url}/console/static/favicon.svg").content == icon.content
    signin = httpx.get(f"{switchboard.url}/console/signin")
    assert '<link rel="icon" href="/console/static/favicon.svg"' in signin.text
    expired = httpx.get(f"{switchboard.url}/connect?token=nope")
    assert expired.status_code == 400
    assert '<link rel="icon" href="/console/static/favicon.svg"' in expired.text
