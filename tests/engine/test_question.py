"""Reading a message into a typed question, and the checks the engine makes with it."""

from __future__ import annotations

import re

import pytest

from bot.engine.answers import Engine
from bot.engine.premises import has_detail, names_noun, negated_stems, numbers_in
from bot.engine.question import Asks, Detail, quoted_fragment, read, sentences, split_parts


def test_sentences_keep_abbreviations_and_quoted_passages_whole() -> None:
    text = 'I read it. The U.S. Attorney said "We won. Really." Why did Gov. Smith leave?'
    assert sentences(text) == ["I read it.", 'The U.S. Attorney said "We won. Really."', "Why did Gov. Smith leave?"]


def test_the_question_is_found_after_a_preamble() -> None:
    message = (
        "Hi, I live in Kent and my neighbour told me about this. I am worried. "
        "English is hard for me. What does the letter ask the county to do?"
    )
    question = read(message)
    assert question.text == "What does the letter ask the county to do?"
    assert question.context == "English is hard for me."
    assert question.message == message


def test_a_message_without_a_question_mark_uses_its_question_sentence() -> None:
    assert read("I am new here. tell me who is the mayor of seattle").text == "tell me who is the mayor of seattle"


@pytest.mark.parametrize(
    ("text", "first", "second"),
    [
        ("who is Durkan and what did she say?", "who is Durkan?", "what did she say?"),
        ("how many places got the letter and which states they are in?", "how many places got the letter?", None),
        (
            "what did mcdermott call the letter, and did he say the county has lost any funding?",
            "what did mcdermott call the letter?",
            "did he say the county has lost any funding?",
        ),
    ],
)
def test_two_part_questions_are_split(text: str, first: str, second: str | None) -> None:
    parts = split_parts(text)
    assert parts[0] == first
    if second is not None:
        assert parts[1] == second


def test_one_question_with_and_stays_whole() -> None:
    assert split_parts("why did mayors and governors react?") == ["why did mayors and governors react?"]
    assert split_parts("did the county and the city say they would sue?") == [
        "did the county and the city say they would sue?"
    ]


def test_a_short_setup_question_joins_the_next_one() -> None:
    question = read("and what about seattle? did it get a letter too")
    assert question.second is None and "seattle" in question.text and "letter" in question.text


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("In what capacity is Jenny Durkan mentioned?", Asks.role),
        ("What does Joe McDermott chair?", Asks.role),
        ("which group does landrieu lead", Asks.role),
        ("How many jobs will Veridane cut?", Asks.number),  # "jobs" is no cue of a role
        ("Is that a direct quote or a paraphrase?", Asks.quote_check),
        ("In what form did Durkan respond: remarks at an event, or something else?", Asks.medium),
        ("how did landrieu make his remarks", Asks.medium),
        ("How does Durkan's view differ from Sanders's?", Asks.comparison),
        ("why did the mayors skip it", Asks.reason),
        ("when were the letters sent", Asks.time),
        ("how many places got letters", Asks.number),
        ("did seattle get a letter", Asks.yes_no),
    ],
)
def test_what_a_question_asks_for(text: str, asks: Asks) -> None:
    assert read(text).asks is asks


@pytest.mark.parametrize(
    ("text", "detail", "noun"),
    [
        ("what time does the meeting start", Detail.clock, None),
        ("in what year did it begin", Detail.year, None),
        ("how much money exactly does king county get", Detail.exact_amount, None),
        ("how much grant money is at stake", Detail.amount, None),
        ("how much will a bus ride cost if they raise fares", Detail.amount, None),
        ("how much extra cash does the school expect", Detail.amount, None),
        ("what is the official name of the grant program", Detail.name, "program"),
        ("which judge hears the chicago case", None, "judge"),
        ("which court would issue the subpoenas", None, "court"),
        ("how long has mcdermott been council chair", Detail.tenure, None),
        ("how long did the strike last", Detail.duration, None),
        ("whats the grant program called", Detail.name, "program"),
        ("in which years did durkan serve as us attorney", Detail.year, None),
        ("whats the name of the group that sued the county", Detail.name, "group"),  # not "that"
    ],
)
def test_the_focus_of_a_question(text: str, detail: Detail | None, noun: str | None) -> None:
    focus = read(text).focus
    assert focus is not None and focus.detail is detail and focus.noun == noun


@pytest.mark.parametrize(
    "text",
    [
        "what time of day was the meeting",
        "what word did he use",
        "which one is it",
        "How much notice must the union give before going on strike?",  # a duration, not money
    ],
)
def test_no_focus_where_nothing_precise_is_asked(text: str) -> None:
    assert read(text).focus is None


def test_presuppositions_media_and_numbers_are_read() -> None:
    question = read("In his tweet, why did he say 32 cities were wrong?")
    assert question.medium == "twitter" and question.numbers == ("32",) and question.presupposes


def test_for_what_offense_takes_its_clause_as_given() -> None:
    assert read("For what offense did the letters threaten to arrest local officials?").presupposes
    assert read("On what grounds did the county refuse?").presupposes
    assert not read("What did the letters threaten?").presupposes


def test_a_threat_asked_for_what_offense_is_corrected(engine: Engine) -> None:
    answer = engine.ask("For what offense did the letters threaten to arrest local officials?")
    assert answer.premise is not None and "subpoenas" in answer.plain_text()


def test_text_checks() -> None:
    assert has_detail(Detail.clock, "at 3 p.m. on Wednesday") and not has_detail(Detail.clock, "Wednesday afternoon")
    assert has_detail(Detail.amount, "millions of dollars") and not has_detail(Detail.exact_amount, "millions")
    assert names_noun("program", "money from the Byrne JAG program") and not names_noun("program", "a grant program")
    assert "ask" in negated_stems("the county doesn't ask people") and numbers_in("23 places, two dozen") == {"23", "2"}


# ------------------------------------------------------------------ the engine's use of it


def test_a_long_message_is_answered_from_its_question(engine: Engine) -> None:
    answer = engine.ask(
        "Good evening. I am from Peru and my husband and me follow the politics a little. "
        "We did not understand why the mayors are angry. Why the mayors not go to meeting?"
    )
    assert answer.answered and answer.fact_id is not None


def test_a_two_part_question_gets_both_answers(engine: Engine) -> None:
    answer = engine.ask("who is Durkan and what did she say?")
    assert answer.answered and answer.also is not None
    assert "Mayor of Seattle" in answer.plain_text() and "legal fight" in answer.plain_text()


def test_a_wrong_speaker_is_corrected(engine: Engine) -> None:
    answer = engine.ask("why did Jeff Sessions call the letter a press stunt?")
    assert answer.premise == "It was Joe McDermott, not Jeff Sessions, who said that."
    assert answer.quote is not None and "press stunt" in answer.quote.text


def test_a_wrong_title_is_corrected(engine: Engine) -> None:
    answer = engine.ask("What did Chicago Mayor Mitch Landrieu say about the letters?")
    assert answer.premise is not None and "New Orleans" in answer.premise and "chicago" in answer.premise


@pytest.mark.parametrize(
    "text",
    [
        "so mcdermott is the king county mayor?",  # "king" is no verb in -ing
        "McDermott is the mayor, right?",  # a present office must be the role's, not the summary's
    ],
)
def test_a_wrong_office_after_the_name_is_corrected(engine: Engine, text: str) -> None:
    answer = engine.ask(text)
    assert answer.premise is not None and answer.premise.startswith(
        "Joe McDermott is the Metropolitan King County Council Chairman"
    )


def test_a_wrong_number_is_corrected(engine: Engine) -> None:
    answer = engine.ask("why did the Justice Department send letters to 32 jurisdictions?")
    assert answer.premise == "The article says 23, not 32."


def test_a_wrong_medium_is_corrected(engine: Engine) -> None:
    answer = engine.ask("In her tweet, what did Durkan say about a legal fight?")
    assert answer.premise is not None and "in a statement, not on Twitter" in answer.premise


def test_a_negated_fact_corrects_the_premise(engine: Engine) -> None:
    answer = engine.ask("why does king county ask everyone in the jail about immigration status?")
    assert answer.premise is not None and answer.premise.startswith("The article says otherwise")


@pytest.mark.parametrize(
    "text",
    ["How many jurisdictions received letters?", "What did Jenny Durkan say?", "who is trump's spokeswoman"],
)
def test_true_premises_are_left_alone(engine: Engine, text: str) -> None:
    answer = engine.ask(text)
    assert answer.answered and answer.premise is None


def test_a_detail_the_article_lacks_is_named(engine: Engine) -> None:
    answer = engine.ask("at what time does the White House meeting with the mayors start?")
    assert not answer.answered and answer.kind == "not-stated"
    assert answer.text.startswith("The article doesn't say at what time.") and answer.source is not None


def test_a_role_in_other_words(engine: Engine) -> None:
    answer = engine.ask("In what capacity is Jenny Durkan mentioned in the article?")
    assert answer.answered and answer.kind == "person" and "Mayor of Seattle" in answer.text


def test_a_paraphrase_is_not_called_a_quote(engine: Engine) -> None:
    answer = engine.ask(
        "Is McDermott's explanation that the county doesn't ask about immigration status"
        " a direct quote or a paraphrase?"
    )
    assert answer.answered and "paraphrase" in answer.text


def test_the_article_summary(engine: Engine) -> None:
    answer = engine.ask("whats this article even about?")
    assert answer.kind == "source" and "23" in answer.text


def test_a_name_the_answer_never_mentions_is_not_taken_as_answered(engine: Engine) -> None:
    pence = engine.ask("Why did the mayors boycott their planned meeting with Vice President Mike Pence?")
    assert not pence.answered and pence.premise is not None and "Mike Pence" in pence.premise
    assert "Trump" in pence.plain_text()  # with what the article does say
    chicago = engine.ask("How did the mayor of Chicago respond to the letters?")
    assert not chicago.answered and chicago.text.startswith("The article doesn't say that about Chicago.")


def test_a_wrong_day_is_corrected(engine: Engine) -> None:
    answer = engine.ask("Why did the Justice Department send the letters on a Monday?")
    assert answer.premise == "The article says Wednesday, not Monday."


def test_a_named_detail_the_entry_lacks(engine: Engine) -> None:
    answer = engine.ask("What was the outcome of the Philadelphia lawsuit over grant money?")
    assert not answer.answered


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        ("why did landrieu as chicago mayor skip the meeting", "chicago mayor"),
        ("why did mcdermott, seattle's mayor, call it a stunt", "seattle mayor"),
        ("What did Durkan, drawing on her years as a federal judge, say about the fight ahead?", "federal judge"),
    ],
)
def test_a_wrong_title_after_the_name_is_corrected(engine: Engine, text: str, wrong: str) -> None:
    answer = engine.ask(text)
    assert answer.premise is not None and re.search(
        rf"in the article, not {re.escape(wrong)}(?: \(that is [^)]+\))?\.$", answer.premise
    )


def test_a_true_title_after_the_name_is_left_alone(engine: Engine) -> None:
    assert engine.ask("what did landrieu, as president of the conference, say").premise is None


@pytest.mark.parametrize(
    "question",
    [
        "is sessions the attorney general?",
        "is landrieu the mayor of new orleans?",
        "was durkan a us attorney?",
        "is durkan a former federal prosecutor?",  # a U.S. Attorney is one
        "is mcdermott the head of the county council?",  # any office that leads it
    ],
)
def test_a_true_office_asked_as_a_yes_no_question_is_left_alone(engine: Engine, question: str) -> None:
    assert engine.ask(question).premise is None


@pytest.mark.parametrize(
    ("question", "told"),
    [
        ("so the county lost its grants?", "intact"),
        ("Why did McDermott say King County's federal grants had been frozen?", "intact"),
        ("so de blasio attended the meeting?", "not attend"),
        # the opposite word in the same frame: "Trump will win" / "Trump will lose"
        (
            "I read that Mayor Durkan said Donald Trump will win the legal fight. Why does she think so?",
            "Trump will lose",
        ),
        ("Why did Sanders say the White House refuses to work with the mayors?", "would love to work"),
        ("Sessions credited sanctuary-city policies with bringing crime down. What was his exact wording?", "blamed"),
    ],
)
def test_a_claim_the_answer_says_the_opposite_of_is_corrected(engine: Engine, question: str, told: str) -> None:
    answer = engine.ask(question)
    # "The article says otherwise: ...", or with the two words: "The article says intact, not frozen, ..."
    assert answer.premise is not None and re.match(r"The article says (?:otherwise|\w+, not \w+)", answer.premise)
    assert told in f"{answer.premise} {answer.plain_text()}"


@pytest.mark.parametrize(
    "question",
    [
        "why does durkan think she can win?",  # Trump will lose: one side's win is the other's loss
        "why does durkan think seattle will win the fight?",  # "Trump will lose": another frame
        "did the county lose its grants?",  # asks, presupposes nothing
        "so king county could lose its grants?",  # a risk, which the article reports
        "so landrieu is a democratic mayor?",  # the conference is bipartisan, his party is not given
        "so the white house opposes sanctuary cities?",  # "doesn't support" says so
        "the white house supports the law, right?",  # it "supports enforcing and following the law"
    ],
)
def test_opposites_of_two_sides_or_in_a_plain_question_are_no_correction(engine: Engine, question: str) -> None:
    # (and a risk claimed, a claim of both sides, a claim the answer agrees with in other words)
    assert engine.ask(question).premise is None


def test_the_speaker_a_question_claims_is_the_one_before_its_verb_of_saying(engine: Engine) -> None:
    # Trump is named too, as the one who will lose: the claimed speaker is Sanders.
    answer = engine.ask("why did sanders say trump will lose the legal fight")
    assert answer.premise == "It was Jenny Durkan, not Sarah Huckabee Sanders, who said that."


@pytest.mark.parametrize(
    ("text", "person", "wrong"),
    [
        ("mcdermott is the mayor of king county right", "Joe McDermott", "mayor of king county"),
        ("durkan used to be a judge right?", "Jenny Durkan", "judge"),
        (
            "I think Joe McDermott is the chairman of the Seattle city council, yes?",
            "Joe McDermott",
            "chairman of seattle city council",
        ),
        (
            "What did Justice Department spokeswoman Sarah Huckabee Sanders say about sanctuary cities?",
            "Sarah Huckabee Sanders",
            "justice department spokeswoman",
        ),
        # asked as a yes/no question, the office after the name; an office of two words whole
        ("is mcdermott the king county executive?", "Joe McDermott", "king county executive"),
        ("is sanders the attorney general?", "Sarah Huckabee Sanders", "attorney general"),
        ("was de blasio the mayor of chicago?", "Bill de Blasio", "mayor of chicago"),
        ("landrieu is the former u.s. attorney, right?", "Mitch Landrieu", "former attorney"),
    ],
)
def test_a_wrong_office_said_of_a_person_is_corrected(engine: Engine, text: str, person: str, wrong: str) -> None:
    answer = engine.ask(text)
    assert answer.premise is not None and re.search(
        rf"in the article, not {re.escape(wrong)}(?: \(that is [^)]+\))?\.$", answer.premise
    )
    assert person.split()[-1] in answer.plain_text().replace(answer.premise, "")  # the answer is about them


@pytest.mark.parametrize(
    "text",
    [
        "Durkan was a US attorney before, right?",  # a past office the summary tells
        "What did former US attorney Jenny Durkan say?",
        "Is McDermott the county council chairman?",
        "Landrieu is the president of the conference of mayors, right?",
        "According to Sanders, what does the Justice Department do with the laws Congress passes?",
        "per landrieu, going after mayors of welcoming cities is the same as going after who",
        "What position did Mayor Durkan hold before becoming mayor?",
        # a title runs right up to the name: "people there like" is no part of it
        "People there like Mayor Durkan. What did Durkan say about the fight for the people?",
    ],
)
def test_a_true_or_absent_office_is_not_corrected(engine: Engine, text: str) -> None:
    assert engine.ask(text).premise is None


@pytest.mark.parametrize(
    ("text", "premise"),
    [
        (
            "The mayors boycotted a Thursday meeting with Trump. What was that meeting to cover?",
            "The article says Wednesday, not Thursday.",
        ),
        (
            "I understand the letters went to about two hundred places. Why so many?",
            "The article says 23, not two hundred.",
        ),
        ("Why were letters sent to two hundred places?", "The article says 23, not two hundred."),
        ("Why did thousands of places get letters?", "The article says 23, not thousands."),
    ],
)
def test_a_wrong_day_or_order_of_magnitude_in_the_question_or_its_preamble(
    engine: Engine, text: str, premise: str
) -> None:
    assert engine.ask(text).premise == premise


@pytest.mark.parametrize(
    "text",
    [
        "I have 2 kids and work on Thursday. How many jurisdictions got letters?",  # about the reader, not the letters
        "I read about it on Monday. When were the letters sent?",
    ],
)
def test_a_preamble_about_the_reader_is_no_premise(engine: Engine, text: str) -> None:
    answer = engine.ask(text)
    assert answer.answered and answer.premise is None


def test_a_pronoun_for_the_person_a_preamble_names(engine: Engine) -> None:
    answer = engine.ask("Baton Rouge Mayor Mitch Landrieu called the meeting untenable. What was his reasoning?")
    assert answer.premise is not None and answer.premise.endswith("not baton rouge mayor.")
    assert "political props" in answer.plain_text() or "demonize" in answer.plain_text()


def test_an_abbreviation_the_article_never_spells_out(engine: Engine) -> None:
    answer = engine.ask("whats ice stand for")
    assert not answer.answered and answer.text.startswith("The article doesn't say what ICE stands for.")
    assert read("so what does that mean for them?").focus is None


@pytest.mark.parametrize(
    ("text", "premise"),
    [
        ("did 32 jurisdictions get letters?", "The article says 23, not 32."),
        ("was the white house meeting on tuesday?", "The article says Wednesday, not Tuesday."),
        # the reason's fact gives no day; the meeting's, close by, does
        ("Why did the mayors skip the Thursday meeting with Trump?", "The article says Wednesday, not Thursday."),
        ("why did the mayors meet trump on tuesday?", "The article says Wednesday, not Tuesday."),  # lower case
        ("What did Durkan say in her Thursday statement?", "The article says Wednesday, not Thursday."),  # her words
    ],
)
def test_wrong_numbers_and_days_in_any_wording(engine: Engine, text: str, premise: str) -> None:
    assert engine.ask(text).premise == premise


def test_a_question_after_a_comma_in_a_long_sentence(engine: Engine) -> None:
    question = read("hey so i live in kent and my neighbor was asking me about this, what does the letter ask?")
    assert question.text == "what does the letter ask?" and question.context.startswith("hey so i live")
    assert read("Is 'nothing more than a press stunt' a direct quote, and whose?").context == ""


@pytest.mark.parametrize(
    "text",
    [
        'why did Jeff Sessions say "This is nothing more than"?',
        'why did Bill de Blasio say "our citizens in all of King County"?',
        'why did President Trump say "we won’t stand for it"?',
    ],
)
def test_a_wrong_speaker_correction_names_whoever_said_the_quoted_words(engine: Engine, text: str) -> None:
    answer = engine.ask(text)
    said = engine.who_said(text.split('"')[1])
    assert answer.premise == f"It was {said.speaker}, not {engine.named_people(text)[0][1].name}, who said that."


@pytest.mark.parametrize(
    "text",
    [
        "when did Sanders say The Department of Justice enforces?",
        "did sessions meet with the mayors",
        "how de Blasio describe what the Justice Department did?",
    ],
)
def test_no_speaker_correction_on_a_loose_match(engine: Engine, text: str) -> None:
    premise = engine.ask(text).premise
    assert premise is None or "who said that" not in premise


@pytest.mark.parametrize(
    ("text", "premise"),
    [
        (
            "what were the lawsuits in seattle and portland about",
            "The article names Chicago and Philadelphia, not Seattle and Portland.",
        ),
        ("What are the lawsuits pending in Chicago and Seattle about?", "The article names Philadelphia, not Seattle."),
        (  # matched loosely without its places: the preposition and the fact's own places decide
            "What did the lawsuits filed in Seattle and Portland argue about the grant money?",
            "The article names Chicago and Philadelphia, not Seattle and Portland.",
        ),
        (
            "Isn't it true that the pending lawsuits over the grant money were filed in Los Angeles and Boston?",
            "The article names Chicago and Philadelphia, not Los Angeles and Boston.",
        ),
    ],
)
def test_places_the_article_does_not_give_are_corrected_by_those_it_does(
    engine: Engine, text: str, premise: str
) -> None:
    answer = engine.ask(text)
    assert answer.premise == premise and "overstepped its authority" in answer.text


def test_a_wrong_place_is_set_beside_the_places_of_its_own_kind(engine: Engine) -> None:
    answer = engine.ask("Which cities in Texas were among the ones that got letters?")
    assert answer.premise == (  # the states, not "King County also got a letter" beside them
        "The article names Illinois, New York, California, New Mexico, Mississippi, Massachusetts, Kentucky, "
        "Vermont and Oregon, not Texas."
    )


def test_a_yes_no_question_of_another_place_names_the_places_the_article_gives(engine: Engine) -> None:
    answer = engine.ask("Are lawsuits pending in Seattle?")
    assert answer.premise is None and answer.text.startswith("The article names Chicago and Philadelphia, not Seattle.")


def test_how_long_needs_a_span_of_time(engine: Engine) -> None:
    answer = engine.ask("how long have cities been getting these grants")
    assert not answer.answered
    assert engine.ask("for how long did mcdermott say the administration tried to bully them").answered


def test_a_state_is_not_corrected_by_a_city_it_may_hold(engine: Engine) -> None:
    assert engine.ask("What are the lawsuits in Illinois about?").premise is None  # Chicago is in Illinois


def test_a_not_of_a_clause_about_something_else_denies_nothing(engine: Engine) -> None:
    # "Seattle did not receive a letter" is about Seattle; Durkan was copied on King County's.
    assert engine.ask("Why was Durkan copied on the letter to King County?").premise is None
    assert engine.ask("Why did the DOJ send Seattle a letter?").premise is not None


def test_two_dozen_and_a_year_are_not_counts_to_correct(engine: Engine) -> None:
    assert engine.ask("The Justice Department sent about two dozen letters. Which states got them?").premise is None


def test_a_speaker_named_in_the_true_speakers_role_is_still_the_wrong_speaker(engine: Engine) -> None:
    # Sanders is "White House spokeswoman for President Donald Trump": Trump did not say it.
    answer = engine.ask("Why did Trump say mayors should talk to Congress?")
    assert answer.premise == "It was Sarah Huckabee Sanders, not Donald Trump, who said that."


def test_a_groups_claim_given_to_a_person_is_corrected(engine: Engine) -> None:
    answer = engine.ask("Why did Sessions say sanctuary cities improve public safety?")
    assert answer.premise == (
        "The article gives that as what defenders of sanctuary-city practices say, not Jeff Sessions."
    )
    assert engine.ask("what do defenders say about public safety?").premise is None


def test_according_to_the_article_is_no_part_of_the_question(engine: Engine) -> None:
    assert read("Who is Sarah Huckabee Sanders, according to the article?").text == "Who is Sarah Huckabee Sanders?"
    assert engine.ask("Who is Sarah Huckabee Sanders, according to the article?").kind == "person"


@pytest.mark.parametrize(("text", "asks"), [("wher is the meeting", Asks.place), ("wen did it start", Asks.time)])
def test_casual_spellings_of_question_words(text: str, asks: Asks) -> None:
    assert read(text).asks is asks


@pytest.mark.parametrize(
    ("text", "missing"),
    [
        ("how old is Durkan?", "Jenny Durkan's age"),
        ("which party is Trump from?", "Donald Trump's party"),
        ("where is Sessions from?", "where Jeff Sessions is from"),
    ],
)
def test_a_personal_detail_the_article_does_not_give(engine: Engine, text: str, missing: str) -> None:
    answer = engine.ask(text)
    assert not answer.answered and answer.text.startswith(f"The article doesn't say {missing}.")


@pytest.mark.parametrize(
    "text",
    [
        "What did council chair McDermott say?",  # "chair" of a "Chairman"
        "Sanders is a spokesperson, right?",
        "What did former U.S. Attorney Durkan say?",  # "U.S." folds to two stop words
    ],
)
def test_a_true_office_in_other_words_is_not_corrected(engine: Engine, text: str) -> None:
    assert engine.ask(text).premise is None


def test_a_wrong_speaker_is_corrected_when_their_own_words_are_far(engine: Engine) -> None:
    answer = engine.ask("why did McDermott say they would fight the administration in court?")
    assert answer.premise == "It was Jenny Durkan, not Joe McDermott, who said that."


@pytest.mark.parametrize(
    "text",
    [
        "the seattle mayor durkan was copied on the letter right?",  # not "Seattle did not receive a letter"
        "Why did the mayor of New Orleans boycott?",  # de Blasio's "would not attend" is another clause
    ],
)
def test_a_true_premise_beside_a_denial_of_something_else_is_not_corrected(engine: Engine, text: str) -> None:
    answer = engine.ask(text)
    assert answer.answered and answer.premise is None


def test_a_statement_with_a_tag_is_matched_as_the_statement_and_its_day_checked(engine: Engine) -> None:
    answer = engine.ask("the mayors were meeting trump on tuesday right?")
    assert answer.premise == "The article says Wednesday, not Tuesday."
    assert read("the mayors were meeting trump on tuesday right?").text == "the mayors were meeting trump on tuesday?"
    assert read("is that right?").text == "is that right?"  # no statement before the tag: left whole
    assert read("Which council members voted yes?").text == "Which council members voted yes?"  # a question: no tag


@pytest.mark.parametrize(
    "question",
    [
        "the white house meeting w the mayors was gonna be about tax reform right?",
        "so the mayors were going to discuss healthcare with trump",
    ],
)
def test_a_topic_the_entry_of_topics_never_names_is_said_not_given(engine: Engine, question: str) -> None:
    answer = engine.ask(question)
    assert answer.premise is not None and answer.premise.startswith("The article doesn't say it was about ")
    assert "infrastructure" in answer.plain_text().casefold()


def test_a_topic_asked_yes_or_no_is_a_doesnt_say_and_a_topic_given_is_left_alone(engine: Engine) -> None:
    answer = engine.ask("was the meeting with trump about healthcare?")
    assert not answer.answered and answer.premise is None
    assert answer.text.startswith("The article doesn't say it was about healthcare.")
    assert "infrastructure" in answer.text
    given = engine.ask("was the white house meeting about infrastructure?")
    assert given.answered and "doesn't say" not in given.text


@pytest.mark.parametrize("question", ["is that right?", "right?", "really?", "are you sure?"])
def test_a_bare_request_to_confirm_with_nothing_before_it_asks_what_to_check(engine: Engine, question: str) -> None:
    answer = engine.ask(question)
    assert not answer.answered and answer.text.startswith("What should I check?")


def test_a_wrong_part_of_the_day_is_a_plain_no_when_asked_and_a_correction_when_given(engine: Engine) -> None:
    asked = engine.ask("was the white house meeting in the morning?")
    assert asked.premise is None and asked.text.startswith("No: the article says afternoon, not morning.")
    given = engine.ask("why was the meeting set for the morning?")
    assert given.premise == "The article says afternoon, not morning."
    letters = engine.ask("were the letters sent in the morning?")  # the afternoon beside them is the meeting's
    assert letters.premise is None and "No:" not in letters.text
    choice = engine.ask("was the trump meeting in the morning or the afternoon?")  # a choice: answered as is
    assert choice.premise is None and not choice.text.startswith("No:") and "afternoon" in choice.text


def test_a_word_the_question_itself_denies_is_no_claim_to_correct(engine: Engine) -> None:
    assert engine.ask("why did the mayors not attend?").premise is None


def test_what_someone_never_quoted_said_is_not_answered_with_their_description(engine: Engine) -> None:
    answer = engine.ask("what did trump say about the boycott?")
    assert not answer.answered and answer.text == "The article doesn't quote Donald Trump."
    described = engine.ask("how did mcdermott react to the letter")  # someone quoted: his card still answers
    assert described.answered


def test_who_a_group_the_article_attributes_a_view_to_is_a_doesnt_say(engine: Engine) -> None:
    answer = engine.ask("who are the defenders of sanctuary cities?")
    assert not answer.answered
    assert answer.text.startswith("The article doesn't say who the defenders of sanctuary-city practices are.")
    assert "public safety" in answer.text  # what it gives of them
    whose = engine.ask("Whose trust do sanctuary supporters say the policies build?")  # not asked of the group
    assert "doesn't say who" not in whose.text


def test_going_to_a_meeting_the_article_says_was_boycotted_is_corrected_from_a_close_entry(engine: Engine) -> None:
    answer = engine.ask("Why did the mayors still go to the White House meeting even after the letters?")
    assert answer.premise is not None and "boycott" in answer.premise
    assert engine.ask("why did the mayors not go to the meeting?").premise is None


def test_a_claim_offered_to_be_confirmed_that_a_sentence_denies_is_corrected(engine: Engine) -> None:
    answer = engine.ask("so the white house supports sanctuary cities?")
    assert answer.premise is not None and "doesn't support sanctuary cities" in answer.premise


def test_a_wrong_office_asked_yes_or_no_is_answered_with_who_they_are_not_a_yes(engine: Engine) -> None:
    answer = engine.ask("is durkan the attorney general?")
    assert answer.premise is not None and answer.kind == "person" and "yes" not in answer.text.casefold()


def test_a_topic_named_after_say_about_is_no_claim_of_whose_words(engine: Engine) -> None:
    answer = engine.ask("what did de blasio say about the justice department?")
    assert answer.premise is None and "Blasio" in answer.plain_text()
    assert engine.ask("why did sessions call it a press stunt?").premise is not None  # words claimed still are


def test_an_office_held_as_something_may_be_a_past_one_the_summary_gives(engine: Engine) -> None:
    assert engine.ask("In which years did Durkan serve as U.S. Attorney?").premise is None


def test_a_medium_taken_as_given_of_words_the_article_gives_no_medium_for(engine: Engine) -> None:
    answer = engine.ask("so mcdermott tweeted that it was a press stunt?")
    assert answer.premise == "The article doesn't say Joe McDermott said this on Twitter; it gives no medium for it."
    assert engine.ask("did mcdermott tweet that it was a press stunt?").premise is None  # asked, not given


def test_a_claim_the_answer_gives_only_as_a_threat_is_corrected(engine: Engine) -> None:
    answer = engine.ask("so the DOJ subpoenaed the county?")
    assert answer.premise is not None and "threat" in answer.premise and "threatened" in answer.text
    assert engine.ask("so the doj threatened to subpoena the county?").premise is None
    asked = engine.ask("Did the Justice Department actually issue subpoenas to King County, yes or no?")
    assert asked.premise is None  # "yes or no" asks; it is no tag taking the claim as given


@pytest.mark.parametrize(
    ("question", "fragment"),
    [
        ("Who is quoted saying the move 'doesn't make us safer'?", "doesn't make us safer"),
        ("who said the meeting was 'untenable' or w/e", "untenable"),
        ("who said 'we won't stand for it'?", "we won't stand for it"),
        ('who said "enough is enough"', "enough is enough"),
        ("don't you think it's 'em", None),  # an apostrophe inside or before a word is no quote mark
        ("the mayors' meeting and the doj's plan", None),
        ("who said 'em", None),  # one short word in marks is no quote
    ],
)
def test_the_words_a_reader_puts_in_quote_marks(question: str, fragment: str | None) -> None:
    assert quoted_fragment(question) == fragment


def test_a_single_word_or_a_fragment_with_an_apostrophe_in_single_quotes_is_recalled(engine: Engine) -> None:
    assert engine.who_said("who said the meeting was 'untenable' or w/e").speaker == "Mitch Landrieu"
    answer = engine.who_said("Who is quoted saying the move 'doesn't make us safer'?")
    assert answer.speaker == "Bill de Blasio"


@pytest.mark.parametrize(
    "question",
    [
        "so de blasio said he will go to the white house meeting?",
        "de blasio said he would attend the white house meeting, right?",
        "I heard that Bill de Blasio said he will go to the White House meeting to argue with Trump. "
        "What did he plan to tell him?",
    ],
)
def test_what_someone_is_claimed_to_have_said_they_will_do_is_checked(engine: Engine, question: str) -> None:
    answer = engine.ask(question)  # the correction, then the answer it points to ("as follows")
    assert answer.premise is not None and "would not attend" in f"{answer.premise} {answer.text}"


def test_a_preamble_about_the_readers_own_situation_is_not_corrected(engine: Engine) -> None:
    message = (
        "My sister works for King County and she is worried for her job. The program she works on has federal "
        "money. Has King County lost any of its federal funding because of this?"
    )
    answer = engine.ask(message)
    assert answer.premise is None and "intact" in answer.text


@pytest.mark.parametrize(
    "question",
    [
        "Sanders told the mayors to take their complaints to the courts, correct?",
        "Why did Sanders tell the mayors to take their complaints to the courts?",
    ],
)
def test_a_claim_sending_something_to_a_body_the_answer_does_not_name_is_corrected(
    engine: Engine, question: str
) -> None:
    answer = engine.ask(question)
    assert answer.premise == "The article says Congress, not the courts."


@pytest.mark.parametrize(
    "question", ["so sanders told mayors to talk to congress?", "so the doj sent letters to the cities?"]
)
def test_a_claim_naming_the_body_the_answer_names_is_not_corrected(engine: Engine, question: str) -> None:
    assert engine.ask(question).premise is None


def test_what_time_is_answered_by_a_part_of_the_day_the_exact_time_is_not(engine: Engine) -> None:
    first = engine.ask("who were the mayors going to meet with?")
    assert "afternoon" in engine.ask("what time was it scheduled?", context=first).text
    assert engine.ask("what time was the white house meeting scheduled for exactly").answered is False
    # the afternoon the article gives is the meeting's, not the letters'
    assert engine.ask("At what time on Wednesday were the letters sent out?").answered is False
    assert read("what time was it?").focus.detail is Detail.time_of_day  # type: ignore[union-attr]
    assert read("at what time was it exactly?").focus.detail is Detail.clock  # type: ignore[union-attr]
    assert read("what time does the meeting start").focus.detail is Detail.clock  # type: ignore[union-attr]
    # "what exact time" asks the clock too, and the reply names it so
    exact = engine.ask("what exact time was the trump mayors meeting")
    assert exact.kind == "not-stated" and exact.text.startswith("The article doesn't say the exact time.")


def test_a_question_that_only_points_at_the_clause_before_it_is_asked_with_it(engine: Engine) -> None:
    answer = engine.ask("durkan flexed some old job in her statement, what was it")
    assert answer.answered and "U.S. Attorney" in answer.text


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("durkan said trump is gonna lose... lose what lol", "legal fight"),
        ("sanders said the WH would love to work w the mayors but... but what", "pick and choose"),
    ],
)
def test_a_word_of_the_sentence_before_asked_back_is_asked_with_it(engine: Engine, message: str, expected: str) -> None:
    assert expected in engine.ask(message).plain_text()


def test_so_x_said_a_groups_claim_is_corrected_like_why_did_x_say(engine: Engine) -> None:
    answer = engine.ask("So Sessions said sanctuary policies improve public safety?")
    assert (
        answer.premise == "The article gives that as what defenders of sanctuary-city practices say, not Jeff Sessions."
    )


def test_both_views_asked_in_two_parts_are_answered(engine: Engine) -> None:
    answer = engine.ask(
        "What does Sessions blame sanctuary-city policies for, and what do their defenders say instead?"
    )
    assert "crime" in answer.plain_text() and "public safety" in answer.plain_text() and answer.also is not None


@pytest.mark.parametrize(
    ("text", "consequence"),
    [
        ("what happens if they don't comply?", True),
        ("and if they refuse?", True),
        ("what's the doj going to do if the cities won't hand over the paperwork", True),
        ("or else what?", True),
        ("why did the mayors boycott the meeting?", False),
        ("is seattle a welcoming city or not?", False),
    ],
)
def test_a_question_about_what_follows_if_something_is_not_done(text: str, consequence: bool) -> None:
    assert (read(text).asks is Asks.consequence) is consequence


def test_what_follows_a_refusal_is_the_fact_that_tells_it(engine: Engine) -> None:
    answer = engine.ask("what's the doj going to do if the cities won't hand over the paperwork?")
    assert answer.fact_id == "subpoena-threat"
    # what the question supposes refused is the fact's consequence itself: it asks beyond the fact
    assert engine.ask("what would happen if king county refused the subpoena?").fact_id != "subpoena-threat"


def test_a_tenure_needs_a_span_of_holding_it_not_any_length(engine: Engine) -> None:
    # the entry's "year-long effort" is how long a campaign ran, not how long he has chaired the council
    assert read("how long has he been council chair?").focus.detail is Detail.tenure  # type: ignore[union-attr]
    answer = engine.ask("how long has Joe McDermott been council chairman?")
    assert not answer.answered and answer.text.startswith("The article doesn't say how long")
    assert read("how long has the admin been at this?").focus.detail is Detail.duration  # type: ignore[union-attr]


def test_an_office_said_of_someone_described_is_checked_against_their_role(engine: Engine) -> None:
    answer = engine.ask("the president of the U.S. Conference of Mayors is the mayor of chicago, right?")
    assert (
        answer.premise is not None and "Mitch Landrieu" in answer.premise and "not mayor of chicago" in answer.premise
    )
    # the office the article gives is no false premise
    assert engine.ask("the president of the conference of mayors is the mayor of new orleans, right?").premise is None


def test_an_event_put_at_another_venue_is_corrected(engine: Engine) -> None:
    answer = engine.ask("Why was the mayors' meeting with Trump going to be held at the Justice Department?")
    assert answer.premise == "The article says the meeting was at the White House, not the Justice Department."
    assert "White House" in answer.text
    # the venue the article gives is no false premise
    assert engine.ask("why was the mayors' meeting with Trump going to be held at the White House?").premise is None
