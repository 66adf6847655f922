"""An article's own text beside its fact base (`knowledge/<id>.txt`, one paragraph a line):
where it is stored, every quote and evidence excerpt must be verbatim in the paragraph it
cites, on load, in `validate`, in every moderator's change; and drafts waiting to be published.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import FactBaseError, InputError, NotFoundError, Problem
from .loader import article_paragraphs, check_against_text
from .models import Article
from .store.rows import restore_point

if TYPE_CHECKING:
    from .editing import Change, FactBaseEditor, Moderator
    from .store import Store

TEXT_SUFFIX = ".txt"
MAX_TEXT_BYTES = 1_000_000
# A draft waits this long for Publish or Cancel (its buttons survive a restart meanwhile).
DRAFT_TTL_S = 24 * 3600
_TOKEN_BYTES = 8


def text_file(directory: Path, article_id: str) -> Path:
    """Where an article's text is stored: beside the fact base, named by the article's id."""
    return directory / f"{article_id}{TEXT_SUFFIX}"


def stored_text(directory: Path, article_id: str) -> str | None:
    """The article's stored text, or None when it has none."""
    try:
        return text_file(directory, article_id).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None


def has_text(directory: Path, article_id: str) -> bool:
    return text_file(directory, article_id).is_file()


def normalised_text(text: str) -> str:
    """The text as stored: its paragraphs (as citations number them), one a line."""
    paragraphs = article_paragraphs(text.replace("\r\n", "\n"))
    if not paragraphs:
        raise InputError("text: the article has no paragraphs (one paragraph per line)")
    return "\n".join(paragraphs) + "\n"


def text_problems(article: Article, text: str, file: Path | None = None) -> list[Problem]:
    """Quotes and excerpts against a stored text: verbatim where cited. Unlike `validate --against`
    a paragraph no record cites is no problem (a draft, or a quote just removed)."""
    return check_against_text(article, text, file, require_cited=False)


def stored_text_problems(article: Article, directory: Path, file: Path | None = None) -> list[Problem]:
    """`text_problems` against the article's stored text; none when it has no text."""
    path = text_file(directory, article.id)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return []
    if size > MAX_TEXT_BYTES:  # a hand-edited text is bounded as /kb article's upload is
        return [Problem(f"the text is {size:,} bytes: an article's text may be at most {MAX_TEXT_BYTES:,}", path)]
    text = stored_text(directory, article.id)
    if text is None:
        return []
    name = path.name
    return [
        Problem(f"{p.message} (checked against {name})", p.file, p.line, p.column, p.key_path)
        for p in text_problems(article, text, file)
    ]


def check_stored_texts(articles: list[tuple[Article, Path]]) -> list[Problem]:
    """Every loaded article against the text stored beside its file."""
    return [p for article, file in articles for p in stored_text_problems(article, file.parent, file)]


# ---------------------------------------------------------------- changing the text


def replace_text(editor: FactBaseEditor, article_id: str | None, text: str, moderator: Moderator) -> Change:
    """Attach or replace an article's text, refused unless every existing quote and excerpt is
    verbatim in it where cited; written atomically and audited (kind "text") as other edits."""
    new_text = normalised_text(text)
    if len(new_text.encode("utf-8")) > MAX_TEXT_BYTES:
        raise InputError(f"text: at most {MAX_TEXT_BYTES // 1_000_000} MB")
    with editor.locked():
        article, file = editor.article_file(article_id)
        return _write_text(editor, article, file, new_text, moderator, "kb article", "already holds exactly this text")


def revert_text(
    editor: FactBaseEditor,
    article_id: str,
    moderator: Moderator,
    version: int | None = None,
    *,
    seen_changes: int | None = None,
) -> Change:
    """Undo the last `/kb article` (no version: the text before it, or no text if it had none),
    or restore the text right after `version`; refused unless every quote and excerpt of the
    article as it is now is still verbatim in the restored text. Audited as a change of its own,
    so reverting again redoes it. `seen_changes`: how many changes the moderator's confirmation
    summarised; a change since then refuses the revert."""
    with editor.locked():  # the history read under the lock too: a /kb article meanwhile counts
        rows = editor.store.audit(kind="text", target=article_id)
        if not rows:
            raise NotFoundError(f"no recorded changes to the text of article {article_id!r}: nothing to revert")
        if seen_changes is not None and len(rows) != seen_changes:  # confirmed a summary that is out of date
            raise InputError("the text was changed since you asked: run /kb revert-text again to see what comes back")
        change, after = restore_point(rows, version)
        state = change.after if after else change.before
        restored = state.get("text") if state else None
        article, file = editor.article_file(article_id)
        return _write_text(editor, article, file, restored, moderator, "text revert", "is already in that state")


def _write_text(
    editor: FactBaseEditor,
    article: Article,
    file: Path,
    new_text: str | None,
    moderator: Moderator,
    command: str,
    unchanged: str,
) -> Change:
    """Write (or, None, remove) an article's text once every quote and excerpt is checked in it;
    audited as one unit with the write (and committed, with KB_GIT_COMMIT). Under the lock."""
    from .editing import Change

    path = text_file(editor.knowledge_dir, article.id)
    old_text = path.read_text(encoding="utf-8") if path.exists() else None
    if old_text == new_text:
        raise InputError(f"text: {path.name} {unchanged}; nothing to change")
    problems = text_problems(article, new_text, file) if new_text is not None else []
    if problems:
        raise FactBaseError(problems)

    def state(text: str | None) -> dict[str, Any] | None:
        return {"paragraphs": len(article_paragraphs(text)), "text": text} if text is not None else None

    before, after = state(old_text), state(new_text)
    notice = editor.write_change(
        path,
        old_text,
        new_text,
        moderator=moderator,
        command=command,
        kind="text",
        target=article.id,
        article=article.id,
        before=before,
        after=after,
    )
    return Change(command, "text", article.id, article.id, before, after, notice)


# ---------------------------------------------------------------- drafts waiting to be published


@dataclass(frozen=True)
class PendingDraft:
    """A drafted article a moderator has seen but not yet published or cancelled."""

    token: str
    article_id: str
    yaml: str  # the fact base file's text
    text: str  # the article's paragraphs, one a line
    moderator_id: int
    created: float


class PendingDrafts:
    """Drafts waiting for Publish or Cancel, rows of the store (so the buttons still work after
    a restart, and on any process sharing the database); forgotten after `DRAFT_TTL_S`."""

    def __init__(self, store: Store, ttl_s: float = DRAFT_TTL_S) -> None:
        self.store = store
        self.ttl_s = ttl_s

    def add(self, article_id: str, yaml_text: str, text: str, moderator_id: int) -> PendingDraft:
        self.expire()
        draft = PendingDraft(secrets.token_hex(_TOKEN_BYTES), article_id, yaml_text, text, moderator_id, time.time())
        self.store.add_draft(draft.token, draft.article_id, draft.yaml, draft.text, draft.moderator_id, draft.created)
        return draft

    def get(self, token: str) -> PendingDraft:
        """The draft, or NotFoundError when it was published, cancelled or expired."""
        row = self.store.draft(token)
        if row is None or time.time() - row[5] > self.ttl_s:
            if row is not None:
                self.discard(token)
            raise NotFoundError(
                "That draft is no longer waiting (published, cancelled or expired); run /kb draft again."
            )
        return PendingDraft(*row)

    def discard(self, token: str) -> None:
        self.store.discard_drafts(token=token)

    def expire(self) -> None:
        self.store.discard_drafts(created_before=time.time() - self.ttl_s)


def publish_draft(editor: FactBaseEditor, draft: PendingDraft, moderator: Moderator) -> Change:
    """Make a drafted article live: its fact base file (as `/kb import`, audited) and its text
    (as `/kb article`). Both are checked before either is written; an existing article is
    never replaced by a draft."""
    name = f"{draft.article_id}.yaml"
    article, _, _ = editor.preview_import(draft.yaml, name)
    if any(a.id == article.id for a, _ in editor._articles()):
        raise InputError(f"an article with id {article.id!r} already exists: give the draft another title")
    problems = text_problems(article, normalised_text(draft.text))
    if problems:
        raise FactBaseError(problems)
    change = editor.apply_import(draft.yaml, name, moderator)
    path = text_file(editor.knowledge_dir, article.id)
    if not (path.exists() and path.read_text(encoding="utf-8") == normalised_text(draft.text)):
        replace_text(editor, article.id, draft.text, moderator)  # the same text already there is fine
    return change
