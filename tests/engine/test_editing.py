"""The moderators' editor and the desk's reload, without Discord: every change validated,
atomic (even under SIGKILL), serialised across threads, audited and reversible.

Every test works on a copy of the shipped knowledge/ in tmp_path, never on the real one.
"""

from __future__ import annotations

import copy
import difflib
import hashlib
import os
import queue
import random
import re
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.config import DEFAULT_KNOWLEDGE_DIR
from bot.engine.desk import FactDesk
from bot.engine.editing import (
    FactBaseEditor,
    Moderator,
    article_data,
    dump_article,
    leading_comment,
    write_atomically,
)
from bot.engine.errors import FactBaseError, FactDeskError, InputError, NotFoundError
from bot.engine.loader import load_directory, parse_article
from bot.engine.models import MAX_EXPANDED_CHARS, MAX_TAG, MAX_TAGS
from bot.engine.store import DONE, PENDING, AuditRow, open_store
from tests.helpers import REPO_ROOT, answer_problems

ARTICLE = "doj-sanctuary-letters.yaml"
ARTICLE_ID = "doj-sanctuary-letters"
MOD = Moderator(4242, "mo.derator")
OTHER_MOD = Moderator(777, "olivia.owner")
# `write_atomically`'s temporary file for the article: the loader must never read it.
TEMP_FILE = re.compile(r"\.doj-sanctuary-letters\.yaml\.[0-9a-f]+\.tmp")
KNOWN_FILES = {ARTICLE, "README.md"}  # the editors' lock lives in DATA_DIR
# libyaml when present: the pure-Python loader takes a noticeable time on the 2,700-line file.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    return yaml.load(text, Loader=_Loader)  # a safe loader: CSafeLoader or SafeLoader


def broken(text: str) -> str:
    """The file after a hand edit that breaks the YAML (whatever the curated content is)."""
    return text + "\nbroken: [unbalanced\n"


def changed(text: str, change: Callable[[dict[str, Any]], Any]) -> str:
    """The file after a hand edit made with a YAML tool (`change` edits the data)."""
    data = load_yaml(text)
    change(data)
    return dump_article(data)


def with_phrasing(text: str, fact_id: str, phrasing: str) -> str:
    """The file after a curator's valid hand edit: one more phrasing for `fact_id`."""
    return changed(
        text, lambda data: next(f for f in data["facts"] if f["id"] == fact_id)["phrasings"].append(phrasing)
    )


# ---------------------------------------------------------------- fixtures and helpers


@pytest.fixture
def kb_dir(tmp_path: Path) -> Path:
    return Path(shutil.copytree(DEFAULT_KNOWLEDGE_DIR, tmp_path / "knowledge"))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def article_file(kb_dir: Path) -> Path:
    return kb_dir / ARTICLE


@pytest.fixture
def editor(kb_dir: Path, data_dir: Path) -> FactBaseEditor:
    return FactBaseEditor(kb_dir, data_dir)


def new_fact(fact_id: str, topic: str) -> dict[str, Any]:
    """A valid fact on a made-up topic no shipped fact is about."""
    return {
        "id": fact_id,
        "question": f"What did the moderators write about the {topic}?",
        "phrasings": [
            f"tell me about the {topic}",
            f"what about the {topic}",
            f"{topic} details",
            f"anything on the {topic}",
            f"what is known about the {topic}",
        ],
        "answer": f"The moderators wrote a note about the {topic}.",
        "evidence": {"text": "The Justice Department ramped up pressure Wednesday", "paragraphs": [2]},
    }


def fact_record(kb_dir: Path, fact_id: str) -> dict[str, Any] | None:
    """A fact as stored in the file on disk (None when absent)."""
    data = load_yaml((kb_dir / ARTICLE).read_text(encoding="utf-8"))
    return next((f for f in data["facts"] if f["id"] == fact_id), None)


def audit_lines(data_dir: Path, status: str | None = DONE) -> list[AuditRow]:
    """The audit records in the store (by default the completed ones: what history shows)."""
    store = open_store(data_dir)
    try:
        return store.audit(status=status)
    finally:
        store.close()


def strays(kb_dir: Path) -> list[str]:
    return sorted(p.name for p in kb_dir.iterdir() if p.name not in KNOWN_FILES)


def state(kb_dir: Path, data_dir: Path) -> tuple[bytes, int, list[AuditRow]]:
    """What a rejected edit must leave untouched: the file's bytes and mtime, and the audit (every record)."""
    article = kb_dir / ARTICLE
    return article.read_bytes(), article.stat().st_mtime_ns, audit_lines(data_dir, status=None)


# ---------------------------------------------------------------- concurrency


def test_fifty_concurrent_edits_none_lost(editor: FactBaseEditor, kb_dir: Path, data_dir: Path) -> None:
    kb = load_directory(kb_dir)
    fact_ids = [f.id for _, f in kb.facts]
    same = "how-many-jurisdictions"
    others = [f for f in fact_ids if f != same][:15]
    jobs: list[Callable[[], Any]] = []
    expected: dict[str, list[str]] = {same: [], **{f: [] for f in others}}
    for n in range(25):  # the same fact, over and over
        phrasing = f"concurrent phrasing number {n} for the count"
        expected[same].append(phrasing)
        jobs.append(lambda p=phrasing: editor.add_phrasing(same, p, MOD))
    for n, fact_id in enumerate(others):  # different facts
        phrasing = f"concurrent phrasing {n} for {fact_id}"
        expected[fact_id].append(phrasing)
        jobs.append(lambda f=fact_id, p=phrasing: editor.add_phrasing(f, p, MOD))
    added = [new_fact(f"concurrent-fact-{n}", f"concurrent topic {n}") for n in range(10)]
    jobs += [lambda r=record: editor.add("fact", r, OTHER_MOD) for record in added]
    assert len(jobs) == 50

    barrier = threading.Barrier(len(jobs))
    errors: list[BaseException] = []

    def run(job: Callable[[], Any]) -> None:
        barrier.wait(timeout=30)
        try:
            job()
        except BaseException as exc:  # reported below with the others
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(t.is_alive() for t in threads)
    assert errors == []

    reloaded = load_directory(kb_dir)  # the file validates
    facts = {f.id: f for _, f in reloaded.facts}
    for fact_id, phrasings in expected.items():
        missing = [p for p in phrasings if p not in facts[fact_id].phrasings]
        assert missing == [], fact_id
    before = next(f for _, f in kb.facts if f.id == same)
    assert len(facts[same].phrasings) == len(before.phrasings) + 25
    for record in added:
        assert facts[record["id"]].answer == record["answer"]
    assert len(facts) == len(fact_ids) + 10
    assert len(audit_lines(data_dir)) == 50
    assert len(editor.history("fact", same)) == 25
    assert strays(kb_dir) == []


# ---------------------------------------------------------------- crashes

# A long-lived helper process imports the editor once, then forks one child per round; the
# child saves in a loop (alternating two answers) until the test SIGKILLs it. The child says
# "writing" as each save starts writing the file, so some kills can aim at that short window.
SAVER = r"""
import os, sys, time
from pathlib import Path
from bot.engine import editing
from bot.engine.editing import FactBaseEditor, Moderator

write_atomically = editing.write_atomically

def announced_write(path, text):
    os.write(1, b"writing\n")  # one write: a kill cannot split the line (print may write twice)
    write_atomically(path, text)

knowledge, data, fact_id, first, second = Path(sys.argv[1]), Path(sys.argv[2]), *sys.argv[3:6]
moderator = Moderator(7, "crash-test")
started = time.perf_counter()
FactBaseEditor(knowledge, data).update("fact", fact_id, {"answer": first}, moderator)
print(time.perf_counter() - started, flush=True)
for _ in sys.stdin:
    pid = os.fork()
    if pid == 0:
        try:
            editing.write_atomically = announced_write
            editor = FactBaseEditor(knowledge, data)
            answers = (second, first)
            n = 0
            while True:
                editor.update("fact", fact_id, {"answer": answers[n % 2]}, moderator)
                n += 1
        finally:
            os._exit(3)  # only reached if saving failed: the test sees a status that isn't SIGKILL
    print(pid, flush=True)
    print(os.waitpid(pid, 0)[1], flush=True)
"""


class LineReader:
    """Lines of a subprocess's stdout with a bounded wait (a pipe read alone could block forever)."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.lines: queue.Queue[str] = queue.Queue()
        assert process.stdout is not None
        stdout = process.stdout
        threading.Thread(target=lambda: [self.lines.put(line) for line in stdout], daemon=True).start()

    def next(self, timeout: float = 20.0) -> str:
        try:
            return self.lines.get(timeout=timeout).strip()
        except queue.Empty:
            raise AssertionError(f"no line from the saver within {timeout} s") from None


@pytest.fixture
def saver(kb_dir: Path, data_dir: Path) -> Iterator[tuple[subprocess.Popen[str], LineReader]]:
    args = [str(kb_dir), str(data_dir), "when-letters-sent", "First answer: Wednesday.", "Second answer: January 24."]
    process = subprocess.Popen(
        [sys.executable, "-c", SAVER, *args],
        cwd=REPO_ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        yield process, LineReader(process)
    finally:
        process.kill()
        process.wait(timeout=10)


def test_sigkill_while_saving_never_corrupts_the_file(
    saver: tuple[subprocess.Popen[str], LineReader], kb_dir: Path, data_dir: Path
) -> None:
    process, lines = saver
    save_seconds = float(lines.next())
    # Kills spread over a whole save (read, validate, write, audit) and into the next one.
    longest = max(0.150, 1.5 * save_seconds)
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    answers = {"First answer: Wednesday.", "Second answer: January 24."}
    temp_files_seen = 0
    unaudited = 0
    rounds = int(os.environ.get("FACTDESK_SIGKILL_ROUNDS", "30"))  # 500 for the figure
    assert process.stdin is not None
    for round_number in range(rounds):
        process.stdin.write("go\n")
        process.stdin.flush()
        pid = int(lines.next())
        if round_number % 10 == 5:  # one save surely completes (a second starts), then the kill
            assert lines.next() == "writing"
            assert lines.next() == "writing"
        elif round_number % 3 == 2:  # aim at the write: within a millisecond of its start
            assert lines.next() == "writing"
            time.sleep(rng.uniform(0, 0.001))
        else:  # anywhere in a save
            time.sleep(rng.uniform(0.005, longest))
        os.kill(pid, signal.SIGKILL)
        while (line := lines.next()) == "writing":
            pass
        status = int(line)
        where = f"round {round_number}, seed {seed}"
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, f"the saver failed ({where})"

        kb = load_directory(kb_dir)  # loads and validates after every kill
        facts = {f.id: f for _, f in kb.facts}
        assert facts["when-letters-sent"].answer in answers, where
        left = strays(kb_dir)
        # A kill between creating the temporary file and os.replace leaves one behind: the next
        # writer removes it, and the loader only reads *.yaml/*.yml, so it never sees it.
        assert len(left) <= 1, (left, where)
        assert all(TEMP_FILE.fullmatch(name) for name in left), (left, where)
        assert not any(name.endswith((".yaml", ".yml")) for name in left)
        temp_files_seen += len(left)

        # Every change audited, or not applied: once a new editor has recovered, no record is
        # pending and the file on disk is the one the last completed record says it wrote.
        recovered = FactBaseEditor(kb_dir, data_dir)
        recovered.store.close()
        rows = audit_lines(data_dir, status=None)
        assert [r.id for r in rows if r.status == PENDING] == [], where
        done = [r for r in rows if r.status == DONE]
        if not done or done[-1].new_hash != hashlib.sha256((kb_dir / ARTICLE).read_bytes()).hexdigest():
            unaudited += 1
    print(
        f"kills: {rounds}, seed {seed}, mid-write kills that left a temporary file: {temp_files_seen}, "
        f"unaudited changes: {unaudited}"
    )
    assert unaudited == 0
    history = FactBaseEditor(kb_dir, data_dir).history("fact", "when-letters-sent")
    # The first version is the helper's warm-up save; later ones come from killed children.
    assert len(history) >= 2, f"no kill landed after a completed save (seed {seed})"
    assert {v.after["answer"] for v in history if v.after} <= answers


def test_a_crash_before_the_rename_leaves_the_old_file_and_a_temp_the_next_edit_removes(
    kb_dir: Path, data_dir: Path, editor: FactBaseEditor
) -> None:
    before = (kb_dir / ARTICLE).read_bytes()
    script = (
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "from bot.engine.editing import FactBaseEditor, Moderator\n"
        "os.replace = lambda src, dst: os.kill(os.getpid(), signal.SIGKILL)\n"
        "FactBaseEditor(Path(sys.argv[1]), Path(sys.argv[2]))"
        ".update('fact', 'when-letters-sent', {'answer': 'Never written.'}, Moderator(1, 'x'))\n"
    )
    crashed = subprocess.run(
        [sys.executable, "-c", script, str(kb_dir), str(data_dir)], cwd=REPO_ROOT, timeout=60, check=False
    )
    assert crashed.returncode == -signal.SIGKILL
    assert (kb_dir / ARTICLE).read_bytes() == before
    left = strays(kb_dir)
    assert len(left) == 1 and TEMP_FILE.fullmatch(left[0])
    assert "Never written." in (kb_dir / left[0]).read_text(encoding="utf-8")  # complete, fsynced, not renamed
    kb = load_directory(kb_dir)  # the temporary file is not an article
    assert list(kb.files.values()) == [kb_dir / ARTICLE]
    assert audit_lines(data_dir) == []

    editor.add_phrasing("when-letters-sent", "what day did the crash happen", MOD)
    assert strays(kb_dir) == []


# ---------------------------------------------------------------- rejected edits

INVALID_EDITS: list[tuple[str, Callable[[FactBaseEditor], Any], type[FactDeskError], str]] = [
    (
        "answer over 1000 characters",
        lambda e: e.update("fact", "when-letters-sent", {"answer": "x" * 1001}, MOD),
        FactBaseError,
        "answer: string should have at most 1000 characters",
    ),
    (
        "fewer than 5 phrasings",
        lambda e: e.update("fact", "when-letters-sent", {"phrasings": ["one", "two", "three"]}, MOD),
        FactBaseError,
        "phrasings: list should have at least 5 items after validation, not 3",
    ),
    (
        "unknown quote speaker",
        lambda e: e.add(
            "quote",
            {"id": "ghost-quote", "speaker": "nobody", "text": "Boo", "paragraph": 6, "context": "A ghost."},
            MOD,
        ),
        FactBaseError,
        "speaker: unknown speaker 'nobody': add them to people first",
    ),
    (
        "speaker changed to an unknown person",
        lambda e: e.update("quote", "mcdermott-press-stunt", {"speaker": "ghost"}, MOD),
        FactBaseError,
        "speaker: unknown speaker 'ghost': add them to people first",
    ),
    (
        "paragraph 0",
        lambda e: e.update("fact", "when-letters-sent", {"evidence": {"text": "Wednesday", "paragraphs": [0]}}, MOD),
        FactBaseError,
        "evidence.paragraphs[0]: input should be greater than or equal to 1",
    ),
    (
        "duplicate id on add",
        lambda e: e.add("fact", new_fact("when-letters-sent", "duplicate"), MOD),
        InputError,
        "id: 'when-letters-sent' is already used by another fact",
    ),
    (
        "bad id format",
        lambda e: e.add("fact", new_fact("Bad_Id", "bad id"), MOD),
        InputError,
        "id: use lower-case letters and digits in hyphen-separated words, at most 64 characters",
    ),
    (
        "id over 64 characters",
        lambda e: e.add("fact", new_fact("a" * 65, "long id"), MOD),
        InputError,
        "id: use lower-case letters and digits in hyphen-separated words, at most 64 characters",
    ),
    (
        "duplicate phrasing (other case and spacing)",
        lambda e: e.add_phrasing("when-letters-sent", "What  day of the week did they SEND them", MOD),
        InputError,
        "phrasing: the fact 'when-letters-sent' already has 'What day of the week did they SEND them'",
    ),
    (
        "phrasing that is the question",
        lambda e: e.add_phrasing("when-letters-sent", "when were the letters sent?", MOD),
        InputError,
        "phrasing: the fact 'when-letters-sent' already has",
    ),
    (
        "phrasing over 200 characters",
        lambda e: e.add_phrasing("when-letters-sent", "y" * 201, MOD),
        InputError,
        "phrasing: at most 200 characters (got 201)",
    ),
    (
        "empty phrasing",
        lambda e: e.add_phrasing("when-letters-sent", "  \n ", MOD),
        InputError,
        "phrasing: must not be empty",
    ),
    (
        "duplicate phrasing inside a new fact",
        lambda e: e.add("fact", {**new_fact("dup-phrasings", "dup"), "phrasings": ["a", "b", "c", "d", "A"]}, MOD),
        FactBaseError,
        "phrasings: duplicate phrasing: 'A'",
    ),
    (
        "attributed claim that doesn't name the person",
        lambda e: e.add("fact", {**new_fact("unnamed-claim", "claim"), "attributed_to": "joe-mcdermott"}, MOD),
        FactBaseError,
        "answer: the claim is attributed to Joe McDermott: the answer must name them",
    ),
    (
        "quote with its quote marks",
        lambda e: e.update(
            "quote", "mcdermott-press-stunt", {"text": "“This is nothing more than a press stunt.”"}, MOD
        ),
        FactBaseError,
        "text: must not include the surrounding quote marks",
    ),
    (
        "person without paragraphs",
        lambda e: e.update("person", "joe-mcdermott", {"paragraphs": []}, MOD),
        FactBaseError,
        "paragraphs: list should have at least 1 item after validation, not 0",
    ),
    (
        "unknown field",
        lambda e: e.add("fact", {**new_fact("typo-field", "typo"), "answr": "x"}, MOD),
        FactBaseError,
        "answr: unknown field",
    ),
    (
        "unknown fact",
        lambda e: e.add_phrasing("no-such-fact", "anything", MOD),
        NotFoundError,
        "no fact with id 'no-such-fact'",
    ),
    ("remove an unknown quote", lambda e: e.remove("quote", "no-such-quote", MOD), NotFoundError, "no quote with id"),
    (
        "revert without history",
        lambda e: e.revert("fact", "when-letters-sent", MOD),
        NotFoundError,
        "no recorded changes to fact 'when-letters-sent'",
    ),
    (
        "add to an unknown article",
        lambda e: e.add("fact", new_fact("lost-fact", "lost"), MOD, article_id="no-such-article"),
        NotFoundError,
        "no article with id 'no-such-article'",
    ),
]


@pytest.mark.parametrize(
    ("edit", "error", "message"), [c[1:] for c in INVALID_EDITS], ids=[c[0] for c in INVALID_EDITS]
)
def test_invalid_edit_is_rejected_and_nothing_is_written(
    edit: Callable[[FactBaseEditor], Any],
    error: type[FactDeskError],
    message: str,
    editor: FactBaseEditor,
    kb_dir: Path,
    data_dir: Path,
) -> None:
    before = state(kb_dir, data_dir)
    with pytest.raises(error) as raised:
        edit(editor)
    assert str(raised.value).startswith(message)
    assert state(kb_dir, data_dir) == before
    assert strays(kb_dir) == []


def test_an_invalid_file_on_disk_blocks_edits_until_fixed(editor: FactBaseEditor, kb_dir: Path, data_dir: Path) -> None:
    article = kb_dir / ARTICLE
    good = article.read_text(encoding="utf-8")
    article.write_text(broken(good), encoding="utf-8")
    before = state(kb_dir, data_dir)
    with pytest.raises(FactBaseError) as raised:
        editor.add_phrasing("when-letters-sent", "a phrasing while broken", MOD)
    assert f"{ARTICLE}: the file on disk is invalid; fix it (or revert the hand edit) first" in str(raised.value)
    assert re.search(rf"{re.escape(ARTICLE)}:\d+:\d+: YAML syntax error", str(raised.value))  # located
    assert state(kb_dir, data_dir) == before
    article.write_text(good, encoding="utf-8")
    editor.add_phrasing("when-letters-sent", "a phrasing once fixed", MOD)


# ---------------------------------------------------------------- audit, history, revert


def test_history_and_revert_round_trip(editor: FactBaseEditor, kb_dir: Path, data_dir: Path) -> None:
    original = fact_record(kb_dir, "when-letters-sent")
    assert original is not None
    editor.update("fact", "when-letters-sent", {"answer": "Answer one: on Wednesday."}, MOD)
    editor.update("fact", "when-letters-sent", {"answer": "Answer two: on January 24."}, OTHER_MOD)

    versions = editor.history("fact", "when-letters-sent")
    assert [(v.number, v.moderator, v.command) for v in versions] == [
        (1, "mo.derator", "fact edit"),
        (2, "olivia.owner", "fact edit"),
    ]
    assert versions[0].before == original
    assert versions[0].after is not None and versions[0].after["answer"] == "Answer one: on Wednesday."
    assert versions[1].after is not None and versions[1].after["answer"] == "Answer two: on January 24."
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", v.time) for v in versions)

    editor.revert("fact", "when-letters-sent", MOD)  # undo the last change
    assert fact_record(kb_dir, "when-letters-sent")["answer"] == "Answer one: on Wednesday."  # type: ignore[index]
    editor.revert("fact", "when-letters-sent", OTHER_MOD, version=2)
    assert fact_record(kb_dir, "when-letters-sent")["answer"] == "Answer two: on January 24."  # type: ignore[index]
    editor.revert("fact", "when-letters-sent", MOD, version=1)
    assert fact_record(kb_dir, "when-letters-sent")["answer"] == "Answer one: on Wednesday."  # type: ignore[index]

    # Each revert is itself a recorded, revertible change.
    versions = editor.history("fact", "when-letters-sent")
    assert [(v.moderator, v.command) for v in versions[2:]] == [
        ("mo.derator", "fact revert"),
        ("olivia.owner", "fact revert"),
        ("mo.derator", "fact revert"),
    ]
    assert len(audit_lines(data_dir)) == 5
    with pytest.raises(InputError, match=r"^version: must be between 1 and 5$"):
        editor.revert("fact", "when-letters-sent", MOD, version=6)
    assert len(audit_lines(data_dir)) == 5

    # Back to the curated text: the state before version 1.
    editor.update("fact", "when-letters-sent", {"answer": original["answer"]}, MOD)
    assert fact_record(kb_dir, "when-letters-sent") == original


def test_revert_brings_back_a_removed_fact_and_undoes_an_add(
    editor: FactBaseEditor, kb_dir: Path, data_dir: Path
) -> None:
    original = fact_record(kb_dir, "mcdermott-press-stunt")
    editor.remove("fact", "mcdermott-press-stunt", MOD)
    assert fact_record(kb_dir, "mcdermott-press-stunt") is None
    # The quote with the same id is untouched: kinds are separate.
    assert any(q.id == "mcdermott-press-stunt" for _, q in load_directory(kb_dir).quotes)
    with pytest.raises(NotFoundError):
        editor.locate("fact", "mcdermott-press-stunt")

    editor.revert("fact", "mcdermott-press-stunt", OTHER_MOD)
    assert fact_record(kb_dir, "mcdermott-press-stunt") == original
    assert [v.command for v in editor.history("fact", "mcdermott-press-stunt")] == ["fact remove", "fact revert"]

    editor.add("fact", new_fact("a-new-fact", "new topic"), MOD)
    editor.revert("fact", "a-new-fact", MOD)
    assert fact_record(kb_dir, "a-new-fact") is None
    load_directory(kb_dir)
    assert len(audit_lines(data_dir)) == 4


def test_the_audit_log_records_who_what_before_and_after(editor: FactBaseEditor, kb_dir: Path, data_dir: Path) -> None:
    editor.add_phrasing("when-letters-sent", "which weekday were the letters mailed", MOD)
    [entry] = audit_lines(data_dir, status=None)
    assert (entry.status, entry.moderator_id, entry.moderator) == (DONE, 4242, "mo.derator")
    assert (entry.command, entry.kind, entry.target, entry.article, entry.file) == (
        "fact alias",
        "fact",
        "when-letters-sent",
        ARTICLE_ID,
        ARTICLE,
    )
    assert entry.before is not None and entry.after is not None
    assert entry.after["phrasings"] == [*entry.before["phrasings"], "which weekday were the letters mailed"]
    assert entry.new_hash == hashlib.sha256((kb_dir / ARTICLE).read_bytes()).hexdigest()


# ---------------------------------------------------------------- the file format


def test_saving_is_deterministic_and_keeps_the_text_literally(
    editor: FactBaseEditor, kb_dir: Path, article_file: Path
) -> None:
    long_answer = (
        "According to the article, the letters’ “final warning” — sent on Wednesday — "
        + "gave the jurisdictions a deadline to show they comply, and this sentence is long. " * 8
    ).strip()
    assert len(long_answer) > 500
    editor.update("fact", "when-letters-sent", {"answer": long_answer}, MOD)
    text = article_file.read_text(encoding="utf-8")

    # Unicode kept literally, no escapes; no line wrapping of long strings.
    assert f"answer: {long_answer}\n" in text
    assert "\\u" not in text and "\\x" not in text
    assert "’" in text and "“" in text and "”" in text and "—" in text

    # The canonical form is a fixed point: loading and saving again gives identical bytes
    # (the file's leading comment block is kept as it was).
    article, problems = parse_article(text, article_file)
    assert article is not None, problems
    data = article_data(article)
    header = leading_comment(text)
    assert header.startswith("# Fact base for one article")
    assert header + dump_article(data) == text
    assert dump_article(copy.deepcopy(data)) == dump_article(data)

    # Schema order, and no default fields added to every record.
    assert list(load_yaml(text)) == ["id", "source", "people", "quotes", "facts"]
    assert list(fact_record(kb_dir, "when-letters-sent") or {})[:5] == [
        "id",
        "question",
        "phrasings",
        "answer",
        "evidence",
    ]
    assert "quotes: []" not in text and "tags: []" not in text and "attributed_to: article" not in text

    # Multi-line text stays readable as a block.
    editor.update("fact", "when-letters-sent", {"answer": "Line one.\nLine two."}, MOD)
    assert "  answer: |-\n    Line one.\n    Line two.\n" in article_file.read_text(encoding="utf-8")


def test_an_edit_of_the_curated_file_changes_only_the_lines_it_touches(
    editor: FactBaseEditor, article_file: Path
) -> None:
    before = article_file.read_text(encoding="utf-8").splitlines()
    editor.add_phrasing("when-letters-sent", "which weekday did the letters go out", MOD)
    after = article_file.read_text(encoding="utf-8").splitlines()
    changes = [line for line in difflib.ndiff(before, after) if line.startswith(("+ ", "- "))]
    assert changes == ["+   - which weekday did the letters go out"]


def test_saving_keeps_the_file_permissions(editor: FactBaseEditor, article_file: Path) -> None:
    for mode in (0o644, 0o640):
        article_file.chmod(mode)
        editor.add_phrasing("when-letters-sent", f"permissions check {mode:o}", MOD)
        assert stat.S_IMODE(article_file.stat().st_mode) == mode


def test_write_atomically_creates_a_new_file_with_the_umask_permissions(tmp_path: Path) -> None:
    target = tmp_path / "new.json"
    write_atomically(target, "{}")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask
    assert target.read_text() == "{}"
    assert [p.name for p in tmp_path.iterdir()] == ["new.json"]


# ---------------------------------------------------------------- git


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_kb_git_commit_records_each_edit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A developer's git configuration (signing, hooks) must not leak in.
    (tmp_path / "gitconfig").write_text("")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    repo = tmp_path / "repo"
    kb_dir = Path(shutil.copytree(DEFAULT_KNOWLEDGE_DIR, repo / "knowledge"))

    def git(*args: str) -> str:
        done = subprocess.run(
            ["git", "-c", "user.name=Curator", "-c", "user.email=curator@example.org", *args],
            cwd=repo,
            capture_output=True,
            text=True,
            check=True,
            timeout=30,
        )
        return done.stdout

    git("init", "--quiet")
    git("add", "knowledge")
    git("commit", "--quiet", "-m", "curated fact base")

    editor = FactBaseEditor(kb_dir, tmp_path / "data", git_commit=True)
    editor.add_phrasing("when-letters-sent", "what day were the letters mailed", MOD)
    editor.remove("fact", "mcdermott-press-stunt", OTHER_MOD)

    log = git("log", "--format=%s|%an|%cn", "-n", "3").splitlines()
    assert log == [
        "fact remove mcdermott-press-stunt (by olivia.owner via FactDesk)|olivia.owner|FactDesk",
        "fact alias when-letters-sent (by mo.derator via FactDesk)|mo.derator|FactDesk",
        "curated fact base|Curator|Curator",
    ]
    assert git("status", "--porcelain", "--", f"knowledge/{ARTICLE}") == ""
    assert "what day were the letters mailed" in git("show", f"HEAD~1:knowledge/{ARTICLE}")


def test_without_a_git_work_tree_the_edit_still_succeeds(kb_dir: Path, data_dir: Path) -> None:
    editor = FactBaseEditor(kb_dir, data_dir, git_commit=True)
    editor.add_phrasing("when-letters-sent", "what day were the letters mailed", MOD)
    assert "what day were the letters mailed" in fact_record(kb_dir, "when-letters-sent")["phrasings"]  # type: ignore[index]


# ---------------------------------------------------------------- import


def test_import_preview_summarises_and_apply_writes(editor: FactBaseEditor, kb_dir: Path, data_dir: Path) -> None:
    export = (kb_dir / ARTICLE).read_text(encoding="utf-8")
    data = load_yaml(export)
    data["facts"] = [f for f in data["facts"] if f["id"] != "mcdermott-press-stunt"]  # -1
    data["facts"].append(new_fact("imported-fact", "imported topic"))  # +1
    for fact in data["facts"]:
        if fact["id"] == "when-letters-sent":
            fact["answer"] = "Imported answer: Wednesday."  # ~1
    data["people"][0]["role"] = "Chair of the council"  # people ~1
    data["source"]["published"] = str(data["source"]["published"])
    upload = dump_article(data)
    before = state(kb_dir, data_dir)

    article, target, summary = editor.preview_import(upload, "my-export.yaml")
    assert target == kb_dir / ARTICLE  # matched by article id, not by the uploaded name
    assert summary == "people: +0 -0 ~1; quotes: +0 -0 ~0; facts: +1 -1 ~1"
    assert article.id == ARTICLE_ID
    assert state(kb_dir, data_dir) == before  # a preview writes nothing

    change = editor.apply_import(upload, "my-export.yaml", MOD)
    assert change.command == "kb import" and change.target == ARTICLE_ID
    assert fact_record(kb_dir, "imported-fact") is not None
    assert fact_record(kb_dir, "mcdermott-press-stunt") is None
    assert fact_record(kb_dir, "when-letters-sent")["answer"] == "Imported answer: Wednesday."  # type: ignore[index]
    assert sorted(p.name for p in kb_dir.glob("*.yaml")) == [ARTICLE]
    assert [v.command for v in editor.history("article", ARTICLE_ID)] == ["kb import"]
    load_directory(kb_dir)


def test_import_of_a_new_article_adds_a_file(editor: FactBaseEditor, kb_dir: Path) -> None:
    upload = dump_article(
        {
            "id": "second-article",
            "source": {"title": "Another story", "outlet": "The Test Times", "published": "2024-05-01"},
            "facts": [new_fact("second-article-fact", "second story")],
        }
    )
    _, target, summary = editor.preview_import(upload, "second-article.yaml")
    assert (target, summary) == (
        kb_dir / "second-article.yaml",
        "new article 'second-article': 1 facts, 0 quotes, 0 people",
    )
    editor.apply_import(upload, "second-article.yaml", MOD)
    assert sorted(load_directory(kb_dir).files) == [ARTICLE_ID, "second-article"]


INVALID_UPLOADS = [
    (
        "broken YAML",
        broken,
        ARTICLE,
        "YAML syntax error",
    ),
    (
        "answer too long",
        lambda text: changed(text, lambda data: data["facts"][0].update(answer="z" * 1001)),
        ARTICLE,
        "facts[0].answer: string should have at most 1000 characters",
    ),
    (
        "unknown speaker",
        lambda text: changed(text, lambda data: data["quotes"][0].update(speaker="joe-mcdermot")),
        ARTICLE,
        "quotes[0].speaker: unknown speaker 'joe-mcdermot'",
    ),
]


@pytest.mark.parametrize(
    ("corrupt", "name", "message"), [c[1:] for c in INVALID_UPLOADS], ids=[c[0] for c in INVALID_UPLOADS]
)
def test_an_invalid_upload_is_refused_with_located_messages(
    corrupt: Callable[[str], str], name: str, message: str, editor: FactBaseEditor, kb_dir: Path, data_dir: Path
) -> None:
    upload = corrupt((kb_dir / ARTICLE).read_text(encoding="utf-8"))
    before = state(kb_dir, data_dir)
    for attempt in (editor.preview_import, lambda t, n: editor.apply_import(t, n, MOD)):
        with pytest.raises(FactBaseError) as raised:
            attempt(upload, name)
        assert message in str(raised.value)
        assert all(p.file is not None and p.file.name == name and p.line for p in raised.value.problems)
    assert state(kb_dir, data_dir) == before


def alias_bomb(text: str, aliases: int) -> str:
    """The file with the first fact's tags one anchored 1,500-character string used `aliases` times."""
    data = load_yaml(text)
    data["source"]["published"] = str(data["source"]["published"])
    data["facts"][0]["tags"] = ["ALIASES"]
    tags = '[&t "' + "x" * 1500 + '"' + ", *t" * aliases + "]"
    bomb = dump_article(data).replace("tags:\n  - ALIASES", "tags: " + tags, 1)
    assert bomb.count("*t") == aliases
    return bomb


def test_an_upload_whose_aliases_expand_past_the_limit_is_refused_fast(
    editor: FactBaseEditor, kb_dir: Path, data_dir: Path
) -> None:
    # 32 KB of aliases standing for 12 MB of text (the attack: 994 KB for 301 MB, minutes to write).
    upload = alias_bomb((kb_dir / ARTICLE).read_text(encoding="utf-8"), 8_000)
    before = state(kb_dir, data_dir)
    started = time.perf_counter()
    for attempt in (editor.preview_import, lambda t, n: editor.apply_import(t, n, MOD)):
        with pytest.raises(FactBaseError) as raised:
            attempt(upload, "bomb.yaml")
        (problem,) = raised.value.problems
        assert str(problem).startswith("bomb.yaml:")
        assert problem.key_path == "facts[0].tags"
        assert f"more than {MAX_EXPANDED_CHARS:,} characters of text once YAML aliases are expanded" in str(problem)
        assert "MAX_EXPANDED_CHARS" in problem.message
    assert time.perf_counter() - started < 2.0
    assert state(kb_dir, data_dir) == before


@pytest.mark.parametrize(
    ("change", "key_path", "message"),
    [
        (lambda d: d["facts"][0].update(tags=[f"t{i}" for i in range(MAX_TAGS + 1)]), "facts[0].tags", "at most 50"),
        (lambda d: d["facts"][0].update(tags=["x" * (MAX_TAG + 1)]), "facts[0].tags[0]", "at most 100 characters"),
        (
            lambda d: d["facts"][0]["phrasings"].extend(f"ask {i}" for i in range(200)),
            "facts[0].phrasings",
            "at most 200",
        ),
        (lambda d: d["people"][0].update(aliases=[f"a{i}" for i in range(51)]), "people[0].aliases", "at most 50"),
        (lambda d: d["facts"][0]["evidence"].update(paragraphs=[2] * 51), "facts[0].evidence.paragraphs", "at most 50"),
        (lambda d: d.update(facts=d["facts"] * 33), "facts", "at most 2000"),
    ],
    ids=["tags", "tag", "phrasings", "aliases", "paragraphs", "facts"],
)
def test_an_upload_with_too_long_a_list_is_refused_with_the_limit(
    change: Callable[[dict[str, Any]], Any], key_path: str, message: str, editor: FactBaseEditor, kb_dir: Path
) -> None:
    upload = changed((kb_dir / ARTICLE).read_text(encoding="utf-8"), change)
    with pytest.raises(FactBaseError) as raised:
        editor.preview_import(upload, ARTICLE)
    assert [p.key_path for p in raised.value.problems] == [key_path]
    assert message in str(raised.value)


def test_an_upload_with_a_duplicate_key_is_refused_not_half_read(editor: FactBaseEditor, kb_dir: Path) -> None:
    text = (kb_dir / ARTICLE).read_text(encoding="utf-8")
    upload = text + "facts:\n- id: lone\n"  # YAML alone would keep only this one-fact list
    lines = upload.splitlines()
    first = lines.index("facts:") + 1
    with pytest.raises(FactBaseError) as raised:
        editor.preview_import(upload, ARTICLE)
    assert [str(p) for p in raised.value.problems] == [
        f"{ARTICLE}:{len(lines) - 1} facts: duplicate key 'facts' (first at line {first}): "
        "YAML would keep only this one"
    ]


def test_an_upload_that_would_silently_replace_another_article_is_refused(
    editor: FactBaseEditor, kb_dir: Path, data_dir: Path
) -> None:
    upload = dump_article(
        {
            "id": "another-article",
            "source": {"title": "Another story", "outlet": "The Test Times", "published": "2024-05-01"},
            "facts": [new_fact("another-article-fact", "another story")],
        }
    )
    before = state(kb_dir, data_dir)
    with pytest.raises(
        InputError, match=r"^file: doj-sanctuary-letters\.yaml holds the article 'doj-sanctuary-letters'"
    ):
        editor.preview_import(upload, ARTICLE)
    with pytest.raises(InputError, match=r"^file: must be a \.yaml file$"):
        editor.preview_import(upload, "notes.txt")
    assert state(kb_dir, data_dir) == before


def test_an_upload_reusing_a_fact_id_of_another_article_is_refused(editor: FactBaseEditor, kb_dir: Path) -> None:
    upload = dump_article(
        {
            "id": "another-article",
            "source": {"title": "Another story", "outlet": "The Test Times", "published": "2024-05-01"},
            "facts": [new_fact("when-letters-sent", "another story")],
        }
    )
    with pytest.raises(FactBaseError, match="fact id 'when-letters-sent' is also used in"):
        editor.preview_import(upload, "another-article.yaml")
    assert not (kb_dir / "another-article.yaml").exists()


# ---------------------------------------------------------------- the desk: reload and engine swap


def add_hand_phrasing(path: Path, phrasing: str) -> None:
    """A curator's hand edit, saved atomically (as an editor would): one more phrasing."""
    write_atomically(path, with_phrasing(path.read_text(encoding="utf-8"), "how-many-jurisdictions", phrasing))


def test_a_hand_edit_is_served_after_reload(kb_dir: Path, data_dir: Path, article_file: Path) -> None:
    desk = FactDesk(kb_dir, data_dir)
    question = "zebra crossing quota for sanctuary places"
    assert desk.engine.ask(question).fact_id != "how-many-jurisdictions"
    add_hand_phrasing(article_file, question)
    desk.reload()
    answer = desk.engine.ask(question)
    assert (answer.answered, answer.fact_id) == (True, "how-many-jurisdictions")
    assert desk.reload_problems == []


def test_a_broken_hand_edit_keeps_the_last_good_engine(kb_dir: Path, data_dir: Path, article_file: Path) -> None:
    desk = FactDesk(kb_dir, data_dir)
    engine = desk.engine
    good = article_file.read_text(encoding="utf-8")
    article_file.write_text(broken(good), encoding="utf-8")
    with pytest.raises(FactBaseError):
        desk.reload()
    assert desk.engine is engine
    answer = desk.engine.ask("How many jurisdictions got letters?")
    assert (answer.answered, answer.fact_id) == (True, "how-many-jurisdictions")
    assert desk.reload_problems
    [problem] = desk.reload_problems
    assert problem.file == article_file and problem.line and "YAML syntax error" in problem.message

    article_file.write_text(good, encoding="utf-8")
    desk.reload()
    assert desk.reload_problems == [] and desk.engine is not engine


def test_the_engine_swap_is_one_step(kb_dir: Path, data_dir: Path, article_file: Path) -> None:
    desk = FactDesk(kb_dir, data_dir)
    questions = [
        "How many jurisdictions got letters?",
        "zebra crossing quota for sanctuary places",
        "Who is Joe McDermott?",
        "who said it's a press stunt",
        "what is the capital of peru",
    ]
    stop = threading.Event()
    problems: list[str] = []
    asked = 0

    def ask_in_a_loop() -> None:
        nonlocal asked
        while not stop.is_set():
            for question in questions:
                try:
                    answer = desk.engine.ask(question)
                except Exception as exc:
                    problems.append(f"{question!r}: {exc!r}")
                    continue
                problems.extend(f"{question!r}: {p}" for p in answer_problems(answer))
                asked += 1

    reader = threading.Thread(target=ask_in_a_loop)
    switch_interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-4)  # switch threads often, so a half-done swap would be seen
    reader.start()
    try:
        original = article_file.read_text(encoding="utf-8")
        edited = with_phrasing(original, "how-many-jurisdictions", "zebra crossing quota for sanctuary places")
        for round_number in range(10):
            write_atomically(article_file, edited if round_number % 2 else original)
            desk.reload()
    finally:
        stop.set()
        reader.join(timeout=30)
        sys.setswitchinterval(switch_interval)
    assert not reader.is_alive()
    assert problems == []
    assert asked > len(questions)


def test_an_edit_to_a_file_with_windows_line_endings_writes_one_kind(kb_dir: Path, editor: FactBaseEditor) -> None:
    file = kb_dir / ARTICLE
    file.write_bytes(file.read_bytes().replace(b"\n", b"\r\n"))
    editor.add_phrasing("when-letters-sent", "what day did the doj mail them", Moderator(1, "mod"))
    written = file.read_bytes()
    assert b"\r\n" not in written
    assert b"what day did the doj mail them" in written
