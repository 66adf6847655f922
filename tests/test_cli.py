"""The command line, called as `bot.cli.main(argv)` (and once through `python -m bot`)."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from bot.cli import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, main
from bot.config import DEFAULT_KNOWLEDGE_DIR
from bot.console import HINT, PROMPT
from bot.engine.loader import KnowledgeBase
from tests.helpers import JSON_FIELDS, KB_DATA, REPO_ROOT, article_text_file

ONE_ARTICLE = KB_DATA / "valid" / "one-article"
TWO_ARTICLES = KB_DATA / "valid" / "two-articles"
INVALID = KB_DATA / "invalid"
AGAINST = KB_DATA / "against"
SHIPPED_YAML = DEFAULT_KNOWLEDGE_DIR / "doj-sanctuary-letters.yaml"


@pytest.fixture(autouse=True)
def no_knowledge_dir_from_outside(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KNOWLEDGE_DIR", raising=False)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def json_lines(out: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.splitlines()]


# ---------------------------------------------------------------- ask and who-said


def test_ask_json_has_exactly_the_documented_fields(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "ask", "how", "many", "jurisdictions", "got", "letters?", "--json")

    assert code == EXIT_OK
    (data,) = json_lines(out)
    assert set(data) == JSON_FIELDS
    assert data["answered"] is True
    assert "23" in str(data["answer"])
    assert isinstance(data["fact_id"], str)
    source = data["source"]
    assert isinstance(source, dict)
    assert source["outlet"] == "The Seattle Times" and source["published"] == "2018-01-24"
    assert source["paragraphs"]


def test_who_said_json(capsys: pytest.CaptureFixture[str], kb: KnowledgeBase) -> None:
    stunt = next(q for _, q in kb.quotes if q.id == "mcdermott-press-stunt")

    code, out, _ = run(capsys, "who-said", "nothing more than a press stunt", "--json")

    assert code == EXIT_OK
    (data,) = json_lines(out)
    assert set(data) == JSON_FIELDS
    assert data["speaker"] == "Joe McDermott"
    assert data["quote"] == {"text": stunt.text, "speaker": "Joe McDermott", "paragraph": stunt.paragraph}


def test_ask_json_when_the_article_does_not_say(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "ask", "what is the recipe for lasagna", "--json")

    assert code == EXIT_OK
    (data,) = json_lines(out)
    assert set(data) == JSON_FIELDS
    assert data["answered"] is False
    assert data["source"] is None and data["quote"] is None and data["speaker"] is None
    assert isinstance(data["suggestions"], list) and 1 <= len(data["suggestions"]) <= 3


def test_ask_prints_the_rendered_reply(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "ask", "who said press stunt")

    assert code == EXIT_OK
    assert out.startswith("Who said it: Joe McDermott")
    assert "This is nothing more than a press stunt." in out
    assert "The Seattle Times, January 24, 2018" in out
    assert "**" not in out


def test_batch_file_gives_one_json_line_per_line_in_order(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    questions = [
        "how many jurisdictions got letters",
        "what is the recipe for lasagna",
        "",
        "who is durkin",
        "who said press stunt",
    ]
    batch = tmp_path / "questions.txt"
    batch.write_text("\n".join(questions) + "\n", encoding="utf-8")

    code, out, _ = run(capsys, "ask", "--batch", str(batch))

    assert code == EXIT_OK
    answers = json_lines(out)
    assert len(answers) == len(questions)
    assert all(set(a) == JSON_FIELDS for a in answers)
    assert "23" in str(answers[0]["answer"])
    assert answers[1]["answered"] is False
    assert answers[2]["answered"] is False
    assert answers[3]["speaker"] == "Jenny Durkan"
    assert answers[4]["speaker"] == "Joe McDermott"


def test_who_said_batch_from_stdin(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("enough is enough\npick and choose\nto be or not to be\n"))

    code, out, _ = run(capsys, "who-said", "--batch", "-")

    assert code == EXIT_OK
    speakers = [a["speaker"] for a in json_lines(out)]
    assert speakers == ["Jeff Sessions", "Sarah Huckabee Sanders", None]


@pytest.mark.parametrize("command", ["ask", "who-said"])
def test_a_question_is_required(capsys: pytest.CaptureFixture[str], command: str) -> None:
    code, out, err = run(capsys, command)

    assert code == EXIT_USAGE
    assert out == ""
    assert err == "error: give a question (or --batch FILE)\n"


def test_missing_batch_file_is_a_usage_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, "ask", "--batch", str(tmp_path / "nope.txt"))

    assert code == EXIT_USAGE
    assert out == ""
    assert err == f"error: {tmp_path / 'nope.txt'}: file not found\n"


# ---------------------------------------------------------------- choosing the fact base


def test_knowledge_option_picks_another_fact_base(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--knowledge", str(ONE_ARTICLE), "ask", "will the bridge stay open", "--json")

    assert code == EXIT_OK
    (data,) = json_lines(out)
    assert data["fact_id"] == "bridge-stays-open"
    assert data["source"]["outlet"] == "The Test Gazette"  # type: ignore[index]


def test_knowledge_dir_variable_picks_another_fact_base(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KNOWLEDGE_DIR", str(ONE_ARTICLE))

    code, out, _ = run(capsys, "who-said", "close the bridge", "--json")

    assert code == EXIT_OK
    (data,) = json_lines(out)
    assert data["speaker"] == "Ada Lovelace"


def test_knowledge_dir_is_resolved_alike_for_run_and_the_offline_commands(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from bot.cli import build_parser, knowledge_dir
    from bot.config import Settings

    monkeypatch.chdir(tmp_path)  # no developer's .env
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("KNOWLEDGE_DIR", "~/kb")
    offline = knowledge_dir(build_parser().parse_args(["validate"]))
    assert offline == Settings().knowledge_dir == tmp_path / "kb"
    monkeypatch.setenv("KNOWLEDGE_DIR", "")  # empty: the bundled fact base
    assert knowledge_dir(build_parser().parse_args(["validate"])) == Settings().knowledge_dir == DEFAULT_KNOWLEDGE_DIR


def test_knowledge_option_wins_over_the_variable(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KNOWLEDGE_DIR", str(INVALID / "unknown-speaker"))

    code, out, _ = run(capsys, "--knowledge", str(ONE_ARTICLE), "ask", "will the bridge stay open", "--json")

    assert code == EXIT_OK
    assert json_lines(out)[0]["fact_id"] == "bridge-stays-open"


def test_an_invalid_fact_base_stops_ask_with_its_problems(capsys: pytest.CaptureFixture[str]) -> None:
    case = INVALID / "unknown-speaker"

    code, out, err = run(capsys, "--knowledge", str(case), "ask", "anything")

    assert code == EXIT_PROBLEMS
    assert out == ""
    problem = (case / "expected.txt").read_text(encoding="utf-8").strip().removeprefix("unknown-speaker/")
    assert err == f"error: the fact base is invalid:\n  {case / problem}\n"


# ---------------------------------------------------------------- validate


def test_validate_the_shipped_fact_base(capsys: pytest.CaptureFixture[str], kb: KnowledgeBase) -> None:
    code, out, err = run(capsys, "validate")

    assert code == EXIT_OK
    facts = sum(len(a.facts) for a in kb.articles)
    quotes = sum(len(a.quotes) for a in kb.articles)
    assert out == f"OK: 1 article(s), {facts} facts, {quotes} quotes valid.\n"
    assert err == ""


@pytest.mark.parametrize(
    "case", ["unknown-field", "yaml-syntax-error", "ids-across-files", "empty-directory", "impossible-date"]
)
def test_validate_prints_each_problem_and_exits_1(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    monkeypatch.chdir(INVALID)
    expected = (INVALID / case / "expected.txt").read_text(encoding="utf-8")

    code, out, err = run(capsys, "validate", case)

    assert code == EXIT_PROBLEMS
    assert out.replace(os.sep, "/") == expected
    assert err == f"{len(expected.splitlines())} problem(s) found.\n"


def test_validate_uses_the_knowledge_option(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--knowledge", str(TWO_ARTICLES), "validate")

    assert code == EXIT_OK
    assert out == "OK: 2 article(s), 4 facts, 2 quotes valid.\n"


def test_validate_against_the_matching_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", str(AGAINST / "clean"), "--against", str(AGAINST / "tiny-bridge.txt"))

    assert code == EXIT_OK
    assert out == "OK: 1 article(s), 2 facts, 1 quotes valid and checked against the article text.\n"


def test_validate_against_a_changed_text_reports_problems(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    changed = tmp_path / "tiny-bridge.txt"
    text = (AGAINST / "tiny-bridge.txt").read_text(encoding="utf-8")
    changed.write_text(text.replace("won’t", "won't").replace("all year", "all summer"), encoding="utf-8")
    fact_base = AGAINST / "clean" / "article.yaml"

    code, out, err = run(capsys, "validate", str(AGAINST / "clean"), "--against", str(changed))

    assert code == EXIT_PROBLEMS
    assert out.splitlines() == [
        f"{fact_base}:17 quotes[0].text: differs from the article in punctuation or quote marks "
        "(copy it character for character)",
        f"{fact_base}:32 facts[0].evidence.text: is not verbatim in the cited paragraph; the closest passage of "
        "paragraph 3 is `the bridge will stay open all summer.`",
    ]
    assert err == "2 problem(s) found.\n"


def test_validate_against_a_changed_copy_of_the_article(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, kb: KnowledgeBase
) -> None:
    stunt = [q.id for _, q in kb.quotes].index("mcdermott-press-stunt")
    original = article_text_file().read_text(encoding="utf-8")
    changed = tmp_path / "doj-sanctuary-letters.txt"
    edited = original.replace("nothing more than a press stunt", "nothing more than a publicity stunt")
    edited = edited.replace("remain intact.", "remain intact for now.\n\nA new paragraph nobody cites.")
    assert edited != original
    changed.write_text(edited, encoding="utf-8")

    code, out, err = run(capsys, "validate", "--against", str(changed))

    assert code == EXIT_PROBLEMS
    lines = out.splitlines()
    line = next(
        n for n, text in enumerate(SHIPPED_YAML.read_text(encoding="utf-8").splitlines(), 1) if "press stunt." in text
    )
    assert (
        f"{SHIPPED_YAML}:{line} quotes[{stunt}].text: is not verbatim in the cited paragraph; the closest passage of "
        "paragraph 6 is `“This is nothing more than a publicity stunt.”`"
    ) in lines
    uncited = " facts: paragraphs not cited by any fact or quote: "
    assert any(line.startswith(f"{SHIPPED_YAML}:") and uncited in line for line in lines)
    assert err == f"{len(lines)} problem(s) found.\n"


def test_validate_against_the_real_article_passes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", "--against", str(article_text_file()))

    assert code == EXIT_OK
    assert out.endswith("valid and checked against the article text.\n")


def test_validate_against_a_missing_text(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, "validate", "--against", str(tmp_path / "gone.txt"))

    assert code == EXIT_USAGE
    assert out == ""
    assert err.startswith(f"error: cannot read {tmp_path / 'gone.txt'}: ")


def test_validate_against_needs_to_know_the_article(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    text = tmp_path / "some-other-article.txt"
    shutil.copy(AGAINST / "tiny-bridge.txt", text)

    code, _, err = run(capsys, "validate", str(TWO_ARTICLES), "--against", str(text))

    assert code == EXIT_USAGE
    assert err == f"error: no article with id 'some-other-article' to check against {text}\n"


# ---------------------------------------------------------------- schema


def yaml_as_json(path: Path) -> object:
    # YAML reads 2018-01-24 as a date; in the JSON data model (and for YAML-aware editors that
    # apply the schema) it is the string the schema describes.
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return json.loads(json.dumps(data, default=str))


def test_schema_is_valid_json_schema_that_the_shipped_yaml_follows(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "schema")

    assert code == EXIT_OK
    schema = json.loads(out)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    assert [e.message for e in validator.iter_errors(yaml_as_json(SHIPPED_YAML))] == []
    for fixture in sorted((KB_DATA / "valid").glob("*/*.y*ml")):
        assert [e.message for e in validator.iter_errors(yaml_as_json(fixture))] == [], fixture


@pytest.mark.parametrize("case", ["unknown-field", "bad-slug-id", "too-few-phrasings", "paragraph-zero"])
def test_schema_rejects_what_the_loader_rejects(capsys: pytest.CaptureFixture[str], case: str) -> None:
    code, out, _ = run(capsys, "schema")
    validator = jsonschema.Draft202012Validator(json.loads(out))

    assert code == EXIT_OK
    assert list(validator.iter_errors(yaml_as_json(INVALID / case / "article.yaml")))


# ---------------------------------------------------------------- eval


def test_eval_prints_accuracy_per_mode(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    questions = tmp_path / "questions.yaml"
    questions.write_text(
        yaml.safe_dump(
            {
                "cases": [
                    {"mode": "ask", "q": "how many jurisdictions got letters", "expect": ["23"]},
                    {"mode": "ask", "q": "who is the attorney general", "expect": ["a wrong expectation"]},
                    {"mode": "who-said", "q": "press stunt", "expect": ["McDermott"]},
                    {"mode": "ask", "q": "what is the recipe for lasagna", "expect": "abstain"},
                    {"mode": "ask", "q": "who won the 2018 super bowl", "expect": ["abstain"]},  # the list form
                    {"mode": "ask", "q": "what is the weather in tacoma", "expect": "Abstain"},  # any case
                ]
            }
        ),
        encoding="utf-8",
    )

    code, out, _ = run(capsys, "eval", str(questions))

    assert code == EXIT_OK
    lines = out.splitlines()
    assert lines[0] == f"Evaluation of {questions}"
    assert lines[1].startswith("  MISS [ask] 'who is the attorney general' expected ['a wrong expectation']")
    assert "  abstain: 3/3 (100%)" in lines
    assert "      ask: 1/2 (50%)" in lines
    assert " who-said: 1/1 (100%)" in lines
    assert "answerable accuracy: 66.7%" in lines
    assert "abstention accuracy: 100.0%" in lines


def test_eval_lean_says_it_scored_the_lean_base(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    questions = tmp_path / "questions.yaml"
    questions.write_text("cases:\n  - {mode: ask, q: how many jurisdictions got letters, expect: ['23']}\n", "utf-8")

    code, out, _ = run(capsys, "eval", str(questions), "--lean", "5")

    assert code == EXIT_OK
    assert out.splitlines()[:2] == [
        "(lean base: 5 phrasings per fact, none for people and quotes)",
        f"Evaluation of {questions}",
    ]


def test_eval_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    questions = tmp_path / "questions.yaml"
    questions.write_text("cases:\n  - {mode: who-said, q: enough is enough, expect: [Sessions]}\n", encoding="utf-8")

    code, out, _ = run(capsys, "eval", str(questions), "--json")

    assert code == EXIT_OK
    report = json.loads(out)
    assert report["groups"] == {"who-said": {"right": 1, "total": 1}}
    assert report["answerable_accuracy"] == 1.0
    assert report["abstention_accuracy"] is None  # no abstention questions in the file
    assert report["misses"] == []


def test_eval_of_a_file_that_is_not_yaml_says_where(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    questions = tmp_path / "notes.md"
    questions.write_text("# Notes\n\ncases: [\n  - broken: {\n", encoding="utf-8")

    code, _, err = run(capsys, "eval", str(questions))

    assert code == EXIT_USAGE
    assert err.startswith(f"error: {questions}:") and "not a YAML question file" in err
    assert "Traceback" not in err


def test_eval_prints_n_a_for_a_kind_of_question_the_file_lacks(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    questions = tmp_path / "questions.yaml"
    questions.write_text(
        "cases:\n  - {mode: ask, q: what is the recipe for lasagna, expect: abstain}\n", encoding="utf-8"
    )

    code, out, _ = run(capsys, "eval", str(questions))

    assert code == EXIT_OK
    assert "answerable accuracy: n/a (no such questions)" in out.splitlines()
    assert "abstention accuracy: 100.0%" in out.splitlines()


def test_eval_reports_only_the_modes_in_the_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    questions = tmp_path / "questions.yaml"
    questions.write_text("cases:\n  - {mode: who-said, q: enough is enough, expect: [Sessions]}\n", encoding="utf-8")

    code, out, _ = run(capsys, "eval", str(questions))

    assert code == EXIT_OK
    assert " who-said: 1/1 (100%)" in out.splitlines()
    assert "ask:" not in out
    assert "abstain:" not in out


def test_eval_rejects_a_malformed_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    questions = tmp_path / "questions.yaml"
    questions.write_text("cases:\n  - {mode: shout, q: hi}\n", encoding="utf-8")

    code, out, err = run(capsys, "eval", str(questions))

    assert code == EXIT_USAGE
    assert out == ""
    assert err == f"error: {questions}: cases[0] needs mode (ask or who-said), q and expect\n"


# ---------------------------------------------------------------- chat


def test_chat_answers_piped_lines_then_exits(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = "how many jurisdictions got letters\n\n/who-said nothing more than a press stunt\nquit\nwho is durkan\n"
    monkeypatch.setattr(sys, "stdin", io.StringIO(lines))

    code, out, _ = run(capsys, "chat")

    assert code == EXIT_OK
    printed = out.splitlines()
    assert printed[0] == HINT
    assert "\n" not in HINT
    asked = [line for line in printed if line.startswith(PROMPT)]
    assert asked == [
        f"{PROMPT}how many jurisdictions got letters",
        f"{PROMPT}/who-said nothing more than a press stunt",
    ]
    assert "23" in out
    assert "Who said it: Joe McDermott" in out
    assert "Who is Jenny Durkan" not in out  # after "quit"


@pytest.mark.parametrize("name", ["console", "chat"])
def test_console_is_the_command_and_chat_its_old_name(
    name: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("who said press stunt\n"))

    code, out, _ = run(capsys, name)

    assert code == EXIT_OK
    assert out.splitlines()[0] == HINT
    assert "Who said it: Joe McDermott" in out
    with pytest.raises(SystemExit):
        main(["--help"])
    listing = capsys.readouterr().out
    assert "console (chat)" in listing and "the offline console" in listing


def test_chat_a_suggestions_number_asks_it(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.engine.desk import load_engine

    engine = load_engine(DEFAULT_KNOWLEDGE_DIR)
    offered = engine.ask("what is the recipe for lasagna")
    assert not offered.answered and len(offered.suggestions) >= 2
    monkeypatch.setattr(sys, "stdin", io.StringIO("what is the recipe for lasagna\n2\n9\n-1\n1.5\n"))

    code, out, _ = run(capsys, "chat")

    assert code == EXIT_OK
    replies = out.split(PROMPT)[1:]
    chosen = engine.answer_fact(offered.suggestion_ids[1])
    assert chosen is not None and chosen.text in replies[1]
    assert f"fact {offered.suggestion_ids[1]}" in replies[1]
    assert "There is no suggestion 9" in replies[2]  # not asked as a question
    assert "There is no suggestion -1" in replies[3] and "There is no suggestion 1.5" in replies[4]


def test_chat_help_after_an_answer_is_help_not_a_follow_up(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("who said press stunt\nhelp\n"))
    code, out, _ = run(capsys, "chat")
    assert code == EXIT_OK
    assert "I answer questions about" in out.split(PROMPT)[2]


@pytest.mark.parametrize("line", ["²", "①", "9" * 5000])
def test_chat_takes_digit_like_lines_as_questions(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, line: str
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"what is the recipe for lasagna\n{line}\n"))

    code, out, _ = run(capsys, "chat")

    assert code == EXIT_OK
    assert out.count("The article doesn't say") == 2


def test_chat_with_empty_input_prints_only_the_hint(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))

    code, out, _ = run(capsys, "chat")

    assert code == EXIT_OK
    assert out == HINT + "\n"


# ---------------------------------------------------------------- the entry point


def test_python_m_bot_ask_json() -> None:
    env = {k: v for k, v in os.environ.items() if k != "KNOWLEDGE_DIR"}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "who said press stunt", "--json"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == JSON_FIELDS
    assert data["speaker"] == "Joe McDermott"


def test_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["frobnicate"])

    assert exited.value.code == EXIT_USAGE
    assert "invalid choice: 'frobnicate'" in capsys.readouterr().err


def test_knowledge_dir_is_also_read_from_dotenv_and_after_the_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "kb"
    shutil.copytree(DEFAULT_KNOWLEDGE_DIR, broken)
    target = broken / "doj-sanctuary-letters.yaml"
    target.write_text(target.read_text(encoding="utf-8").replace("speaker: joe-mcdermott", "speaker: nobody", 1))
    monkeypatch.delenv("KNOWLEDGE_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text(f"KNOWLEDGE_DIR={broken}\n")
    assert main(["validate"]) == EXIT_PROBLEMS  # .env's fact base, as `run` would use
    assert "unknown speaker 'nobody'" in capsys.readouterr().out
    assert main(["validate", "--knowledge", str(DEFAULT_KNOWLEDGE_DIR)]) == EXIT_OK  # option after the command


def test_a_directory_or_non_utf8_batch_is_a_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--batch", str(tmp_path)]) == EXIT_USAGE
    assert "is a directory" in capsys.readouterr().err
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("caf\xe9?\n".encode("latin-1"))
    assert main(["ask", "--batch", str(latin)]) == EXIT_USAGE
    assert "not UTF-8" in capsys.readouterr().err


def test_output_cut_short_by_a_closed_pipe_is_not_an_error() -> None:
    questions = "\n".join(["how many jurisdictions got letters?"] * 200)
    run = subprocess.run(
        f"{sys.executable} -m bot ask --batch - | head -1",
        shell=True,
        input=questions,
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        timeout=60,
    )
    assert run.stdout.count("\n") == 1
    assert "Traceback" not in run.stderr


def test_an_installed_copy_finds_knowledge_and_data_in_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`pip install .` puts the package in site-packages, away from the checkout's knowledge/:
    the defaults then come from the working directory (an app directory on a buildpack)."""
    import bot.config

    installed = tmp_path / "site-packages" / "bot"
    installed.mkdir(parents=True)
    app = tmp_path / "app"
    (app / "knowledge").mkdir(parents=True)
    monkeypatch.chdir(app)
    assert bot.config._project_root() == REPO_ROOT  # a checkout: the package's own parent
    monkeypatch.setattr(bot.config, "PACKAGE_ROOT", installed)
    assert bot.config._project_root() == app


# ---------------------------------------------------------------- draft


def test_draft_writes_a_fact_base_that_validates_against_its_text(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "kb" / "drafted.yaml"
    code, report, _ = run(
        capsys, "draft", str(article_text_file()), "--out", str(out), "--outlet", "The Seattle Times",
        "--published", "2018-01-24",
    )  # fmt: skip
    assert code == EXIT_OK
    assert "12 quotes" in report and "Every quote has a speaker." in report
    assert "Default: title" in report and "Default: outlet" not in report
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["id"] == "drafted" and data["source"]["published"] == "2018-01-24"
    text = out.with_suffix(".txt")
    code, checked, _ = run(capsys, "validate", str(out.parent), "--against", str(text))
    assert code == EXIT_OK, checked


def test_draft_of_plain_text_reports_defaults_and_unresolved_quotes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    article = tmp_path / "story.txt"
    article.write_text("Crowds filled the square.\n\n“Nobody expected this many people here today.”\n", "utf-8")
    code, report, _ = run(capsys, "draft", str(article), "--out", str(tmp_path / "kb" / "story.yaml"))
    assert code == EXIT_OK
    assert "1 quote(s) without a speaker" in report and "(paragraph 2)" in report
    assert "Default: outlet: 'Unknown outlet'" in report and "Default: published: today" in report
    assert (tmp_path / "kb" / "story.txt").read_text(encoding="utf-8").splitlines()[1].startswith("“Nobody")


def test_draft_never_writes_over_the_article_or_an_existing_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    article = tmp_path / "story.txt"
    article.write_text("Crowds filled the square.\n\n“Nobody expected this many people here today.”\n", "utf-8")
    before = article.read_bytes()
    code, _, err = run(capsys, "draft", str(article), "--out", str(tmp_path / "story.yaml"))
    assert code == EXIT_USAGE and "would write over the article" in err and article.read_bytes() == before
    curated = tmp_path / "kb" / "curated.yaml"
    curated.parent.mkdir()
    curated.write_text("id: curated\n", encoding="utf-8")
    code, _, err = run(capsys, "draft", str(article), "--out", str(curated))
    assert code == EXIT_USAGE and "already exists" in err and "--force" in err
    assert curated.read_text(encoding="utf-8") == "id: curated\n"
    code, _, _ = run(capsys, "draft", str(article), "--out", str(curated), "--force")
    assert code == EXIT_OK and "status: draft" in curated.read_text(encoding="utf-8")


def test_draft_rejects_a_bad_date(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(
        capsys, "draft", str(article_text_file()), "--out", str(tmp_path / "x.yaml"), "--published", "Jan 24"
    )
    assert code == EXIT_USAGE and "YYYY-MM-DD" in err


def test_draft_with_an_id_writes_the_text_where_the_bot_checks_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    article = tmp_path / "story.txt"
    article.write_text("Crowds filled the square.\n\n“Nobody expected this,” Mayor Ann Lee said.\n", "utf-8")
    kb = tmp_path / "kb"
    code, report, _ = run(capsys, "draft", str(article), "--out", str(kb / "story.yaml"), "--id", "bike-lanes")
    assert code == EXIT_OK and f"Wrote {kb / 'story.yaml'} and {kb / 'bike-lanes.txt'}." in report
    assert not (kb / "story.txt").exists()
    # The stored text is the one every check reads: a quote edited away from it is caught.
    draft_file = kb / "story.yaml"
    draft_file.write_text(draft_file.read_text(encoding="utf-8").replace("Nobody expected", "Nobody wanted"), "utf-8")
    code, checked, _ = run(capsys, "validate", str(kb))
    assert code != EXIT_OK and "bike-lanes.txt" in checked
