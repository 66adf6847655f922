"""Reading the input: a saved HTML page (through trafilatura, imported only for HTML) or plain text."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..loader import PAGE_CHROME, article_paragraphs
from ..models import MAX_NAME


@dataclass(frozen=True)
class PageText:
    """What an HTML page gave: its paragraphs and whatever metadata it carried."""

    paragraphs: list[str]
    title: str | None = None
    published: dt.date | None = None
    outlet: str | None = None
    url: str | None = None
    byline: str | None = None


def paragraphs_from_text(text: str) -> list[str]:
    """One paragraph per non-empty line, page chrome ("Share story") skipped: the curators' numbering."""
    return article_paragraphs(text)


def looks_like_html(text: str) -> bool:
    head = text.lstrip()[:512].lower()
    return head.startswith("<") and ("<html" in head or "<!doctype" in head or "<body" in head or "<p" in head)


def read_page(name: str, raw: str) -> PageText:
    """An article file as a `PageText`: a saved HTML page (by its name or its text) through
    `read_html`, else plain text, one paragraph per line, with no metadata."""
    if name.lower().endswith((".html", ".htm")) or looks_like_html(raw):
        return read_html(raw)
    return PageText(paragraphs_from_text(raw))


def read_html(html: str) -> PageText:
    """Main text, title, date and outlet of a saved page, with trafilatura (no network)."""
    import trafilatura

    found = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=False)
    data: dict[str, Any] = {}
    if isinstance(found, dict):
        data = found
    elif found is not None:
        data = {k: getattr(found, k, None) for k in ("text", "title", "date", "sitename", "url", "author")}
    text = str(data.get("text") or "")
    paragraphs = [p for p in (line.strip() for line in text.splitlines()) if p and p not in PAGE_CHROME]
    published = None
    if data.get("date"):
        try:
            published = dt.date.fromisoformat(str(data["date"])[:10])
        except ValueError:
            published = None
    return PageText(
        paragraphs=paragraphs,
        title=str(data["title"]).strip() if data.get("title") else None,
        published=published,
        outlet=str(data["sitename"]).strip()[:MAX_NAME] if data.get("sitename") else None,
        url=str(data["url"]) if data.get("url") else None,
        byline=str(data["author"]).strip() if data.get("author") else None,
    )
