"""The connect page's tiles and logos: a logo shipped in the connector's folder, else a letter tile."""

from __future__ import annotations

from pathlib import Path

from switchboard.catalog.loader import load_connector
from switchboard.catalog.registry import BUILTIN_DIR, Registry
from switchboard.console.offers import MAX_LOGO_BYTES, categories, logo_file, offer


def test_a_logo_in_the_folder_is_used_and_a_letter_tile_otherwise(tmp_path: Path) -> None:
    folder = tmp_path / "salesloft"
    folder.mkdir()
    (folder / "connector.yaml").write_bytes((BUILTIN_DIR / "salesloft" / "connector.yaml").read_bytes())
    connector = Registry([load_connector(folder / "connector.yaml")]).by_key["salesloft"]
    assert logo_file(connector) is None
    plain = offer(connector, None, oauth_ready=False)
    assert (plain.has_logo, plain.initial, plain.connected) == (False, "S", False)
    assert 0 <= plain.tile < 8

    (folder / "logo.png").write_bytes(b"\x89PNG" + b"\0" * (MAX_LOGO_BYTES + 1))  # too big: ignored
    assert logo_file(connector) is None
    (folder / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    assert logo_file(connector) == (folder / "logo.svg", "image/svg+xml")
    assert offer(connector, None, oauth_ready=False).has_logo


def test_every_shipped_connector_names_its_category() -> None:
    registry = Registry.load()
    shipped = [offer(c, None, oauth_ready=False) for c in registry.connectors]
    assert all(o.category != "Other" for o in shipped)
    assert {"CRMs", "Email Marketing", "Accounting"} <= set(categories(shipped))
