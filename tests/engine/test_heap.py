"""The collector is paused while a fact base is built, and always comes back on."""

from __future__ import annotations

import gc
import threading
from pathlib import Path

import pytest

from bot.engine.desk import load_engine
from bot.engine.heap import paused_gc
from tests.helpers import shipped_kb


@pytest.fixture(autouse=True)
def collector_on() -> object:
    gc.enable()
    yield
    gc.enable()


def test_pauses_nest_and_the_collector_returns() -> None:
    with paused_gc():
        assert not gc.isenabled()
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer pause still holds
    assert gc.isenabled()


def test_the_collector_returns_after_an_error() -> None:
    with pytest.raises(RuntimeError), paused_gc():
        raise RuntimeError("a build failed")
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()
    with paused_gc():
        pass
    assert not gc.isenabled()


def test_overlapping_pauses_in_two_threads() -> None:
    inside, release = threading.Event(), threading.Event()

    def worker() -> None:
        with paused_gc():
            inside.set()
            release.wait(5)

    thread = threading.Thread(target=worker)
    thread.start()
    inside.wait(5)
    with paused_gc():
        pass
    assert not gc.isenabled()  # the other thread's pause is still open
    release.set()
    thread.join(5)
    assert gc.isenabled()


def test_loading_an_engine_leaves_the_collector_on() -> None:
    directory = Path(next(iter(shipped_kb().files.values()))).parent
    engine = load_engine(directory)
    assert engine.fact_count == sum(len(a.facts) for a in shipped_kb().articles)
    assert gc.isenabled()
