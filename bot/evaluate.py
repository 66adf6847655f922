"""Score the engine on a question file (the format of shared/eval/dev-questions.yaml)."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

from .engine.answers import Answer, Engine
from .engine.errors import InputError
from .engine.loader import KnowledgeBase
from .engine.models import Article, Quote
from .engine.text import fold

GROUPS = ("ask", "who-said", "two-part", "premise", "abstain")


def load_cases(path: Path) -> list[dict[str, Any]]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
        raise InputError(f"{path}{where}: not a YAML question file ({getattr(exc, 'problem', None) or exc})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the file: {exc}") from None
    cases = data.get("cases") if isinstance(data, dict) else None
    if not isinstance(cases, list):
        raise InputError(f"{path}: expected a mapping with a 'cases' list")
    for number, case in enumerate(cases):
        if not isinstance(case, dict) or case.get("mode") not in {"ask", "who-said"} or "q" not in case:
            raise InputError(f"{path}: cases[{number}] needs mode (ask or who-said), q and expect")
    return cases


def lean(kb: KnowledgeBase, phrasings: int) -> KnowledgeBase:
    """The fact base with every fact cut to its first `phrasings` phrasings and people and
    quotes to none: what the engine answers from the entries' own text, not enumeration."""
    articles = tuple(
        article.model_copy(
            update={
                "facts": [f.model_copy(update={"phrasings": f.phrasings[:phrasings]}) for f in article.facts],
                "people": [p.model_copy(update={"phrasings": []}) for p in article.people],
                "quotes": [q.model_copy(update={"tags": []}) for q in article.quotes],
            }
        )
        for article in kb.articles
    )
    return KnowledgeBase(articles=articles, files=kb.files, loaded_at=kb.loaded_at)


def reply_text(answer: Answer) -> str:
    """What a reader sees of an answer: the text, every quote and the speaker, both parts."""
    data = answer.to_json()
    parts = [data["answer"] or "", data["speaker"] or "", data.get("premise") or ""]
    if data["quote"]:
        parts += [data["quote"]["text"], data["quote"]["speaker"]]
    return "\n".join(parts)


def expects_abstention(expect: Any) -> bool:
    """`expect: abstain`, or the same word as a one-item list (`expect: [abstain]`)."""
    if isinstance(expect, str):
        return expect.strip().casefold() == "abstain"
    return isinstance(expect, list) and [str(e).strip().casefold() for e in expect] == ["abstain"]


# Typographic quotes and apostrophes compare as straight ones: a set copies the article's
# "doesn’t", a curated answer may write "doesn't".
_STRAIGHT = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})


def _contains(answer: Answer, expect: Any) -> bool:
    seen = reply_text(answer).translate(_STRAIGHT).casefold()
    return any(str(e).translate(_STRAIGHT).casefold() in seen for e in expect)


def is_correct(answer: Answer, expect: Any, case: dict[str, Any] | None = None) -> bool:
    """Right for its kind: an abstention abstains; a false premise is corrected (the reply's
    `premise` is set) and the reply holds the true fact; a two-part question answers both."""
    case = case or {}
    if expects_abstention(expect):
        return not answer.answered
    if case.get("premise"):
        return answer.premise is not None and _contains(answer, expect)
    if not answer.answered or answer.premise is not None:
        return False  # a "correction" of a true premise is wrong
    if case.get("parts") == 2 and case.get("expect2"):
        return _contains(answer, expect) and _contains(answer, case["expect2"])
    return _contains(answer, expect)


def group_of(case: dict[str, Any]) -> str:
    if expects_abstention(case.get("expect")):
        return "abstain"
    if case.get("premise"):
        return "premise"
    if case.get("parts") == 2 and case.get("expect2"):
        return "two-part"
    return str(case["mode"])


def why_missed(answer: Answer, expect: Any, case: dict[str, Any]) -> str:
    """Why a reply is scored wrong, in a few words (the reply itself may hold the words)."""
    if expects_abstention(expect):
        return "answered"
    if case.get("premise"):
        return "no correction" if answer.premise is None else "expected words missing"
    if answer.premise is not None:
        return "a true premise corrected"
    if not answer.answered:
        return "abstained"
    return "expected words missing"


def miss(group: str, question: str, expect: Any, answer: Answer, case: dict[str, Any], **more: Any) -> dict[str, Any]:
    """One miss as the reports list it: the question, what was expected, what came back, why."""
    return {
        **more,
        "group": group,
        "q": question,
        "expect": expect,
        "why": why_missed(answer, expect, case),
        "answered": answer.answered,
        "got": reply_text(answer)[:160].replace("\n", " | "),
        "confidence": round(answer.confidence, 3),
        "fact_id": answer.fact_id,
    }


def load_dialogues(path: Path) -> list[list[dict[str, Any]]] | None:
    """The dialogues of a file with a `dialogues` list (each a list of turns), else None."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("dialogues"), list):
        return None
    dialogues = []
    for number, dialogue in enumerate(data["dialogues"]):
        turns = dialogue.get("turns") if isinstance(dialogue, dict) else None
        if not isinstance(turns, list) or not all(isinstance(t, dict) and "q" in t for t in turns):
            raise InputError(f"{path}: dialogues[{number}] needs a list of turns, each with q and expect")
        dialogues.append(turns)
    return dialogues


def evaluate_dialogues(engine: Engine, path: Path, dialogues: list[list[dict[str, Any]]]) -> dict[str, Any]:
    """Each dialogue asked in order, every turn in the context of the answer before it:
    follow-up turns, standalone later turns and first turns are counted apart."""
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    misses = []
    for dialogue in dialogues:
        previous: Answer | None = None
        for position, turn in enumerate(dialogue):
            question, expect = str(turn["q"]), turn.get("expect")
            # A follow-up is a reply in the chat, asked with the context whatever its shape; only
            # a standalone who-said is the /who-said command, which has no conversation.
            if turn.get("mode") == "who-said" and not turn.get("followup"):
                answer = engine.who_said(question)
            else:
                answer = engine.ask(question, context=previous)
            group = "first" if position == 0 else "follow-up" if turn.get("followup") else "standalone"
            ok = is_correct(answer, expect, turn)
            totals[group][0] += ok
            totals[group][1] += 1
            if not ok:
                misses.append(
                    miss(group, question, expect, answer, turn, after=previous.question if previous else None)
                )
            previous = answer
    return {
        "file": str(path),
        "dialogues": len(dialogues),
        "groups": {g: {"right": t[0], "total": t[1]} for g, t in sorted(totals.items())},
        "misses": misses,
    }


def format_dialogue_report(report: dict[str, Any]) -> str:
    lines = [f"Dialogues in {report['file']}: {report['dialogues']}"]
    for miss in report["misses"]:
        lines.append(
            f"  MISS [{miss['group']}] {miss['q']!r} after {miss['after']!r} expected {miss['expect']} "
            f"got ({'answered' if miss['answered'] else 'abstained'}; {miss['why']}): {miss['got']}"
        )
    for group in ("first", "follow-up", "standalone"):
        result = report["groups"].get(group)
        if result:
            lines.append(f"{group:>10}: {result['right']}/{result['total']} ({result['right'] / result['total']:.1%})")
    return "\n".join(lines)


def evaluate(engine: Engine, path: Path) -> dict[str, Any]:
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    misses = []
    not_stated = 0  # abstentions that say what the article doesn't say (curated or found)
    for case in load_cases(path):
        mode, question, expect = case["mode"], str(case["q"]), case.get("expect")
        answer = engine.ask(question) if mode == "ask" else engine.who_said(question)
        group = group_of(case)
        ok = is_correct(answer, expect, case)
        not_stated += answer.kind == "not-stated"
        totals[group][0] += ok
        totals[group][1] += 1
        if not ok:
            misses.append(miss(group, question, expect, answer, case, mode=mode))
    answerable = [totals[g] for g in ("ask", "who-said", "two-part") if g in totals]
    right = sum(t[0] for t in answerable)
    count = sum(t[1] for t in answerable)
    return {
        "file": str(path),
        "groups": {g: {"right": t[0], "total": t[1]} for g, t in sorted(totals.items())},
        "answerable_accuracy": right / count if count else None,  # None: the file has no such questions
        "abstention_accuracy": (totals["abstain"][0] / totals["abstain"][1]) if "abstain" in totals else None,
        "premise_accuracy": (totals["premise"][0] / totals["premise"][1]) if "premise" in totals else None,
        "not_stated_replies": not_stated,
        "misses": misses,
    }


def format_report(report: dict[str, Any]) -> str:
    lines = [f"Evaluation of {report['file']}"]
    for miss in report["misses"]:
        lines.append(
            f"  MISS [{miss['group']}] {miss['q']!r} expected {miss['expect']} "
            f"got ({'answered' if miss['answered'] else 'abstained'}, {miss['confidence']}; {miss['why']}): "
            f"{miss['got']}"
        )
    for group in GROUPS:
        result = report["groups"].get(group)
        if result:
            share = result["right"] / result["total"] if result["total"] else 1.0
            lines.append(f"{group:>9}: {result['right']}/{result['total']} ({share:.0%})")
    lines.append(f"'doesn't say' replies: {report['not_stated_replies']}")
    for label, key in (
        ("answerable", "answerable_accuracy"),
        ("abstention", "abstention_accuracy"),
        ("premise", "premise_accuracy"),
    ):
        value = report[key]
        lines.append(f"{label} accuracy: {'n/a (no such questions)' if value is None else f'{value:.1%}'}")
    return "\n".join(lines)


# ------------------------------------------------------------------ drafted articles


def _quote_key(text: str) -> str:
    """A quote compared without its edge punctuation or quote marks, straight apostrophes."""
    return re.sub(r"\s+", " ", fold(text)).strip(" ,.;:!?\"'—–-")


def _same_quote(drafted: str, gold: str) -> bool:
    a, b = _quote_key(drafted), _quote_key(gold)
    return a == b or (min(len(a), len(b)) >= 0.9 * max(len(a), len(b)) and (a in b or b in a))


def _gold_pairs(directory: Path) -> list[tuple[Path, Path]]:
    pairs = [(gold.with_name(gold.name.replace(".gold.yaml", ".txt")), gold) for gold in directory.glob("*.gold.yaml")]
    return sorted((text, gold) for text, gold in pairs if text.is_file())


def _drafted_quote(article: Article, gold_quote: dict[str, Any], matched: set[str]) -> Quote | None:
    """The draft's quote, not matched yet, in the gold quote's paragraph with the same text."""
    candidates = [q for q in article.quotes if q.paragraph == gold_quote["paragraph"] and q.id not in matched]
    return next((q for q in candidates if _same_quote(q.text, gold_quote["text"])), None)


def _quote_scores(article: Article, gold: dict[str, Any], name: str) -> dict[str, Any]:
    """The gold quotes found in the draft (same paragraph, same text) and whether each found
    quote's speaker is right (same surname), wrong, or not resolved to a person."""
    names = {p.id: p.name for p in article.people}
    found = right = wrong = unresolved = 0
    wrong_cases = []
    matched: set[str] = set()
    for quote in gold.get("quotes", []):
        hit = _drafted_quote(article, quote, matched)
        if hit is None:
            continue
        matched.add(hit.id)
        found += 1
        speaker = names.get(hit.speaker or "")
        if speaker is None:
            unresolved += 1
        elif fold(speaker.split()[-1]) == fold(str(quote["speaker"]).split()[-1]):
            right += 1
        else:
            wrong += 1
            wrong_cases.append(f"{name} ¶{quote['paragraph']}: {speaker} for {quote['speaker']}")
    return {
        "quotes": len(gold.get("quotes", [])),
        "found": found,
        "speaker_right": right,
        "speaker_wrong": wrong,
        "unresolved": unresolved,
        "extra_quotes": [q.text for q in article.quotes if q.id not in matched],
        "wrong": wrong_cases,
    }


def _people_scores(article: Article, gold: dict[str, Any]) -> dict[str, int]:
    """The gold people the draft names (by surname), and how many of those it gives a role."""
    gold_people = gold.get("people", [])
    surnames = {fold(p.name.split()[-1]): p for p in article.people}
    people_found = [p for p in gold_people if fold(p["name"].split()[-1]) in surnames]
    with_role = [p for p in people_found if surnames[fold(p["name"].split()[-1])].role != "named in the article"]
    return {"people": len(gold_people), "people_found": len(people_found), "people_with_role": len(with_role)}


def _draft_against_gold(text_path: Path, gold: dict[str, Any]) -> tuple[Article, dict[str, Any]]:
    """Draft one article from its text (title, outlet and date from the gold file) and score
    its quotes and people; the question scores are added once every article is drafted."""
    from .engine.draft import draft_article, paragraphs_from_text

    published = gold.get("published")
    draft = draft_article(
        paragraphs_from_text(text_path.read_text(encoding="utf-8")),
        article_id=text_path.stem,
        title=str(gold.get("title") or text_path.stem),
        outlet=str(gold.get("outlet") or "Unknown outlet"),
        published=published if isinstance(published, dt.date) else None,
    )
    article = draft.article
    row = {
        "article": text_path.stem,
        **_quote_scores(article, gold, text_path.stem),
        **_people_scores(article, gold),
        "seconds": draft.report.seconds,
    }
    return article, row


def evaluate_drafts(directory: Path) -> dict[str, Any]:
    """Draft every NAME.txt of `directory` and score it against NAME.gold.yaml (people,
    quotes with speakers, reader questions): quote recall, speaker accuracy, answer quality
    from the drafted bases alone, one article at a time and all of them together."""
    pairs = _gold_pairs(directory)
    if not pairs:
        raise InputError(f"{directory}: no NAME.txt with NAME.gold.yaml beside it")
    rows: list[dict[str, Any]] = []
    drafted = []
    for text_path, gold_path in pairs:
        gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
        article, row = _draft_against_gold(text_path, gold)
        drafted.append((article, gold))
        rows.append(row)
    together = Engine(KnowledgeBase(articles=tuple(a for a, _ in drafted)))
    for (article, gold), row in zip(drafted, rows, strict=True):
        cases = gold.get("questions", [])
        row["alone"] = _score(Engine(KnowledgeBase(articles=(article,))), cases)
        row["together"] = _score(together, cases, article.id)
    return {"directory": str(directory), "articles": rows}


def _score(engine: Engine, cases: list[dict[str, Any]], article_id: str | None = None) -> dict[str, Any]:
    """Answerable right and abstentions right; with `article_id`, a right answer must also
    come from that article (several articles on one story must route each question)."""
    right = total = abstained = abstain_total = 0
    for case in cases:
        question = str(case["q"])
        answer = engine.ask(question) if case["mode"] == "ask" else engine.who_said(question)
        if expects_abstention(case.get("expect")):
            abstain_total += 1
            abstained += not answer.answered
            continue
        total += 1
        ok = is_correct(answer, case.get("expect"), case)
        if ok and article_id is not None and answer.source is not None:
            ok = answer.source.article_id == article_id
        right += ok
    return {"right": right, "total": total, "abstained": abstained, "abstain_total": abstain_total}


def format_draft_report(report: dict[str, Any]) -> str:
    lines = [f"Drafted articles in {report['directory']}"]
    sums: dict[str, int] = defaultdict(int)
    for row in report["articles"]:
        alone, together = row["alone"], row["together"]
        lines.append(
            f"  {row['article']}: quotes {row['found']}/{row['quotes']}, speakers right {row['speaker_right']}, "
            f"wrong {row['speaker_wrong']}, unresolved {row['unresolved']}, not in gold {len(row['extra_quotes'])}; "
            f"people {row['people_found']}/{row['people']} ({row['people_with_role']} with a role); "
            f"questions alone {alone['right']}/{alone['total']}, "
            f"abstained {alone['abstained']}/{alone['abstain_total']}; "
            f"together {together['right']}/{together['total']}; {row['seconds'] * 1000:.0f} ms"
        )
        lines += [f"    wrong speaker: {w}" for w in row["wrong"]]
        lines += [f"    quote not in gold: “{e[:70]}”" for e in row["extra_quotes"]]
        for key in ("quotes", "found", "speaker_right", "speaker_wrong", "unresolved", "people", "people_found"):
            sums[key] += row[key]
        for scope in ("alone", "together"):
            for key, value in row[scope].items():
                sums[f"{scope}_{key}"] += value
    resolved = sums["speaker_right"] + sums["speaker_wrong"]
    lines.append(
        f"quote recall {sums['found']}/{sums['quotes']} ({sums['found'] / max(sums['quotes'], 1):.1%}); "
        f"speaker accuracy {sums['speaker_right']}/{resolved} of resolved "
        f"({sums['speaker_right'] / max(resolved, 1):.1%}); wrong attributions {sums['speaker_wrong']}; "
        f"unresolved {sums['unresolved']}; people {sums['people_found']}/{sums['people']}"
    )
    lines.append(
        f"answers from the drafted bases: alone {sums['alone_right']}/{sums['alone_total']} "
        f"({sums['alone_right'] / max(sums['alone_total'], 1):.1%}), abstained "
        f"{sums['alone_abstained']}/{sums['alone_abstain_total']}; all articles together "
        f"{sums['together_right']}/{sums['together_total']} "
        f"({sums['together_right'] / max(sums['together_total'], 1):.1%}), abstained "
        f"{sums['together_abstained']}/{sums['together_abstain_total']}"
    )
    return "\n".join(lines)
