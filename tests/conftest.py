"""Fixtures shared by every test module."""

from __future__ import annotations

import pytest

from bot.engine.answers import Engine
from bot.engine.loader import KnowledgeBase, load_directory
from tests.helpers import KB_DATA, shipped_kb


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return shipped_kb()


@pytest.fixture(scope="session")
def engine(kb: KnowledgeBase) -> Engine:
    """One engine for the whole run: an Engine is immutable, so sharing it is safe."""
    return Engine(kb)


@pytest.fixture(scope="session")
def tiny_engine() -> Engine:
    """An engine over the one-article fixture (tests/data/kb/valid/one-article)."""
    return Engine(load_directory(KB_DATA / "valid" / "one-article"))
