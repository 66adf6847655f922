"""The article drafter: an article's text (or a saved HTML page) -> a draft fact base.

`draft_article` reads the paragraphs, finds the people the article names (with their role
in the article's own words), every quoted passage with its speaker where the text says
who it is, and one fact per claim sentence, and returns an `Article` that passes the
loader's checks, every record marked `status: draft`. Nothing is invented: roles, quotes
and evidence are the article's words, and a quote whose speaker cannot be resolved with
confidence is kept without one (`KnowledgeBase.quotes` never shows it): no speaker is
better than a wrong one. `DraftReport` lists what could not be resolved.

Pure Python and regular expressions, no Discord, no network; HTML needs trafilatura,
imported only for HTML.

One module per step: `_page` reads the input, `_paragraphs` finds quotes and sentences,
`_names`, `_people` and `_roles` the people and their roles, `_frames` and `_attribution`
each quote's speaker, `_grammar`, `_questions` and `_phrasings` a claim's questions,
`_records` and `_facts` the records, `_article` puts the article together and checks it;
`_lexicon` holds the word lists.
"""

from ._article import DEFAULT_OUTLET, Draft, DraftReport, draft_article
from ._names import not_people
from ._page import PageText, looks_like_html, paragraphs_from_text, read_html, read_page
from ._records import FALLBACK_ROLE

__all__ = [
    "DEFAULT_OUTLET",
    "FALLBACK_ROLE",
    "Draft",
    "DraftReport",
    "PageText",
    "draft_article",
    "looks_like_html",
    "not_people",
    "paragraphs_from_text",
    "read_html",
    "read_page",
]
