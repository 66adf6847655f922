"""Shared test helpers: repository paths, the shipped fact base, and Discord's embed limits."""

from __future__ import annotations

import functools
import os
from pathlib import Path

import pytest

from bot.config import DEFAULT_KNOWLEDGE_DIR
from bot.engine.answers import Answer
from bot.engine.loader import KnowledgeBase, load_directory
from bot.engine.render import Reply

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = Path(__file__).resolve().parent / "data"
KB_DATA = DATA_DIR / "kb"
SHARED_DIR = REPO_ROOT.parent / "shared"
ARTICLE_TEXT_ENV = "FACTDESK_ARTICLE_TEXT"
DEFAULT_ARTICLE_TEXT = SHARED_DIR / "article" / "doj-sanctuary-letters.txt"
DEV_QUESTIONS_ENV = "FACTDESK_DEV_QUESTIONS"
DEFAULT_DEV_QUESTIONS = SHARED_DIR / "eval" / "dev-questions.yaml"

# Discord's embed limits, written out here rather than imported from bot.engine.render, so a
# wrong constant in the renderer cannot make its own test pass.
# https://discord.com/developers/docs/resources/message#embed-object-embed-limits
DISCORD_TITLE = 256
DISCORD_DESCRIPTION = 4096
DISCORD_FIELDS = 25
DISCORD_FIELD_NAME = 256
DISCORD_FIELD_VALUE = 1024
DISCORD_FOOTER = 2048
DISCORD_TOTAL = 6000

JSON_FIELDS = frozenset(
    {"answered", "answer", "quote", "speaker", "source", "confidence", "fact_id", "suggestions", "premise"}
)


@functools.cache
def shipped_kb() -> KnowledgeBase:
    """The bundled fact base, loaded once per test run (also used to parametrize tests)."""
    return load_directory(DEFAULT_KNOWLEDGE_DIR)


def discord_limit_violations(reply: Reply) -> list[str]:
    """Every way `reply`, sent as one embed, would break Discord's limits (empty when it fits)."""
    problems = []
    if not reply.title.strip():
        problems.append("empty title")
    if len(reply.title) > DISCORD_TITLE:
        problems.append(f"title has {len(reply.title)} characters")
    if len(reply.description) > DISCORD_DESCRIPTION:
        problems.append(f"description has {len(reply.description)} characters")
    if len(reply.footer) > DISCORD_FOOTER:
        problems.append(f"footer has {len(reply.footer)} characters")
    if len(reply.fields) > DISCORD_FIELDS:
        problems.append(f"{len(reply.fields)} fields")
    for number, field in enumerate(reply.fields):
        if not field.name.strip() or not field.value.strip():
            problems.append(f"field {number} has an empty name or value")
        if len(field.name) > DISCORD_FIELD_NAME:
            problems.append(f"field {number} name has {len(field.name)} characters")
        if len(field.value) > DISCORD_FIELD_VALUE:
            problems.append(f"field {number} value has {len(field.value)} characters")
    total = len(reply.title) + len(reply.description) + len(reply.footer)
    total += sum(len(f.name) + len(f.value) for f in reply.fields)
    if total > DISCORD_TOTAL:
        problems.append(f"{total} characters in all")
    return problems


def answer_problems(answer: Answer) -> list[str]:
    """Every way `answer` breaks the engine's contract with the renderer and the CLI."""
    problems = []
    if not isinstance(answer.answered, bool):
        problems.append(f"answered is {answer.answered!r}")
    if not 0.0 <= answer.confidence <= 1.0:
        problems.append(f"confidence {answer.confidence} outside [0, 1]")
    if not answer.text.strip():
        problems.append("empty text")
    if answer.answered:
        source = answer.source
        if source is None:
            problems.append("answered without a source")
        else:
            if not source.outlet or not source.published or not source.paragraphs:
                problems.append(f"incomplete source {source!r}")
            if any(p < 1 for p in source.paragraphs):
                problems.append(f"paragraph numbers {source.paragraphs}")
    else:
        if len(answer.suggestions) > 3 or not all(isinstance(s, str) and s for s in answer.suggestions):
            problems.append(f"suggestions {answer.suggestions!r}")
        if answer.quote is not None or answer.more_quotes:
            problems.append("an abstention carries quotes")
    data = answer.to_json()
    if set(data) != JSON_FIELDS:
        problems.append(f"to_json fields {sorted(data)}")
    return problems


def quote_problems(answer: Answer, kb: KnowledgeBase) -> list[str]:
    """Quotes in `answer` that are not verbatim from `kb` or are given to the wrong speaker."""
    speakers = {(a.id, p.id): p.name for a, p in kb.people}
    recorded = {q.id: (q.text, speakers[(a.id, q.speaker)], q.paragraph) for a, q in kb.quotes}
    problems = []
    for ref in [*([answer.quote] if answer.quote else []), *answer.more_quotes]:
        expected = recorded.get(ref.id)
        if expected is None:
            problems.append(f"unknown quote id {ref.id!r}")
        elif (ref.text, ref.speaker, ref.paragraph) != expected:
            problems.append(f"quote {ref.id!r} is {(ref.text, ref.speaker, ref.paragraph)!r}, recorded {expected!r}")
    return problems


def shared_file(env_var: str, default: Path) -> Path:
    """The file named by `env_var` (it must exist: CI sets it), else `default`, else skip the test."""
    chosen = os.environ.get(env_var)
    if chosen:
        path = Path(chosen)
        if not path.is_file():
            pytest.fail(f"{env_var}={chosen} does not name a file")
        return path
    if not default.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"{default} is missing and {env_var} is not set: CI runs every test")
        pytest.skip(f"{default} is missing: set {env_var} or check out ../shared beside the repository")
    return default


def article_text_file() -> Path:
    return shared_file(ARTICLE_TEXT_ENV, DEFAULT_ARTICLE_TEXT)
