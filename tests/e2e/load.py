"""Load measurement: many simulated users asking ``/ask`` at once through the Discord fake.

Run it as a benchmark command (speed is measured here, never asserted by tests)::

    .venv/bin/python -m tests.e2e.load [--users N] [--questions M] [--facts F] [--json]

What it does:

* starts ``FakeDiscord`` on 127.0.0.1 with ``N`` ordinary guild members (the fake's
  ``members=`` world option; nothing is added to the fake) and the real
  ``bot.chat.bot.FactDeskBot`` in the same process and event loop, built as the
  ``start_factdesk`` fixture builds it (isolated ``Settings``, a temporary ``DATA_DIR``,
  ``guild_ready_timeout=0.01``, no knowledge watcher, commands synced to the fake's guild);
* raises the per-user cooldown (``COOLDOWN_RATE``) far above what the run can reach, so
  the load measures answering and not the throttle (the report says so);
* with ``--facts F``, serves the shipped ``knowledge/*.yaml`` plus a synthetic archive of
  ``F`` facts (``bot.tools.synthetic.write_archive``) from a temporary directory; above
  ``INLINE_FACT_LIMIT`` facts the bot runs engine calls in a worker thread
  (``FactDeskBot.consult``);
* ``N`` users (asyncio tasks) ask ``M`` questions in total, closed loop: each user sends
  its next ``/ask`` only when the previous reply arrived. Questions are drawn with a fixed
  seed from ``tests/data/reader-questions.yaml``, the shipped facts' questions and
  phrasings and, with ``--facts``, perturbed phrasings of archive facts;
* the time to reply of a question runs from just before the fake dispatches
  INTERACTION_CREATE to the moment the fake answered the bot's interaction callback (its
  event-loop timestamp ``RecordedRequest.at``; after a deferral, the edit or followup
  that carries the answer);
* reports answers per second (completed replies / wall time of the load phase), median,
  p95, p99 and max time to reply, errors and timeouts, the machine (CPU count, Python,
  load average before and after) and every setting used.

The load phase stops dispatching at ``--max-seconds`` (default 120 s); questions not sent
by then are reported as not sent. Exit code 0 when every question got a normal reply, 1
otherwise (the report is printed either way). Spec validation of the bot's requests is
off by default for speed; ``--validate`` turns it on (needs ``DISCORD_OPENAPI_SPEC``).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import os
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import AsyncIterator, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from random import Random
from typing import Any

import discord.gateway
import discord.http
import yaml
import yarl

from tests.e2e.fake_discord import FakeDiscord, RecordedRequest, run_client

ROOT = Path(__file__).resolve().parents[2]
READER_QUESTIONS = ROOT / "tests" / "data" / "reader-questions.yaml"
SPEC_ENV = "DISCORD_OPENAPI_SPEC"
WATCHED_LOGGERS = ("discord", "bot")

CALLBACK_ROUTE = "/interactions/{interaction_id}/{interaction_token}/callback"
FOLLOWUP_ROUTE = "/webhooks/{application_id}/{token}"
WEBHOOK_MESSAGE_ROUTE = "/webhooks/{application_id}/{token}/messages/{message_id}"
EPHEMERAL = 1 << 6
ABSTAIN_TITLE = "The article doesn't say"
QUESTION_LIMIT = 300  # /ask's option is Range[str, 1, 300]

# Far above anything a run can reach: the cooldown would otherwise answer most questions
# of a closed-loop user with "You're asking quickly" (the default is 5 per 10 s).
LOAD_COOLDOWN_RATE = 1_000_000_000
LOAD_COOLDOWN_PER_SECONDS = 1.0

MAX_USERS = 1_000
MAX_QUESTIONS = 100_000
MAX_FACTS = 100_000
ARCHIVE_SEED = 20_180_124  # same archive as `python -m bot bench --facts F`


class ConfigError(ValueError):
    """A setting out of bounds or a missing prerequisite (exit code 2)."""


@dataclass
class LoadConfig:
    users: int = 20
    questions: int = 1_000
    facts: int = 0
    seed: int = 1
    validate: bool = False
    max_seconds: float = 120.0
    reply_timeout: float = 10.0
    interaction_timeout: float = 3.0  # Discord forgets an interaction not acknowledged in 3 s

    def check(self) -> None:
        if not 1 <= self.users <= MAX_USERS:
            raise ConfigError(f"--users must be 1..{MAX_USERS}")
        if not 1 <= self.questions <= MAX_QUESTIONS:
            raise ConfigError(f"--questions must be 1..{MAX_QUESTIONS}")
        if not 0 <= self.facts <= MAX_FACTS:
            raise ConfigError(f"--facts must be 0..{MAX_FACTS}")
        if not 0 < self.max_seconds <= 3_600:
            raise ConfigError("--max-seconds must be in (0, 3600]")
        if not 0 < self.reply_timeout <= 600:
            raise ConfigError("--reply-timeout must be in (0, 600]")


# ---------------------------------------------------------------- questions


@dataclass
class QuestionSet:
    questions: list[str]
    sources: list[str]  # parallel: where each question came from

    @property
    def mix(self) -> dict[str, int]:
        return dict(sorted(Counter(self.sources).items()))


def _clean(text: str) -> str:
    return " ".join(text.split())[:QUESTION_LIMIT]


def reader_questions(path: Path = READER_QUESTIONS) -> list[str]:
    """The held-out reader questions; quote fragments are asked as "who said ..."."""
    cases = yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]
    out = []
    for case in cases:
        text = str(case["q"])
        out.append(text if case["mode"] == "ask" else f'who said "{text}"')
    return [q for q in map(_clean, out) if q]


def build_questions(kb: Any, shipped_ids: set[str], n: int, seed: int) -> QuestionSet:
    """``n`` questions, deterministic for a seed and fact base.

    Each question picks a source uniformly (reader questions, shipped phrasings and,
    when the fact base holds other articles, perturbed archive phrasings), then an item.
    """
    from bot.tools.synthetic import perturb

    rng = Random(seed)
    pools: dict[str, list[str]] = {"reader-questions": reader_questions()}
    shipped = [
        _clean(text)
        for article, fact in kb.facts
        if article.id in shipped_ids
        for text in (fact.question, *fact.phrasings)
    ]
    pools["shipped-phrasings"] = [q for q in shipped if q]
    archive = [fact for article, fact in kb.facts if article.id not in shipped_ids]
    names = list(pools)
    if archive:
        names.append("archive-phrasings")
    questions: list[str] = []
    sources: list[str] = []
    for _ in range(n):
        name = rng.choice(names)
        if name == "archive-phrasings":
            fact = rng.choice(archive)
            text = _clean(perturb(rng.choice([fact.question, *fact.phrasings]), rng)) or _clean(fact.question)
        else:
            text = rng.choice(pools[name])
        questions.append(text)
        sources.append(name)
    return QuestionSet(questions, sources)


# ---------------------------------------------------------------- measuring


def percentile(sorted_values: Sequence[float], pct: float) -> float | None:
    """Nearest-rank percentile of already sorted values."""
    if not sorted_values:
        return None
    rank = max(1, -(-len(sorted_values) * pct // 100))  # ceil(n * pct / 100)
    return sorted_values[int(rank) - 1]


def reply_summary(seconds: Sequence[float]) -> dict[str, float | None]:
    values = sorted(s * 1000 for s in seconds)
    return {
        "min": values[0] if values else None,
        "p50": percentile(values, 50),
        "p95": percentile(values, 95),
        "p99": percentile(values, 99),
        "max": values[-1] if values else None,
        "mean": sum(values) / len(values) if values else None,
    }


@dataclass
class _Pending:
    token: str
    future: asyncio.Future[RecordedRequest]
    deferred: bool = False


class ReplyCollector:
    """One task reads the fake's request log in order and hands each interaction its reply.

    A single reader (instead of one ``handle.callback()`` wait per user) keeps the
    measuring side O(1) per request: the fake wakes every waiter on every request.
    """

    def __init__(self, fake: FakeDiscord) -> None:
        self.fake = fake
        self.pending: dict[str, _Pending] = {}
        self.by_token: dict[str, str] = {}
        self.index = fake.mark()
        self.failure: str | None = None
        self._task: asyncio.Task[None] | None = None

    def expect(self, payload: dict[str, Any]) -> asyncio.Future[RecordedRequest]:
        future: asyncio.Future[RecordedRequest] = asyncio.get_running_loop().create_future()
        iid, token = str(payload["id"]), str(payload["token"])
        self.pending[iid] = _Pending(token, future)
        self.by_token[token] = iid
        return future

    def forget(self, payload: dict[str, Any]) -> None:
        self.pending.pop(str(payload["id"]), None)
        self.by_token.pop(str(payload["token"]), None)

    def _resolve(self, iid: str, req: RecordedRequest) -> None:
        pending = self.pending.pop(iid, None)
        if pending is None:
            return
        self.by_token.pop(pending.token, None)
        if not pending.future.done():
            pending.future.set_result(req)

    def _see(self, req: RecordedRequest) -> None:
        if req.route == CALLBACK_ROUTE:
            iid = req.params["interaction_id"]
            pending = self.pending.get(iid)
            if pending is None:
                return
            ctype = (req.json or {}).get("type")
            if req.status < 400 and ctype in (5, 6):
                pending.deferred = True  # the answer comes as an edit or followup
            else:
                self._resolve(iid, req)
        elif req.route in (FOLLOWUP_ROUTE, WEBHOOK_MESSAGE_ROUTE) and req.method in ("POST", "PATCH"):
            iid = self.by_token.get(req.params.get("token", ""), "")
            pending = self.pending.get(iid)
            if pending is not None and pending.deferred:
                self._resolve(iid, req)

    async def _run(self) -> None:
        while True:
            try:
                req = await self.fake.wait_for(None, since=self.index, timeout=1.0)
            except TimeoutError:
                continue
            except AssertionError as exc:  # the fake reported a failure: fail every waiter
                self.failure = str(exc)
                for pending in list(self.pending.values()):
                    if not pending.future.done():
                        pending.future.set_exception(RuntimeError(self.failure))
                self.pending.clear()
                return
            self.index = req.index + 1
            self._see(req)

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="load-reply-collector")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task


def reply_message(req: RecordedRequest) -> dict[str, Any] | None:
    """The message a reply request carries: the stored message the fake answered with,
    else the body the bot sent."""
    if req.route == CALLBACK_ROUTE:
        resource = (req.response or {}).get("resource") or {}
        message = resource.get("message") or (req.json or {}).get("data")
        return message if isinstance(message, dict) else None
    return req.response if isinstance(req.response, dict) else req.json


@dataclass
class Tally:
    reply_s: list[float] = field(default_factory=list)
    dispatched: int = 0
    answered: int = 0
    abstained: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    timeouts: int = 0
    error_samples: list[str] = field(default_factory=list)

    def error(self, kind: str, sample: str) -> None:
        self.errors[kind] += 1
        if len(self.error_samples) < 5:
            self.error_samples.append(sample)


class _LogCounter(logging.Handler):
    """Counts WARNING and ERROR records of discord.py and the bot; keeps a few."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.counts: Counter[str] = Counter()
        self.samples: list[str] = []
        self.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        self.counts[record.levelname] += 1
        if len(self.samples) < 5:
            self.samples.append(self.format(record)[:500])


@contextlib.contextmanager
def _watch_logs() -> Iterator[_LogCounter]:
    handler = _LogCounter()
    loggers = [logging.getLogger(name) for name in WATCHED_LOGGERS]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        if logger.getEffectiveLevel() > logging.WARNING:
            logger.setLevel(logging.WARNING)
    try:
        yield handler
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.removeHandler(handler)
            logger.setLevel(level)


@contextlib.contextmanager
def _redirect_discord(fake: FakeDiscord) -> Iterator[None]:
    """Point discord.py at the fake (process-wide, as the ``fake_discord`` fixture does)."""
    old_base = discord.http.Route.BASE
    old_gateway = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    discord.http.Route.BASE = fake.api_base
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(fake.gateway_url)
    try:
        yield
    finally:
        discord.http.Route.BASE = old_base
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = old_gateway


def _isolated_settings(**values: Any) -> Any:
    """``Settings`` from these values only: no .env file or environment variable leaks in."""
    from bot.config import Settings

    class IsolatedSettings(Settings):
        @classmethod
        def settings_customise_sources(  # type: ignore[override]
            cls, settings_cls: Any, init_settings: Any, **sources: Any
        ) -> tuple[Any, ...]:
            return (init_settings,)

    return IsolatedSettings(**values)


# ---------------------------------------------------------------- the run


def _user_key(i: int) -> str:
    return f"loaduser{i:04d}"


@contextlib.asynccontextmanager
async def _knowledge(config: LoadConfig, tmp: Path, timings: dict[str, float]) -> AsyncIterator[Path]:
    from bot.config import DEFAULT_KNOWLEDGE_DIR
    from bot.tools.synthetic import write_archive

    if not config.facts:
        yield DEFAULT_KNOWLEDGE_DIR
        return
    directory = tmp / "knowledge"
    directory.mkdir()
    for path in sorted(DEFAULT_KNOWLEDGE_DIR.glob("*.yaml")):
        shutil.copy2(path, directory / path.name)
    start = time.perf_counter()
    await asyncio.to_thread(write_archive, directory, config.facts, ARCHIVE_SEED)
    timings["write_archive_s"] = time.perf_counter() - start
    yield directory


def _progress(message: str) -> None:
    print(f"[load] {message}", file=sys.stderr, flush=True)


async def run_load(config: LoadConfig, *, progress: bool = False) -> dict[str, Any]:
    """Run one load measurement and return its report (see the module docstring)."""
    from bot.chat.bot import INLINE_FACT_LIMIT, FactDeskBot
    from bot.config import DEFAULT_KNOWLEDGE_DIR
    from bot.engine.desk import FactDesk
    from bot.tools.bench import machine

    config.check()
    say = _progress if progress else (lambda message: None)
    spec_path: Path | None = None
    if config.validate:
        value = os.environ.get(SPEC_ENV)
        if not value or not Path(value).is_file():
            raise ConfigError(f"--validate needs {SPEC_ENV} naming Discord's openapi.json (got {value!r})")
        spec_path = Path(value)

    machine_before = machine()
    timings: dict[str, float] = {}
    shipped_files = {p.name for p in DEFAULT_KNOWLEDGE_DIR.glob("*.yaml")}
    loop = asyncio.get_running_loop()

    with tempfile.TemporaryDirectory(prefix="factdesk-load-") as tmp_name:
        tmp = Path(tmp_name)
        if config.facts:
            say(f"writing a synthetic archive of {config.facts} facts")
        async with _knowledge(config, tmp, timings) as knowledge_dir:
            data_dir = tmp / "data"
            say(f"loading the fact base from {knowledge_dir}")
            start = time.perf_counter()
            desk = await asyncio.to_thread(FactDesk, knowledge_dir, data_dir)
            timings["load_fact_base_s"] = time.perf_counter() - start
            kb = desk.engine.kb
            shipped_ids = {aid for aid, path in kb.files.items() if Path(path).name in shipped_files}
            question_set = build_questions(kb, shipped_ids, config.questions, config.seed)

            members = [{"username": "owner", "global_name": "Olivia Owner"}]
            members += [{"username": _user_key(i), "global_name": f"Load User {i}"} for i in range(config.users)]
            fake = FakeDiscord(
                spec_path=spec_path,
                members=members,
                interaction_timeout=config.interaction_timeout,
                max_bot_messages=config.questions + 100,  # every answer is a visible message
            )
            settings = _isolated_settings(
                discord_token=fake.token,
                dev_guild_id=int(fake.guild_id),
                answer_channel_ids=[],
                knowledge_dir=knowledge_dir,
                data_dir=data_dir,
                cooldown_rate=LOAD_COOLDOWN_RATE,
                cooldown_per_seconds=LOAD_COOLDOWN_PER_SECONDS,
                log_level="WARNING",
            )
            tally = Tally()
            await fake.start()
            try:
                # Built before the log watch: discord.py warns here that voice is unsupported.
                bot = FactDeskBot(settings, desk, sync_on_start=True, guild_ready_timeout=0.01, watch_knowledge=False)
                with _redirect_discord(fake), _watch_logs() as logs:
                    say("starting the bot against the fake")
                    start = time.perf_counter()
                    async with run_client(bot, fake.token, timeout=30.0):
                        timings["bot_ready_s"] = time.perf_counter() - start
                        say(f"{config.users} users asking {config.questions} questions (cap {config.max_seconds:g} s)")
                        wall_s, capped = await _drive(fake, config, question_set.questions, tally, loop)
                    requests_total = len(fake.requests)
                fake_problems = {
                    "spec_violations": len(fake.violations),
                    "unknown_routes": len(fake.unknown_routes),
                    "internal_errors": len(fake.internal_errors),
                }
                fake_samples = [str(v) for v in fake.violations[:3]] + fake.internal_errors[:3]
            finally:
                await fake.stop()

    machine_after = machine()
    completed = len(tally.reply_s)
    errors_total = sum(tally.errors.values())
    not_sent = config.questions - tally.dispatched
    return {
        "settings": {
            **asdict(config),
            "cooldown_rate": LOAD_COOLDOWN_RATE,
            "cooldown_per_seconds": LOAD_COOLDOWN_PER_SECONDS,
            "cooldown_note": (
                f"per-user cooldown raised to {LOAD_COOLDOWN_RATE} questions per "
                f"{LOAD_COOLDOWN_PER_SECONDS:g} s (default 5 per 10 s) so it does not throttle the load"
            ),
            "spec_validation": spec_path is not None,
            "archive_seed": ARCHIVE_SEED if config.facts else None,
            "knowledge_dir": "shipped knowledge/" if not config.facts else "temp: shipped knowledge/*.yaml + archive",
            "articles": len(kb.articles),
            "facts_loaded": desk.engine.fact_count,
            "engine_calls": "worker thread" if desk.engine.fact_count > INLINE_FACT_LIMIT else "inline",
            "question_mix": question_set.mix,
            "transport": "127.0.0.1 (FakeDiscord REST + gateway, bot in the same process and event loop)",
        },
        "machine": {
            **{k: v for k, v in machine_before.items() if k != "load_average_1m"},
            "load_average_1m_before": machine_before["load_average_1m"],
            "load_average_1m_after": machine_after["load_average_1m"],
        },
        "setup": timings,
        "results": {
            "questions": config.questions,
            "dispatched": tally.dispatched,
            "completed": completed,
            "answered": tally.answered,
            "abstained": tally.abstained,
            "errors": errors_total,
            "error_kinds": dict(tally.errors),
            "timeouts": tally.timeouts,
            "not_sent": not_sent,
            "capped": capped,
            "wall_s": wall_s,
            "answers_per_s": completed / wall_s if wall_s > 0 else None,
            "reply_ms": reply_summary(tally.reply_s),
            "bot_requests": requests_total,
            "logged": dict(logs.counts),
            "fake": fake_problems,
            "samples": tally.error_samples + logs.samples + fake_samples,
        },
        "ok": (
            completed == config.questions
            and not errors_total
            and not tally.timeouts
            and not logs.counts["ERROR"]
            and not any(fake_problems.values())
        ),
    }


async def _drive(
    fake: FakeDiscord,
    config: LoadConfig,
    questions: Sequence[str],
    tally: Tally,
    loop: asyncio.AbstractEventLoop,
) -> tuple[float, bool]:
    """Closed loop: ``config.users`` tasks take the next question when their reply arrived."""
    collector = ReplyCollector(fake)
    collector.start()
    next_question = iter(range(len(questions)))
    start = loop.time()
    deadline = start + config.max_seconds
    capped = False

    async def user(key: str) -> None:
        nonlocal capped
        for n in next_question:
            if loop.time() >= deadline:
                capped = True
                return
            payload = fake.slash_command("ask", {"question": questions[n]}, user=key, channel="general")
            future = collector.expect(payload)
            tally.dispatched += 1
            sent_at = loop.time()
            await fake.send_interaction(payload)
            try:
                req = await asyncio.wait_for(future, config.reply_timeout)
            except TimeoutError:
                collector.forget(payload)
                tally.timeouts += 1
                continue
            except RuntimeError as exc:
                tally.error("fake failure", str(exc)[:500])
                continue
            _count_reply(tally, req, req.at - sent_at, questions[n])

    tasks = [asyncio.create_task(user(_user_key(i)), name=f"load-{i}") for i in range(config.users)]
    try:
        # Hard cap: dispatching stops at the deadline; replies get reply_timeout more.
        done, pending = await asyncio.wait(tasks, timeout=config.max_seconds + config.reply_timeout + 1)
        for task in pending:
            task.cancel()
            capped = True
        await asyncio.gather(*tasks, return_exceptions=True)
        for task in done:
            if not task.cancelled() and task.exception() is not None:
                tally.error("load task crashed", repr(task.exception()))
    finally:
        await collector.stop()
    if collector.failure:
        tally.error("fake failure", collector.failure[:500])
    return loop.time() - start, capped


def _count_reply(tally: Tally, req: RecordedRequest, elapsed: float, question: str) -> None:
    if req.status >= 400:
        tally.error(f"HTTP {req.status}", f"{question!r}: {req} {json.dumps(req.response)[:300]}")
        return
    message = reply_message(req) or {}
    if int(message.get("flags") or 0) & EPHEMERAL:
        # A cooldown notice or an error message the user can fix: not an answer.
        tally.error("ephemeral notice", f"{question!r}: {str(message.get('content'))[:200]}")
        return
    embeds = message.get("embeds") or []
    if not embeds:
        tally.error("no embed", f"{question!r}: {json.dumps(message)[:300]}")
        return
    tally.reply_s.append(elapsed)
    if embeds[0].get("title") == ABSTAIN_TITLE:
        tally.abstained += 1
    else:
        tally.answered += 1


# ---------------------------------------------------------------- output


def _fmt(value: Any, digits: int = 1) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def format_report(report: dict[str, Any]) -> str:
    s, m, r = report["settings"], report["machine"], report["results"]
    ms = r["reply_ms"]
    lines = [
        "FactDesk load test: /ask through the Discord fake (real discord.py client, 127.0.0.1)",
        f"machine: {m['cpu_count']} CPUs ({m['cpus_usable']} usable), {m['implementation']} {m['python']}, "
        f"{m['platform']}; load average 1m {_fmt(m['load_average_1m_before'], 2)} before, "
        f"{_fmt(m['load_average_1m_after'], 2)} after",
        f"fact base: {s['knowledge_dir']}; {s['articles']} articles, {s['facts_loaded']} facts; "
        f"engine calls {s['engine_calls']}",
        f"users {s['users']}, questions {s['questions']}, seed {s['seed']}, cap {s['max_seconds']:g} s, "
        f"reply timeout {s['reply_timeout']:g} s, spec validation {'on' if s['spec_validation'] else 'off'}",
        f"note: {s['cooldown_note']}",
        "question mix: " + ", ".join(f"{k} {v}" for k, v in s["question_mix"].items()),
        "setup: " + ", ".join(f"{k} {v:.2f}" for k, v in report["setup"].items()),
        "",
    ]
    rows = [
        ("answers/s", _fmt(r["answers_per_s"])),
        ("completed", f"{r['completed']} / {r['questions']} ({r['answered']} answered, {r['abstained']} abstained)"),
        ("wall time s", _fmt(r["wall_s"], 2)),
        ("reply p50 ms", _fmt(ms["p50"], 2)),
        ("reply p95 ms", _fmt(ms["p95"], 2)),
        ("reply p99 ms", _fmt(ms["p99"], 2)),
        ("reply max ms", _fmt(ms["max"], 2)),
        ("reply mean ms", _fmt(ms["mean"], 2)),
        ("errors", f"{r['errors']} {r['error_kinds'] or ''}".strip()),
        ("timeouts", str(r["timeouts"])),
        ("not sent (cap)", f"{r['not_sent']}{' (capped)' if r['capped'] else ''}"),
        ("bot REST requests", str(r["bot_requests"])),
        ("logged warn/error", f"{r['logged'].get('WARNING', 0)} / {r['logged'].get('ERROR', 0)}"),
        ("fake problems", ", ".join(f"{k} {v}" for k, v in r["fake"].items())),
    ]
    width = max(len(k) for k, _ in rows)
    lines += [f"  {k.ljust(width)}  {v}" for k, v in rows]
    if r["samples"]:
        lines += ["", "samples:"] + [f"  {x}" for x in r["samples"]]
    lines.append("")
    if report["ok"]:
        lines.append("result: OK, every question got a reply")
    else:
        why = [f"{r['questions'] - r['completed']} of {r['questions']} questions without a normal reply"]
        if r["capped"]:
            why.append(f"stopped at the {s['max_seconds']:g} s cap")
        if r["logged"].get("ERROR"):
            why.append("errors were logged")
        why += [f"{k} {v}" for k, v in r["fake"].items() if v]
        lines.append("result: NOT OK: " + "; ".join(why))
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m tests.e2e.load",
        description="Many simulated users asking /ask at once through the Discord fake: answers/s and time to reply.",
    )
    parser.add_argument("--users", type=int, default=20, help="concurrent simulated users (default 20)")
    parser.add_argument("--questions", type=int, default=1_000, help="questions in total (default 1000)")
    parser.add_argument("--facts", type=int, default=0, help="add a synthetic archive of F facts (default none)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the question draw (default 1)")
    parser.add_argument("--max-seconds", type=float, default=120.0, help="hard cap on the load phase (default 120)")
    parser.add_argument("--reply-timeout", type=float, default=10.0, help="per-question reply timeout (default 10)")
    parser.add_argument("--validate", action="store_true", help=f"validate requests against {SPEC_ENV}")
    parser.add_argument("--json", action="store_true", help="print the report as JSON on stdout (table on stderr)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    config = LoadConfig(
        users=args.users,
        questions=args.questions,
        facts=args.facts,
        seed=args.seed,
        validate=args.validate,
        max_seconds=args.max_seconds,
        reply_timeout=args.reply_timeout,
    )
    try:
        config.check()
        report = asyncio.run(run_load(config, progress=True))
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    table = format_report(report)
    if args.json:
        print(table, file=sys.stderr)
        print(json.dumps(report, indent=2, default=str))
    else:
        print(table)
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
