"""The command line: `python -m bot <command>` (also installed as `factdesk`).

run | sync | console | ask | who-said | validate | schema | eval | draft | eval-draft | bench
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TextIO

from .config import KnowledgeSettings
from .engine.answers import Answer, Engine
from .engine.desk import load_engine
from .engine.errors import FactBaseError, FactDeskError, InputError, Problem
from .engine.loader import KnowledgeBase, load_directory

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


KNOWLEDGE_HELP = "fact base directory (default: KNOWLEDGE_DIR or the bundled knowledge/)"


def knowledge_dir(args: argparse.Namespace) -> Path:
    """--knowledge, else KNOWLEDGE_DIR from the environment or .env, resolved as `run` resolves it."""
    if args.knowledge:
        return Path(args.knowledge).expanduser()
    return KnowledgeSettings().knowledge_dir


def load(args: argparse.Namespace) -> Engine:
    return load_engine(knowledge_dir(args))


def _lines(path: str) -> Iterator[str]:
    handle: TextIO = sys.stdin if path == "-" else open(path, encoding="utf-8")  # noqa: SIM115
    with handle:
        for line in handle:
            yield line.rstrip("\n")


def _answer_command(args: argparse.Namespace, answer: Callable[[Engine, str], Answer]) -> int:
    from .engine.render import render
    from .engine.text import clean_input

    engine = load(args)
    queries = list(_lines(args.batch)) if args.batch else [" ".join(args.text)]
    if not args.batch and not queries[0].strip():
        print("error: give a question (or --batch FILE)", file=sys.stderr)
        return EXIT_USAGE
    for query in queries:
        result = answer(engine, clean_input(query))
        if args.json or args.batch:
            print(json.dumps(result.to_json(), ensure_ascii=False))
        else:
            print(render(result).to_text())
            if len(queries) > 1:
                print()
    return EXIT_OK


def cmd_ask(args: argparse.Namespace) -> int:
    return _answer_command(args, lambda engine, q: engine.ask(q))


def cmd_who_said(args: argparse.Namespace) -> int:
    return _answer_command(args, lambda engine, q: engine.who_said(q))


def cmd_console(args: argparse.Namespace) -> int:
    from .console import chat

    return chat(load(args), sys.stdin, sys.stdout)


def _print_problems(problems: Sequence[Problem]) -> int:
    for problem in problems:
        print(problem)
    print(f"{len(problems)} problem(s) found.", file=sys.stderr)
    return EXIT_PROBLEMS


def _problems_against(kb: KnowledgeBase, text_file: str) -> list[Problem]:
    """Quotes and excerpts checked against an article's text: the article named like the file,
    else the fact base's only article (InputError if the file cannot be read or fits none)."""
    from .engine.loader import check_against_text

    text_path = Path(text_file)
    try:
        text = text_path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read {text_path}: {exc.strerror}") from None
    targets = [a for a in kb.articles if a.id == text_path.stem] or (list(kb.articles) if len(kb.articles) == 1 else [])
    if not targets:
        raise InputError(f"no article with id {text_path.stem!r} to check against {text_path}")
    return [problem for article in targets for problem in check_against_text(article, text, kb.files[article.id])]


def cmd_validate(args: argparse.Namespace) -> int:
    directory = Path(args.directory) if args.directory else knowledge_dir(args)
    try:
        kb = load_directory(directory)
    except FactBaseError as exc:
        return _print_problems(exc.problems)
    problems = _problems_against(kb, args.against) if args.against else []
    if problems:
        return _print_problems(problems)
    facts = sum(len(a.facts) for a in kb.articles)
    quotes = sum(len(a.quotes) for a in kb.articles)
    checked = " and checked against the article text" if args.against else ""
    print(f"OK: {len(kb.articles)} article(s), {facts} facts, {quotes} quotes valid{checked}.")
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from .engine.models import Article

    schema = Article.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "FactDesk article fact base"
    print(json.dumps(schema, indent=2, ensure_ascii=False))
    return EXIT_OK


def cmd_eval(args: argparse.Namespace) -> int:
    from .evaluate import evaluate, evaluate_dialogues, format_dialogue_report, format_report, lean, load_dialogues

    engine = load(args)
    if args.lean is not None:
        engine = Engine(lean(engine.kb, args.lean))
    dialogues = load_dialogues(Path(args.file))
    if dialogues is not None:
        report = evaluate_dialogues(engine, Path(args.file), dialogues)
        text = format_dialogue_report(report)
    else:
        report = evaluate(engine, Path(args.file))
        text = format_report(report)
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return EXIT_OK
    if args.lean is not None:  # say which base was scored
        text = f"(lean base: {args.lean} phrasings per fact, none for people and quotes)\n{text}"
    print(text)
    return EXIT_OK


def cmd_draft(args: argparse.Namespace) -> int:
    """Draft a fact base for a new article: the YAML, its paragraph text beside it, and a report."""
    import datetime as dt

    from .engine.draft import draft_article, read_page
    from .engine.editing import article_data, dump_article, write_atomically

    source = Path(args.article)
    raw = source.read_text(encoding="utf-8")
    from .engine.article_text import text_file as stored_text_file

    out = Path(args.out)
    article_id = args.id or out.stem
    text_file = stored_text_file(out.parent, article_id)  # knowledge/<id>.txt: where the bot looks for it
    if source.resolve() in (out.resolve(), text_file.resolve()):
        print(f"error: --out {out} would write over the article {source} itself: name another file", file=sys.stderr)
        return EXIT_USAGE
    existing = [p for p in (out, text_file) if p.exists()]
    if existing and not args.force:
        names = " and ".join(str(p) for p in existing)
        verb, it = ("exist", "them") if len(existing) > 1 else ("exists", "it")
        print(f"error: {names} already {verb} (a curated article?); pass --force to replace {it}", file=sys.stderr)
        return EXIT_USAGE
    published = None
    if args.published:
        try:
            published = dt.date.fromisoformat(args.published)
        except ValueError:
            print(f"error: --published {args.published!r} is not a date (YYYY-MM-DD)", file=sys.stderr)
            return EXIT_USAGE
    page = read_page(source.name, raw)
    paragraphs = page.paragraphs
    if not paragraphs:
        print(f"error: {source} has no paragraphs", file=sys.stderr)
        return EXIT_USAGE
    taken: set[str] = set()
    try:  # ids must be unique across the fact base the draft may join
        kb = load_directory(knowledge_dir(args))
        taken = {f.id for _, f in kb.facts} | {q.id for a in kb.articles for q in a.quotes}
    except FactBaseError:
        pass
    draft = draft_article(
        paragraphs,
        article_id=article_id,
        title=args.title or page.title,
        outlet=args.outlet or page.outlet,
        published=published or page.published,
        url=args.url or page.url,
        byline=page.byline,
        taken_ids=taken,
    )
    header = (
        f"# Drafted by `python -m bot draft` from {source.name}: every record is `status: draft`\n"
        f"# until a curator checks it. Paragraph numbers are the lines of {text_file.name}.\n"
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(out, header + dump_article(article_data(draft.article)))
    write_atomically(text_file, draft.text)
    print(draft.report.format())
    print(f"Wrote {out} and {text_file}.")
    return EXIT_OK


def cmd_eval_draft(args: argparse.Namespace) -> int:
    from .evaluate import evaluate_drafts, format_draft_report

    report = evaluate_drafts(Path(args.directory))
    print(json.dumps(report, indent=2, ensure_ascii=False) if args.json else format_draft_report(report))
    return EXIT_OK


def cmd_bench(args: argparse.Namespace) -> int:
    from .tools.bench import run_bench

    return run_bench(knowledge_dir(args), args.facts, args.json)


def cmd_run(args: argparse.Namespace) -> int:
    from .chat.runner import run

    return run(knowledge=args.knowledge)


def cmd_sync(args: argparse.Namespace) -> int:
    from .chat.runner import run

    return run(knowledge=args.knowledge, sync_only=True, clear_guild=args.clear_guild)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot" if Path(sys.argv[0]).name == "__main__.py" else "factdesk",
        description="FactDesk: sourced answers and verbatim quotes about news articles.",
    )
    parser.add_argument("--knowledge", metavar="DIR", help=KNOWLEDGE_HELP)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(
        name: str, handler: Callable[[argparse.Namespace], int], help_text: str, aliases: Sequence[str] = ()
    ) -> argparse.ArgumentParser:
        command = sub.add_parser(name, aliases=list(aliases), help=help_text, description=help_text)
        command.set_defaults(handler=handler)
        # Also accepted after the command name; SUPPRESS keeps an earlier --knowledge.
        command.add_argument("--knowledge", metavar="DIR", default=argparse.SUPPRESS, help=KNOWLEDGE_HELP)
        return command

    add("run", cmd_run, "start the Discord bot (needs DISCORD_TOKEN)")
    sync = add(
        "sync",
        cmd_sync,
        "sync the slash commands with Discord now (to DEV_GUILD_ID when set, else globally), then exit",
    )
    sync.add_argument(
        "--clear-guild",
        type=int,
        metavar="GUILD_ID",
        help="first remove the commands synced to this guild (your former DEV_GUILD_ID, when going public)",
    )
    # `chat` was the console's first name; it stays accepted (the Discord layer is bot/chat/).
    add("console", cmd_console, "the offline console: ask the bot in this terminal", aliases=["chat"])
    for name, handler, what in (
        ("ask", cmd_ask, "answer a question"),
        ("who-said", cmd_who_said, "find who said a remembered fragment of a quote"),
    ):
        command = add(name, handler, what)
        command.add_argument("text", nargs="*", help="the question or fragment")
        command.add_argument("--json", action="store_true", help="print the answer as JSON")
        command.add_argument("--batch", metavar="FILE", help="one query per line ('-' for stdin); prints JSON Lines")
    validate = add("validate", cmd_validate, "check the fact base; exit 1 on any problem")
    validate.add_argument("directory", nargs="?", help="fact base directory")
    validate.add_argument(
        "--against", metavar="ARTICLE.txt", help="also check quotes and excerpts against the article's text"
    )
    add("schema", cmd_schema, "print the fact base's JSON Schema")
    evaluate = add("eval", cmd_eval, "score the bot on a question file")
    evaluate.add_argument(
        "file",
        help="questions in the format of ../shared/eval/dev-questions.yaml, or dialogues (tests/data/dialogues.yaml)",
    )
    evaluate.add_argument("--json", action="store_true", help="print the report (figures and every miss) as JSON")
    evaluate.add_argument(
        "--lean",
        type=int,
        metavar="N",
        help="score a lean copy of the fact base: each fact cut to its first N phrasings, people and quotes to none",
    )
    draft = add("draft", cmd_draft, "draft a fact base (status: draft) for a new article's text or saved page")
    draft.add_argument("article", help="the article: plain text, one paragraph per line, or a saved HTML page")
    draft.add_argument(
        "--out",
        required=True,
        metavar="FILE",
        help="the YAML to write (NAME.yaml; its paragraphs go to ID.txt beside it, ID being --id or NAME); "
        "never over an existing file without --force",
    )
    draft.add_argument("--force", action="store_true", help="replace FILE and ID.txt if they exist")
    draft.add_argument("--id", help="the article id (default: the slug of FILE's name)")
    draft.add_argument("--title", help="default: the page's title, else the first paragraph")
    draft.add_argument("--outlet", help="default: the page's site name, else 'Unknown outlet'")
    draft.add_argument("--published", metavar="YYYY-MM-DD", help="default: the page's date, else today")
    draft.add_argument("--url", help="the article's address (default: the page's, else none)")
    eval_draft = add(
        "eval-draft", cmd_eval_draft, "draft each NAME.txt of a folder and score it against NAME.gold.yaml"
    )
    eval_draft.add_argument("directory", help="a folder of NAME.txt articles with NAME.gold.yaml annotations")
    eval_draft.add_argument("--json", action="store_true", help="print the report as JSON")
    bench = add("bench", cmd_bench, "measure load time, memory and latency against a naive baseline")
    bench.add_argument(
        "--facts",
        type=int,
        nargs="*",
        metavar="N",
        help="also measure synthetic archives of N facts (e.g. 100 1000 10000 50000)",
    )
    bench.add_argument("--json", action="store_true", help="print the report as one JSON object")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        code: int = args.handler(args)
        return code
    except FactBaseError as exc:
        print("error: the fact base is invalid:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return EXIT_PROBLEMS
    except FactDeskError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except FileNotFoundError as exc:
        print(f"error: {exc.filename}: file not found", file=sys.stderr)
        return EXIT_USAGE
    except IsADirectoryError as exc:
        print(f"error: {exc.filename}: is a directory, not a file", file=sys.stderr)
        return EXIT_USAGE
    except UnicodeDecodeError:
        print("error: the input is not UTF-8 text", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        # The reader (e.g. `| head`) stopped early: not an error; silence the final flush.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        return 130
