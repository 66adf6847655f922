"""Replies about the desk and the article rather than from its facts: a greeting or "help",
and who wrote the article, which outlet, when, where to read it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .abstentions import suggestions
from .answer import Answer, source_of
from .models import Article

if TYPE_CHECKING:
    from .answers import Engine

HELLO_RE = re.compile(
    r"^(?:hi|hello|hey|hiya|yo|howdy|greetings|good (?:morning|afternoon|evening)|thanks|thank you|ty|"
    r"help|commands|what can you do|how does this work|how do i use (?:this|you|the bot)|what do you know"
    r")(?: there| bot| factdesk| everyone| all| me)?$"
)
ABOUT_ARTICLE_RE = re.compile(
    r"\b(?:who (?:wrote|reported|published|authored)(?: (?:this|that|it|the (?:article|story|piece|report))\b|$)"
    r"|(?:whos|who is|who was) the (?:author|reporter|writer)"
    r"|(?:what|which) (?:news )?(?:newspaper|paper|outlet|publication|news site|website|news organi[sz]ation)"
    r"|(?:whats|what is|what s) (?:this|the) (?:article|story|piece|report)(?: even| really| all)? about"
    r"|summari[sz]e (?:this|the) (?:article|story)|\btl ?dr\b|(?:gist|summary) of (?:this|the) (?:article|story)"
    r"|(?:whose|which) (?:byline|reporter)|reporter (?:whose|who wrote)"
    r"|(?:when|what day|what date) (?:was|is) (?:this|the|it)(?: article| story| piece| report)?"
    r" (?:published|written|posted|out)"
    r"|(?:link|url) (?:to|for) (?:the|this)|(?:whats|what is) the (?:headline|byline|source of (?:this|the)))\b"
)
SUMMARY_RE = re.compile(r"\babout\b|summar|\btl ?dr\b|\bgist\b")
BYLINE_RE = re.compile(r"\b(?:reporter|reporters|byline|journalist)\b")
LISTED_ARTICLES = 10  # articles named when the desk holds several


def route_hello(engine: Engine, question: str, text: str) -> Answer | None:
    return hello(engine, question) if HELLO_RE.match(text) else None


def route_about(engine: Engine, question: str, text: str) -> Answer | None:
    return about_article(engine, question, text) if ABOUT_ARTICLE_RE.search(text) else None


def hello(engine: Engine, question: str) -> Answer:
    """Greetings and 'help': how to ask, and what the article covers. Not an answer."""
    starters = suggestions(engine, engine.index.query(""))
    titles = "; ".join(f"“{a.source.title}”" for a in engine.kb.articles[:3])
    text = (
        f"Hi! I answer questions about {titles}, with sources and verbatim quotes. "
        "Ask in your own words, or give me a half-remembered quote to find who said it."
    )
    return Answer(
        question=question,
        mode="ask",
        kind="help",
        answered=False,
        text=text,
        confidence=0.0,
        suggestions=tuple(f.question for f in starters),
        suggestion_ids=tuple(f.id for f in starters),
    )


def about_article(engine: Engine, question: str, asked: str) -> Answer:
    """Who wrote it, which paper, when, where to read it: from the source block itself.
    `asked` is the question's folded words."""
    if len(engine.kb.articles) != 1:
        return _articles_known(question, engine.kb.articles)
    article = engine.kb.articles[0]
    source = article.source
    if source.summary and SUMMARY_RE.search(asked):
        return _source_answer(
            question, article, f"{source.summary} (“{source.title}”, {source.outlet}, {source.published.isoformat()})"
        )
    if not source.byline and BYLINE_RE.search(asked):
        return Answer(
            question=question,
            mode="ask",
            kind="not-stated",
            answered=False,
            text=f"The fact base doesn't record the reporter's name. The article is “{source.title}”, "
            f"published by {source.outlet} on {source.published.isoformat()}.",
            confidence=0.0,
            source=source_of(article, []),
        )
    parts = [f"The article is “{source.title}”, published by {source.outlet} on {source.published.isoformat()}."]
    parts.append(f"Byline: {source.byline}." if source.byline else "I don't have the reporter's name.")
    parts.append(f"Read it at {source.url}" if source.url else "I don't have a link to it.")
    return _source_answer(question, article, " ".join(parts))


def _articles_known(question: str, articles: tuple[Article, ...]) -> Answer:
    """With several articles, a question about 'the article' gets the list of them."""
    listed = "; ".join(
        f"“{a.source.title}” ({a.source.outlet}, {a.source.published.isoformat()})" for a in articles[:LISTED_ARTICLES]
    )
    text = f"I know {len(articles)} articles: {listed}. Ask about one of them, or use /about."
    return Answer.sure(question, "source", text)


def _source_answer(question: str, article: Article, text: str) -> Answer:
    return Answer.sure(question, "source", text, source=source_of(article, []))
