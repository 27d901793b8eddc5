"""A connector's description, which end users read on the connect page, comes out of a spec's markdown plain."""

from __future__ import annotations

import pytest

from switchboard.importer.schemas import plain_summary


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("# Introduction\n\nDialpad is a **cloud** phone system.\n\n## More", "Dialpad is a cloud phone system."),
        ("> The Catalog API manages products.\n> See [the docs](/docs/catalog).",
         "The Catalog API manages products. See the docs."),
        ("Interact with the [Asana Platform](https://developers.asana.com).", "Interact with the Asana Platform."),
        ("# Title\nThe line under a heading stays.", "The line under a heading stays."),
        ("Use `GET /files` ![logo](x.png) to list __files__.", "Use GET /files logo to list files."),
        ("# Only a heading", ""),
        (None, ""),
    ],
)  # fmt: skip
def test_markdown_is_taken_out_and_heading_paragraphs_skipped(text: str | None, plain: str) -> None:
    assert plain_summary(text) == plain


def test_a_long_description_is_cut_at_a_sentence() -> None:
    text = "Sentence one is here and it is long enough to count. " * 10
    assert (
        plain_summary(text, limit=120)
        == "Sentence one is here and it is long enough to count. Sentence one is here and it is long enough to count."
    )
