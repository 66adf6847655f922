"""Synthetic fact bases for benchmarks and scale tests: realistic, varied, deterministic.

`make_archive(n, seed)` builds a `KnowledgeBase` of validated `Article` models holding
exactly `n` facts (about 20-50 per article), with people, quotes and reader-style
phrasings drawn from topic word pools, so the index sees a realistic, long-tailed
vocabulary rather than the same few words everywhere. Surnames repeat across articles
and topics repeat across cities, so near-duplicate questions exist, as in a real archive.
`write_archive` writes the same archive as YAML files (to measure loading from disk);
`sample_queries` derives reader-like questions and remembered quote fragments from any
fact base. Everything depends only on the seed (a private `random.Random`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from random import Random

import yaml

from ..engine.loader import KnowledgeBase, check_references
from ..engine.models import MAX_PHRASING, MIN_PHRASINGS, Article, Fact, Medium, Person, Quote, Source
from ..engine.records import slug

MIN_FACTS_PER_ARTICLE = 20
MAX_FACTS_PER_ARTICLE = 50
MAX_PHRASINGS_PER_FACT = 12
PARAGRAPHS_PER_ARTICLE = 40

# ---------------------------------------------------------------- word pools


def _words(text: str) -> list[str]:
    return text.split()


FIRST_NAMES = _words(
    """Aaron Abigail Adrian Aisha Alejandro Alice Amara Andre Angela Anil Ann Arturo Beatriz Ben Bianca Brandon
Carla Carlos Catherine Chen Chloe Daniel Darnell Deborah Diego Dmitri Elena Elijah Emily Esther Fatima
Felix Fiona Gabriel Grace Hannah Hector Hiroshi Ian Imani Isaac Jamal Janet Javier Jenny Joe Jorge Julia
Kamala Karen Keisha Kevin Lakshmi Laura Leon Linh Lucia Malik Marcus Maria Marisol Megan Miguel Mitch
Nadia Nathan Nkechi Omar Patricia Priya Rachel Rafael Rosa Samuel Sandra Sean Sofia Tamika Teresa Tomas
Valerie Victor Wei Yusuf Zoe
"""
)

# Deliberately small, so surnames repeat across articles (two Garcias, three Nguyens...).
LAST_NAMES = _words(
    """Alvarez Anderson Baker Bennett Brooks Castillo Chang Clark Cohen Delgado Diaz Durkan Ellis Fischer Flores
Garcia Gonzalez Green Hall Hernandez Hughes Ibrahim Jackson Johnson Kaur Kim Kowalski Landrieu Lee Lopez
Martin Martinez McDermott Mendoza Morales Murphy Nguyen Novak Okafor Ortiz Park Patel Perez Ramirez Reyes
Rivera Robinson Rossi Sanchez Schmidt Shah Singh Sullivan Tanaka Torres Walker Washington Williams Wong Young
"""
)

CITIES = """
Seattle|Tacoma|Spokane|Portland|Eugene|Boise|Sacramento|Fresno|Oakland|San Jose|Los Angeles|Long Beach|
San Diego|Phoenix|Tucson|Albuquerque|Denver|Aurora|Salt Lake City|Las Vegas|Reno|Austin|Houston|Dallas|
El Paso|San Antonio|Tulsa|Omaha|Wichita|Kansas City|St. Louis|Minneapolis|Milwaukee|Madison|Chicago|
Detroit|Cleveland|Columbus|Cincinnati|Indianapolis|Louisville|Nashville|Memphis|Atlanta|Savannah|
Charlotte|Raleigh|Richmond|Baltimore|Philadelphia|Pittsburgh|Newark|Boston|Providence|Hartford|Albany|
Buffalo|Burlington|Portland Maine|New Orleans|Baton Rouge|Jacksonville|Tampa|Miami|Orlando|Anchorage|
Honolulu|Bellingham|Olympia|Yakima|Everett|Redmond|Bellevue|Santa Fe|Flagstaff|Bozeman|Missoula
""".replace("\n", "").split("|")

COUNTIES = _words(
    """King Pierce Snohomish Multnomah Maricopa Cook Harris Travis Dallas Wayne Cuyahoga Hennepin Fulton Orange
Riverside Clark Lane Alameda Kern Bexar Shelby Jefferson Franklin Hamilton Marion Pima Ada Whatcom
"""
)

STREETS = _words(
    """Main Market Pine Cedar Oak Maple Elm Broadway Union Madison Jackson Lincoln Harbor Mission Valencia
Aurora Rainier Alki Beacon Columbia Fremont Ballard Magnolia Delridge Georgetown Riverside Lakeview
Highland Sunset Pacific Atlantic Orchard Willow Spruce Hawthorne Division Burnside Alberta Sandy
"""
)
STREET_KINDS = ["Street", "Avenue", "Boulevard", "Way", "Road", "Drive", "Park", "Square"]

OUTLETS = [
    "The Seattle Times",
    "The Oregonian",
    "The Denver Post",
    "Chicago Tribune",
    "The Boston Globe",
    "Star Tribune",
    "Houston Chronicle",
    "The Sacramento Bee",
    "Tampa Bay Times",
    "The Arizona Republic",
    "Milwaukee Journal Sentinel",
]

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

GROUPS = ["critics", "officials", "residents", "advocates", "opponents", "supporters", "business owners"]

ADJECTIVES = _words(
    """controversial ambitious overdue expensive temporary permanent emergency sweeping modest long-delayed
contested bipartisan pilot regional citywide statewide voter-approved unpopular popular costly
experimental revised scaled-back expanded phased two-year five-year multiyear interim proposed
"""
)

JUDGEMENTS = [
    "reckless",
    "shortsighted",
    "necessary",
    "overdue",
    "unfair",
    "irresponsible",
    "historic",
    "disappointing",
    "encouraging",
    "outrageous",
    "misguided",
    "unacceptable",
    "long overdue",
    "a disgrace",
    "a good start",
    "a step backward",
    "a lifeline",
    "dead on arrival",
    "a wake-up call",
]


@dataclass(frozen=True)
class Topic:
    """Words one beat uses: what it is about, who runs it, what gets counted."""

    name: str
    nouns: Sequence[str]  # things a fact is about: "light rail extension"
    agencies: Sequence[str]  # "Sound Transit board"
    counted: Sequence[str]  # plural things that get counted: "riders"
    events: Sequence[str]  # "fare increase"
    synonyms: dict[str, str]  # reader vocabulary: "light rail" -> "train"


TOPICS: tuple[Topic, ...] = (
    Topic(
        "budget",
        [
            "general fund budget",
            "property tax levy",
            "hiring freeze",
            "rainy-day fund",
            "sales tax increase",
            "pension shortfall",
            "bond measure",
            "spending plan",
            "capital budget",
            "deficit",
        ],
        ["city council", "finance committee", "budget office", "county commission", "state auditor"],
        ["city workers", "departments", "positions", "programs", "taxpayers"],
        ["budget vote", "shutdown", "layoffs", "tax hike", "audit"],
        {"budget": "spending", "deficit": "shortfall", "tax": "taxes", "levy": "tax", "fund": "money"},
    ),
    Topic(
        "transit",
        [
            "light rail extension",
            "bus rapid transit line",
            "fare increase",
            "streetcar project",
            "ferry schedule",
            "bike lane network",
            "commuter rail service",
            "transit levy",
            "parking garage",
            "bridge repair",
        ],
        ["transit authority", "transportation department", "regional transit board", "port authority"],
        ["riders", "buses", "stations", "commuters", "trains", "routes"],
        ["service cut", "derailment", "fare hike", "strike", "detour"],
        {"light": "lite", "rail": "train", "bus": "buses", "fare": "ticket price", "transit": "public transport"},
    ),
    Topic(
        "housing",
        [
            "affordable housing levy",
            "rent control ordinance",
            "homeless shelter",
            "tiny house village",
            "zoning overhaul",
            "eviction moratorium",
            "public housing redevelopment",
            "tenant protection law",
            "housing voucher program",
            "encampment sweep",
        ],
        ["housing authority", "planning commission", "human services department", "tenants union"],
        ["units", "tenants", "families", "shelter beds", "apartments", "homeowners"],
        ["eviction wave", "rent spike", "encampment removal", "housing vote"],
        {"housing": "homes", "rent": "rents", "homeless": "unhoused", "eviction": "evictions", "zoning": "land use"},
    ),
    Topic(
        "schools",
        [
            "teachers contract",
            "school closure plan",
            "graduation rate",
            "school levy",
            "later start times",
            "standardized testing policy",
            "school bus shortage",
            "special education funding",
            "charter school expansion",
            "free lunch program",
        ],
        ["school board", "teachers union", "education department", "district office"],
        ["students", "teachers", "schools", "classrooms", "bus drivers", "graduates"],
        ["teachers strike", "school closure", "budget cut", "walkout"],
        {"schools": "district", "teachers": "educators", "students": "kids", "levy": "tax", "contract": "deal"},
    ),
    Topic(
        "police",
        [
            "body camera policy",
            "use-of-force policy",
            "police budget",
            "consent decree",
            "officer hiring plan",
            "civilian oversight board",
            "crime lab backlog",
            "gunshot detection system",
            "mental health response team",
            "police union contract",
        ],
        ["police department", "police guild", "community police commission", "sheriff's office"],
        ["officers", "complaints", "arrests", "911 calls", "detectives", "cases"],
        ["shooting", "protest", "misconduct probe", "federal review"],
        {"police": "cops", "officers": "cops", "department": "dept", "oversight": "accountability"},
    ),
    Topic(
        "wildfire",
        [
            "evacuation order",
            "burn ban",
            "containment line",
            "smoke advisory",
            "forest thinning project",
            "firefighting budget",
            "power shutoff",
            "air quality alert",
            "wildfire insurance rules",
            "fire season forecast",
        ],
        ["forest service", "fire district", "department of natural resources", "utility district"],
        ["acres", "homes", "firefighters", "evacuees", "structures", "households"],
        ["wildfire", "lightning storm", "red flag warning", "blaze"],
        {"wildfire": "fire", "evacuation": "evac", "acres": "land", "smoke": "haze", "containment": "control"},
    ),
    Topic(
        "port",
        [
            "container terminal expansion",
            "cruise ship season",
            "shoreline cleanup",
            "longshore contract",
            "cargo fee",
            "seawall replacement",
            "truck emissions rule",
            "dredging project",
            "shore power plan",
            "waterfront park",
        ],
        ["port commission", "harbor department", "longshore union", "coast guard"],
        ["containers", "cruise ships", "dockworkers", "trucks", "berths", "jobs"],
        ["port slowdown", "oil spill", "labor dispute", "ship collision"],
        {"port": "harbor", "cargo": "freight", "ship": "boat", "terminal": "dock", "containers": "boxes"},
    ),
    Topic(
        "election",
        [
            "mail ballot deadline",
            "recount",
            "redistricting map",
            "campaign finance limit",
            "ballot measure",
            "voter roll purge",
            "ranked-choice voting",
            "turnout goal",
            "drop box plan",
            "runoff election",
        ],
        ["elections office", "secretary of state", "canvassing board", "ethics commission"],
        ["ballots", "voters", "precincts", "drop boxes", "signatures", "candidates"],
        ["recount", "primary", "special election", "lawsuit"],
        {"ballot": "ballots", "election": "vote", "voters": "people", "recount": "re-count", "turnout": "voting"},
    ),
    Topic(
        "health",
        [
            "hospital merger",
            "vaccination clinic",
            "overdose response plan",
            "mental health levy",
            "clinic closure",
            "nurse staffing law",
            "public health budget",
            "measles outbreak response",
            "needle exchange",
            "ambulance contract",
        ],
        ["health department", "hospital district", "board of health", "nurses union"],
        ["patients", "nurses", "beds", "cases", "clinics", "overdoses"],
        ["outbreak", "strike", "closure", "shortage"],
        {"hospital": "hospitals", "health": "healthcare", "clinic": "clinics", "nurse": "nurses"},
    ),
    Topic(
        "water",
        [
            "water rate increase",
            "lead pipe replacement",
            "sewer overflow fix",
            "drought restrictions",
            "reservoir upgrade",
            "stormwater fee",
            "salmon habitat restoration",
            "dam removal",
            "boil-water notice",
            "treatment plant expansion",
        ],
        ["public utilities department", "water district", "ecology department", "tribal council"],
        ["households", "gallons", "pipes", "customers", "salmon", "miles of pipe"],
        ["drought", "sewage spill", "main break", "flood"],
        {"water": "h2o", "sewer": "sewage", "rate": "bill", "drought": "dry spell", "pipe": "pipes"},
    ),
    Topic(
        "immigration",
        [
            "sanctuary policy",
            "detention contract",
            "legal aid fund",
            "jail cooperation rule",
            "public-safety grant",
            "information-sharing law",
            "welcoming city ordinance",
            "asylum shelter",
            "subpoena threat",
            "refugee resettlement plan",
        ],
        ["justice department", "county council", "immigration court", "attorney general's office"],
        ["jurisdictions", "detainees", "immigrants", "families", "asylum seekers", "requests"],
        ["crackdown", "raid", "lawsuit", "subpoena"],
        {"justice": "doj", "immigration": "immigrant", "sanctuary": "safe haven", "grant": "grants"},
    ),
    Topic(
        "parks",
        [
            "stadium deal",
            "park levy",
            "library renovation",
            "community center closure",
            "pool reopening",
            "tree canopy plan",
            "festival permit",
            "trail extension",
            "zoo expansion",
            "arena lease",
        ],
        ["parks department", "library board", "arts commission", "stadium authority"],
        ["visitors", "trees", "acres of parkland", "librarians", "events", "swimmers"],
        ["closure", "vandalism", "heat wave", "groundbreaking"],
        {"park": "parks", "library": "libraries", "stadium": "arena", "pool": "pools", "trail": "path"},
    ),
)

# Generic reader vocabulary applied on top of a topic's synonyms.
COMMON_SYNONYMS = {
    "spend": "pay",
    "approve": "pass",
    "approved": "passed",
    "city": "town",
    "cost": "price",
    "money": "cash",
    "million": "mil",
    "department": "dept",
    "affected": "hit",
    "when": "what day",
    "why": "how come",
    "build": "put",
    "say": "think",
    "vote": "ballot",
    "plan": "proposal",
}
CHATTY_PREFIXES = ["so ", "hey ", "quick question: ", "wait, ", "ok so ", "anyone know ", "um ", "honestly "]
CHATTY_SUFFIXES = ["?", "??", " lol", " tho", " or not", " exactly", " again"]
SHORT_FILLER = {
    "the",
    "a",
    "an",
    "of",
    "in",
    "on",
    "for",
    "to",
    "did",
    "does",
    "do",
    "is",
    "are",
    "was",
    "will",
    "what",
    "how",
    "by",
    "about",
    "and",
}

# ---------------------------------------------------------------- templates
# A fact template: (tag, question, reader phrasings, answer, evidence). Slots are filled
# from `_Slots`; {who} is a person's surname, {label} a group label.

FactTemplate = tuple[str, str, tuple[str, ...], str, str]

FACT_TEMPLATES: tuple[FactTemplate, ...] = (
    (
        "cost",
        "How much will {city} spend on the {noun}?",
        (
            "how much is {city} spending on the {noun}",
            "{noun} cost",
            "{city} {noun} budget",
            "so whats the price tag for the {noun}?",
            "how many dollars go to the {noun}",
            "what does the {noun} cost {city}",
            "{noun} money how much",
            "how expensive is the {noun}",
        ),
        "{city} plans to spend ${m} million on the {noun} over {k} years, according to the {agency}.",
        "The {agency} set aside ${m} million for the {noun} in {city} over the next {k} years.",
    ),
    (
        "start",
        "When does the {adj} {noun} take effect?",
        (
            "when does the {noun} start",
            "{noun} start date",
            "what date does the {noun} begin",
            "how soon will {city} see the {noun}",
            "is the {noun} happening this year",
            "when is the {noun} kicking in",
            "when will the {noun} begin in {city}",
        ),
        "The {noun} takes effect on {month} {day}, {year}, the {agency} said.",
        "Officials said the {adj} {noun} would take effect on {month} {day}.",
    ),
    (
        "count",
        "How many {counted} were affected by the {event}?",
        (
            "how many {counted} got hit by the {event}",
            "number of {counted} affected",
            "{event} how many {counted}",
            "were a lot of {counted} affected by the {event}",
            "how many {counted} in {place}",
            "what was the toll of the {event} on {counted}",
            "count of {counted} after the {event}",
        ),
        "About {n} {counted} in and around {place} were affected by the {event}.",
        "The {event} affected roughly {n} {counted} around {place}, the {agency} said.",
    ),
    (
        "vote",
        "Did the {agency} approve the {noun}?",
        (
            "did the {noun} pass",
            "was the {noun} approved",
            "{agency} vote on {noun}",
            "how did the {agency} vote",
            "so is the {noun} a done deal?",
            "what was the vote count on the {noun}",
            "did {city} okay the {noun}",
        ),
        "Yes. The {agency} voted {a}-{b} on {weekday} to approve the {noun}.",
        "The {agency} approved the {noun} on a {a}-{b} vote {weekday}.",
    ),
    (
        "reason",
        "Why did {city} change the {noun}?",
        (
            "why was the {noun} changed",
            "reason for the {noun} change",
            "what made {city} rethink the {noun}",
            "why the {adj} {noun}",
            "how come {city} redid the {noun}",
            "what prompted the {noun} overhaul",
            "whats behind the change to the {noun}",
        ),
        "Officials said the {noun} was changed after the {event} exposed problems in {place}.",
        "Officials said the {event} in {place} forced a rethink of the {noun}.",
    ),
    (
        "where",
        "Where will the new {noun} be located?",
        (
            "where is the {noun} going",
            "location of the {noun}",
            "which neighborhood gets the {noun}",
            "{noun} where",
            "is the {noun} near {street}",
            "where exactly in {city} is the {noun}",
            "what part of town gets the {noun}",
        ),
        "The {noun} is planned for {place}, near {street} in {city}.",
        "The {noun} would be built in {place}, close to {street}.",
    ),
    (
        "quote",
        "What did {who} say about the {noun}?",
        (
            "what does {who} think of the {noun}",
            "{who} reaction to the {noun}",
            "how did {who} respond to the {noun}",
            "is {who} for or against the {noun}",
            "{who} on the {noun}",
            "what was {who}s take on the {noun}",
            "did {who} criticize the {noun}",
        ),
        "According to {who}, the {noun} is {judgement}, and {city} should reconsider it.",
        "{who} called the {noun} {judgement} and urged {city} to reconsider.",
    ),
    (
        "group",
        "What do {label} say about the {noun}?",
        (
            "what are {label} saying about the {noun}",
            "how do {label} feel about the {noun}",
            "{label} view of the {noun}",
            "is anyone against the {noun}",
            "who opposes the {noun}",
            "what is the criticism of the {noun}",
            "{noun} pushback from {label}",
        ),
        "{Label} say the {noun} will cost {city} more than the {agency} admits.",
        "{Label} argued that the {noun} would cost far more than the {agency} estimated.",
    ),
    (
        "unsaid",
        "Does the article say how {city} will pay for the {noun}?",
        (
            "how will they pay for the {noun}",
            "who pays for the {noun}",
            "where does the money for the {noun} come from",
            "{noun} funding source",
            "is the {noun} paid for by taxes",
            "how is the {noun} funded",
            "will {city} raise taxes for the {noun}",
        ),
        "The article does not say how {city} will pay for the {noun}; it only reports the ${m} million estimate.",
        "The {noun} is estimated at ${m} million.",
    ),
    (
        "change",
        "Is the {noun} bigger than last year?",
        (
            "did the {noun} grow",
            "{noun} compared to {prev}",
            "is the {noun} up or down",
            "how much did the {noun} change since {prev}",
            "is the {noun} larger now",
            "percent change in the {noun}",
            "has the {noun} gone up",
        ),
        "Yes. The {noun} is up {p} percent from {prev}, the {agency} said.",
        "The {noun} grew {p} percent compared with {prev}.",
    ),
)

QUOTE_TEMPLATES = (
    "We are not going to balance the {noun} on the backs of {counted} in {place}.",
    "This {noun} is {judgement}, and {city} deserves better than {n} more {counted} left waiting.",
    "Nobody in {city} asked for a {noun} that costs ${m} million.",
    "I have spent {k} years working on the {noun}, and I have never seen anything like this {event}.",
    "The {agency} needs to answer for every dollar of the {noun}",
    "If we do nothing, {n} {counted} in {place} will pay the price.",
    "We will keep pushing for the {noun} until every one of those {counted} is counted.",
    "It’s a {judgement} day for {city}, and for everyone who lives near {street}.",
    "Frankly, the {noun} was {judgement} from the start — and the numbers prove it.",
    "Our {counted} deserve a real {noun}, not another {event}.",
    "we cannot allow the {event} to decide what happens to the {noun}",
    "I told the {agency} in {month} that the {noun} would cost {p} percent more, and nobody listened.",
    "The people of {place} have waited {k} years for this.",
    "You don’t fix a {event} with a {adj} {noun}.",
    "There is no version of this {noun} that works without the {agency}.",
)

QUOTE_OPENERS = ("Look, ", "Let me be clear: ", "Honestly, ", "Again, ", "To be blunt, ", "As I said in {month}, ")
QUOTE_CLOSERS = (
    " That is not leadership.",
    " We owe {city} better.",
    " The math does not add up.",
    " Period.",
    " And {counted} know it.",
    " I will say it again at the next {agency} meeting.",
    " That’s the whole story.",
)

ROLE_TEMPLATES = (
    ("Mayor", "Mayor of {city}"),
    ("Senator", "State senator representing {city}"),
    ("Councilmember", "Member of the {city} City Council"),
    ("Chief", "Chief of police in {city}"),
    ("Director", "Director of the {city} {agency}"),
    ("Spokeswoman", "Spokeswoman for the {agency}"),
    ("Spokesman", "Spokesman for the {agency}"),
    ("Executive", "{county} County executive"),
    ("Superintendent", "Superintendent of {city} Public Schools"),
    ("Commissioner", "Commissioner on the {city} {agency}"),
    ("Professor", "Professor of public policy at the University of {city}"),
    ("President", "President of the {city} {agency}"),
    ("Chairwoman", "Chairwoman of the {county} County {agency}"),
    ("Organizer", "Organizer with a tenants group in {place}"),
)

TITLE_TEMPLATES = (
    "{City} {agency} approves ${m} million {noun}",
    "{City} weighs {adj} {noun} after {event}",
    "{Counted} in {place} brace for {noun}",
    "What the {noun} means for {city}",
    "{Agency} and {city} clash over {noun}",
    "{event_cap} puts {city}'s {noun} in doubt",
)

# libyaml's emitter when present: writing 50,000 facts with the pure-Python one takes a minute.
_Dumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Zipf:
    """Choices from a pool with Zipf-like weights: a few common words, a long tail."""

    def __init__(self, pool: Sequence[str], exponent: float = 0.9) -> None:
        self.pool = list(pool)
        self.cum = list(accumulate(1.0 / (rank + 1) ** exponent for rank in range(len(self.pool))))

    def __call__(self, rng: Random) -> str:
        return rng.choices(self.pool, cum_weights=self.cum)[0]


_CITY = _Zipf(CITIES)
_LAST = _Zipf(LAST_NAMES, exponent=0.6)
_FIRST = _Zipf(FIRST_NAMES, exponent=0.5)
_STREET = _Zipf(STREETS)


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


# ---------------------------------------------------------------- perturbations

_KEYBOARD_NEIGHBOURS = {
    "a": "sq",
    "b": "vn",
    "c": "xv",
    "d": "sf",
    "e": "wr",
    "f": "dg",
    "g": "fh",
    "h": "gj",
    "i": "uo",
    "j": "hk",
    "k": "jl",
    "l": "k",
    "m": "n",
    "n": "bm",
    "o": "ip",
    "p": "o",
    "q": "w",
    "r": "et",
    "s": "ad",
    "t": "ry",
    "u": "yi",
    "v": "cb",
    "w": "qe",
    "x": "zc",
    "y": "tu",
    "z": "x",
}


def typo(word: str, rng: Random) -> str:
    """One realistic typo (swap, drop, double or neighbouring key), first letter kept."""
    if len(word) < 4 or not word.isalpha():
        return word
    position = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(4)
    if kind == 0:  # swap two neighbouring letters
        return word[:position] + word[position + 1] + word[position] + word[position + 2 :]
    if kind == 1:  # drop a letter
        return word[:position] + word[position + 1 :]
    if kind == 2:  # double a letter
        return word[:position] + word[position] + word[position:]
    neighbours = _KEYBOARD_NEIGHBOURS.get(word[position].lower(), "")
    if not neighbours:
        return word[:position] + word[position + 1 :]
    return word[:position] + rng.choice(neighbours) + word[position + 1 :]


def _typo_in_text(text: str, rng: Random) -> str:
    words = text.split()
    candidates = [i for i, w in enumerate(words) if len(w) >= 4 and w.isalpha()]
    if not candidates:
        return text
    index = rng.choice(candidates)
    words[index] = typo(words[index], rng)
    return " ".join(words)


def perturb(text: str, rng: Random) -> str:
    """A reader's version of a question: sometimes a typo, a dropped word, lower case."""
    roll = rng.random()
    if roll < 0.35:
        out = text
    elif roll < 0.65:
        out = _typo_in_text(text, rng)
    elif roll < 0.85:
        out = _drop_word(text, rng)
    else:
        out = _typo_in_text(_drop_word(text, rng), rng)
    if rng.random() < 0.5:
        out = out.lower().rstrip("?")
    return out


def _drop_word(text: str, rng: Random) -> str:
    words = text.split()
    if len(words) < 4:
        return text
    del words[rng.randrange(len(words))]
    return " ".join(words)


def quote_fragment(text: str, rng: Random) -> str:
    """A remembered slice of a quote (usually from the middle), sometimes with a typo."""
    words = text.split()
    if len(words) > 5:
        length = rng.randint(4, min(9, len(words) - 1))
        start = rng.randint(max(0, (len(words) - length) // 4), len(words) - length)
        words = words[start : start + length]
    fragment = " ".join(words).strip(" ,.;:—-")
    if rng.random() < 0.25:
        fragment = _typo_in_text(fragment, rng)
    return fragment or text


# ---------------------------------------------------------------- building articles


@dataclass
class _Slots:
    """The random words one fact or quote is written with."""

    values: dict[str, str]

    def fill(self, template: str) -> str:
        return template.format(**self.values)


def _reader_variants(question: str, topic: Topic, rng: Random) -> list[str]:
    """Derived phrasings: lower case without punctuation, a typo, synonyms, chatty, short."""
    lower = re.sub(r"[?!.]+$", "", question.lower())
    variants = [lower, _typo_in_text(lower, rng)]
    synonyms = {**COMMON_SYNONYMS, **topic.synonyms}
    swapped = " ".join(synonyms.get(w, w) for w in lower.split())
    variants.append(swapped)
    variants.append(rng.choice(CHATTY_PREFIXES) + lower + rng.choice(CHATTY_SUFFIXES))
    short = " ".join(w for w in lower.split() if w not in SHORT_FILLER)
    variants.append(short)
    return variants


def _distinct(phrasings: list[str], question: str) -> list[str]:
    seen = {re.sub(r"\s+", " ", question.casefold()).strip()}
    out = []
    for phrasing in phrasings:
        phrasing = phrasing.strip()[:MAX_PHRASING].strip()
        key = re.sub(r"\s+", " ", phrasing.casefold())
        if phrasing and key not in seen:
            seen.add(key)
            out.append(phrasing)
    return out


def _person(rng: Random, city: str, agency: str, county: str, place: str, taken: set[str]) -> Person:
    while True:
        first, last = _FIRST(rng), _LAST(rng)
        person_id = slug(f"{first} {last}")
        if person_id not in taken:
            taken.add(person_id)
            break
    title, role_template = rng.choice(ROLE_TEMPLATES)
    role = role_template.format(city=city, agency=agency, county=county, place=place)
    name = f"{first} {last}"
    aliases = [last, f"{title} {last}"]
    role_lower = role[:1].lower() + role[1:]
    phrasings = [f"who is the {role_lower}", f"who is {name.lower()}", f"what does {last} do"]
    summary = f"{name} is the {role_lower}. {last} comments on the article's subject in {city}."
    paragraphs = sorted(rng.sample(range(1, PARAGRAPHS_PER_ARTICLE + 1), rng.randint(1, 4)))
    return Person.model_validate(
        {
            "id": person_id,
            "name": name,
            "role": role,
            "aliases": aliases,
            "summary": summary,
            "phrasings": phrasings,
            "paragraphs": paragraphs,
        }
    )


def _slots(rng: Random, topic: Topic, city: str, place: str, people: Sequence[Person]) -> _Slots:
    street = f"{_STREET(rng)} {rng.choice(STREET_KINDS)}"
    label = rng.choice(GROUPS)
    who = rng.choice(people).name.split()[-1] if people else "the mayor"
    year = rng.randint(2015, 2026)
    a = rng.randint(4, 9)
    values = {
        "city": city,
        "City": city,
        "place": place,
        "street": street,
        "noun": rng.choice(topic.nouns),
        "agency": rng.choice(topic.agencies),
        "counted": rng.choice(topic.counted),
        "event": rng.choice(topic.events),
        "adj": rng.choice(ADJECTIVES),
        "judgement": rng.choice(JUDGEMENTS),
        "m": rng.choice([str(rng.randint(1, 999)), f"{rng.randint(1, 99)}.{rng.randint(1, 9)}"]),
        "n": f"{rng.choice([rng.randint(2, 99), rng.randint(100, 9999), rng.randint(10_000, 250_000)]):,}",
        "k": str(rng.randint(2, 30)),
        "p": str(rng.randint(2, 85)),
        "a": str(a),
        "b": str(rng.randint(0, a - 1)),
        "month": rng.choice(MONTHS),
        "day": str(rng.randint(1, 28)),
        "year": str(year),
        "prev": str(year - 1),
        "weekday": rng.choice(WEEKDAYS),
        "who": who,
        "label": label,
        "Label": _capitalise(label),
    }
    values["Agency"] = _capitalise(values["agency"])
    values["Counted"] = _capitalise(values["counted"])
    values["event_cap"] = _capitalise(values["event"])
    return _Slots(values)


def _quote(rng: Random, slots: _Slots, quote_id: str, speaker: Person, city: str) -> Quote:
    """A quote from a template, sometimes with an opener before it and a closer after it."""
    text = slots.fill(rng.choice(QUOTE_TEMPLATES))
    if rng.random() < 0.3:
        text = slots.fill(rng.choice(QUOTE_OPENERS)) + text[:1].lower() + text[1:]
    if rng.random() < 0.3 and text.endswith("."):
        text += slots.fill(rng.choice(QUOTE_CLOSERS))
    return Quote.model_validate(
        {
            "id": quote_id,
            "speaker": speaker.id,
            "text": text,
            "paragraph": rng.randint(1, PARAGRAPHS_PER_ARTICLE),
            "medium": rng.choice([None, None, Medium.statement, Medium.spoken, Medium.twitter]),
            "context": f"{speaker.name.split()[-1]} on the {slots.values['noun']} in {city}.",
            "tags": [slots.values["noun"], slots.values["event"]],
        }
    )


def _phrasings(rng: Random, slots: _Slots, question: str, phrasings_t: Sequence[str], topic: Topic) -> list[str]:
    """Some of the template's phrasings plus reader variants: distinct, shuffled, cut to size."""
    own = [slots.fill(p) for p in rng.sample(phrasings_t, rng.randint(3, len(phrasings_t)))]
    phrasings = _distinct(own + _reader_variants(question, topic, rng), question)
    if len(phrasings) < MIN_PHRASINGS:  # rare: variants that collapsed into each other
        phrasings = _distinct(phrasings + [slots.fill(p) for p in phrasings_t], question)
    rng.shuffle(phrasings)
    return phrasings[: max(MIN_PHRASINGS, rng.randint(MIN_PHRASINGS, MAX_PHRASINGS_PER_FACT))]


def _attribution(slots: _Slots, tag: str, people: Sequence[Person], quotes: Sequence[Quote]) -> tuple[str, list[str]]:
    """Who a fact is attributed to, and the quotes it cites: a quote fact, its speaker and one of
    their quotes; a group fact, the group's label; any other, the article itself."""
    if tag == "quote":
        speaker = next(p for p in people if p.name.split()[-1] == slots.values["who"])
        return speaker.id, [q.id for q in quotes if q.speaker == speaker.id][:1]
    if tag == "group":
        return slots.values["label"], []
    return "article", []


def _fact(
    rng: Random, slots: _Slots, template: FactTemplate, fact_id: str, topic: Topic, cited: tuple[str, list[str]]
) -> Fact:
    """A fact from a template, attributed to `cited`'s first item and citing its quote ids."""
    tag, question_t, phrasings_t, answer_t, evidence_t = template
    attributed_to, fact_quotes = cited
    question = slots.fill(question_t)
    phrasings = _phrasings(rng, slots, question, phrasings_t, topic)
    paragraphs = sorted(rng.sample(range(1, PARAGRAPHS_PER_ARTICLE + 1), rng.randint(1, 3)))
    return Fact.model_validate(
        {
            "id": fact_id,
            "question": question,
            "phrasings": phrasings,
            "answer": slots.fill(answer_t),
            "evidence": {"text": slots.fill(evidence_t), "paragraphs": paragraphs},
            "attributed_to": attributed_to,
            "quotes": fact_quotes,
            "tags": [tag, slots.values["noun"]],
        }
    )


def _source(rng: Random, slots: _Slots, article_id: str, topic: Topic, city: str) -> Source:
    """The article's title, outlet, date and address."""
    title = _capitalise(slots.fill(rng.choice(TITLE_TEMPLATES)))
    published = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(365 * 10))
    return Source(
        title=title,
        outlet=rng.choice(OUTLETS),
        published=published,
        url=f"https://news.example/{published.year}/{article_id}",
        summary=f"{title}. A synthetic article about the {topic.name} beat in {city}.",
    )


def _article(rng: Random, number: int, n_facts: int) -> Article:
    # Every draw from `rng` happens in a fixed order, so an archive is the same for the same seed.
    topic = rng.choice(TOPICS)
    city = _CITY(rng)
    county = rng.choice(COUNTIES)
    place = rng.choice([f"{_STREET(rng)} neighborhood", f"downtown {city}", f"{county} County", f"south {city}"])
    article_id = slug(f"{topic.name}-{city}-{number:05d}")
    taken: set[str] = set()
    people = [_person(rng, city, rng.choice(topic.agencies), county, place, taken) for _ in range(rng.randint(3, 6))]

    quotes: list[Quote] = []
    for q_number in range(rng.randint(4, 12)):
        speaker = rng.choice(people)
        slots = _slots(rng, topic, city, place, people)
        quotes.append(_quote(rng, slots, f"{article_id}-q{q_number + 1}", speaker, city))

    facts: list[Fact] = []
    for f_number in range(n_facts):
        template = rng.choice(FACT_TEMPLATES)
        slots = _slots(rng, topic, city, place, people)
        cited = _attribution(slots, template[0], people, quotes)
        facts.append(_fact(rng, slots, template, f"{article_id}-{template[0]}-{f_number + 1}", topic, cited))

    source = _source(rng, _slots(rng, topic, city, place, people), article_id, topic, city)
    return Article(id=article_id, source=source, people=people, quotes=quotes, facts=facts)


def _fact_counts(n_facts: int, rng: Random) -> list[int]:
    """Facts per article: 20-50 each, summing to exactly `n_facts`."""
    counts: list[int] = []
    remaining = n_facts
    while remaining > 0:
        count = rng.randint(MIN_FACTS_PER_ARTICLE, MAX_FACTS_PER_ARTICLE)
        if remaining - count < MIN_FACTS_PER_ARTICLE:
            count = remaining
        counts.append(count)
        remaining -= count
    return counts


def make_archive(n_facts: int, seed: int = 0) -> KnowledgeBase:
    """A validated synthetic fact base with exactly `n_facts` facts; the same for the same seed."""
    if n_facts < 1:
        raise ValueError("n_facts must be at least 1")
    rng = Random(seed)
    articles = tuple(_article(rng, number, count) for number, count in enumerate(_fact_counts(n_facts, rng)))
    problems = [p for a in articles for p in check_references(a)]
    if problems:  # a bug in the templates, not in the caller's input
        raise AssertionError(f"synthetic archive breaks the fact base rules: {problems[0]}")
    return KnowledgeBase(articles=articles)


def article_yaml(article: Article) -> str:
    """One article as the YAML a curator would write (block style, UTF-8 kept)."""
    data = article.model_dump(mode="json", exclude_none=True)
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1_000_000)


def write_archive(directory: Path, n_facts: int, seed: int = 0) -> list[Path]:
    """Write `make_archive(n_facts, seed)` as one YAML file per article; return the files."""
    directory.mkdir(parents=True, exist_ok=True)
    files = []
    for article in make_archive(n_facts, seed).articles:
        path = directory / f"{article.id}.yaml"
        path.write_text(article_yaml(article), encoding="utf-8")
        files.append(path)
    return files


def sample_queries(kb: KnowledgeBase, n: int, seed: int = 0) -> tuple[list[str], list[str]]:
    """`n` ask questions (phrasings, perturbed) and `n` who-said fragments (quote slices)."""
    rng = Random(seed)
    facts = [fact for _, fact in kb.facts]
    quotes = [quote for _, quote in kb.quotes]
    ask: list[str] = []
    for _ in range(n if facts else 0):
        fact = rng.choice(facts)
        ask.append(perturb(rng.choice([fact.question, *fact.phrasings]), rng))
    fragments: list[str] = []
    for _ in range(n if quotes else 0):
        fragments.append(quote_fragment(rng.choice(quotes).text, rng))
    return ask, fragments


def prefixes(texts: Sequence[str], n: int, seed: int, shortest: int = 3, longest: int = 20) -> list[str]:
    """`n` typed-so-far prefixes (`shortest`..`longest` characters) of `texts`, for autocomplete."""
    rng = Random(seed)
    out: list[str] = []
    for _ in range(n if texts else 0):
        text = rng.choice(texts)
        out.append(text[: rng.randint(shortest, longest)])
    return out
