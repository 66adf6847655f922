"""Moderators' forms cut to what a form can hold: the first items of a list that fit, the rest kept."""

from __future__ import annotations

from bot.engine.records import FACT, PERSON, fit_form, person_values


def test_a_list_that_fits_is_shown_whole() -> None:
    values = {"phrasings": "a\nb", "paragraphs": "4, 5"}
    fitted = fit_form(FACT.fields, values, 4000)
    assert fitted.values == values and fitted.labels == {} and fitted.complete(values) == values


def test_paragraph_numbers_over_the_inputs_length_show_the_first_and_keep_the_rest() -> None:
    record = {"name": "N", "role": "R", "aliases": [], "summary": "S", "paragraphs": list(range(1, 51))}
    fitted = fit_form(PERSON.fields, person_values(record), 4000)
    shown = fitted.values["paragraphs"]
    assert len(shown) <= 100 and shown.startswith("1, 2, 3")  # the field's own max_length
    count = len(shown.split(", "))
    assert fitted.labels["paragraphs"] == f"Paragraphs 1–{count} of 50 (the rest are kept)"
    # The moderator removes paragraph 1: the others shown and every hidden one stay.
    submitted = {**fitted.values, "paragraphs": shown.removeprefix("1, ")}
    assert PERSON.edited_record(fitted.complete(submitted), "p", record)["paragraphs"] == list(range(2, 51))


def test_phrasings_cleared_in_the_form_keep_only_the_hidden_ones() -> None:
    phrasings = "\n".join(f"phrasing number {i:03d} " + "x" * 60 for i in range(100))
    fitted = fit_form(FACT.fields, {"phrasings": phrasings}, 4000)
    assert len(fitted.values["phrasings"]) <= 4000
    kept = fitted.complete({"phrasings": ""})["phrasings"].splitlines()
    assert kept == phrasings.splitlines()[len(fitted.values["phrasings"].splitlines()) :]
