"""YAML read with libyaml's safe loader: the documents ``yaml.safe_load`` reads, several times faster on the
megabytes of the imported connectors (the pure-Python parser took about a minute over the shipped library)."""

from __future__ import annotations

from typing import Any

import yaml


def safe_load(text: str | bytes) -> Any:
    return yaml.load(text, Loader=yaml.CSafeLoader)
