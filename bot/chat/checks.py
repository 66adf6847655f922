"""Checks shared by commands and chat: the per-user question cooldown."""

from __future__ import annotations

import time

from discord import app_commands


class QuestionCooldown(app_commands.CheckFailure):
    """A user asked too often; `retry_after` seconds until the next question is allowed."""

    def __init__(self, retry_after: float) -> None:
        self.retry_after = retry_after
        super().__init__(f"You're asking quickly; try again in {retry_after:.0f} s.")


class UserRateLimiter:
    """At most `rate` questions per `per` seconds for each user (commands and chat alike)."""

    def __init__(self, rate: int, per: float) -> None:
        self.rate = rate
        self.per = per
        self._buckets: dict[int, app_commands.Cooldown] = {}

    def hit(self, user_id: int) -> float | None:
        """Count one question; the seconds to wait if it is over the limit, else None."""
        now = time.monotonic()
        if len(self._buckets) > 10_000:  # forget idle users so memory stays bounded
            self._buckets = {k: v for k, v in self._buckets.items() if v.get_tokens(now) < self.rate}
        bucket = self._buckets.setdefault(user_id, app_commands.Cooldown(self.rate, self.per))
        return bucket.update_rate_limit(now)

    def check(self, user_id: int) -> None:
        retry_after = self.hit(user_id)
        if retry_after is not None:
            raise QuestionCooldown(retry_after)
