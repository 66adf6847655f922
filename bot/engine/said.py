"""Who said it, and what someone said: a remembered fragment traced to its speaker (or to
several close ones), a person's quotes closest to a topic first, and whether words are a
direct quote or the article's paraphrase.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from .abstentions import FACTS_ONLY, abstain
from .answer import Answer, Mode, both, quote_answer, quote_ref, source_of, told_by
from .entries import QuoteEntry
from .facts import fact_answer, general
from .index import Query, Scored, ScoredQuote
from .models import ARTICLE_ATTRIBUTION, Article, Fact, Person, Quote
from .people import resolve_by_role, resolve_person
from .premises import is_negated, opposed
from .question import is_question, quoted_fragment, sentences, without_media
from .text import REFLEXIVE, STOPWORDS, content_stems, fold, plain, stem, tokens, word_run

if TYPE_CHECKING:
    from .answers import Engine

# Calibrated on held-out reader questions (tests/data/reader-questions.yaml); see README.
WHO_SAID_THRESHOLD = 0.62
PERSON_TOPIC_ANSWER = 0.6
# A fragment in the reader's own words, matched against quotes and attributed claims alike.
REWORDED_THRESHOLD = 0.62
REWORDED_COVERAGE = 0.75
REWORDED_MIN_WORDS = 3
RANKED_WORDS = 6
SAID_KINDS = frozenset({"fact", "quote"})  # the entries that are someone's words or claim
AMBIGUITY_MARGIN = 0.04
# A quote recalled in other words: how well its words must match, and how far ahead of any other
# speaker's quotes (on the drafted folders, every such lead of 0.1 named the right speaker).
PARAPHRASE_SCORE = 0.3
PARAPHRASE_LEAD = 0.1
MORE_QUOTES_SHOWN = 3  # quotes shown after the first
_NO_ONE_SAID = 'No one in the article is quoted saying that: the closest words turn on a "not" the other way.'
NEGATED_QUOTE = (
    'No one in the article is quoted saying that: the closest quote, by {name}, turns on a "not" the other way.'
)

_SAID = (
    r"said|says|say|wrote|writes|tweeted|tweets|posted|stated|claimed|declared|quipped|"
    r"was quoted saying|is quoted saying|made the comment|made the remark|came up with"
)
WHO_SAID_RE = re.compile(
    rf"^(?:so |and |ok )?(?:who|whom|which person|which official)(?: exactly)? (?:{_SAID})"
    r"(?: that| this| the (?:quote|line|words|phrase|comment|remark)| it)?(?: (?P<fragment>.+))?$"
)
WHOSE_QUOTE_RE = re.compile(
    r"^(?:whose (?:quote|line|words) (?:is|was)|who is (?:the source|behind) (?:of )?(?:the )?(?:quote|line))"
    r" (?P<fragment>.+)$"
)
_VERBS = (
    r"say|said|says|saying|tweet|tweeted|write|wrote|think|thought|state|stated|respond|"
    r"responded|reply|replied|tell|told|post|posted|claim|claimed|add|added|announce|"
    r"announced|argue|argued|comment|commented|call|called|have to say|had to say|react|"
    r"reacted|feel|felt|mean|warn|warned|accuse|accused|blame|blamed|criticize|criticized|slam|slammed|"
    r"describe|described|think about|say about"
)
PERSON_SAYS_RE = re.compile(
    rf"^(?:so |and |ok )?(?:what|wat|wht|how) (?:did|does|has|had|do|was|is|have) (?P<who>.+?) (?:{_VERBS})"
    r"(?: (?P<topic>.*))?$"
)
# "did trump say anything himself?", "has sanders said anything about the boycott?": what they said
_SAID_ANYTHING_RE = re.compile(
    r"^(?:so |and |ok )?(?:did|does|has|have) (?P<who>.+?) (?:say|said|tweet|tweeted|comment|commented|respond|"
    rf"responded) (?:anything|something)(?: {REFLEXIVE})?"
    r"(?: back| in (?:response|reply|return))?(?: (?:about|on|abt|to) (?P<topic>.*))?$"
)
_INTENSIFIERS = re.compile(rf"\b(?:{REFLEXIVE}|actually|really|ever|even|also)\b")
PERSON_QUOTES_RE = re.compile(
    r"^(?:(?:any |the |show me |give me |list )?quotes? (?:from|by) (?P<who1>.+)"
    r"|(?P<who2>.+?) quotes?"
    r"|(?:what (?:else )?(?:was|were|is) (?:in )?)?(?P<who3>.+?) (?:reaction|response|statement|tweet|quote|comments?|"
    r"words|post))$"
)
_QUOTE_CHECK_WORDS = re.compile(
    r"\b(?:is|was|are|were)?\s*(?:this|that|it|the line|the words)?\s*(?:a )?(?:direct(?:ly)? quot\w*|"
    r"verbatim(?: quote)?|paraphras\w*|exact words|word for word|actual words)\b(?: or (?:a )?\w+)?"
)


# ------------------------------------------------------------------ who said it


def who_said(engine: Engine, fragment: str, *, mode: Mode, question: str) -> Answer:
    """The speaker of a remembered fragment, the full quote and its source; several speakers
    when their quotes match about as well."""
    query = engine.index.query(fragment)
    ranked = engine.index.rank_quotes(query, limit=6)
    recalled = fragment
    quoted = quoted_fragment(fragment)  # "who said 'enough is enough' about ...": the words in quote marks
    for narrower in _narrower(fragment, quoted):
        # "Somebody said that X. Who said that?", "I am a nurse in Kent. Who said X?": rank X alone
        if ranked and ranked[0].score >= WHO_SAID_THRESHOLD:
            break
        if narrower != recalled:
            recalled = narrower
            query = engine.index.query(recalled)
            ranked = engine.index.rank_quotes(query, limit=6)
    if not ranked or ranked[0].score < WHO_SAID_THRESHOLD:
        # "Someone in the article said X. Who said that sentence?", "I remember a quote that X. I think
        # it was a woman but I am not sure. Who was it?": an earlier sentence that finds a quote
        for part in _earlier_sentences(fragment):
            asked = engine.index.query(part)
            found = engine.index.rank_quotes(asked, limit=6)
            if found and found[0].score >= WHO_SAID_THRESHOLD:
                recalled, query, ranked = part, asked, found
                break
    if not ranked or ranked[0].score < WHO_SAID_THRESHOLD:
        reworded = said_in_other_words(engine, query, question, mode)
        if reworded is not None:
            return reworded
        closest = _closest_words(engine, query, ranked, question, mode)
        if closest is not None:
            return closest
        confidence = ranked[0].score if ranked else 0.0
        unattributed = _unattributed(engine, quoted or recalled)
        if unattributed is not None:
            # a drafted quote no curator has given a speaker yet: the words are there, whose is not known
            text = (
                f"The article prints those words in quote marks (paragraph {unattributed.paragraph}) but this fact "
                f"base doesn't say who said them yet: “{unattributed.text}”"
            )
            return abstain(engine, question, mode, query, confidence, text)
        return abstain(engine, question, mode, query, confidence, "I can't find that quote in the article.")
    top = ranked[0]
    # The words in quote marks, when there are some, are the ones recalled ("'pick and choose
    # what laws' -- who said that one?" is the quote's own words, whatever the rest says).
    if not _same_polarity(quoted or recalled, top.entry.quote.text):
        # "we will stand for it" (in quote marks too) is not McDermott's "we won't stand for it".
        turned = abstain(engine, question, mode, query, top.score, NEGATED_QUOTE.format(name=top.entry.speaker.name))
        return replace(turned, extra={**turned.extra, "turned_round": True})
    rivals = [
        r for r in ranked[1:] if r.score >= top.score - AMBIGUITY_MARGIN and r.entry.speaker.id != top.entry.speaker.id
    ]
    if rivals:
        return ambiguous(question, mode, [top, *rivals])
    entry = top.entry
    return quote_answer(question, mode, entry.article, entry.quote, entry.speaker, top.score)


UNATTRIBUTED_WORDS = 2  # content words a fragment must have to be looked up among quotes without a speaker


def _unattributed(engine: Engine, fragment: str) -> Quote | None:
    """A quote without a speaker (drafted, not yet curated) that holds every content word of the fragment."""
    asked = content_stems(fragment)
    if len(asked) < UNATTRIBUTED_WORDS:
        return None
    return next((quote for quote, words in engine.unattributed_quotes if asked <= words), None)


# A question about who it was, after the recalled words: "..., who was that?", "Which one?".
_ASKING_WHO = re.compile(
    r"(?:^|[,.;:?!-]\s*|\s+)(?:so |and |but )?(?:who|which one|which person|which official|whose words)"
    r"(?: (?:was|is|said|says|wrote|tweeted|did)(?: (?:that|this|it|the person|this person|that person|he|she|they))?"
    r"(?: (?:again|exactly|though))?)?\s*\??$"
)
_SAYING = (
    r"(?:said|says|say|saying|complained|complaining|claimed|argued|warned|wrote|tweeted|posted|stated|insisted|"
    r"called|calling|accused|told|telling|mentioned|explained|explaining|noted|admitted|predicted|promised|"
    r"threatened|basically said|basically called|was like|went like)"
)
# Who recalls and how, before the recalled words: "Somebody in the article said that ...",
# "I remember one official saying ...", "there was a quote that was like '...'".
_RECALLING = re.compile(
    r"^(?:(?:i|we) (?:read|heard|saw|remember|think|recall)(?: somewhere| (?:on|in) (?:the |a )?\w+)?(?: that)? "
    r"|there (?:was|is) (?:a|one) "
    r"(?:quote|line|bit)(?: (?:that|where|about))? )?(?:so |and )?"
    r"(?:(?:who|which person|which official)(?: was it| is it| (?:was|is) the (?:one|person|official|guy|lady))?"
    r"(?: that)?|somebody|someone|one person|a person|"
    r"one official|an official|some guy|some official|one of them|the (?:\w+ ){0,2}(?:who|that)|"
    r"(?:one|an?|some) (?:of the )?\w+|"
    r"(?:was|is) (?:it|that))?(?: (?:in|from) the (?:article|story))?(?: basically| actually| kind of)?\s*"
    rf"\b{_SAYING}(?: that| it looks like| it seems| something like| like)?\s+"
    r"|^(?:the )?(?:remark|line|quote|comment|bit|part) (?:about|that|where)\s+"
)


# "Who was saying this?", "Who is it?", "Who explained this?": the recalled words came before.
_BACK_REFERENCE = re.compile(
    r"^(?:so |and |but |then )?(?:who|which(?: \w+)?|whose words)(?: (?:was|is|were|did))?"
    r"(?: \w+)?(?: (?:this|that|it|these words|those words|"
    r"(?:this|that|the) (?:one|person|guy|lady|official|man|woman)))?"
    r"(?: again| exactly| please)?$"
)


def recalled_sentence(message: str) -> str:
    """The sentence of a message with a preamble that holds the recalled words: its last
    question, or the sentence before a question that only points back ("... Who said this?")."""
    parts = sentences(message)
    if len(parts) < 2 or not is_question(parts[-1]):
        return message
    if _BACK_REFERENCE.match(plain(parts[-1])):
        return parts[-2]
    return parts[-1]


def _closest_words(engine: Engine, query: Query, ranked: list[ScoredQuote], question: str, mode: Mode) -> Answer | None:
    """A quote recalled in the reader's own words ("who said customers won't walk several blocks
    in winter for a sandwich"): the quote whose words match it best, when it leads every other
    speaker's quotes clearly and says it the same way round; shown as the closest words the
    article prints, the reader seeing them verbatim. None otherwise."""
    if not ranked or ranked[0].score < PARAPHRASE_SCORE or _content_words(query) < REWORDED_MIN_WORDS:
        return None
    top = ranked[0]
    rival = next((r.score for r in ranked[1:] if r.entry.speaker.id != top.entry.speaker.id), 0.0)
    if top.score - rival < PARAPHRASE_LEAD or not _same_polarity(query.raw, top.entry.quote.text):
        return None
    best = engine.index.rank(query, limit=1, kinds=SAID_KINDS)
    if best and best[0].entry.record is not top.entry.quote and not _same_polarity(query.raw, _own_words(best[0])):
        return None  # "who said the white house supports sanctuary cities": the closest claim says it doesn't
    entry = top.entry
    answer = quote_answer(question, mode, entry.article, entry.quote, entry.speaker, top.score)
    return replace(answer, text=f"The closest words the article prints: {answer.text}")


def _narrower(fragment: str, quoted: str | None) -> Iterator[str]:
    """What a reader recalls, narrower each time (made only as far as it is asked for): the words
    in quote marks, the fragment without the asking, its recalled sentence, that sentence's first clause."""
    if quoted:
        yield quoted
    yield recalled_words(fragment)
    sentence = recalled_words(recalled_sentence(fragment))
    yield sentence
    yield _first_clause(sentence)


def _earlier_sentences(fragment: str) -> list[str]:
    """The recalled words of each sentence of a message that is no question, last first (at most
    RECALLED_SENTENCES of them)."""
    parts = sentences(fragment)
    told = [part for part in parts if not is_question(part)]
    return [recalled_words(part) for part in reversed(told[-RECALLED_SENTENCES:])] if len(told) < len(parts) else []


RECALLED_SENTENCES = 3  # sentences of a message looked through for the recalled words, last first


def _first_clause(recalled: str) -> str:
    """The recalled words up to a comma ("he would not be attending, with the word not in big
    letters" -> "he would not be attending"): what the reader adds after it describes the words."""
    clause = recalled.split(",", 1)[0].strip()
    return clause if len(clause.split()) >= 3 else recalled


def recalled_words(fragment: str) -> str:
    """The words a reader recalls, without the asking around them: "Somebody in the article
    said that X. Who said that?", "I remember one official saying X. Which one?" -> X."""
    text = fold(fragment).strip()
    asked = _ASKING_WHO.sub("", text).strip()
    text = asked if len(asked.split()) >= 2 else text
    text = _RECALLING.sub("", text).strip(" ?.!,'\"")
    return text if len(text.split()) >= 2 else fragment


def said_in_other_words(engine: Engine, query: Query, question: str, mode: Mode) -> Answer | None:
    """A fragment in the reader's own words ("who said the government can't let people choose
    which laws they obey"): the quote, or the claim the article attributes to someone, that
    its words match best, when one person's entries lead clearly; None otherwise."""
    if _content_words(query) < REWORDED_MIN_WORDS:
        return None  # two words in common make no one's words ("we are a nation of immigrants")
    ranked = engine.index.rank(query, limit=RANKED_WORDS, kinds=SAID_KINDS)
    if not ranked or ranked[0].score < REWORDED_THRESHOLD:
        return None
    top = ranked[0]
    who = speaker_of(engine, top)
    if who is None:
        return None  # the article's own reporting, or a group's claim: no one to name
    if _covered(engine, query, top) < REWORDED_COVERAGE:
        return None  # the entry holds too little of what the reader recalls
    if not _same_polarity(query.raw, _own_words(top)):
        return None  # "who said the White House supports sanctuary cities": she said it doesn't
    for scored in ranked[1:]:
        if scored.score < top.score - AMBIGUITY_MARGIN:
            break  # ranked best first: the rest are further away
        other = speaker_of(engine, scored)
        # As close to someone else's words, or to the article's own reporting ("she released a
        # statement Wednesday" is no words of Durkan's): no speaker is better than a wrong one.
        if other is None or other.id != who.id:
            return None
    article, record = top.entry.article, top.entry.record
    quote = record if isinstance(record, Quote) else _own_quote(engine, record, who)
    if quote is not None:
        return quote_answer(question, mode, article, quote, who, top.score)
    assert isinstance(record, Fact)
    return replace(fact_answer(engine, question, article, record, top.score), mode=mode, speaker=who.name)


def _own_words(scored: Scored) -> str:
    """An entry's own words: a quote's text, a claim's answer and evidence; never its tags,
    context or phrasings (the tag 'sue' on Durkan's quote must not vouch for 'Seattle will
    sue the government')."""
    record = scored.entry.record
    if isinstance(record, Quote):
        return record.text
    assert isinstance(record, Fact)
    return f"{record.answer} {record.evidence.text}"


_CLAUSE_BREAK = re.compile(r"[,;:.!?—–]|\s-\s|\b(?:but|and|because|after|while)\b")
NEGATION_BEFORE = 5  # words before the matched span a "not" of the entry's may stand ("cannot allow people to pick")


def _same_polarity(fragment: str, own: str) -> bool:
    """Whether the recalled words and the span of the entry they match agree on a "not":
    "we will stand for it" is not "we won't stand for it", while "bully local jurisdictions"
    still matches the span before "and we won't stand for it"."""
    recalled = tokens(fragment)
    asked = {stem(t) for t in recalled if t not in STOPWORDS}
    found = tokens(own)
    if word_run(recalled, found) is not None:
        return True  # the entry's own words, as they stand ("pick and choose what laws ...")
    stems = [stem(t) if t not in STOPWORDS else "" for t in found]
    width = max(len(recalled), 1)
    best, best_at = 0, 0
    for at in range(max(len(found) - width + 1, 1)):
        shared = len(asked & set(stems[at : at + width]))
        if shared > best:
            best, best_at = shared, at
    if best == 0:
        # Function words only ("we will give up"): the "not"s of the whole quote decide.
        return _negates(recalled) == _negates(found)
    hits = [i for i in range(best_at, min(best_at + width, len(found))) if stems[i] in asked]
    span = found[max(hits[0] - NEGATION_BEFORE, 0) : hits[-1] + 1]
    if _opposed(recalled, found[max(best_at - NEGATION_BEFORE, 0) : best_at + width + NEGATION_BEFORE]):
        return False  # "trump will win" of "Trump will lose", "more than a press stunt" of "nothing more than"
    if _negates(recalled) and not _negates(span):
        # "who tweeted he's NOT going to the white house thing": the quote's "not" governs the
        # clause the matched words end ("I will NOT be attending today's meeting at the White House")
        span = _clause_before(own, span)
    return _negates(recalled) == _negates(span)


def _clause_before(own: str, span: list[str]) -> list[str]:
    """The words of `own` from the start of the clause that holds `span` to the span's end."""
    for clause in _CLAUSE_BREAK.split(own):
        found, end = tokens(clause), span[-2:]
        at = word_run(end, found)
        if at is not None:
            return found[: at + len(end)]
    return span


def _opposed(recalled: list[str], window: list[str]) -> bool:
    """Whether the recalled words hold a word whose opposite, and not itself, the quote's words
    around the match hold; or 'more than' where the quote says 'nothing more than'."""
    said = {stem(t) for t in window}
    asked = {stem(t) for t in recalled}
    if opposed(asked, said):
        return True
    quoted = " ".join(window)
    return "nothing more than" in quoted and "more than" in " ".join(recalled) and "nothing" not in recalled


_CONTRASTS = frozenset({"instead", "rather"})  # "the product instead of the customer" = "..., not the customer"


def _negates(words: list[str]) -> bool:
    return is_negated(" ".join(words)) or not _CONTRASTS.isdisjoint(words)


def _covered(engine: Engine, query: Query, scored: Scored) -> float:
    """How much of the fragment's word weight the entry's own words hold."""
    words = set(engine.index.query(_own_words(scored)).content)
    weights = {t: engine.index.weight(t) for t in query.content if not t.startswith("?")}
    total = sum(weights.values())
    return sum(w for t, w in weights.items() if t in words) / total if total else 0.0


def speaker_of(engine: Engine, scored: Scored) -> Person | None:
    """Whose words or claim an entry is: a quote's speaker, a fact's person (not a group)."""
    record, article = scored.entry.record, scored.entry.article
    if isinstance(record, Quote):
        return engine.person(article.id, record.speaker) if record.speaker else None
    if isinstance(record, Fact) and record.attributed_to != ARTICLE_ATTRIBUTION and not record.not_in_article:
        return engine.person(article.id, record.attributed_to)
    return None


def _own_quote(engine: Engine, fact: Fact | Person | Quote, who: Person) -> Quote | None:
    """The first quote of a fact that is the person's own words."""
    if not isinstance(fact, Fact):
        return None
    for quote_id in fact.quotes:
        found = engine.quote(quote_id)
        if found is not None and found[1].speaker == who.id:
            return found[1]
    return None


def ambiguous(question: str, mode: Mode, ranked: list[ScoredQuote]) -> Answer:
    """A fragment close to quotes by more than one person: each of them, to choose from."""
    refs = [quote_ref(r.entry.quote, r.entry.speaker) for r in ranked]
    names = sorted({r.speaker for r in refs})
    text = (
        "That fragment is close to quotes by more than one person: "
        + ", ".join(names)
        + ". Here is each, so you can tell which you mean."
    )
    return Answer(
        question=question,
        mode=mode,
        kind="ambiguous",
        answered=True,
        text=text,
        confidence=ranked[0].score,
        quote=None,
        more_quotes=tuple(refs),
        speaker=None,
        source=source_of(ranked[0].entry.article, [r.paragraph for r in refs]),
    )


def route_who_said(engine: Engine, question: str, text: str) -> Answer | None:
    """'who said X', 'whose words are X', 'who ... "X"': find the quote."""
    quoted = quoted_fragment(question)
    match = WHO_SAID_RE.match(text) or WHOSE_QUOTE_RE.match(text)
    if not (match or (quoted and text.startswith(("who ", "whos ")))):
        return None
    fragment = quoted or (match.group("fragment") if match else None) or ""
    if not fragment:
        return None
    if not (quoted or _content_words(engine.index.query(fragment)) >= 2):
        # "who said we won't stand for it": one content word, but the words run as in a quote
        # of the article; that quote, not a fact whose first quote is another one.
        verbatim = _verbatim_quote(engine, fragment, question)
        if verbatim is not None:
            return verbatim
        # One unquoted word is no quote to look for ("who wrote the law"): ask it in general,
        # but never answer "who said we will stand for it" with "we won't stand for it".
        found = general(engine, question)
        if not found.answered or _same_polarity(fragment, told_by(found)):
            return None
        return abstain(engine, question, "ask", engine.index.query(fragment), found.confidence, _NO_ONE_SAID)
    said = engine.who_said(fragment, mode="ask", question=question)
    if said.answered or said.extra.get("turned_round"):
        return said  # found, or found with its "not" the other way: no other entry is asked for
    found = general(engine, question)
    # A person's description is no answer to whose words they are ("who said many mayors would
    # boycott" is not Trump's card): only a fact that gives the words, as someone's or the article's.
    if found.answered and found.kind == "fact" and _same_polarity(fragment, told_by(found)):
        return found
    return said  # nothing, or words with their "not" turned round: no one said that


VERBATIM_WORDS = 4  # a run of this many words, as a quote has them, names the quote


def _verbatim_quote(engine: Engine, fragment: str, question: str) -> Answer | None:
    """The one quote whose words include the fragment's as they run ("we wont stand for it"),
    when the fragment has VERBATIM_WORDS words or more; None otherwise."""
    recalled = tokens(fragment)
    if len(recalled) < VERBATIM_WORDS:
        return None
    runs = " ".join(recalled)
    found = [
        q for q in engine.index.quotes if runs in q.plain_text and word_run(recalled, q.plain_text.split()) is not None
    ]
    if len({q.speaker.id for q in found}) != 1:
        return None
    entry = found[0]
    return quote_answer(question, "ask", entry.article, entry.quote, entry.speaker, 1.0)


def _content_words(query: Query) -> int:
    return sum(1 for token in query.content if not token.startswith("?"))


# ------------------------------------------------------------------ what someone said


def route_person_says(engine: Engine, question: str, text: str) -> Answer | None:
    match = PERSON_SAYS_RE.match(text)
    if match is None:
        match = _SAID_ANYTHING_RE.match(text)
        if match is None:
            return None
        # "did mcdermott say anything about the lawsuits?" asks yes or no of someone quoted: left to
        # the general matcher; of someone never quoted ("did trump say anything?") the answer is theirs
        person = resolve_person(engine, _INTENSIFIERS.sub(" ", match.group("who")).strip(), whole=True)
        if person is None or _quotes_of(engine, *person, None):
            return None
    return person_says(engine, question, match.group("who"), match.group("topic") or "")


def route_person_quotes(engine: Engine, question: str, text: str) -> Answer | None:
    match = PERSON_QUOTES_RE.match(text)
    if not match:
        return None
    person = resolve_person(engine, match.group("who1") or match.group("who2") or match.group("who3") or "", whole=True)
    return quotes_of_person(engine, question, *person, topic="") if person is not None else None


def person_says(engine: Engine, question: str, who: str, topic: str) -> Answer | None:
    """'What did McDermott say (about funding)?': their quotes, or a claim the article reports
    of them; an abstention for someone the fact base never mentions; None for a group."""
    who = _INTENSIFIERS.sub(" ", who).strip()  # "what did trump himself say", "how did trump personally respond"
    person = resolve_person(engine, who, whole=True) or resolve_by_role(engine, who)
    if person is not None:
        if topic.strip():
            # "What did McDermott say about funding?" may be a reported claim, not a quote.
            found = general(engine, question)
            # Not the description of someone never quoted: "what did Trump say about the boycott?"
            # asks for words the article doesn't give.
            quoted = bool(_quotes_of(engine, *person, None))
            words_asked = found.kind == "person" and (not quoted or _quote_tells_more(engine, topic, found, *person))
            close = found.answered and found.confidence >= PERSON_TOPIC_ANSWER and not words_asked
            # Someone the article never quotes said only what it attributes to them: a passage that
            # merely names them ("a meeting with President Trump") is not what they said.
            if close and _concerns(engine, found, *person, own_only=not quoted):
                return both(found, _another_claim(engine, question, topic, found, *person), "Also on that")
        return quotes_of_person(engine, question, *person, topic=topic)
    who_query = engine.index.query(who)
    weights = [engine.index.weight(t) for t in who_query.content]
    unknown = sum(engine.index.weight(t) for t in who_query.unknown)
    if weights and unknown >= 0.5 * sum(weights):
        # "What did Governor Jay Inslee say?": someone the fact base never mentions.
        query = engine.index.query(question)
        return abstain(engine, question, "ask", query, 0.0, "The article doesn't quote or mention that person.")
    return None  # a group ("the mayors", "officials"): answer as a general question


ANOTHER_CLAIM_MARGIN = 0.1  # how close behind a person's best claim on a topic their next one may rank


def _another_claim(
    engine: Engine, question: str, topic: str, found: Answer, article: Article, person: Person
) -> Answer:
    """'What did Sanders say about the mayors?': the person's next claim on that topic too ("would
    love to work with them" beside "should talk to Congress"), when it ranks about as well and says
    the topic's words; else an abstention (nothing to add)."""
    nothing = replace(found, answered=False)
    asked = set(engine.index.query(topic).content)
    if found.fact_id is None or not asked:
        return nothing
    for scored in engine.index.rank(engine.index.query(question), limit=RANKED_WORDS, kinds=frozenset({"fact"})):
        fact = scored.entry.record
        if scored.score < found.confidence - ANOTHER_CLAIM_MARGIN:
            break
        if not isinstance(fact, Fact) or fact.id == found.fact_id or fact.not_in_article:
            continue
        if fact.attributed_to == person.id and asked <= set(scored.entry.told):
            return fact_answer(engine, question, scored.entry.article, fact, scored.score)
    return nothing


def _quote_tells_more(engine: Engine, topic: str, card: Answer, article: Article, person: Person) -> bool:
    """Whether a word of the topic asked about is in none of the card's words but in one of the
    person's quotes: "what did the new orleans mayor say trump was using cities as?" asks for his
    "use cities as political props", which his description does not give."""
    asked = {t for t in engine.index.query(topic).content if not t.startswith("?")}
    told = set(engine.index.query(told_by(card)).content)
    missing = asked - told
    if not missing:
        return False
    return any(
        missing <= engine.quote_words.get(q.quote.id, frozenset()) for q in _quotes_of(engine, article, person, None)
    )


def _concerns(engine: Engine, answer: Answer, article: Article, person: Person, own_only: bool = False) -> bool:
    """Whether an answer is about `person`: their quote, a claim attributed to them, or (unless
    `own_only`) naming them."""
    if answer.quote is not None and answer.quote.speaker_id == person.id:
        return True
    if answer.fact_id is None:
        return answer.kind == "person" and answer.speaker == person.name
    found = engine.facts.get(answer.fact_id)
    if found is None:
        return False
    fact = found[1]
    surname = fold(person.name.split()[-1])
    if fact.attributed_to == person.id:
        return True
    return not own_only and surname in fold(f"{fact.answer} {fact.evidence.text}")


def quotes_of_person(engine: Engine, question: str, article: Article, person: Person, topic: str) -> Answer:
    """Everything the article quotes `person` as saying, closest to `topic` first; without a
    quote, a claim the article attributes to them; else an abstention."""
    topic_query = engine.index.query(topic) if topic else None
    by_topic = topic_query if topic_query is not None and topic_query.content else None
    ranked = _quotes_of(engine, article, person, by_topic)
    if not ranked:
        return _no_quotes(engine, question, article, person, by_topic)
    refs = [quote_ref(q.quote, q.speaker) for q in ranked]
    lead = f"{person.name} ({person.role})"
    text = (
        f"{lead} is quoted once in the article."
        if len(refs) == 1
        else f"{lead} is quoted {len(refs)} times in the article"
        + ("; the quote closest to your question comes first." if by_topic else ".")
    )
    return Answer.sure(
        question,
        "quotes",
        text,
        quote=refs[0],
        more_quotes=tuple(refs[1 : 1 + MORE_QUOTES_SHOWN]),
        speaker=person.name,
        source=source_of(article, [r.paragraph for r in refs]),
    )


def _quotes_of(engine: Engine, article: Article, person: Person, by_topic: Query | None) -> list[QuoteEntry]:
    """A person's quotes: closest to the topic first, or in the article's order."""
    speaker_key = {(article.id, person.id)}
    if by_topic is not None:
        return [r.entry for r in engine.index.rank_quotes(by_topic, limit=20, speaker_ids=speaker_key)]
    ranked = [q for q in engine.index.quotes if (q.article.id, q.speaker.id) in speaker_key]
    ranked.sort(key=lambda q: q.quote.paragraph)
    return ranked


def _no_quotes(engine: Engine, question: str, article: Article, person: Person, by_topic: Query | None) -> Answer:
    """Someone the article doesn't quote: a claim it attributes to them (the one closest to
    the topic), else an abstention."""
    facts = engine.facts_by_person.get((article.id, person.id), [])
    if not facts:
        query = engine.index.query(question)
        return abstain(engine, question, "ask", query, 0.0, f"The article doesn't quote {person.name}.")
    fact_article, fact = facts[0]
    if by_topic is not None:
        scored = engine.index.rank(by_topic, limit=10, kinds=FACTS_ONLY)
        theirs = [f for _, f in facts]
        best = next((s.entry.record for s in scored if s.entry.record in theirs), None)
        if isinstance(best, Fact):
            fact = best
    return fact_answer(engine, question, fact_article, fact, 0.9)


# ------------------------------------------------------------------ direct quote or paraphrase


def quote_check(engine: Engine, text: str) -> Answer | None:
    """'Is that a direct quote or a paraphrase?': from what the entry found is."""
    rest = _QUOTE_CHECK_WORDS.sub(" ", plain(text))
    answer = engine.route(rest)
    if not answer.answered:
        return None
    if answer.kind == "quote" and answer.quote is not None:
        lead = f"Yes: those are {answer.quote.speaker}'s words as the article prints them, in quote marks."
        return replace(answer, text=f"{lead} {answer.text}")
    if answer.kind != "fact" or answer.fact_id is None:
        return answer
    return replace(answer, text=f"{_quoted_or_paraphrased(engine, rest, answer)} {answer.text}")


def _quoted_or_paraphrased(engine: Engine, rest: str, answer: Answer) -> str:
    """Whether a fact's answer is a quote, the article's paraphrase of someone, or its own reporting."""
    assert answer.fact_id is not None
    fact = engine.facts[answer.fact_id][1]
    asked = {stem(t) for t in tokens(rest) if t not in STOPWORDS}
    quoted = answer.quote is not None and len(asked & {stem(t) for t in tokens(answer.quote.text)}) >= 2
    if quoted and answer.quote is not None:
        return f"That part is a direct quote of {answer.quote.speaker} (in quote marks in the article)."
    if fact.attributed_to != ARTICLE_ATTRIBUTION:
        who = answer.extra.get("attributed_to")
        return f"That is the article's paraphrase of {who}, not a direct quote: it is not in quote marks."
    return "That is the article's own reporting, not a quote."


# ------------------------------------------------------------------ how the words were given


def medium_of_person(engine: Engine, text: str, article: Article, person: Person) -> Answer | None:
    """'In what form did Durkan respond?': the medium of the quote of theirs closest to the
    question (a statement, a post, spoken), with the quote; None when the article quotes them
    without saying how, or not at all (the question is then answered as any other)."""
    topic = _MEDIUM_QUESTION_WORDS.sub(" ", without_media(plain(text)))
    for name in (person.name, *person.aliases):
        topic = re.sub(rf"\b{re.escape(fold(name))}\b", " ", topic)
    query = engine.index.query(topic)
    ranked = _quotes_of(engine, article, person, query if query.content else None)
    given = [q for q in ranked if q.quote.medium is not None]
    if not given:
        return None
    return quote_answer(text, "ask", article, given[0].quote, person, 0.9)  # "X said this in a statement."


_MEDIUM_QUESTION_WORDS = re.compile(
    r"\b(?:form|format|medium|means|channel|way|manner|platform|remarks|comments|answer|response|reaction|reply|"
    r"respond|responded|react|reacted|something|else|other|another|speech|tweet|interview|event)\b"
)
