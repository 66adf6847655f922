"""One scenario measured end to end: the shipped fact base or a synthetic archive of N facts."""

from __future__ import annotations

import gc
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from random import Random
from typing import Any

from ...engine.browse import people_choices, quote_choices
from ...engine.heap import settle_heap
from ...engine.loader import KnowledgeBase
from ..synthetic import perturb, prefixes, quote_fragment, sample_queries, write_archive
from .baseline import NaiveBaseline, compare
from .load import measure_load, measure_memory
from .plans import Plan
from .system import MB, max_rss_bytes
from .timing import latency, time_calls

ARCHIVE_SEED = 0
QUERY_SEED = 1
AUTOCOMPLETE_LIMIT = 25  # what the Discord layer asks for (at most 25 choices)

OFF_TOPIC_QUESTIONS = (
    "what is the capital of france",
    "who won the super bowl last year",
    "how do i reset my discord password",
    "recipe for banana bread",
    "is it going to rain tomorrow",
    "whats the best pizza place downtown",
    "tell me a joke",
    "how tall is mount rainier",
    "what did governor jay inslee say about the letters",
    "when does the new iphone come out",
)
OFF_TOPIC_FRAGMENTS = (
    "ask not what your country can do for you",
    "the only thing we have to fear is fear itself",
    "a house divided against itself",
    "houston we have a problem",
    "we shall fight on the beaches",
)


def _progress(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def shipped_queries(kb: KnowledgeBase) -> tuple[list[str], list[str]]:
    """Fixed query sets from a fact base: canonical questions, perturbed phrasings, who-is and
    who-said questions, off-topic questions; quote fragments (some with typos) and off-topic lines."""
    rng = Random(QUERY_SEED)
    ask: list[str] = []
    for _, fact in kb.facts:
        ask.append(fact.question)
        ask.extend(perturb(p, rng) for p in fact.phrasings)
    for _, person in kb.people:
        ask.append(f"who is {person.name}")
        ask.extend(perturb(p, rng) for p in person.phrasings)
    fragments: list[str] = []
    for _, quote in kb.quotes:
        ask.append(f"who said {quote_fragment(quote.text, rng)}")
        fragments.append(quote.text)
        fragments.extend(quote_fragment(quote.text, rng) for _ in range(5))
    ask.extend(OFF_TOPIC_QUESTIONS)
    fragments.extend(OFF_TOPIC_FRAGMENTS)
    rng.shuffle(ask)
    rng.shuffle(fragments)
    return ask, fragments


def counts(kb: KnowledgeBase) -> dict[str, int]:
    return {
        "articles": len(kb.articles),
        "facts": sum(len(a.facts) for a in kb.articles),
        "quotes": sum(len(a.quotes) for a in kb.articles),
        "people": sum(len(a.people) for a in kb.articles),
        "phrasings": sum(1 + len(f.phrasings) for _, f in kb.facts),
    }


def measure_scenario(
    name: str, directory: Path, plan: Plan, queries: Callable[[KnowledgeBase], tuple[list[str], list[str]]]
) -> dict[str, Any]:
    phases: dict[str, float] = {}
    clock = time.perf_counter()

    def phase(label: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        phases[label] = now - clock
        clock = now
        _progress(f"{name}: {label} done in {phases[label]:.1f} s")

    load, engine = measure_load(directory, plan)
    load["prewarm_s"] = engine.prewarm()  # the bot builds these routing views in the background
    settle_heap()  # as the running bot does after every (re)load
    phase("load + index")
    memory = measure_memory(directory, load["min_s"])
    phase("memory")
    kb = engine.kb
    ask_queries, fragments = queries(kb)
    result: dict[str, Any] = {"scenario": name, **counts(kb), "load": load, "memory": memory}
    result["ask"], ask_samples, ask_errors = latency(engine.ask, ask_queries, plan.queries, plan.budget_s)
    result["ask"]["distinct_queries"] = len(ask_queries)
    phase("ask")
    result["who_said"], who_samples, who_errors = latency(engine.who_said, fragments, plan.queries, plan.budget_s)
    result["who_said"]["distinct_queries"] = len(fragments)
    phase("who-said")

    quote_typed = prefixes([q.text for _, q in kb.quotes], min(plan.autocomplete, 500), QUERY_SEED, 3, 20)
    people_typed = prefixes([p.name for _, p in kb.people], min(plan.autocomplete, 500), QUERY_SEED, 3, 12)

    def quotes_typed(typed: str) -> object:
        return quote_choices(engine, typed, AUTOCOMPLETE_LIMIT)

    def people_typed_in(typed: str) -> object:
        return people_choices(engine, typed, AUTOCOMPLETE_LIMIT)

    result["autocomplete_quotes"], _, _ = latency(quotes_typed, quote_typed, plan.autocomplete, plan.budget_s)
    result["autocomplete_people"], _, _ = latency(people_typed_in, people_typed, plan.autocomplete, plan.budget_s)
    phase("autocomplete")

    baseline = NaiveBaseline(kb)
    ask_subset = ask_queries[: min(plan.baseline, len(ask_queries))]
    fragment_subset = fragments[: min(plan.baseline, len(fragments))]
    base_ask = time_calls(baseline.ask, ask_subset, len(ask_subset), None, warmup=2)
    base_who = time_calls(baseline.who_said, fragment_subset, len(fragment_subset), None, warmup=2)
    # Compare on queries both sides answered.
    ask_failed = {i for i, q in enumerate(ask_queries) if q in ask_errors}
    who_failed = {i for i, q in enumerate(fragments) if q in who_errors}
    base_ask = [(i, ns) for i, ns in base_ask if i not in ask_failed]
    base_who = [(i, ns) for i, ns in base_who if i not in who_failed]
    result["baseline"] = {
        "method": "Python loop of rapidfuzz.fuzz.WRatio over every phrasing (ask) / quote (who-said), max kept",
        "ask": compare(ask_samples, base_ask, len(ask_queries), len(ask_subset) < len(ask_queries)),
        "who_said": compare(who_samples, base_who, len(fragments), len(fragment_subset) < len(fragments)),
    }
    phase("baseline")
    result["max_rss_so_far_mb"] = max_rss_bytes() / MB
    result["phases_s"] = phases
    gc.unfreeze()  # so this scenario's engine can be freed before the next is built
    return result


def synthetic_scenario(n_facts: int, plan: Plan) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix=f"factdesk-bench-{n_facts}-") as tmp:
        _progress(f"{n_facts} facts: writing the synthetic archive")
        start = time.perf_counter()
        files = write_archive(Path(tmp), n_facts, seed=ARCHIVE_SEED)
        written = time.perf_counter() - start
        size = sum(f.stat().st_size for f in files)

        def queries(kb: KnowledgeBase) -> tuple[list[str], list[str]]:
            return sample_queries(kb, plan.queries, seed=QUERY_SEED)

        result = measure_scenario(str(n_facts), Path(tmp), plan, queries)
    result["archive"] = {"files": len(files), "yaml_mb": size / MB, "write_s": written, "seed": ARCHIVE_SEED}
    return result
