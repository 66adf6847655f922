"""FactDesk's readers' commands end to end: slash commands, autocomplete, buttons, the context menu.

Every test drives the real bot through discord.py against the fake; the fake validates each
request against Discord's OpenAPI spec (the fixture fails the test on any violation).
Expected texts come from the shipped YAML (``shipped_article``), not from the engine.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import pytest

from tests.e2e.fake_discord import FakeDiscord, InteractionHandle, RecordedRequest

EPHEMERAL = 64
OUTLET = "The Seattle Times"
PUBLISHED = "January 24, 2018"


def embed_of(message: dict[str, Any]) -> dict[str, Any]:
    assert len(message["embeds"]) == 1, message["embeds"]
    embed: dict[str, Any] = message["embeds"][0]
    return embed


def field(embed: dict[str, Any], name: str) -> str:
    values = [f["value"] for f in embed.get("fields", []) if f["name"] == name]
    assert values, f"no {name!r} field in {[f['name'] for f in embed.get('fields', [])]}"
    return str(values[0])


def custom_ids(message: dict[str, Any]) -> list[str]:
    return [c["custom_id"] for row in message.get("components", []) for c in row["components"] if "custom_id" in c]


def quoted_text(field_value: str) -> str:
    """The verbatim quote of a Quote field: its "> " lines."""
    return "\n".join(line[2:] for line in field_value.splitlines() if line.startswith("> "))


def by_id(items: list[dict[str, Any]], item_id: str) -> dict[str, Any]:
    return next(item for item in items if item["id"] == item_id)


def requests_of(fake: FakeDiscord, handle: InteractionHandle) -> list[RecordedRequest]:
    """Every request answering this interaction: its callback and anything on its webhook."""
    return [
        r for r in fake.requests if r.params.get("interaction_id") == handle.id or r.params.get("token") == handle.token
    ]


async def ask(fake: FakeDiscord, question: str, **kwargs: Any) -> InteractionHandle:
    return await fake.send_interaction(fake.slash_command("ask", {"question": question}, **kwargs))


# ---------------------------------------------------------------- /ask


async def test_ask_answers_with_quote_source_confidence_and_feedback(
    fake_discord: FakeDiscord, start_factdesk: Callable[..., Any], shipped_article: dict[str, Any], tmp_path: Any
) -> None:
    fact = by_id(shipped_article["facts"], "mcdermott-reaction")
    quote = by_id(shipped_article["quotes"], fact["quotes"][0])
    speaker = by_id(shipped_article["people"], quote["speaker"])

    async with start_factdesk(data_dir=tmp_path / "data"):
        handle = await ask(fake_discord, fact["question"])
        callback = await handle.callback()
        assert callback.json["type"] == 4  # answered at once, visible to the channel
        message = await handle.response_message()
        assert not message["flags"] & EPHEMERAL

        embed = embed_of(message)
        assert embed["description"] == fact["answer"].strip()
        assert quoted_text(field(embed, "Quote")) == quote["text"]
        assert f"— **{speaker['name']}**" in field(embed, "Quote")
        source = field(embed, "Source")
        assert source.startswith(f"{OUTLET}, {PUBLISHED}")
        assert shipped_article["source"]["title"] in source
        assert "paragraphs 5, 6" in source  # the evidence paragraph and the quote's paragraph
        assert embed["footer"]["text"].startswith("Confidence ")
        assert f"fact {fact['id']}" in embed["footer"]["text"]
        assert embed["footer"]["text"].endswith(f"Asked: {fact['question']}")

        ids = custom_ids(message)
        assert ids == [f"fd:fb:up:{fact['id']}", f"fd:fb:down:{fact['id']}"]

        click = await fake_discord.send_interaction(fake_discord.component_click(message, ids[0]))
        thanks = await click.callback()
        assert thanks.json["type"] == 4
        assert thanks.json["data"]["flags"] == EPHEMERAL
        assert "feedback" in thanks.json["data"]["content"].lower()

    from bot.engine.store import open_store

    store = open_store(tmp_path / "data")
    try:
        [record] = store.feedback()
    finally:
        store.close()
    assert record["helpful"] is True
    assert record["question"] == fact["question"]
    assert record["fact_id"] == fact["id"]
    assert record["user_id"] == int(fake_discord.user("reader")["id"])


async def test_abstention_offers_suggestions_that_answer_their_fact(
    fake_discord: FakeDiscord, start_factdesk: Callable[..., Any], shipped_article: dict[str, Any]
) -> None:
    facts = {f["id"]: f for f in shipped_article["facts"]}
    async with start_factdesk():
        handle = await ask(fake_discord, "what is the recipe for lasagna")
        message = await handle.response_message()
        embed = embed_of(message)
        assert "doesn't say" in embed["title"]
        assert not any(f["name"] == "Source" for f in embed.get("fields", []))

        suggestions = [i for i in custom_ids(message) if i.startswith("fd:ask:")]
        assert 1 <= len(suggestions) <= 3
        labels = {
            c["custom_id"]: c["label"] for row in message["components"] for c in row["components"] if "label" in c
        }
        for custom_id in suggestions:
            fact_id = custom_id.removeprefix("fd:ask:")
            assert fact_id in facts
            assert labels[custom_id] == facts[fact_id]["question"]
            assert facts[fact_id]["question"] in embed["description"]

        chosen = suggestions[-1].removeprefix("fd:ask:")
        click = await fake_discord.send_interaction(fake_discord.component_click(message, suggestions[-1]))
        answer = await click.response_message()
        answer_embed = embed_of(answer)
        assert answer_embed["description"] == facts[chosen]["answer"].strip()
        assert f"fact {chosen}" in answer_embed["footer"]["text"]
        assert field(answer_embed, "Source").startswith(OUTLET)
        assert custom_ids(answer)[-2:] == [f"fd:fb:up:{chosen}", f"fd:fb:down:{chosen}"]


# ---------------------------------------------------------------- quotes and people


@pytest.mark.parametrize(
    ("typed", "quote_id"),
    [
        ("press stun", "mcdermott-press-stunt"),  # a short quote: the choice value is the whole quote
        ("prepared for a legal fight", "durkan-legal-fight"),  # over 100 characters: the value is clipped
    ],
)
async def test_who_said_autocomplete_then_verbatim_quote(
    fake_discord: FakeDiscord,
    start_factdesk: Callable[..., Any],
    shipped_article: dict[str, Any],
    typed: str,
    quote_id: str,
) -> None:
    quote = by_id(shipped_article["quotes"], quote_id)
    speaker = by_id(shipped_article["people"], quote["speaker"])
    async with start_factdesk():
        handle = await fake_discord.send_interaction(fake_discord.autocomplete("who-said", {"quote": typed}))
        choices = await handle.choices()
        assert 1 <= len(choices) <= 25
        for choice in choices:
            assert 1 <= len(choice["name"]) <= 100 and 1 <= len(choice["value"]) <= 100
        picked = next(c for c in choices if quote["text"].startswith(c["value"].removesuffix(" […]")))
        assert picked["name"].startswith(f"“{quote['text'][:40]}")
        # The label ends with the speaker unless clipping to 100 characters cut it off.
        assert picked["name"].endswith((f" — {speaker['name']}", " […]"))

        command = await fake_discord.send_interaction(
            fake_discord.slash_command("who-said", {"quote": picked["value"]})
        )
        embed = embed_of(await command.response_message())
        assert embed["title"] == f"Who said it: {speaker['name']}"
        assert quoted_text(field(embed, "Quote")) == quote["text"]
        assert f"— **{speaker['name']}**, {speaker['role']}" in field(embed, "Quote")
        assert field(embed, "Source").endswith(f"paragraph {quote['paragraph']}")


async def test_autocomplete_offers_at_most_25_choices(
    fake_discord: FakeDiscord, start_factdesk: Callable[..., Any], shipped_article: dict[str, Any], tmp_path: Any
) -> None:
    """A bigger fact base (30 more quotes and people) must not overflow Discord's 25 choices."""
    import copy

    import yaml

    article = copy.deepcopy(shipped_article)
    for i in range(30):
        quote = copy.deepcopy(by_id(shipped_article["quotes"], "mcdermott-press-stunt"))
        quote.update(id=f"extra-quote-{i}", text=f"Extra remark number {i} about the press stunt and the grants.")
        article["quotes"].append(quote)
        person = copy.deepcopy(by_id(shipped_article["people"], "jenny-durkan"))
        person.update(id=f"extra-person-{i}", name=f"Extra Person {i}", aliases=[], phrasings=[])
        article["people"].append(person)
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    (knowledge / "big.yaml").write_text(yaml.safe_dump(article, allow_unicode=True, sort_keys=False), "utf-8")

    async with start_factdesk(knowledge_dir=knowledge):
        for command, option, typed in [
            ("who-said", "quote", "press stunt"),
            ("who-said", "quote", ""),
            ("quotes", "person", "person"),
            ("who-is", "person", ""),
        ]:
            handle = await fake_discord.send_interaction(fake_discord.autocomplete(command, {option: typed}))
            callback = await handle.callback()
            assert callback.status == 200, callback.response
            choices = callback.json["data"]["choices"]
            assert len(choices) == 25, (command, typed, len(choices))
            assert all(1 <= len(c["name"]) <= 100 and 1 <= len(c["value"]) <= 100 for c in choices)


async def test_quotes_and_who_is_resolve_a_typo_via_person_autocomplete(
    fake_discord: FakeDiscord, start_factdesk: Callable[..., Any], shipped_article: dict[str, Any]
) -> None:
    person = by_id(shipped_article["people"], "joe-mcdermott")
    their_quotes = [q for q in shipped_article["quotes"] if q["speaker"] == person["id"]]
    async with start_factdesk():
        for command in ("quotes", "who-is"):
            handle = await fake_discord.send_interaction(fake_discord.autocomplete(command, {"person": "mcdermot"}))
            choices = await handle.choices()
            assert 1 <= len(choices) <= 25
            assert all(len(c["name"]) <= 100 and len(c["value"]) <= 100 for c in choices)
            assert choices[0]["value"] == person["name"]

        picked = await fake_discord.send_interaction(fake_discord.slash_command("quotes", {"person": person["name"]}))
        embed = embed_of(await picked.response_message())
        assert embed["title"] == f"What {person['name']} said"
        shown = [quoted_text(f["value"]) for f in embed["fields"] if f["name"] in ("Quote", "Also said")]
        assert sorted(shown) == sorted(q["text"] for q in their_quotes)
        assert field(embed, "Source").startswith(OUTLET)

        # Typed without picking a suggestion, the typo still resolves.
        typed = await fake_discord.send_interaction(fake_discord.slash_command("who-is", {"person": "mcdermot"}))
        embed = embed_of(await typed.response_message())
        assert embed["title"] == f"Who is {person['name']}"
        assert person["role"] in embed["description"]
        assert field(embed, "Source").startswith(OUTLET)


async def test_about_names_the_article_outlet_and_counts(
    fake_discord: FakeDiscord, start_factdesk: Callable[..., Any], shipped_article: dict[str, Any]
) -> None:
    async with start_factdesk():
        handle = await fake_discord.send_interaction(fake_discord.slash_command("about"))
        embed = embed_of(await handle.response_message())
        assert embed["title"] == "About FactDesk"
        [article] = embed["fields"]
        assert article["name"] == shipped_article["source"]["title"]
        assert article["value"].startswith(f"{OUTLET}, 2018-01-24")
        counts = (
            f"{len(shipped_article['facts'])} facts, {len(shipped_article['quotes'])} quotes, "
            f"{len(shipped_article['people'])} people"
        )
        assert counts in article["value"]


# ---------------------------------------------------------------- /facts


async def test_facts_pages_forward_and_back_only_for_the_asker(
    fake_discord: FakeDiscord, start_factdesk: Callable[..., Any], shipped_article: dict[str, Any]
) -> None:
    questions = [f["question"] for f in shipped_article["facts"] if not f.get("not_in_article")]
    pages = math.ceil(len(questions) / 10)
    assert pages >= 2

    def bullets(embed: dict[str, Any]) -> list[str]:
        return [line.removeprefix("• ") for line in embed["description"].splitlines()]

    def disabled(message: dict[str, Any]) -> dict[str, bool]:
        return {c["label"]: c.get("disabled", False) for row in message["components"] for c in row["components"]}

    def button(message: dict[str, Any], label: str) -> str:
        return next(c["custom_id"] for row in message["components"] for c in row["components"] if c["label"] == label)

    asker = fake_discord.user("reader")["id"]

    async with start_factdesk():
        handle = await fake_discord.send_interaction(fake_discord.slash_command("facts"))
        message = await handle.response_message()
        embed = embed_of(message)
        assert embed["title"] == f"Facts (1/{pages})"
        assert bullets(embed) == questions[:10]
        assert disabled(message) == {"Previous": True, "Next": False}
        # Persistent buttons: the page each shows and the asker are in the custom id.
        assert custom_ids(message) == [f"fd:facts:prev:-1:{asker}", f"fd:facts:next:1:{asker}"]

        turn = await fake_discord.send_interaction(fake_discord.component_click(message, button(message, "Next")))
        callback = await turn.callback()
        assert callback.json["type"] == 7  # the same message is edited
        page2 = fake_discord.message(message["id"])
        assert embed_of(page2)["title"] == f"Facts (2/{pages})"
        assert bullets(embed_of(page2)) == questions[10:20]
        assert disabled(page2) == {"Previous": False, "Next": pages == 2}

        # Someone else may not turn the asker's pages: an ephemeral refusal, the message unchanged.
        other = await fake_discord.send_interaction(
            fake_discord.component_click(page2, button(page2, "Previous"), user="moderator")
        )
        refusal = await other.callback()
        assert refusal.json["type"] == 4
        assert refusal.json["data"]["flags"] == EPHEMERAL
        assert "/facts" in refusal.json["data"]["content"]
        assert embed_of(fake_discord.message(message["id"]))["title"] == f"Facts (2/{pages})"

        back = await fake_discord.send_interaction(fake_discord.component_click(page2, button(page2, "Previous")))
        assert (await back.callback()).json["type"] == 7
        page1 = fake_discord.message(message["id"])
        assert embed_of(page1)["title"] == f"Facts (1/{pages})"
        assert disabled(page1)["Previous"] is True


async def test_facts_on_a_topic(
    fake_discord: FakeDiscord, start_factdesk: Callable[..., Any], shipped_article: dict[str, Any]
) -> None:
    questions = {f["question"] for f in shipped_article["facts"]}
    async with start_factdesk():
        handle = await fake_discord.send_interaction(fake_discord.slash_command("facts", {"topic": "subpoena"}))
        message = await handle.response_message()
        embed = embed_of(message)
        assert embed["title"].startswith("Facts about subpoena (1/")
        listed = [line.removeprefix("• ") for line in embed["description"].splitlines()]
        assert 1 <= len(listed) < len(questions)
        assert set(listed) <= questions
        assert "What happens if a jurisdiction doesn't hand over the documents?" in listed

        nothing = await fake_discord.send_interaction(fake_discord.slash_command("facts", {"topic": "lasagna"}))
        refusal = await nothing.callback()
        assert refusal.json["data"]["flags"] == EPHEMERAL
        assert "no facts" in refusal.json["data"]["content"]


# ---------------------------------------------------------------- context menu


async def test_ask_factdesk_message_menu_answers_the_message(
    fake_discord: FakeDiscord, start_factdesk: Callable[..., Any], shipped_article: dict[str, Any]
) -> None:
    fact = by_id(shipped_article["facts"], "how-many-jurisdictions")
    async with start_factdesk():
        target = await fake_discord.send_message(fake_discord.message_create(fact["question"], author="moderator"))
        handle = await fake_discord.send_interaction(fake_discord.message_context_menu("Ask FactDesk", target.payload))
        message = await handle.response_message()
        embed = embed_of(message)
        assert embed["description"] == fact["answer"].strip()
        assert field(embed, "Source").startswith(OUTLET)
        assert f"fact {fact['id']}" in embed["footer"]["text"]
        assert message["interaction_metadata"]["user"]["id"] == fake_discord.user("reader")["id"]


# ---------------------------------------------------------------- limits and errors


async def test_sixth_question_in_ten_seconds_gets_the_cooldown_message(
    fake_discord: FakeDiscord, start_factdesk: Callable[..., Any]
) -> None:
    async with start_factdesk():
        for _ in range(5):
            handle = await ask(fake_discord, "How many jurisdictions got letters?")
            assert embed_of(await handle.response_message())["title"] == "Answer"

        sixth = await ask(fake_discord, "How many jurisdictions got letters?")
        callback = await sixth.callback()
        assert callback.json["type"] == 4
        data = callback.json["data"]
        assert data["flags"] == EPHEMERAL
        assert "try again in" in data["content"]
        assert not data.get("embeds") and not data.get("components")

        # Another reader is not slowed down by the first one.
        other = await ask(fake_discord, "How many jurisdictions got letters?", user="moderator")
        assert embed_of(await other.response_message())["title"] == "Answer"
        assert requests_of(fake_discord, sixth) == [callback], "the cooldown answer is the only response"


@pytest.mark.allow_error_logs
async def test_unexpected_error_apologises_logs_and_keeps_working(
    fake_discord: FakeDiscord,
    start_factdesk: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    from bot.chat.errors import APOLOGY

    def broken(question: str, article: str | None = None, context: Any = None) -> Any:
        raise RuntimeError("the index is on fire")

    async with start_factdesk() as bot:
        monkeypatch.setattr(bot.desk.engine, "ask", broken)
        handle = await ask(fake_discord, "How many jurisdictions got letters?")
        callback = await handle.callback()
        assert callback.json["type"] == 4
        assert callback.json["data"]["flags"] == EPHEMERAL
        assert callback.json["data"]["content"] == APOLOGY
        assert "fire" not in callback.json["data"]["content"]  # no internals shown to readers

        errors = [r for r in caplog.records if r.name.startswith("bot") and r.levelname == "ERROR"]
        assert len(errors) == 1
        assert "/ask" in errors[0].getMessage()
        assert errors[0].exc_info is not None
        assert "RuntimeError: the index is on fire" in caplog.text  # the traceback is in the log

        monkeypatch.undo()
        again = await ask(fake_discord, "How many jurisdictions got letters?")
        assert embed_of(await again.response_message())["title"] == "Answer"


def embed_size(embed: dict[str, Any]) -> int:
    """Discord's count towards the 6000-character total of one message's embeds."""
    return (
        len(embed.get("title", ""))
        + len(embed.get("description", ""))
        + len(embed.get("footer", {}).get("text", ""))
        + len(embed.get("author", {}).get("name", ""))
        + sum(len(f["name"]) + len(f["value"]) for f in embed.get("fields", []))
    )


async def test_long_quote_in_the_fact_base_is_clipped_visibly(
    fake_discord: FakeDiscord, start_factdesk: Callable[..., Any], shipped_article: dict[str, Any], tmp_path: Any
) -> None:
    """A quote within the schema's 1500 characters overflows a 1024-character embed field."""
    import copy

    import yaml

    article = copy.deepcopy(shipped_article)
    quote = by_id(article["quotes"], "mcdermott-press-stunt")
    sentence = "It is a distraction from the real work of keeping our community safe and welcoming."
    quote["text"] = " ".join([quote["text"], *[sentence] * 17])
    assert 1024 < len(quote["text"]) <= 1500
    fact = by_id(article["facts"], "mcdermott-press-stunt")
    fact["answer"] = " ".join([fact["answer"].strip()] * 20)[:1000].rsplit(" ", 1)[0]
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    (knowledge / "doj-sanctuary-letters.yaml").write_text(
        yaml.safe_dump(article, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )

    async with start_factdesk(knowledge_dir=knowledge):
        handle = await ask(fake_discord, fact["question"])
        callback = await handle.callback()
        assert callback.status == 200, callback.response  # the fake answers 400 to what Discord rejects
        embed = embed_of(await handle.response_message())
        assert embed["description"] == fact["answer"]
        value = field(embed, "Quote")
        assert len(value) <= 1024
        assert value.endswith(" […]")
        assert quote["text"].startswith(quoted_text(value).removesuffix(" […]"))
        assert field(embed, "Source").startswith(OUTLET)  # the source survives
        assert embed_size(embed) <= 6000


async def test_oversized_answer_is_kept_within_discord_limits(
    fake_discord: FakeDiscord, start_factdesk: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An answer far over every embed limit (a future engine, a bad fact base) still goes out."""
    from bot.engine.answers import Answer, QuoteRef, SourceRef

    words = " ".join(f"word{i}" for i in range(1500))  # about 12,000 characters
    long_quote = " ".join(f"quoted{i}" for i in range(300))

    def quote(n: int) -> QuoteRef:
        return QuoteRef(f"q{n}", long_quote, f"Speaker {n}", f"speaker-{n}", "Spokesperson " * 30, n)

    def huge(question: str, article: str | None = None, context: Answer | None = None) -> Answer:
        return Answer(
            question=question,
            mode="ask",
            kind="fact",
            answered=True,
            text=words,
            confidence=0.9,
            quote=quote(1),
            more_quotes=(quote(2), quote(3), quote(4)),
            speaker="Speaker 1",
            source=SourceRef("a", "An article " * 20, OUTLET, "2018-01-24", (5, 6)),
            fact_id="huge-fact",
        )

    async with start_factdesk() as bot:
        monkeypatch.setattr(bot.desk.engine, "ask", huge)
        handle = await ask(fake_discord, "Tell me everything " * 15)
        callback = await handle.callback()
        assert callback.status == 200, callback.response
        embed = embed_of(await handle.response_message())
        assert len(embed["description"]) <= 4096
        assert embed["description"].endswith(" […]")
        assert embed["description"].startswith("word0 word1 ")
        for item in embed["fields"]:
            assert len(item["name"]) <= 256 and len(item["value"]) <= 1024
        assert field(embed, "Quote").endswith(" […]")
        assert field(embed, "Source").startswith(OUTLET)  # every answer keeps its source
        assert len(embed["fields"]) < 5, "late fields are dropped to fit the 6000 total"
        assert len(embed["footer"]["text"]) <= 2048
        assert embed_size(embed) <= 6000


@pytest.mark.allow_error_logs
async def test_unexpected_error_in_a_button_apologises(
    fake_discord: FakeDiscord,
    start_factdesk: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Buttons live outside the command tree: their errors must not end in "This interaction failed"."""
    from bot.chat.errors import APOLOGY

    def disk_full(**record: Any) -> None:
        raise OSError(28, "No space left on device")

    def broken(fact_id: str, question: str | None = None) -> Any:
        raise RuntimeError("the index is on fire")

    async with start_factdesk() as bot:
        answered = await ask(fake_discord, "How many jurisdictions got letters?")
        answer = await answered.response_message()
        abstained = await ask(fake_discord, "what is the recipe for lasagna")
        suggestion = next(i for i in custom_ids(await abstained.response_message()) if i.startswith("fd:ask:"))
        abstention = await abstained.response_message()

        monkeypatch.setattr(bot.desk, "record_feedback", disk_full)
        monkeypatch.setattr(bot.desk.engine, "answer_fact", broken)
        for message, custom_id, cause in [
            (answer, "fd:fb:up:how-many-jurisdictions", "No space left on device"),
            (abstention, suggestion, "the index is on fire"),
        ]:
            caplog.clear()
            click = await fake_discord.send_interaction(fake_discord.component_click(message, custom_id))
            callback = await click.callback()
            assert callback.json["type"] == 4
            assert callback.json["data"]["flags"] == EPHEMERAL
            assert callback.json["data"]["content"] == APOLOGY
            errors = [r for r in caplog.records if r.levelname == "ERROR"]
            assert [r.name for r in errors] == ["bot.chat.errors"]
            assert custom_id in errors[0].getMessage()
            assert cause in caplog.text
