"""Follow-up questions read against the reader's previous answer, and the store that keeps it."""

from __future__ import annotations

import pytest

from bot.engine.answers import Engine
from bot.engine.followup import Conversations, Previous, Refers, resolve


def names(text: str) -> str | None:
    return "Jenny Durkan" if "durkan" in text.casefold() else None


@pytest.mark.parametrize(
    ("question", "refers", "rewritten"),
    [
        ("source?", Refers.source, None),
        ("where does it say that?", Refers.source, None),
        ("where's that?", Refers.source, None),
        ("wheres that", Refers.source, None),
        ("paragraph?", Refers.source, None),
        ("is that a direct quote?", Refers.quote_check, None),
        ("who's that?", Refers.who, "Joe McDermott"),
        ("what else did he say?", Refers.more_quotes, "Joe McDermott"),
        ("and Durkan?", Refers.rewrite, "what did Jenny Durkan say about the letter"),
        ("why?", Refers.rewrite, "why did Joe McDermott say about the letter"),
        ("what did he call it?", Refers.rewrite, "what did Joe McDermott call it?"),
        ("how many jurisdictions got letters?", Refers.none, "how many jurisdictions got letters?"),
        ("what did Durkan say?", Refers.none, "what did Durkan say?"),
        ("anything else?", Refers.more_quotes, "Joe McDermott"),
        ("how did he say it?", Refers.medium, None),
        ("how did she respond?", Refers.rewrite, "how did Joe McDermott respond?"),
        ("what was the full quote", Refers.full_quote, None),
        ("is that a quote?", Refers.quote_check, None),
        ("first name?", Refers.who, "Joe McDermott"),
        ("what's his full name", Refers.who, "Joe McDermott"),
        ("who did he tag?", Refers.rewrite, "what did Joe McDermott tweet?"),
        ("or else what", Refers.rewrite, "what did Joe McDermott say about the letter or else what happens"),
        ("and if they don't?", Refers.rewrite, "what did Joe McDermott say about the letter or else what happens"),
        ("what happens if they don't comply?", Refers.none, "what happens if they don't comply?"),
        ("and what does the DOJ threaten to hold back?", Refers.none, "and what does the DOJ threaten to hold back?"),
        ("And the grants, what do they pay for?", Refers.none, "And the grants, what do they pay for?"),
    ],
)
def test_what_a_follow_up_refers_to(question: str, refers: Refers, rewritten: str | None) -> None:
    previous = Previous("what did Joe McDermott say about the letter", "Joe McDermott", answered=True)
    followup = resolve(question, previous, names)
    assert followup.refers is refers
    if rewritten is not None:
        assert followup.question == rewritten


def test_without_a_previous_exchange_every_question_stands_alone() -> None:
    assert resolve("why?", None, names).refers is Refers.none


def test_the_store_expires_is_bounded_and_keys_by_user() -> None:
    now = [0.0]
    store = Conversations(ttl=10, max_size=2, clock=lambda: now[0])
    store.put(("c", 1, "alice"), "a")
    store.put(("c", 1, "bob"), "b")
    assert store.get(("c", 1, "alice")) == "a" and store.get(("c", 1, "carol")) is None
    store.put(("c", 1, "carol"), "c")  # over the bound: the least recently used (bob) goes
    assert store.get(("c", 1, "bob")) is None and len(store) == 2
    now[0] = 11.0
    assert store.get(("c", 1, "alice")) is None  # expired


def test_follow_ups_in_a_conversation(engine: Engine) -> None:
    first = engine.ask("who said press stunt")
    more = engine.ask("what else did he say?", context=first)
    assert more.kind == "quotes" and more.quote is not None and more.quote.id != first.quote.id  # type: ignore[union-attr]
    check = engine.ask("is that a direct quote?", context=more)
    assert check.text.startswith("Yes: those are Joe McDermott's words")
    source = engine.ask("source?", context=more)
    assert source.kind == "source" and "paragraph 6" in source.text
    who = engine.ask("who's that?", context=more)
    assert who.kind == "person" and who.speaker == "Joe McDermott"


def test_an_ellipsis_reuses_the_previous_question(engine: Engine) -> None:
    first = engine.ask("what did Mitch Landrieu say about the meeting?")
    second = engine.ask("and de Blasio?", context=first)
    assert second.answered and "de Blasio" in second.plain_text() and second.question == "and de Blasio?"


def test_a_standalone_question_ignores_the_context(engine: Engine) -> None:
    first = engine.ask("who said press stunt")
    alone = engine.ask("how many jurisdictions got letters?", context=first)
    assert alone.answered and "23" in alone.text and alone == engine.ask("how many jurisdictions got letters?")


def test_a_paraphrase_is_not_called_a_direct_quote(engine: Engine) -> None:
    first = engine.ask("does the county ask people in jail about their immigration status?")
    check = engine.ask("is that a direct quote?", context=first)
    assert check.text.startswith("No: that is the article's paraphrase of Joe McDermott")


def test_a_two_part_message_resolves_its_pronoun_itself_not_from_the_context(engine: Engine) -> None:
    durkan = engine.who_said("a fight that donald trump will lose")
    answer = engine.ask("who is the president of the conference of mayors and what did he say", context=durkan)
    assert "Durkan" not in answer.plain_text() and "Landrieu" in answer.plain_text()


def test_and_another_person_after_a_quote_asks_what_they_said(engine: Engine) -> None:
    durkan = engine.ask('who said "a fight that donald trump will lose"')
    answer = engine.ask("and Landrieu?", context=durkan)
    assert answer.speaker == "Mitch Landrieu" and answer.kind == "quotes"


def test_they_and_their_are_not_taken_for_the_previous_person(engine: Engine) -> None:
    landrieu = engine.ask("who is landrieu")
    answer = engine.ask("the county asks people about their immigration status, right?", context=landrieu)
    assert answer.premise is not None and answer.premise.startswith("The article says otherwise")


def test_who_said_that_after_a_quote_check_of_new_words(engine: Engine) -> None:
    first = engine.ask("who said pick and choose?")
    check = engine.ask('is "press stunt" a direct quote?', context=first)
    who = engine.ask("who said that?", context=check)
    assert who.text.startswith("That was Joe McDermott")


def test_a_medium_the_article_doesnt_give(engine: Engine) -> None:
    first = engine.ask("who said pick and choose?")
    answer = engine.ask("was that in a tweet?", context=first)
    assert not answer.answered and answer.text.startswith("The article doesn't say how Sarah Huckabee Sanders")


def test_an_ellipsis_replaces_the_whole_name_as_asked(engine: Engine) -> None:
    first = engine.ask("what did de Blasio tweet?")
    answer = engine.ask("and Durkan?", context=first)
    assert answer.speaker == "Jenny Durkan" and (answer.premise is None or "Blasio" not in answer.premise)


def test_a_bare_what_else_without_a_person_is_more_of_the_same_question() -> None:
    previous = Previous("how many jurisdictions got letters", None, answered=True)
    assert resolve("what else?", previous, names) == resolve("anything else?", previous, names)
    assert resolve("what else?", previous, names).refers is Refers.more_facts
    assert resolve("what else?", Previous("q", None, answered=False), names).refers is Refers.none


def test_what_else_after_a_fact_is_the_next_fact_for_that_question(engine: Engine) -> None:
    first = engine.ask("what are the lawsuits about")
    more = engine.ask("what else?", context=first)
    assert more.answered and more.kind == "fact" and more.fact_id not in (None, first.fact_id)


def test_a_short_question_leaning_on_the_previous_one_is_asked_with_it(engine: Engine) -> None:
    first = engine.ask("when was the meeting?")
    with_whom = engine.ask("who was it with?", context=first)
    assert with_whom.answered and "Trump" in with_whom.plain_text() and with_whom.question == "who was it with?"
    assert not engine.ask("who was it with?").answered  # alone, it says nothing


def test_a_leaning_question_is_not_answered_with_the_previous_answer_again(engine: Engine) -> None:
    first = engine.ask("what does the other side say?")
    again = engine.ask("who are they exactly?", context=first)
    assert again.fact_id != first.fact_id


def test_how_did_she_say_it_gives_the_medium(engine: Engine) -> None:
    first = engine.who_said("a fight that donald trump will lose")
    how = engine.ask("how did she say it, press conference?", context=first)
    # the medium offered to be confirmed is corrected first, then the words again
    assert how.premise == "Jenny Durkan said this in a statement, not at a press conference."
    assert how.answered and how.quote is not None and how.quote.speaker == "Jenny Durkan"
    plain_how = engine.ask("how did she say it?", context=first)
    assert plain_how.text == "Jenny Durkan said this in a statement."


def test_the_full_quote_of_the_previous_answer(engine: Engine) -> None:
    first = engine.who_said("using cities as political props")
    whole = engine.ask("what was the full quote", context=first)
    assert whole.quote is not None and first.quote is not None and whole.quote.id == first.quote.id
    assert whole.quote.text.endswith("has made this meeting untenable.") and whole.text.startswith("The whole quote")


def test_a_person_the_previous_question_named_is_who_a_pronoun_means(engine: Engine) -> None:
    first = engine.ask("Did Sessions mention any specific crimes?")
    said = engine.ask("what did he say exactly?", context=first)
    assert said.speaker == "Jeff Sessions" or "Sessions" in said.plain_text()


def test_words_in_single_quotes_are_checked_as_quoted_words(engine: Engine) -> None:
    first = engine.ask("what did sarah huckabee sanders say about sanctuary cities")
    part = engine.ask("is the 'very clear' part a direct quote?", context=first)
    assert part.text.startswith("No: that part is the article's paraphrase of Sarah Huckabee Sanders")
    mcdermott = engine.ask("what did mcdermott say")
    never = engine.ask("is 'very clear' a direct quote?", context=mcdermott)
    assert never.text.startswith("No: the article doesn't print") and never.quote is None  # no near match shown
    sessions = engine.ask("what does sessions think about sanctuary city policies")
    line = engine.ask("is the 'enough is enough' line a direct quote?", context=sessions)
    assert line.text.startswith("Yes: those are Jeff Sessions's words")


def test_what_else_never_claims_a_quote_of_someone_the_article_does_not_quote(engine: Engine) -> None:
    first = engine.ask("when was the meeting with trump?")
    more = engine.ask("what else?", context=first)
    assert "quoted" not in more.text
    assert more.quote is None or more.quote.speaker != "Donald Trump"


def test_what_else_says_when_every_quote_was_shown_and_does_not_loop(engine: Engine) -> None:
    first = engine.ask("what did durkin say")
    assert first.kind == "quotes" and first.more_quotes  # both of Durkan's quotes shown
    more = engine.ask("what else did she say?", context=first)
    assert more.text.startswith("That is all: the article quotes Jenny Durkan 2 times")
    again = engine.ask("what else did she say?", context=more)
    assert again.text == more.text


def test_what_else_did_she_say_after_an_answer_about_no_one_asks_who(engine: Engine) -> None:
    nothing = engine.who_said("pik and chose")
    assert not nothing.answered
    answer = engine.ask("what else did she say?", context=nothing)
    assert not answer.answered and "don't know who you mean" in answer.text


def test_a_verb_phrase_after_a_name_is_not_taken_for_a_title(engine: Engine) -> None:
    answer = engine.ask("per landrieu, going after mayors of welcoming cities is the same as going after who")
    assert answer.premise is None and "everyone" in answer.plain_text() + (answer.quote.text if answer.quote else "")
    premise = engine.ask("what did Landrieu as chicago mayor say").premise
    assert premise is not None and premise.endswith("not chicago mayor.")  # a real wrong title still is


@pytest.mark.parametrize(
    ("first", "check"),
    [
        ("what did de Blasio say?", "did he really say that it makes us safer?"),  # he said it doesn't
        ("what did de Blasio say?", 'is "make us safer" a direct quote?'),
        ("what did Durkan say?", "did she really say that Trump will win?"),
        ("what did Sessions say?", "did he really say that we allow people to pick laws?"),
        ("what did Landrieu say?", 'is "tenable" a direct quote?'),  # he said "untenable"
    ],
)
def test_a_quote_check_never_confirms_or_attributes_words_the_article_does_not_print(
    engine: Engine, first: str, check: str
) -> None:
    answer = engine.ask(check, context=engine.ask(first))
    assert "exactly" not in answer.text and "paraphrase of" not in answer.text, answer.text


@pytest.mark.parametrize(
    ("previous", "question", "rewritten"),
    [
        ("was texas one of them?", "and massachusetts?", "was massachusetts one of them?"),
        (
            "is new mexico among the places that got letters",
            "what about Vermont?",
            "is vermont among the places that got letters",
        ),
        ("what are the lawsuits in chicago about", "and philadelphia?", "what are the lawsuits in philadelphia about"),
    ],
)
def test_another_place_in_an_elliptical_follow_up_takes_the_previous_place(
    previous: str, question: str, rewritten: str
) -> None:
    followup = resolve(question, Previous(previous, None, answered=True), names)
    assert followup.refers is Refers.rewrite and followup.question == rewritten


def test_a_non_place_ellipsis_still_adds_its_words_to_the_previous_question() -> None:
    followup = resolve("and the grants?", Previous("was texas one of them?", None, answered=True), names)
    assert followup.question == "was texas one of them the grants"


def test_a_chain_of_elliptical_follow_ups_builds_on_the_question_as_rebuilt(engine: Engine) -> None:
    first = engine.ask("is new mexico one of the states with a jurisdiction that got a letter?")
    second = engine.ask("and massachusetts?", context=first)
    third = engine.ask("what about vermont", context=second)
    assert second.answered and "Massachusetts" in second.text
    # "what about vermont" is asked of the rebuilt question, not of the bare "and massachusetts?"
    assert second.extra["asked"] == "is massachusetts one of the states with a jurisdiction that got a letter?"
    assert third.extra["asked"] == "is vermont one of the states with a jurisdiction that got a letter?"
    assert third.answered and "Vermont" in third.text


def test_a_medium_offered_to_be_confirmed_is_corrected(engine: Engine) -> None:
    first = engine.who_said("the fight to protect our citizens in all of King County continues")
    answer = engine.ask("was it in a tweet?", context=first)
    assert answer.premise == "Jenny Durkan said this in a statement, not on Twitter."
    assert answer.quote is not None and answer.quote.id == first.quote.id  # then the words again
    presupposed = engine.ask("In her tweet, what did Durkan say Seattle had made the case for?")
    assert presupposed.premise is not None and "statement" in presupposed.premise


@pytest.mark.parametrize("question", ["and hes mayor of where again?", "whats his name", "his name again?"])
def test_his_name_or_office_asked_back_is_the_previous_person(engine: Engine, question: str) -> None:
    first = engine.ask("how did de blasio announce he was skipping the meeting")
    answer = engine.ask(question, context=first)
    assert answer.kind == "person" and answer.extra.get("person_id") == "bill-de-blasio"


def test_a_medium_asked_of_a_description_never_jumps_to_someone_elses_words(engine: Engine) -> None:
    card = engine.ask("who is jeff sessions?")
    answer = engine.ask("was that a tweet or what", context=card)
    assert not answer.answered and "described Jeff Sessions" in answer.text
    told = engine.ask("was that on twitter?", context=engine.ask("what did de blasio do"))
    assert told.text.startswith("Yes: Bill de Blasio said this on Twitter.")


def test_another_platform_is_not_twitter(engine: Engine) -> None:
    first = engine.ask("what did de blasio tweet")
    assert (
        engine.ask("was it on facebook?", context=first).premise
        == "Bill de Blasio said this on Twitter, not on Facebook."
    )
    given = engine.ask("He said that on Facebook, right?", context=first)
    assert given.premise == "Bill de Blasio said this on Twitter, not on Facebook."


def test_a_one_word_afterthought_is_part_of_the_follow_up(engine: Engine) -> None:
    first = engine.ask("what did jenny durkan say about the letter")
    answer = engine.ask("how did she say it? interview?", context=first)
    assert answer.premise == "Jenny Durkan said this in a statement, not in an interview."


def test_and_with_a_new_question_about_the_same_person(engine: Engine) -> None:
    first = engine.who_said("it's a fight that Donald Trump will lose")
    answer = engine.ask("and what was she before that?", context=first)
    assert answer.kind == "person" and answer.extra.get("person_id") == "jenny-durkan"


def test_when_after_a_quote_is_the_day_the_article_gives_for_it(engine: Engine) -> None:
    first = engine.who_said("enough is enough")
    answer = engine.ask("when?", context=first)
    assert answer.text == "Jeff Sessions said it on Wednesday, as the article reports."
    assert answer.source is not None and answer.source.paragraphs == (21,)


def test_a_medium_asked_in_other_words_or_taken_as_given(engine: Engine) -> None:
    first = engine.ask("What did Landrieu say about the meeting?")
    asked = engine.ask("was that a tweet or what", context=first)
    assert asked.premise == "Mitch Landrieu said this in a statement, not on Twitter." and asked.text == first.text
    given = engine.ask("He wrote this on Twitter, yes?", context=first)
    assert given.premise == "Mitch Landrieu said this in a statement, not on Twitter."
    assert given.text == first.text  # then what the article does say, sourced
    assert given.source == first.source


@pytest.mark.parametrize(
    ("question", "refers"),
    [
        ("did he tweet that?", Refers.medium),
        ("who says so", Refers.who_said),
        ("for how long?", Refers.rewrite),
        ("why them?", Refers.rewrite),
        ("but?", Refers.full_quote),
        ("what else was in the statement?", Refers.full_quote),
        ("and what did he add after that?", Refers.more_quotes),
        ("what's his title?", Refers.who),
        ("mayor of which city?", Refers.who),
        ("which city?", Refers.who),
        ("is that his exact wording?", Refers.quote_check),
    ],
)
def test_more_short_forms_of_follow_ups(question: str, refers: Refers) -> None:
    previous = Previous("what did Joe McDermott say about the letter", "Joe McDermott", answered=True)
    assert resolve(question, previous, names).refers is refers


def test_whether_something_is_one_of_them_is_settled_by_the_previous_answer(engine: Engine) -> None:
    first = engine.ask("how many jurisdictions call themselves welcoming cities")
    answer = engine.ask("is king county one of them", context=first)
    assert answer.fact_id == first.fact_id and "dozens" in answer.text


def test_a_prepositional_fragment_asks_for_a_detail_of_the_previous_passage(engine: Engine) -> None:
    first = engine.ask("what did the doj ramp up on wednesday")
    answer = engine.ask("on who?", context=first)
    assert answer.answered and "sanctuary" in answer.text
    # A new question with no words of its own is not sent back to the same passage.
    other = engine.ask("who are they exactly?", context=engine.ask("what does the other side say?"))
    assert not other.answered


def test_who_someone_works_for_is_their_role(engine: Engine) -> None:
    answer = engine.ask("who does Sarah Huckabee Sanders work for")
    assert answer.kind == "person" and "Trump" in answer.text


def test_was_it_a_tweet_checks_the_medium_of_the_previous_answers_words(engine: Engine) -> None:
    first = engine.ask("Who said Trump will lose?")
    answer = engine.ask("was it a tweet?", context=first)
    assert answer.premise is not None and answer.premise.startswith("Jenny Durkan said this in a statement")


def test_and_another_place_after_an_office_does_not_give_the_first_places_holder(engine: Engine) -> None:
    first = engine.ask("Who is the mayor of Seattle?")
    answer = engine.ask("and King County?", context=first)
    assert not answer.answered and "doesn't name the mayor of King County" in answer.text


def test_the_source_of_someones_words_says_whose_and_how_given(engine: Engine) -> None:
    tweet = engine.ask("did de blasio call the DOJ move racist?")
    assert engine.ask("source?", context=tweet).text.endswith("Bill de Blasio said this on Twitter.")
    claim = engine.ask("does king county ask people about their immigration status?")
    assert engine.ask("says who?", context=claim).text.endswith("According to Joe McDermott.")
    reporting = engine.ask("how many jurisdictions got letters?")
    assert "said this" not in engine.ask("source?", context=reporting).text  # the article's own reporting


def test_a_quote_check_says_how_the_words_were_given(engine: Engine) -> None:
    statement = engine.ask("What did Mayor Durkan say about the letter?")
    checked = engine.ask("is that a direct quote?", context=statement)
    assert "— Jenny Durkan, in a statement (paragraph" in checked.text


def test_but_after_part_of_a_quote_gives_the_rest_of_it(engine: Engine) -> None:
    first = engine.ask("did sanders say the white house wants to work with the mayors?")
    rest = engine.ask("but?", context=first).quote
    assert rest is not None and "pick and choose" in rest.text


@pytest.mark.parametrize(
    ("previous", "question", "rebuilt"),
    [
        ("Where are lawsuits pending over the grant money?", "what are they about?", "what are lawsuits about"),
        (
            "do defenders of sanctuary cities agree?",
            "how do they figure that?",
            "how do defenders of sanctuary cities figure that",
        ),
        (
            "what's the name of the federal statute the DOJ keeps citing?",
            "ok, what does it require then?",
            "ok what does the federal statute require then",
        ),
        ("what did mcdermott call the letter?", "why did he call it that", None),  # "it" is not McDermott
        ("Are there lawsuits pending?", "what are they about?", "what are lawsuits about"),
        ("What's the name of the federal statute?", "what does it require?", "what does the federal statute require"),
        (
            "Who heads the U.S. Conference of Mayors?",
            "who is its president?",
            "who is the president of the us conference of mayors",
        ),
        ("who said that?", "what is it", None),  # no subject to point at
    ],
)
def test_a_pointer_takes_the_previous_questions_subject(previous: str, question: str, rebuilt: str | None) -> None:
    from bot.engine.followup import with_previous_subject

    assert with_previous_subject(question, previous) == rebuilt


def test_they_after_a_question_about_lawsuits_asks_about_the_lawsuits(engine: Engine) -> None:
    first = engine.ask("Where are lawsuits pending over the grant money?")
    assert "overstepped its authority" in engine.ask("what are they about?", context=first).text


def test_its_office_after_a_question_about_a_body_is_that_bodys(engine: Engine) -> None:
    first = engine.ask("Who heads the U.S. Conference of Mayors?")
    assert engine.ask("who is its president?", context=first).extra.get("person_id") == "mitch-landrieu"


def test_a_pointer_after_what_the_article_does_not_name_still_finds_the_thing(engine: Engine) -> None:
    first = engine.ask("What's the name of the federal statute?")
    assert first.kind == "not-stated"
    assert "information-sharing" in engine.ask("what does it require?", context=first).text


@pytest.mark.parametrize("question", ["what's his title?", "what did he say?", "what did she add?"])
def test_a_pronoun_with_no_one_named_and_nothing_before_is_not_guessed(engine: Engine, question: str) -> None:
    answer = engine.ask(question)
    assert not answer.answered and answer.text.startswith("I don't know who you mean")
    # In a conversation the same words are about the previous answer's person.
    first = engine.ask("who is joe mcdermott")
    assert "McDermott" in engine.ask(question, context=first).plain_text()


def test_shes_resolves_to_the_previous_speaker_whose_office_is_then_checked(engine: Engine) -> None:
    first = engine.who_said("there can be no laws and nothing matters")
    answer = engine.ask("so she's the attorney general?", context=first)
    assert answer.premise is not None and answer.premise.startswith("Sarah Huckabee Sanders is ")
    # who does hold the office is named in the correction, and the answer is about her, not him
    assert answer.premise.endswith("not attorney general (that is Jeff Sessions).") and answer.kind == "person"
    assert "Sessions" not in answer.text


def test_a_request_to_confirm_a_reply_gives_its_source(engine: Engine) -> None:
    first = engine.ask("how many places got letters?")
    answer = engine.ask("is that right?", context=first)
    assert answer.kind == "source" and answer.source == first.source


def test_a_medium_taken_as_given_that_the_article_never_gives_is_said_so(engine: Engine) -> None:
    first = engine.ask("what did mcdermott call the letter?")
    answer = engine.ask("so he tweeted it?", context=first)
    assert answer.premise == "The article doesn't say Joe McDermott said this on Twitter; it gives no medium for it."
    asked = engine.ask("did he tweet it?", context=first)  # asked, not taken as given: no correction
    assert asked.premise is None and asked.text.startswith("The article doesn't say how Joe McDermott said this")


def test_a_medium_asked_of_a_person_a_reply_named_without_quoting_is_their_words(engine: Engine) -> None:
    first = engine.ask("did seattle get a letter too?")
    assert first.quote is None
    answer = engine.ask("so she tweeted that?", context=first)
    assert answer.premise == "Jenny Durkan said this in a statement, not on Twitter."
    nobody = engine.ask("was that in a tweet?", context=engine.ask("how many places got letters?"))
    assert not nobody.answered and nobody.text == "My last reply didn't quote anyone."


def test_a_preposition_asked_of_the_reply_gives_its_sentence_with_what_follows(engine: Engine) -> None:
    first = engine.ask("What did the Justice Department do on Wednesday?")
    answer = engine.ask("to whom?", context=first)
    assert answer.text.startswith("It sent letters to King County") and answer.source == first.source
    told = engine.ask("what are sanctuary cities being told they may have to prove?")
    echoed = engine.ask("cooperating with who?", context=told)
    assert "cooperating with federal immigration authorities" in echoed.text


def test_a_word_of_the_reply_asked_back_gives_its_sentence(engine: Engine) -> None:
    first = engine.ask("What does the DOJ want the jurisdictions to hand over?")
    answer = engine.ask("showing what?", context=first)
    assert answer.fact_id == first.fact_id and "withholding information" in answer.text
    about = engine.ask(
        "about whom?", context=engine.ask("What information are the feds accusing places of withholding?")
    )
    assert "people in its custody" in about.text
    # a word the reply never uses is a new question, not an echo
    assert engine.ask("boycotting what?", context=first).fact_id != first.fact_id


def test_a_place_in_lower_case_after_a_reply_that_never_names_it_is_a_doesnt_say(engine: Engine) -> None:
    first = engine.ask("where are lawsuits pending over the grant money?")
    answer = engine.ask("and new york?", context=first)
    assert not answer.answered and answer.text.startswith("The article doesn't say that about New York.")
    # a longer place the list lacks is not the shorter one it holds ("new england" is no "England")
    states = engine.ask("which new england states had places that got letters")
    assert states.answered and "England" not in states.text


def test_a_medium_asked_of_a_persons_words_after_their_description(engine: Engine) -> None:
    card = engine.ask("who is sanders?")
    answer = engine.ask("so she tweeted that?", context=card)
    assert answer.text.startswith("The article doesn't say how Sarah Huckabee Sanders said this")
    assert "Trump" not in answer.text


def test_doubting_a_reply_gives_its_source_and_the_clarified_sentence_is_whole(engine: Engine) -> None:
    first = engine.ask("how many places got letters?")
    assert engine.ask("are you sure about that?", context=first).kind == "source"
    topics = engine.ask("what were the mayors going to discuss with trump?")
    whom = engine.ask("with whom?", context=topics)
    assert whom.text.startswith("Members of the U.S. Conference of Mayors")  # not cut after "U.S."


def test_a_medium_asked_by_the_previous_speakers_name_is_about_their_words(engine: Engine) -> None:
    first = engine.ask("what did the white house say?")
    answer = engine.ask("so sanders tweeted that?", context=first)
    assert answer.premise == (
        "The article doesn't say Sarah Huckabee Sanders said this on Twitter; it gives no medium for it."
    )
    assert "Trump" not in answer.text


def test_a_doubt_and_a_request_for_the_source_together_give_the_source(engine: Engine) -> None:
    first = engine.ask("what did mcdermott say?")
    answer = engine.ask("is that right? where does it say that?", context=first)
    assert answer.kind == "source" and answer.source == first.source


def test_that_was_someone_right_is_checked_against_whose_words_they_were(engine: Engine) -> None:
    first = engine.who_said("who said people can't pick and choose what laws they follow?")
    wrong = engine.ask("that was sessions, right?", context=first)
    assert wrong.premise == "It was Sarah Huckabee Sanders, not Jeff Sessions, who said that."
    assert wrong.quote is not None and wrong.quote.speaker == "Sarah Huckabee Sanders"
    right = engine.ask("so sanders said that?", context=first)
    assert right.premise is None and right.text.startswith("Yes: that was Sarah Huckabee Sanders")
    # words that name no one of the article are no speaker to check
    assert engine.ask("was that a statement?", context=first).premise is None


def test_another_number_after_a_count_is_corrected(engine: Engine) -> None:
    first = engine.ask("how many jurisdictions got the letters?")
    answer = engine.ask("really? i read it was 32", context=first)
    assert answer.premise == "The article says 23, not 32." and "23 jurisdictions" in answer.text
    assert engine.ask("really? 23?", context=first).premise is None


def test_its_after_what_kind_of_organization_is_the_organization(engine: Engine) -> None:
    first = engine.ask("What kind of organization is the U.S. Conference of Mayors?")
    answer = engine.ask("who's its president?", context=first)
    assert answer.kind == "person" and "Landrieu" in answer.text


def test_an_abstention_keeps_the_person_before_it_for_the_next_pronoun(engine: Engine) -> None:
    first = engine.ask("what was de blasio's tweet")
    missed = engine.ask("how many followers does he have?", context=first)
    assert not missed.answered
    after = engine.ask("what does he say the move violates?", context=missed)
    assert after.answered and "de blasio" in after.plain_text().lower()
    # the source of an abstention is still none: only the person is carried
    assert "no source to show" in engine.ask("source?", context=missed).text


def test_what_was_he_talking_about_after_a_quote_is_the_sentence_reporting_it(engine: Engine) -> None:
    first = engine.who_said("who said 'enough is enough'?")
    answer = engine.ask("what was he talking about?", context=first)
    assert answer.kind == "fact" and "sanctuary-city" in answer.text
    assert answer.quote is not None and answer.quote.id == first.quote.id  # type: ignore[union-attr]


def test_what_about_his_spokeswoman_asks_the_same_of_the_persons_spokeswoman(engine: Engine) -> None:
    first = engine.ask("what did trump himself say about the boycott?")
    assert not first.answered and "doesn't quote Donald Trump" in first.text
    answer = engine.ask("what about his spokeswoman?", context=first)
    assert answer.answered and "Sanders" in answer.text and "doesn't quote" not in answer.text


def test_what_was_he_talking_about_after_who_he_is_gives_his_quotes(engine: Engine) -> None:
    first = engine.ask("who called it a racist assault?")
    answer = engine.ask("what was he talking about?", context=first)
    assert answer.speaker == "Bill de Blasio" and answer.quote is not None


def test_when_did_she_say_that_after_a_quote_gives_the_day(engine: Engine) -> None:
    first = engine.who_said("who said trump will lose?")
    answer = engine.ask("when did she say that?", context=first)
    assert answer.answered and "Wednesday" in answer.text


def test_two_requests_for_the_source_are_one(engine: Engine) -> None:
    first = engine.ask("does king county ask people about their immigration status?")
    source = engine.ask("where does it say that? which paragraph?", context=first)
    assert source.kind == "source" and "paragraph 8" in source.text
    # the person of the answer the source was about stays for the next pronoun
    after = engine.ask("ok and which county is he from?", context=source)
    assert after.kind == "person" and "King County" in after.text


def test_anything_else_from_him_asks_for_more_of_his_words(engine: Engine) -> None:
    first = engine.ask("what did landrieu say?")
    answer = engine.ask("Anything else from him?", context=first)
    assert answer.kind == "quotes" and answer.speaker == "Mitch Landrieu"


def test_first_name_the_account_tagged_and_or_else_what(engine: Engine) -> None:
    copied = engine.ask("Which mayor was copied on King County's letter?")
    assert "Jenny" in engine.ask("first name?", context=copied).plain_text()
    how = engine.ask("how did de blasio say he would skip the meeting?")
    tagged = engine.ask("who did he tag?", context=how)
    assert tagged.quote is not None and "@realDonaldTrump" in tagged.quote.text
    wanted = engine.ask("wat does DOJ want the jurisdictions to prove")
    assert "subpoena" in engine.ask("or else what", context=wanted).plain_text()


def test_who_are_these_defenders_after_a_fact_of_two_views_names_no_one(engine: Engine) -> None:
    first = engine.ask("What do defenders say sanctuary-city practices do?")
    how = engine.ask("how?", context=first)
    who = engine.ask("who are these defenders?", context=how)
    assert not who.answered and who.text.startswith("The article doesn't say who the defenders")
    assert "paraphrase of defenders" in engine.ask("is that a quote?", context=who).text


def test_their_role_after_a_question_naming_a_body_is_that_bodys(engine: Engine) -> None:
    previous = Previous(
        "How did members of the U.S. Conference of Mayors feel about it?", "Donald Trump", answered=True
    )
    followup = resolve("who is their president", previous, names)
    assert followup.question == "who is the president of the U.S. Conference of Mayors?"
    first = engine.ask("How did members of the U.S. Conference of Mayors feel about the DOJ move?")
    assert engine.ask("who is their president", context=first).speaker == "Mitch Landrieu"
    # "his" is the previous person's, not a body's
    assert resolve("who is his president", previous, names).refers is not Refers.rewrite or "Conference" not in (
        resolve("who is his president", previous, names).question
    )


@pytest.mark.parametrize(
    ("first", "question"),
    [
        ("who was supposed to meet trump on wednesday", "who's the president of that group"),
        ("which group were the boycotting mayors part of?", "who leads it"),
    ],
)
def test_the_leader_of_a_body_the_previous_answer_named(engine: Engine, first: str, question: str) -> None:
    answer = engine.ask(question, context=engine.ask(first))
    assert answer.kind == "person" and "Landrieu" in answer.plain_text()


@pytest.mark.parametrize(
    ("question", "previous", "rebuilt"),
    [
        ("is seattle one?", "whats a welcoming city", "is seattle a welcoming city?"),
        (
            "so is King County one too?",
            'what does the article mean by a "welcoming city"?',
            "is king county a welcoming city?",
        ),
        ("is it the only one?", "whats a welcoming city", None),  # no thing named
        ("is king county one of them?", "whats a welcoming city", None),  # a member of what the answer lists
    ],
)
def test_is_x_one_asks_whether_x_is_of_the_kind_the_previous_question_asked_about(
    question: str, previous: str, rebuilt: str | None
) -> None:
    from bot.engine.followup import one_of_kind

    assert one_of_kind(question, previous) == rebuilt


def test_is_x_one_is_answered_about_x_as_of_that_kind(engine: Engine) -> None:
    first = engine.ask("whats a welcoming city")
    answer = engine.ask("is seattle one?", context=first)
    assert answer.answered and "remain a welcoming city" in answer.text, answer.text


def test_and_if_they_dont_after_a_demand_is_what_follows_it(engine: Engine) -> None:
    demand = engine.ask("what do the letters ask for?")
    assert demand.fact_id == "documents-sought"
    follows = engine.ask("and if they don't?", context=demand)
    assert follows.fact_id == "subpoena-threat" and follows.source is not None
    # an ellipsis whose rest is a question of its own is asked as that question
    other = engine.ask("and who's the attorney general?", context=engine.ask("what happens if they don't comply?"))
    assert "Sessions" in other.plain_text()


def test_whom_a_person_is_accusing_is_answered_with_their_words(engine: Engine) -> None:
    first = engine.ask("what did de blasio write?")
    accusing = engine.ask("who's he blaming?", context=first)
    assert accusing.kind == "quotes" and accusing.speaker == "Bill de Blasio"
    assert accusing.quote is not None and "Department of Justice" in accusing.quote.text
    # a claim the article reports of whom someone blamed stays that claim
    assert engine.ask("who did sessions blame for crime?").kind == "fact"


def test_short_follow_ups_in_readers_word_order(engine: Engine) -> None:
    landrieu = engine.ask("Who is the president of the U.S. Conference of Mayors?")
    where = engine.ask("mayor of where?", context=landrieu)
    assert where.kind == "person" and "New Orleans" in where.text
    sessions = engine.ask("what did sessions say in his statement?")
    when = engine.ask("he say it when?", context=sessions)
    assert "Wednesday" in when.text


def test_its_office_said_of_someone_is_asked_of_the_previous_bodys_holder() -> None:
    previous = Previous("what were members of the U.S. Conference of Mayors angry about?", None, answered=True)
    followup = resolve("its president is the mayor of chicago, right?", previous, names)
    assert followup.refers is Refers.rewrite
    assert followup.question == "the president of the U.S. Conference of Mayors is the mayor of chicago right?"
    assert resolve("and who's the attorney general?", previous, names).refers is Refers.none


def test_thats_the_role_talking_offers_the_replys_person_in_that_role(engine: Engine) -> None:
    first = engine.ask("how did king county take it?")
    wrong = engine.ask("that's the county executive talking, yes?", context=first)
    assert wrong.premise is not None and "Council Chairman" in wrong.premise
    right = engine.ask("that's the council chairman talking, right?", context=first)
    assert right.answered and right.premise is None


def test_a_source_of_several_paragraphs_says_which_prints_the_quote(engine: Engine) -> None:
    first = engine.ask("what did durkan say about the letter?")
    assert first.quote is not None and first.source is not None and len(first.source.paragraphs) > 1
    source = engine.ask("source?", context=first)
    assert f"(paragraph {first.quote.paragraph})" in source.text
    cited = source.text.split(" of “", 1)[0]
    assert all(f"paragraph {n}" in cited for n in first.source.paragraphs)  # "paragraph 10 and paragraph 11"


def test_a_readers_memory_of_the_speaker_is_checked(engine: Engine) -> None:
    first = engine.who_said("we cannot allow people to pick and choose what laws they want to follow")
    wrong = engine.ask("I think that was Sessions actually", context=first)
    assert wrong.premise == "It was Sarah Huckabee Sanders, not Jeff Sessions, who said that."
    office = engine.ask("Which mayor is the president of the U.S. Conference of Mayors?")
    holder = engine.ask("no wait, I thought that was de Blasio?", context=office)
    assert holder.premise == "It is Mitch Landrieu, not Bill de Blasio."


def test_a_source_request_naming_something_gives_its_source(engine: Engine) -> None:
    first = engine.ask("did Trump himself say anything about it?")
    named = engine.ask("source for the pick and choose part?", context=first)
    assert named.kind == "source" and "paragraph 18" in named.text
    letters = engine.ask("When were the letters sent?")
    same = engine.ask("which paragraph says when the letters went out?", context=letters)
    assert same.fact_id == letters.fact_id  # the words it names are the previous answer's
    text = engine.ask("where's the defenders' argument in the text?", context=letters)
    assert text.kind == "source" and "defenders" in text.text and "paragraph 22" in text.text


def test_is_that_a_direct_quote_shows_the_articles_words(engine: Engine) -> None:
    funding = engine.ask("does king county still have its federal funding?")
    paraphrase = engine.ask("is that a direct quote from him?", context=funding)
    assert "paraphrase of Joe McDermott" in paraphrase.text and "remain intact" in paraphrase.text
    announced = engine.ask("Where did New York Mayor Bill de Blasio announce his boycott of the White House meeting?")
    wording = engine.ask("exact wording?", context=announced)
    assert "I will NOT be attending" in wording.text and "Bill de Blasio" in wording.text


def test_which_mayor_is_that_and_a_doubt_with_what_the_reader_read(engine: Engine) -> None:
    first = engine.ask("what did the mayors' conference president accuse the Trump administration of?")
    who = engine.ask("which mayor is that?", context=first)
    assert who.kind == "person" and "Mitch Landrieu" in who.text
    count = engine.ask("how many jurisdictions got a letter?")
    doubt = engine.ask("are you sure? I read two dozen somewhere", context=count)
    assert doubt.kind == "source" and "23 jurisdictions" in doubt.text


def test_full_quote_after_who_someone_is_and_where_after_a_quote_check(engine: Engine) -> None:
    title = engine.ask("what's sessions' title?")
    whole = engine.ask("full quote pls", context=title)
    assert whole.kind == "quote" and whole.quote is not None and whole.quote.speaker == "Jeff Sessions"
    several = engine.ask("full quote", context=engine.ask("who is durkan"))
    assert several.kind == "quotes" and len([q for q in (several.quote, *several.more_quotes) if q]) == 2
    checked = engine.ask("direct quote?", context=engine.ask("what did mcdermott call the letter?"))
    where = engine.ask("where?", context=checked)
    assert where.kind == "source" and "paragraph 6" in where.text and ".”." not in where.text


def test_an_office_named_with_the_is_the_person_the_previous_answer_names_with_it(engine: Engine) -> None:
    seattle = engine.ask("did seattle get one too?")
    mayor = engine.ask("so what did the mayor do about it?", context=seattle)
    assert "Jenny Durkan" in mayor.text and "statement" in mayor.text
    # the office of no one the previous answer names stays as asked
    count = engine.ask("how many jurisdictions got letters?")
    assert "Durkan" not in engine.ask("what did the sheriff say?", context=count).text


def test_a_claim_of_its_own_after_and_is_checked_not_glued_to_the_last_question(engine: Engine) -> None:
    first = engine.ask("what did de blasio say the DOJ move violates?")
    safer = engine.ask("and he said it makes us safer?", context=first)
    assert safer.premise is not None and "doesn’t make us safer" in safer.premise


def test_and_x_then_a_question_of_it_asks_that_question_of_x(engine: Engine) -> None:
    first = engine.ask("which city in vermont?")
    listed = engine.ask("and Kentucky, was it on the list too?", context=first)
    assert listed.answered and "Kentucky" in listed.text and "which city in vermont" not in listed.text.casefold()


def test_a_medium_offered_alone_is_checked_and_a_new_topic_stands_alone(engine: Engine) -> None:
    first = engine.who_said("Who wrote that the move doesn't make us safer?")
    facebook = engine.ask("on facebook?", context=first)
    assert facebook.premise is not None and "on Twitter, not on Facebook" in facebook.premise
    statement = engine.ask("in a statement?", context=engine.ask("what did durkan say"))
    assert statement.premise is None and statement.text.startswith("Yes")
    # "diff question, ..." asks anew: the previous reply's person is not carried into it
    durkan = engine.ask("what did durkan say")
    new = engine.ask("ok different thing: who is he?", context=durkan)
    assert not new.answered and "Durkan" not in new.text
    lawsuits = engine.ask("diff question, which cities already have lawsuits over the grants?", context=durkan)
    assert lawsuits.answered and "Philadelphia" in lawsuits.text
