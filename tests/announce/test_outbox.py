"""Outbox keys, nonces and refs, and the announcement settings (the table itself: tests/store)."""

from __future__ import annotations

import pytest

from bot.announce.keys import NONCE_MAX, manual_key, nonce_of, phase_key, ref_of, scheduled_key
from bot.settings import Settings, SettingsError
from tests.announce.conftest import NIGHT


def test_keys_nonces_and_refs_are_deterministic() -> None:
    """Keys come from what is announced; nonces fit Discord's 25 characters; refs are short."""
    assert phase_key("hartlepool-2021", "declared", 7) == "hartlepool-2021/phase/declared/v7"
    assert scheduled_key("h", "soon", NIGHT) == "h/scheduled/soon/20210506T2200Z"
    assert manual_key(None, 99) == "-/manual/99"
    key = phase_key("h", "counting", 1)
    assert nonce_of(key) == nonce_of(key) and len(nonce_of(key)) == NONCE_MAX
    assert len(ref_of(key)) == 12 and ref_of(key) != ref_of(phase_key("h", "counting", 2))


def test_announce_settings_are_validated() -> None:
    """The two announcement settings are read from the environment and refused when out of range."""
    settings = Settings.from_env(
        {"ANNOUNCE_RETRY_DEADLINE_SECONDS": "60", "ANNOUNCE_GRACE_MINUTES": "5"}
    )
    assert (settings.announce_retry_deadline_seconds, settings.announce_grace_minutes) == (60, 5)
    assert Settings().announce_grace_minutes == 30
    with pytest.raises(SettingsError) as err:
        Settings.from_env({"ANNOUNCE_RETRY_DEADLINE_SECONDS": "0", "ANNOUNCE_GRACE_MINUTES": "-1"})
    assert "ANNOUNCE_RETRY_DEADLINE_SECONDS" in str(err.value) and "ANNOUNCE_GRACE_MINUTES" in str(
        err.value
    )
