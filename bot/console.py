"""Offline chat in a terminal: the bot's answers, through the same renderer as Discord."""

from __future__ import annotations

import sys
from typing import TextIO

from .engine.answers import Engine
from .engine.render import render

HINT = (
    "FactDesk console: ask about the article (e.g. 'who said press stunt?' or "
    "'how many jurisdictions got letters?'); '/who-said <fragment>' for quotes; 'quit' or Ctrl-D to leave."
)
PROMPT = "you> "


def answer_line(engine: Engine, line: str) -> str:
    """What the bot would reply to one chat line; `/who-said ...` and `/ask ...` work as on Discord."""
    text = line.strip()
    for prefix in ("/who-said ", "/whosaid "):
        if text.lower().startswith(prefix):
            return render(engine.who_said(text[len(prefix) :])).to_text()
    if text.lower().startswith("/ask "):
        text = text[len("/ask ") :]
    return render(engine.ask(text)).to_text()


def chat(engine: Engine, stdin: TextIO, stdout: TextIO) -> int:
    """Interactive when attached to a terminal; otherwise answer each piped line and exit."""
    interactive = stdin.isatty() and stdin is sys.stdin
    if interactive:
        import readline  # noqa: F401  (arrow keys and history for input())
    print(HINT, file=stdout)
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
        print(answer_line(engine, line), file=stdout)
        print(file=stdout)
    return 0
