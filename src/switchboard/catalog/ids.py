"""Numeric ids for a catalogue: hash-derived from each element's identity, unique per range.

A collision takes the next free hash deterministically, so every id depends on the whole
catalogue: they are allocated together at start (or read back, ``compiled.stored_ids``), and a
connector's method ids are kept flat, one int64 array per connector.
"""

from __future__ import annotations

import hashlib
from array import array
from dataclasses import dataclass

from switchboard.catalog.compiled import Compiled, ConnectorIds

_CONNECTOR_IDS = (1_000, 9_999)
_METHOD_IDS = (100_000, 9_999_999)
_ELEMENT_IDS = (10_000_000, 99_999_999)  # parameters and fields share one space: never equal
_PROPERTY_IDS = (100_000_000, 199_999_999)  # a range of their own: adding it moved no other id
IDS_FORMAT = b"ids-2"  # part of the stored ids' name: a change to the allocation below changes it

# The shipped connectors in the order their ids are allocated: each before every connector after
# it, so a collision only ever moves the id of the newer element, and adding a connector (shipped,
# or a deployment's own, which come after all of these) never moves an existing id. Append new
# keys at the end; never reorder. (The first fourteen are in the order they always had.)
SHIPPED_ORDER = (
    "asana", "box", "constant_contact", "dropbox_sign", "hubspot", "hubspot_companies", "hubspot_deals",
    "hubspot_tickets", "intercom", "jira", "pipedrive", "salesloft", "slack", "xero",
    "bigcommerce", "bitbucket", "brevo", "clickup", "confluence", "datadog", "discord", "dropbox", "gmail",
    "google_calendar", "google_drive", "google_sheets", "hubspot_associations", "mailchimp", "miro", "twilio",
    "xero_payroll_uk", "xero_projects", "zendesk", "zoom",
    "hibob", "deel", "bamboohr", "gusto",
    "vimeo", "dialpad", "canva", "mixpanel",
    "xero_files", "xero_assets", "bigcommerce_orders", "bigcommerce_customers", "twilio_messaging",
    "bigcommerce_carts", "xero_finance", "bigcommerce_brands", "bigcommerce_categories",
    "bigcommerce_orders_v3", "twilio_verify", "twilio_conversations", "twilio_lookups",
    "plaid", "pinterest", "launchdarkly", "webflow", "telnyx",
    "sentry", "okta", "github",
    "zoho_crm",
    "paypal_orders", "paypal_invoicing", "personio",
    "notion", "smartsheet", "quickbooks", "trello",
    "recurly", "paddle",
    "msgraph_mail", "msgraph_calendar", "msgraph_files",
    "amazon_sp_orders", "pandadoc", "docusign", "gitlab",
    "sendgrid_mail", "sendgrid_contacts", "vonage_sms", "vonage_voice", "vonage_messages",
    "ringcentral",
    "stripe",
    "figma",
    "apideck_crm",
)  # fmt: skip
_RANK = {key: rank for rank, key in enumerate(SHIPPED_ORDER)}


def allocation_order(keys: list[str]) -> list[int]:
    """Indexes into ``keys`` in allocation order: shipped ones by ``SHIPPED_ORDER``, then the rest as given."""
    return sorted(range(len(keys)), key=lambda i: (_RANK.get(keys[i], len(_RANK)), i))


@dataclass(frozen=True, slots=True)
class MethodIds:
    method: int
    parameters: tuple[int, ...]
    fields: tuple[int, ...]
    responses: tuple[int, ...]


class FlatIds:
    """A connector's method ids in one int64 array: per method its id, three counts, then the ids."""

    def __init__(self, flat: array[int]) -> None:
        self.flat = flat
        self.starts = array("q")
        at = 0
        while at < len(flat):
            self.starts.append(at)
            at += 4 + flat[at + 1] + flat[at + 2] + flat[at + 3]

    def __len__(self) -> int:
        return len(self.starts)

    def method(self, index: int) -> int:
        return self.flat[self.starts[index]]

    def of(self, index: int) -> MethodIds:
        at, flat = self.starts[index], self.flat
        fields = at + 4 + flat[at + 1]
        responses = fields + flat[at + 2]
        end = responses + flat[at + 3]
        parameters = tuple(flat[at + 4 : fields])
        return MethodIds(flat[at], parameters, tuple(flat[fields:responses]), tuple(flat[responses:end]))


class IdAllocator:
    """Hash-derived ids, unique per range; a collision takes the next free hash deterministically.

    The ids taken are bits of one bytearray per range, not a set: a set of the catalogue's half a
    million ids is that many int objects, whose memory the process keeps after they are freed.
    """

    def __init__(self) -> None:
        self._used: dict[tuple[int, int], bytearray] = {}

    def allocate(self, id_range: tuple[int, int], *identity: str) -> int:
        low, high = id_range
        used = self._used.get(id_range)
        if used is None:
            used = self._used[id_range] = bytearray((high - low) // 8 + 1)
        salt = 0
        while True:
            digest = hashlib.blake2b("\x1f".join((*identity, str(salt))).encode(), digest_size=8).digest()
            offset = int.from_bytes(digest, "big") % (high - low + 1)
            byte, bit = divmod(offset, 8)
            if not used[byte] >> bit & 1:
                used[byte] |= 1 << bit
                return low + offset
            salt += 1


def allocate(compiled: Compiled, ids: IdAllocator) -> ConnectorIds:
    # Allocation order is the identity order, so collision resolution does not depend on file order.
    definition = compiled.definition
    key = definition.key
    connector_id = ids.allocate(_CONNECTOR_IDS, "connector", key)
    uids, identities = compiled.uids, compiled.identities()
    allocated: dict[int, list[int]] = {}
    for index in sorted(range(len(uids)), key=lambda i: uids[i]):
        uid = uids[index]
        targets, locations, responses = identities[index]
        parameters = [ids.allocate(_ELEMENT_IDS, key, uid, "parameter", t) for t in targets]
        fields = [ids.allocate(_ELEMENT_IDS, key, uid, "field", x) for x in locations]
        answers = [ids.allocate(_ELEMENT_IDS, key, uid, "response", x) for x in responses]
        method_id = ids.allocate(_METHOD_IDS, key, "method", uid)
        allocated[index] = [method_id, len(parameters), len(fields), len(answers), *parameters, *fields, *answers]
    properties = [ids.allocate(_PROPERTY_IDS, key, "property", p.name) for p in definition.properties]
    flat = array("q", [i for index in range(len(uids)) for i in allocated[index]])
    return ConnectorIds(connector_id, properties, flat.tobytes())
