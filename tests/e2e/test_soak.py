"""The soak script (``python -m tests.e2e.soak``) for a few seconds: the moderators' channel
stays within its bound and memory stays flat (a loose bound: the run is short and noisy)."""

from __future__ import annotations

from tests.e2e.soak import SoakConfig, main, run_soak


async def test_a_short_soak_floods_no_one_and_keeps_memory_flat() -> None:
    report = await run_soak(SoakConfig(seconds=5, users=20, junk=0.8))
    results = report["results"]
    assert report["ok"], results
    assert results["asked"] >= 20 and results["replies"] + results["cooldown_notices"] == results["asked"]
    assert results["errors"] == results["timeouts"] == 0
    # Every junk question starts a cluster of its own, yet the moderators get at most 3 posts
    # a minute (and a digest a minute, none due yet in 5 s).
    assert results["missed_offered"] > 3
    assert results["moderator_posts"] <= 3 and results["moderator_posts"] <= results["moderator_posts_bound"]
    assert results["moderator_posts_single"] + results["digest_waiting_at_end"] == results["missed_offered"]
    assert results["rss_mb_end"] - results["rss_mb_start"] < 50
    assert 0 < results["database_mb_end"] < 50
    assert results["reply_ms"]["p99"] is not None


def test_out_of_bounds_settings_are_refused() -> None:
    assert main(["--users", "0"]) == 2
