"""A cache of validated articles, so an unchanged file is never parsed twice.

Parsing YAML is most of the cost of loading an archive (PyYAML builds every node in
Python: about 1.2 s for 10,000 facts). Each article that passes validation is kept,
keyed by a hash of its file's bytes and of the code that validates it:

- in memory, so a reload after one moderator's edit re-parses only the edited file;
- on disk (``DATA_DIR/cache/articles/<key>.json``), so a restart reads pydantic's JSON
  (validated again on the way in, in pydantic-core) instead of YAML.

The cache only ever speeds things up: a missing, stale or unreadable entry, or one that
fails validation or the cross-reference checks, is a miss, and the file is parsed from its
YAML. A change to the file or to the schema code changes the key, so an old entry is never
used. An entry that validates is served as stored, so DATA_DIR must be as trusted as
KNOWLEDGE_DIR (only the bot should write to either).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import threading
import time
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import pydantic
from pydantic import ValidationError

from .models import Article
from .storage import write_atomically

log = logging.getLogger(__name__)

ENTRY_SUFFIX = ".json"
TEMP_SUFFIX = ".tmp"
# A temporary file older than this was left by a writer that died (a write takes milliseconds).
STALE_TEMP_S = 60.0


@cache
def code_fingerprint() -> bytes:
    """What validation depends on: the schema's and loader's source and pydantic's version."""
    digest = hashlib.blake2b(pydantic.VERSION.encode(), digest_size=16)
    for name in ("models.py", "loader.py", "parsecache.py"):
        try:
            digest.update(Path(__file__).with_name(name).read_bytes())
        except OSError:  # no source beside us (a frozen build): never share entries across runs
            digest.update(os.urandom(16))
    return digest.digest()


class ParseCache:
    """Validated `Article`s by content key; `directory=None` keeps them in memory only."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory
        self._memory: dict[str, Article] = {}
        self._lock = threading.Lock()
        self._write_failed = False
        self.hits = 0  # files served from the cache (counted by the loader, which may reject an entry)
        self.misses = 0

    @staticmethod
    def key(content: bytes) -> str:
        return hashlib.blake2b(code_fingerprint() + content, digest_size=20).hexdigest()

    def get(self, key: str) -> Article | None:
        article = self._memory.get(key)
        if article is None and self.directory is not None:
            article = self._read(self.directory / (key + ENTRY_SUFFIX))
            if article is not None:
                self._memory[key] = article
        return article

    @staticmethod
    def _read(path: Path) -> Article | None:
        try:
            return Article.model_validate_json(path.read_bytes())
        except (FileNotFoundError, NotADirectoryError):  # no entry (or no cache directory) yet
            return None
        except (OSError, ValidationError, ValueError) as exc:
            log.warning("ignoring an unreadable parse cache entry %s: %s", path, exc)
            return None

    def put(self, key: str, article: Article) -> None:
        """Remember a validated article; writing to disk is best effort (a read-only disk is fine)."""
        self._memory[key] = article
        if self.directory is None:
            return
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            write_atomically(self.directory / (key + ENTRY_SUFFIX), article.model_dump_json().encode("utf-8"))
        except OSError as exc:
            if not self._write_failed:  # once per cache: a read-only disk fails every write alike
                log.warning("cannot write the parse cache in %s (loading still works): %s", self.directory, exc)
                self._write_failed = True

    def retain(self, keys: Iterable[str]) -> None:
        """Forget every entry but `keys` (the files just loaded): old versions only take space."""
        keep = set(keys)
        with self._lock:
            self._memory = {k: a for k, a in self._memory.items() if k in keep}
            if self.directory is None:
                return
            now = time.time()
            with contextlib.suppress(OSError):  # best effort: an unreadable directory only costs space
                for path in self.directory.iterdir():
                    with contextlib.suppress(OSError):
                        if (path.suffix == ENTRY_SUFFIX and path.stem not in keep) or (
                            path.suffix == TEMP_SUFFIX and now - path.stat().st_mtime > STALE_TEMP_S
                        ):
                            path.unlink()
