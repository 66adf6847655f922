"""The word lists the drafter reads an article with: titles, role words, speech verbs, name particles."""

from __future__ import annotations

import re


def word_set(text: str) -> frozenset[str]:
    """A word list written as one string."""
    return frozenset(text.split())


TITLES = word_set(
    """Mayor President Chairman Chairwoman Chair Governor Gov Senator Sen Representative Rep Secretary
    General Attorney Judge Chief Director Commissioner Councilmember Councilman Councilwoman Sheriff
    Superintendent Speaker Leader Minister Chancellor Officer Sgt Sergeant Lt Lieutenant Capt Captain
    Detective Dr Mr Mrs Ms Prof Professor Rev Reverend Pope Spokesman Spokeswoman Spokesperson Deputy
    Commander Trooper Ambassador Administrator Treasurer Auditor Comptroller Controller Dean Executive
    Congressman Congresswoman Assemblyman Assemblywoman Alderman Councilor Councillor Supervisor
    Inspector Marshal Prosecutor Coach CEO Premier Chairperson Delegate Adm Admiral Col Colonel
    Gen Cmdr Justice Magistrate Member Manager Economist Regent Trustee Analyst Coordinator"""
)
ROLE_NOUNS = word_set(
    """spokeswoman spokesman spokesperson attorney lawyer official director chief secretary aide adviser
    advisor chairman chairwoman chair president mayor governor senator councilmember councilman
    councilwoman commissioner executive officer analyst professor economist researcher reporter editor
    founder owner manager coach leader organizer activist pastor minister deputy assistant general
    representative sheriff member ceo spokespeople prosecutor judge detective superintendent
    administrator treasurer auditor comptroller dean trustee strategist consultant expert scientist
    historian author accountant schoolteacher teacher nurse resident lawyer doctor physician farmer student
    engineer plaintiff mother father parent retiree veteran justice partner principal counsel
    vice-president chancellor provost governor-elect mayor-elect"""
)
ROLE_MODIFIERS = word_set(
    """former acting interim longtime press communications senior chief deputy city county state
    federal police fire school board union campaign top then- retired lead"""
)
PARTICLES = word_set("de da del della di du van von der den la le bin al ter st")
NON_NAME = word_set(
    """The A An But And As If In On At For With Many Some This That These Those It He She They We I
    You Our His Her Their Its There Here When While After Before Since During Under Over Officials
    Democrat Democrats Democratic Republican Republicans American Americans Christmas Internet
    Twitter Facebook God Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February
    March April May June July August September October November December Let Meanwhile However Yet
    So Not No Yes Still Also Even Now Then Why What Who How Where Which Last Next Every Each All Both
    Several Most More Federal State City County National International Former Acting"""
)
ORG_WORDS = word_set(
    """Department County Council House City Cities Conference Court Committee Security Administration
    Office Agency University College School Schools Party Times Post Association Union Center Centre
    Park State States Bureau Service Services Commission Board Senate Congress Group Inc Corp Company
    Foundation Institute Police Patrol Airport Street Avenue Road Church Hospital Act Program Project
    Fund Network Journal News Press Airlines Bank Trust Club Team Force Army Navy Guard Ministry
    Parliament Assembly Legislature Government Coalition Alliance Federation Society Authority
    District Region Province Island Islands Mountains River Lake Bay Valley Sound Hill Square Bridge
    Station Capitol Times Tribune Herald Gazette Magazine Media Coast Border Department’s County’s
    Republic Kingdom Nations Court’s Homeland Justice Health Human Rights Affairs Program Co Corp Ltd LLC
    Industries Securities Packaging United Wire Service Chamber Partners Holdings Capital Group Bancorp
    Systems Technologies Motors Energy Pharmaceuticals Labs Media Studios Enterprises Associates Ventures
    Brands Foods Airways Railways Railroad Insurance Financial Investments Realty Properties Logistics
    Alliance Federation Federal Reserve Exchange Commission Bureau Agency Fire Fires Storm Hurricane Project
    Campaign Movement Initiative Coalition Caucus Taxpayers Processors Workers Teachers Nurses Local Wire
    Power Electric Utilities Utility Gas Water Solar Telecom Communications Wireless Medical Healthcare Clinic
    Clinics Lines Air Shipping Mining Oil Petroleum Steel Chemical Chemicals Construction Airline Transit"""
)
# Heads of an appositive that say a name is an organisation's ("Highline Air, a regional airline"): only
# nouns no person is ("a crane operator", "a software developer", "a mail carrier" are people).
ORG_HEADS = word_set(
    """company firm corporation agency nonprofit organization organisation utility retailer airline insurer
    newspaper startup subsidiary coalition association charity foundation institute university college"""
)
# Last words of place names: "Cedar Hollow", "Klamath Falls" are never people.
PLACE_LAST = word_set(
    """Creek Hollow Springs Spring Falls Heights Ridge Canyon Harbor Beach Grove Village Junction Crossing Mesa
    Forest Meadows Point Peak Pass Gulch Flats Bluff Bluffs Landing Shores Cove Rapids Bend
    Prairie Plains Town Township Borough Parish Estates Acres Gardens Harbour Central Terminal Depot"""
)
HONORIFICS = word_set("Mr Mrs Ms Dr")
# Words of organisations and places that are also common surnames ("Helen Park", "Anita Hill"):
# a name may end with one when the article quotes or titles that person.
# (and titles that are surnames too: "Marcus Dean", "Dean said")
SURNAME_LIKE = word_set(
    "Park Hill Church Lake Bay Bank Banks Street Post Field Fields Guard House Price Rivers Woods Dean Bishop"
)
# "Daniel Osei, who directs the group ...": the role a who-clause gives.
ROLE_VERBS = {
    "chairs": "chair of",
    "directs": "director of",
    "leads": "leader of",
    "heads": "head of",
    "founded": "founder of",
    "co-founded": "co-founder of",
    "owns": "owner of",
    "manages": "manager of",
    "oversees": "overseer of",
    "runs": "head of",
    "represents": "representative of",
    "coaches": "coach of",
}
# Abbreviated titles written out in a role ("Gov. Patricia Oyelaran" -> Governor).
TITLE_WORDS = {
    "Gov": "Governor",
    "Sen": "Senator",
    "Rep": "Representative",
    "Lt": "Lieutenant",
    "Gen": "General",
    "Sgt": "Sergeant",
    "Capt": "Captain",
    "Col": "Colonel",
    "Cmdr": "Commander",
    "Adm": "Admiral",
    "Prof": "Professor",
    "Rev": "Reverend",
    "Supt": "Superintendent",
    "Insp": "Inspector",
    "Det": "Detective",
}
PLACE_FIRST = word_set(
    "New San Los Las Santa St Fort Port North South East West Northern Southern United Great Lake Mount "
    "Puerto Costa Saudi Sri El Hong Rhode"
)
MODIFIER_FOLLOW = word_set(
    """administration administration’s administration's campaign spokeswoman spokesman spokesperson aide
    aides officials supporters allies era policy policies team loyalists voters"""
)
FEMALE_CUES = word_set("spokeswoman chairwoman congresswoman councilwoman assemblywoman businesswoman mrs ms actress")
MALE_CUES = word_set("spokesman chairman congressman councilman assemblyman businessman mr alderman")
ABBREVIATIONS = word_set(
    """mr mrs ms dr sen rep gov gen lt col sgt capt cmdr adm st jr sr inc co corp ltd no jan feb mar apr
    aug sept sep oct nov dec ft mt prof rev hon vs etc"""
)
SPEECH_FINITE = word_set(
    """said says say added adds wrote writes told tells tweeted posted explained explains stated noted
    notes argued argues continued replied responded recalled insisted declared warned warns asked
    asks acknowledged conceded countered claimed claims maintained contended contends emphasized
    stressed announced testified predicted suggested agreed answered shouted yelled"""
)
CALLING_VERBS = word_set(
    """called calls described describes dubbed labeled labelled termed branded brands dismissed dismisses
    derided derides characterized characterised characterizes hailed hails denounced denounces"""
)
SPEECH_GERUND = word_set("saying adding writing telling noting arguing explaining tweeting warning insisting")
INVERTED_VERBS = word_set("said says added wrote asked continued")  # “…,” said Smith
PARAPHRASE_VERBS = word_set(
    """said says say explained explains argued argue argues contend contends contended noted added told
    warned warn claimed claim claims insisted insist stated believe believes maintain maintains"""
)
STATEMENT_SUBJECTS = ("statement", "release", "news release", "press release")
PRONOUNS = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}
VERBISH = word_set(
    """is are was were has have had did does do will would could can may might must should said says
    say sent received got made took gave include includes included remain remains want wants plan
    plans told wrote met became become left won lost began came went saw knew held paid put set ran
    cut keeps gets makes takes gives announced expressed explained added"""
)
FUNCTION_WORDS = word_set(
    """the a an of to in on at for with and or but by from as that this these those it its is are was
    were be been has have had will would could can not no do does did he she they we i you his her
    their our them him us there here so than then also which who whom whose what when where why how
    all any some more most such into about over after before"""
)

TOKEN = re.compile(r"[^\W\d_][\w’'\-]*")  # letters of any script: "Ana Beltrán"
WORD = re.compile(r"[\w’'\-]+")
OPEN, CLOSE = "“", "”"

# The grammar of claim sentences (for their questions).
MODALS = word_set("will would could can may might must should did does do")
AUX = word_set("is are was were has have had will would could can may might must should did does do")
IRREGULAR_TEXT = """said:say told:tell sent:send made:make took:take gave:give won:win lost:lose began:begin
    came:come went:go saw:see held:hold paid:pay ran:run left:leave met:meet fell:fall rose:rise grew:grow
    knew:know drew:draw led:lead struck:strike brought:bring bought:buy sold:sell found:find spent:spend
    built:build kept:keep became:become wrote:write fled:flee got:get thought:think hit:hit cut:cut put:put
    set:set shut:shut spread:spread sought:seek chose:choose swore:swear stood:stand"""
IRREGULAR = dict(pair.split(":", 1) for pair in IRREGULAR_TEXT.split())
NOT_VERBS = word_set(
    """news series species bus gas us this its his hers yes less unless thus across always perhaps various
    famous serious previous business process analysis crisis basis status campus census bonus plus red bed
    hundred need speed seed feed breed shed sled indeed embed united limited"""
)
QUANTITY_WORDS = word_set(
    "two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty dozen dozens hundreds "
    "thousands"
)
SCALE_WORDS = word_set("percent million billion trillion thousand hundred")
DURATION_WORDS = word_set("years year months month weeks week days day hours hour minutes minute decades decade")
DISTANCE_WORDS = word_set("miles mile feet foot yards kilometers meters")
APPROXIMATORS = word_set("about roughly nearly almost around some over under more less fewer than at least up as many")
TIME_WORDS = word_set(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december jan feb aug sept oct nov dec today yesterday tomorrow tonight
    overnight morning afternoon evening"""
)
TIME_LEADS = word_set("on by in since until before after late early mid last next this from through")
REASON_STARTS = word_set("because since due")
PURPOSE_VERBS = word_set(
    """prove help protect ensure stop prevent avoid force push keep discuss enforce support fight deny withhold
    save pay cover offset meet fund build add raise monitor warn assess review"""
)
SPEECH_HEADS = SPEECH_FINITE | word_set("argue argued argues warned told estimated found")
LEADING = word_set("but and so yet still meanwhile however also then instead already now")
