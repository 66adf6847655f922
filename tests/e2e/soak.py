"""Soak: many readers asking junk and real questions through the Discord fake for a while.

    .venv/bin/python -m tests.e2e.soak [--seconds N] [--users M] [--junk 0.7] [--json]

Built like ``tests/e2e/load.py`` (the real ``FactDeskBot`` and ``FakeDiscord`` in one process
and event loop, isolated ``Settings``, a temporary ``DATA_DIR``), but run for a time instead of
a number of questions, with the shipped limits on: the per-user cooldown at its default (5 per
10 s) and ``MISSED_QUESTIONS_CHANNEL_ID`` set, at the default ``MISSED_POSTS_PER_MINUTE`` (3).

* ``M`` readers, each in a closed loop: ask one question with ``/ask``, wait for the reply,
  think 2.0-2.6 s (just under the cooldown; a reader it slows gets the cooldown notice,
  counted apart), ask again. A question is junk with probability ``--junk`` (distinct made-up
  words: each misses and starts a cluster of its own, the moderators' channel's worst case),
  else a held-out reader question (``tests/data/reader-questions.yaml``).
* Reported: questions, replies, cooldown notices, errors; p50/p95/p99/max time to reply
  (dispatch of INTERACTION_CREATE to the fake's answer to the callback, as in load.py);
  posts in the moderators' channel (one by one and digests) against the bound
  ``4 * ceil(N / 60) + 1``; the database's size (SQLite with its WAL) at start and end; the
  process's RSS at start, every 10 s, and at the end.
* Memory is the whole process's, the fake's included: the harness trims what the fake keeps
  of each finished exchange (its recorded requests, readers' reply messages, dispatched
  events, interaction state) so that the fake's growth does not hide the bot's.

Exit code 0 when there were no errors and the posts stayed within the bound.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import random
import string
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from tests.e2e.fake_discord import FakeDiscord, RecordedRequest, run_client
from tests.e2e.load import (
    EPHEMERAL,
    ReplyCollector,
    _isolated_settings,
    _redirect_discord,
    _watch_logs,
    reader_questions,
    reply_message,
    reply_summary,
)

STAFF = "staff"
THINK_S = (2.0, 2.6)
REPLY_TIMEOUT_S = 15.0
RSS_EVERY_S = 10.0
TRIM_EVERY_S = 2.0
MISSED_TITLE = "A question I couldn't answer"
TRIMMED = RecordedRequest(-1, "GET", "(trimmed by the soak)", {}, None, [], {}, None, {})


@dataclass
class SoakConfig:
    seconds: float = 120.0
    users: int = 50
    junk: float = 0.7
    seed: int = 7

    def check(self) -> None:
        if not 1 <= self.seconds <= 3600:
            raise ValueError("--seconds must be between 1 and 3600")
        if not 1 <= self.users <= 1000:
            raise ValueError("--users must be between 1 and 1000")
        if not 0 <= self.junk <= 1:
            raise ValueError("--junk must be between 0 and 1")


@dataclass
class Counts:
    asked: int = 0
    replies: int = 0
    cooldowns: int = 0
    errors: int = 0
    timeouts: int = 0
    reply_s: list[float] = field(default_factory=list)
    samples: list[str] = field(default_factory=list)


def rss_mb() -> float:
    """This process's resident set size (Linux /proc), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def database_files(data_dir: Path) -> dict[str, float]:
    """The store's files in DATA_DIR (the SQLite file, its WAL) in MB; the parse cache apart."""
    files = [p for p in data_dir.rglob("*") if p.is_file() and "cache" not in p.relative_to(data_dir).parts]
    return {p.name: round(p.stat().st_size / 1_000_000, 3) for p in sorted(files)}


def database_mb(data_dir: Path) -> float:
    return sum(database_files(data_dir).values())


def junk_question(rng: random.Random) -> str:
    def word() -> str:
        return "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(6, 10)))

    return f"what did {word()} say about the {word()} {word()}?"


def trim(fake: FakeDiscord, upto: int, staff_id: str) -> int:
    """Drop what the fake keeps of exchanges before request `upto` (all answered by then)."""
    # Seen requests become one shared stand-in: the list keeps its indexes (`since` marks).
    start = getattr(fake, "_soak_trimmed", 0)
    fake.requests[start:upto] = [TRIMMED] * (upto - start)
    fake._soak_trimmed = upto  # type: ignore[attr-defined]
    for message_id in [k for k, m in fake.messages.items() if m.get("channel_id") != staff_id]:
        del fake.messages[message_id]
    del fake.dispatched[:]
    del fake.gateway_received[:]
    loop_time = asyncio.get_running_loop().time()
    for token, state in list(fake._by_token.items()):
        if loop_time - state.dispatched_at > 2 * REPLY_TIMEOUT_S:
            del fake._by_token[token]
            fake._interactions.pop(str(state.payload["id"]), None)
    return upto


async def run_soak(config: SoakConfig, *, progress: bool = False) -> dict[str, Any]:
    from bot.chat.bot import FactDeskBot
    from bot.chat.exts.moderation._missed import missed_posts
    from bot.config import DEFAULT_KNOWLEDGE_DIR
    from bot.engine.desk import FactDesk

    config.check()
    say = (lambda m: print(f"[soak] {m}", file=sys.stderr, flush=True)) if progress else (lambda m: None)
    rng = random.Random(config.seed)
    real = reader_questions()
    counts = Counts()
    rss: list[tuple[float, float]] = []
    loop = asyncio.get_running_loop()

    with tempfile.TemporaryDirectory(prefix="factdesk-soak-") as tmp_name:
        data_dir = Path(tmp_name) / "data"
        desk = await asyncio.to_thread(FactDesk, DEFAULT_KNOWLEDGE_DIR, data_dir)
        members = [{"username": "owner", "global_name": "Olivia Owner"}]
        members += [{"username": f"soak{i:04d}", "global_name": f"Soak Reader {i}"} for i in range(config.users)]
        fake = FakeDiscord(
            members=members,
            interaction_timeout=REPLY_TIMEOUT_S,
            max_bot_messages=10**9,
        )
        await fake.start()
        staff_id = fake.channel(STAFF)["id"]
        settings = _isolated_settings(
            discord_token=fake.token,
            dev_guild_id=int(fake.guild_id),
            answer_channel_ids=[],
            knowledge_dir=DEFAULT_KNOWLEDGE_DIR,
            data_dir=data_dir,
            missed_questions_channel_id=int(staff_id),
            log_level="WARNING",
        )
        try:
            bot = FactDeskBot(settings, desk, sync_on_start=True, guild_ready_timeout=0.01, watch_knowledge=False)
            with _redirect_discord(fake), _watch_logs() as logs:
                async with run_client(bot, fake.token, timeout=30.0):
                    db_start = database_mb(data_dir)
                    start = loop.time()
                    rss.append((0.0, rss_mb()))
                    say(f"{config.users} readers for {config.seconds:g} s")
                    collector = ReplyCollector(fake)
                    collector.start()
                    deadline = start + config.seconds

                    async def reader(key: str, user_rng: random.Random) -> None:
                        await asyncio.sleep(user_rng.uniform(0, THINK_S[1]))  # readers don't start in step
                        while loop.time() < deadline:
                            question = (
                                junk_question(user_rng) if user_rng.random() < config.junk else user_rng.choice(real)
                            )
                            payload = fake.slash_command("ask", {"question": question}, user=key, channel="general")
                            future = collector.expect(payload)
                            counts.asked += 1
                            sent = loop.time()
                            await fake.send_interaction(payload)
                            try:
                                req = await asyncio.wait_for(future, REPLY_TIMEOUT_S)
                            except TimeoutError:
                                collector.forget(payload)
                                counts.timeouts += 1
                                continue
                            except RuntimeError as exc:
                                counts.errors += 1
                                counts.samples.append(str(exc)[:300])
                                continue
                            _count(counts, req, req.at - sent)
                            await asyncio.sleep(min(user_rng.uniform(*THINK_S), max(0.0, deadline - loop.time())))

                    async def housekeeping() -> None:
                        next_rss = start + RSS_EVERY_S
                        while True:
                            await asyncio.sleep(TRIM_EVERY_S)
                            trim(fake, collector.index, staff_id)
                            if loop.time() >= next_rss:
                                rss.append((round(loop.time() - start, 1), rss_mb()))
                                say(f"{loop.time() - start:5.0f} s: {counts.asked} asked, RSS {rss[-1][1]:.1f} MB")
                                next_rss += RSS_EVERY_S

                    keeper = asyncio.create_task(housekeeping())
                    tasks = [
                        asyncio.create_task(reader(f"soak{i:04d}", random.Random(rng.random())))
                        for i in range(config.users)
                    ]
                    await asyncio.gather(*tasks)
                    wall = loop.time() - start
                    keeper.cancel()
                    await collector.stop()
                    await asyncio.sleep(0.5)  # the last missed questions' posts
                    trim(fake, len(fake.requests), staff_id)
                    rss.append((round(wall, 1), rss_mb()))
                    gate = missed_posts(bot)
                    staff = [m for m in fake.messages.values() if m["channel_id"] == staff_id]
                    singles = sum(1 for m in staff if m["embeds"] and m["embeds"][0]["title"] == MISSED_TITLE)
                    digests = len(staff) - singles
                    store_counts = {"missed_askings": desk.store.missed_askings()}
                    db_end = database_mb(data_dir)
                    db_files = database_files(data_dir)
                    waiting = gate.waiting
            problems = len(fake.violations) + len(fake.unknown_routes) + len(fake.internal_errors)
        finally:
            await fake.stop()

    bound = 4 * math.ceil(config.seconds / 60) + 1
    rss_values = [value for _, value in rss]
    return {
        "settings": {
            **asdict(config),
            "cooldown": f"{settings.cooldown_rate} per {settings.cooldown_per_seconds:g} s (default)",
            "missed_posts_per_minute": settings.missed_posts_per_minute,
            "think_s": list(THINK_S),
        },
        "results": {
            "wall_s": round(wall, 1),
            "asked": counts.asked,
            "replies": counts.replies,
            "cooldown_notices": counts.cooldowns,
            "errors": counts.errors,
            "timeouts": counts.timeouts,
            "logged": dict(logs.counts),
            "fake_problems": problems,
            "reply_ms": reply_summary(counts.reply_s),
            "missed_offered": gate.offered,
            "moderator_posts": len(staff),
            "moderator_posts_single": singles,
            "moderator_digests": digests,
            "moderator_posts_bound": bound,
            **store_counts,
            "database_mb_start": round(db_start, 3),
            "database_mb_end": round(db_end, 3),
            "database_files_mb": db_files,
            "digest_waiting_at_end": waiting,
            "rss_mb_start": round(rss_values[0], 1),
            "rss_mb_end": round(rss_values[-1], 1),
            "rss_mb_max": round(max(rss_values), 1),
            "rss_mb_series": [(t, round(v, 1)) for t, v in rss],
            "samples": counts.samples[:5] + logs.samples[:5],
        },
        "ok": counts.errors == 0
        and counts.timeouts == 0
        and not logs.counts["ERROR"]
        and problems == 0
        and len(staff) <= bound,
    }


def _count(counts: Counts, req: RecordedRequest, elapsed: float) -> None:
    message = reply_message(req) or {}
    if req.status >= 400:
        counts.errors += 1
        counts.samples.append(f"{req} {json.dumps(req.response)[:200]}")
    elif int(message.get("flags") or 0) & EPHEMERAL:
        if "try again in" in str(message.get("content")):
            counts.cooldowns += 1
        else:
            counts.errors += 1
            counts.samples.append(str(message.get("content"))[:200])
    else:
        counts.replies += 1
        counts.reply_s.append(elapsed)


def format_report(report: dict[str, Any]) -> str:
    r, s = report["results"], report["settings"]
    ms = r["reply_ms"]

    def f(value: Any) -> str:
        return "-" if value is None else f"{value:.1f}"

    return "\n".join(
        [
            f"soak: {s['users']} readers, {r['wall_s']} s, {s['junk']:.0%} junk; cooldown {s['cooldown']}",
            f"  asked {r['asked']}, replies {r['replies']}, cooldown notices {r['cooldown_notices']}, "
            f"errors {r['errors']}, timeouts {r['timeouts']}",
            f"  reply ms: p50 {f(ms['p50'])}  p95 {f(ms['p95'])}  p99 {f(ms['p99'])}  max {f(ms['max'])}",
            f"  moderators' channel: {r['moderator_posts']} posts ({r['moderator_posts_single']} questions, "
            f"{r['moderator_digests']} digests) for {r['missed_offered']} new missed clusters; bound "
            f"{r['moderator_posts_bound']}",
            f"  database: {r['database_mb_start']} MB -> {r['database_mb_end']} MB {r['database_files_mb']} "
            f"({r['missed_askings']} missed askings)",
            f"  RSS: {r['rss_mb_start']} MB -> {r['rss_mb_end']} MB (max {r['rss_mb_max']})",
            f"  ok: {report['ok']}",
        ]
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.e2e.soak", description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=120.0)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--junk", type=float, default=0.7, help="the share of junk questions (0-1)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="the report as JSON on stdout (the table on stderr)")
    args = parser.parse_args(argv)
    config = SoakConfig(seconds=args.seconds, users=args.users, junk=args.junk, seed=args.seed)
    try:
        config.check()
    except ValueError as exc:
        parser.print_usage(sys.stderr)
        print(f"error: {exc}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    report = asyncio.run(run_soak(config, progress=True))
    report["results"]["run_s"] = round(time.perf_counter() - started, 1)
    if args.json:
        print(json.dumps(report, indent=2))
        print(format_report(report), file=sys.stderr)
    else:
        print(format_report(report))
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
