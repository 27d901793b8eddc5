"""The limits of ``tests/scale/test_postgres_limits.py`` on the embedded store (SQLite), which would take most of
what they refuse: the answers are the API's own, the same on either store. Its tests, run here on this server."""

from __future__ import annotations

import pytest

from tests.harness import SwitchboardServer
from tests.scale.test_postgres_limits import (  # noqa: F401 - collected here too
    account,
    connection,
    console,
    partner,
    sync,
    test_a_call_log_cursor_past_32_bits_is_a_400,
    test_a_feed_cursor_past_32_bits_is_a_400,
    test_a_lone_surrogate_in_a_body_is_a_400,
    test_a_lone_surrogate_in_a_call_body_is_a_400,
    test_a_surrogate_pair_is_one_character,
    test_a_time_outside_utc_years_1_to_9999_is_a_400,
    test_a_token_for_an_account_connector_past_32_bits_is_refused,
    test_account_text_past_its_column_is_a_400,
    test_an_id_past_32_bits_in_a_path_is_a_400,
    test_console_call_log_times_past_the_calendar_are_a_400,
    test_console_feed_cursor_past_32_bits_reads_from_the_start,
    test_console_ids_past_32_bits_are_not_found,
    test_console_try_with_a_connection_past_32_bits_is_not_found,
    test_long_text_that_is_only_looked_up_is_not_found,
    test_partner_text_past_its_column_is_a_400,
    test_sync_text_past_its_column_is_a_400,
    test_the_calendar_ends_themselves_are_taken,
    test_the_last_page_of_32_bits_is_an_empty_page,
)


@pytest.fixture(scope="module")
def scale_server(switchboard: SwitchboardServer) -> SwitchboardServer:
    """The embedded store's server, where the scale module asks for PostgreSQL's."""
    return switchboard
