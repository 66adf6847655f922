"""Offline chat in a terminal: the bot's answers, through the same renderer as Discord."""

from __future__ import annotations

import re
import sys
from typing import TextIO

from .engine.answers import Answer, Engine
from .engine.render import render
from .engine.text import clean_input

HINT = (
    "FactDesk console: ask about the article (e.g. 'who said press stunt?' or "
    "'how many jurisdictions got letters?'); '/who-said <fragment>' for quotes; a suggestion's number asks it; "
    "'quit' or Ctrl-D to leave."
)
PROMPT = "you> "


_NUMBER_ONLY = re.compile(r"[-+]?[0-9]+(?:[.,][0-9]+)?")


class Conversation:
    """One console chat: replies to lines, and remembers the last suggestions so that typing
    their number asks them (as clicking a suggestion button does on Discord)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.suggestions: tuple[str, ...] = ()
        self.previous: Answer | None = None  # the last answer: a follow-up is read against it

    def reply(self, line: str) -> str:
        text = clean_input(line).strip()
        if len(text) <= 6 and _NUMBER_ONLY.fullmatch(text):
            # A number alone picks a suggestion; "99", "-1", "1.5" are no suggestion, never a question.
            number = int(text) if text.isdigit() else None
            if number is None or not 1 <= number <= len(self.suggestions):
                offered = f"1 to {len(self.suggestions)}" if self.suggestions else "none"
                return f"There is no suggestion {text} (the last reply offered {offered}). Ask a question instead."
        answer = self._answer(text)
        self.suggestions = answer.suggestion_ids
        if answer.kind != "help":
            self.previous = answer
        return render(answer).to_text()

    def _answer(self, text: str) -> Answer:
        if text.isascii() and text.isdigit() and len(text) <= 2:
            chosen = self.engine.answer_fact(self.suggestions[int(text) - 1])
            if chosen is not None:
                return chosen
        for prefix in ("/who-said ", "/whosaid "):
            if text.lower().startswith(prefix):
                return self.engine.who_said(text[len(prefix) :])
        if text.lower().startswith("/ask "):
            text = text[len("/ask ") :]
        return self.engine.ask(text, context=self.previous)


def chat(engine: Engine, stdin: TextIO, stdout: TextIO) -> int:
    """Interactive when attached to a terminal; otherwise answer each piped line and exit."""
    interactive = stdin.isatty() and stdin is sys.stdin
    if interactive:
        import readline  # noqa: F401  (arrow keys and history for input())
    print(HINT, file=stdout)
    conversation = Conversation(engine)
    while True:
        if interactive:
            try:
                line = input(PROMPT)
            except EOFError:
                print(file=stdout)
                break
        else:
            line = stdin.readline()
            if not line:
                break
        if not line.strip():
            continue
        if line.strip().lower() in {"quit", "exit", "/quit"}:
            break
        if not interactive:
            print(f"{PROMPT}{line.strip()}", file=stdout)
        print(conversation.reply(line), file=stdout)
        print(file=stdout)
    return 0
