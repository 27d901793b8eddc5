"""Where webhook deliveries may go: not, unless the operator says so, into the machine's own or private networks.

A partner names the URL and Switchboard makes the request from inside the operator's network (SSRF):
the policy is ``http/targets.py``'s, shared with connection property hosts; refusals here name
``SWITCHBOARD_WEBHOOK_ALLOW_NETWORKS``, which opens chosen networks (a receiver on the same host or LAN).
"""

from __future__ import annotations

from collections.abc import Sequence

from switchboard.http import targets
from switchboard.http.targets import CLOSED, GuardedResolver, Network, TargetRefused

REFUSED = f"{CLOSED}: webhooks do not go there unless SWITCHBOARD_WEBHOOK_ALLOW_NETWORKS opens its network"

__all__ = ["REFUSED", "GuardedResolver", "TargetPolicy", "TargetRefused"]


class TargetPolicy(targets.TargetPolicy):
    """Which receiver addresses deliveries may connect to."""

    def __init__(self, allow: Sequence[Network] = ()) -> None:
        super().__init__(allow, why=REFUSED)
