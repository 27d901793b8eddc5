"""The spec emulator negotiates content as a provider does: a document asked for as JSON is a 406."""

from __future__ import annotations

from switchboard_emulators.spec.emulator import json_only, negotiated


def test_a_concrete_type_other_than_json_is_negotiated() -> None:
    for media in ("application/pdf", "text/csv; charset=utf-8", "image/png", "text/plain"):
        assert negotiated(media), media
    for media in ("application/json", "application/vnd.api+json", "*", "*/*", "image/*", "multipart/form-data"):
        assert not negotiated(media), media


def test_an_accept_of_json_alone_asks_for_json_only() -> None:
    for accept in ("application/json", "application/json, application/problem+json;q=0.5"):
        assert json_only(accept), accept
    for accept in ("", "*/*", "application/pdf", "application/json, */*;q=0.1", "application/vnd.recurly.v2021-02-25"):
        assert not json_only(accept), accept
