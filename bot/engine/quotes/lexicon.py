"""Word lists the attribution rules read: reporting verbs, titles, pronouns and function words.

Kept apart from the rules so that adding a verb or a title never touches the logic. Every list is
general English (or common first names); none is drawn from any evaluation data. Lists are written
as whitespace-separated words so they stay readable.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Lemmas that double their last consonant before -ed and -ing (`slam`, `slammed`, `slamming`).
_DOUBLING = frozenset({"slam", "quip", "rebut"})


def _past(lemma: str) -> str:
    if lemma in _DOUBLING:
        return lemma + lemma[-1] + "ed"
    if lemma.endswith("e"):
        return lemma + "d"
    if lemma.endswith("y") and lemma[-2] not in "aeiou":
        return lemma[:-1] + "ied"
    return lemma + "ed"


def _third(lemma: str) -> str:
    if lemma.endswith("y") and lemma[-2] not in "aeiou":
        return lemma[:-1] + "ies"
    if lemma.endswith(("s", "sh", "ch", "x", "z", "o")):
        return lemma + "es"
    return lemma + "s"


def _ing(lemma: str) -> str:
    if lemma in _DOUBLING:
        return lemma + lemma[-1] + "ing"
    return (lemma[:-1] if lemma.endswith("e") else lemma) + "ing"


# Regular reporting verbs, as lemmas; their finite forms and participles are derived below.
_REGULAR = _words(
    """
    accuse acknowledge add advise affirm agree allege announce answer argue ask assert assure
    blast boast brag brand call caution challenge chant charge cheer claim clarify comment
    complain concede conclude concur confide confirm contend continue counter criticize declare
    demand deny describe dismiss echo email emphasize estimate exclaim explain fume gush hint
    indicate inform insist interject joke label lament laugh maintain marvel mock muse name note
    observe opine plead pledge post praise predict proclaim promise protest question quip quote
    rail reason recall recount reiterate remark remind repeat reply report respond retort scoff
    shout sigh slam speculate state stress suggest surmise term testify text tout tweet urge vow
    warn whisper wonder yell
    confess cry elaborate exult gloat groan grumble holler implore inquire interrupt murmur
    mutter scream shriek sneer stammer taunt tease wail lecture preach rant vent
    admonish bark bemoan chide chuckle exhort growl rebut relay reminisce riff scold summarize
    """
)

# Lemmas that are also plural present forms (`critics argue`) and are rarely nouns.
PLURAL_PRESENT = _words(
    """
    accuse acknowledge add admit agree allege announce argue ask assert assure believe clarify
    complain concede confirm contend criticize declare deny describe dismiss emphasize explain
    insist maintain opine predict proclaim recall reiterate remind respond say speculate suggest
    tell testify warn wonder worry write
    """
)

# Finite reporting verbs not derived from a regular lemma.
_IRREGULAR_FINITE = _words(
    """
    admits admitted dubbed dubs forecast forecasts goes labeled labelled mused pointed points put
    puts quipped read reads referred refers said sang says shot sings snapped speaks spoke swears swore tells
    thundered told went writes wrote
    """
)

# Finite reporting verbs: the quotation belongs to their subject.
FINITE_CUES = (
    frozenset(f for lemma in _REGULAR for f in (_past(lemma), _third(lemma)))
    | _IRREGULAR_FINITE
    | PLURAL_PRESENT
)

# Reporting verbs in their base form: `to call`, `to counter that`.
REPORTING_LEMMAS = _REGULAR | _words("say tell write speak read")

# Verbs that make their object do something: `prompted Kim to call …`, `leading Lee to counter`.
CAUSATIVES = _words(
    """
    cause caused causes causing drive drives driving drove force forced forces forcing inspire
    inspired inspires inspiring lead leading leads led move moved moves moving prompt prompted
    prompting prompts push pushed pushes pushing spur spurred spurring spurs
    """
)

# Participles open a clause whose subject is the main clause's subject (`..., adding “…”`).
PARTICIPLE_CUES = frozenset(_ing(lemma) for lemma in _REGULAR) | _words(
    """
    admitting dubbing labelling quipping referring saying speaking telling writing
    """
)

# Lemmas whose third-person form is as often a noun (`the party's claims`, `a quick retort`).
_NOUNY_LEMMAS = _words(
    """
    answer blast boast brand call caution challenge chant charge cheer claim comment counter
    demand echo email estimate forecast joke label lament laugh mock name note pledge point post
    praise promise protest question quote reason remark reply report retort shout sigh slam state
    term text tweet vow whisper yell
    """
)

# Those forms, and a few irregular ones: cues only with a named subject and a verb's complement.
NOUNY_CUES = frozenset(_third(lemma) for lemma in _NOUNY_LEMMAS) | _words(
    "read reads forecast put puts shot"
)

# After a nouny cue, the words that show it is a verb: `claims that`, `notes:`, `reads, “…”`.
VERB_COMPLEMENTS = _words(
    """
    " , : a an back he her him his in it its on out she that the their them they to we
    """
)

# Verbs of naming: `Kim called the plan “a disaster”` quotes Kim; `a film called “X”` quotes nobody.
NAMING_CUES = _words(
    """
    branded brands called calls described describes dubbed dubs labeled labelled labels named
    names nicknamed termed terms titled
    """
)

# Verbs that report speech only with a particle: `went on to say`.
REQUIRES_PARTICLE = {"went": _words("on"), "goes": _words("on")}

# Verbs that may come before their subject right after a quotation (`“…,” said Kim`).
INVERTING_CUES = _words(
    """
    acknowledged acknowledges added adds admits admitted agreed agrees announced announces
    answered answers argued argues asked asks boasted boasts cautioned cautions claimed claims
    complained complains conceded concedes concluded concludes confirmed confirms continued
    continues countered counters declared declares emphasized emphasizes exclaimed exclaims
    explained explains insisted insists interjected interjects joked jokes laughed mused muses
    noted notes observed observes opined opines posted posts predicted predicts quipped quips read
    reads reasoned reasons recalled recalls recounted recounts remarked remarks replied replies
    reported reports responded responds retorted retorts said says shouted shouts sighed snapped
    stated states thundered tweeted tweets urged urges warned warns whispered whispers writes
    wrote yelled yells
    """
)

# Auxiliaries that, before a past participle, make the subject the listener, not the speaker.
PASSIVE_AUX = _words(
    """
    are be been being get gets got is was were
    """
)

# Particles after which a verb is used in another sense (`called for`, `read the`, `put out`).
NON_SPEECH_PARTICLES = {
    "said": _words("than"),  # "easier said than done"
    "speaks": _words("volumes"),
    "spoke": _words("volumes"),
    "called": _words("for in off on out up"),
    "calls": _words("for in off on out up"),
    "calling": _words("for in off on out up"),
    "pointed": _words("at to"),
    "points": _words("at to"),
    "pointing": _words("at to"),
    "read": _words("a about an from it the through"),
    "reads": _words("a about an from it the through"),
    "put": _words("a an down forward in on out the up"),
    "puts": _words("a an down forward in on out the up"),
    "shot": _words("a an dead down her him the them up"),
    "charged": _words("a an her him the them with"),
    "charges": _words("a an her him the them with"),
}

# Adverbs and auxiliaries that sit between a speaker and the verb (`Kim later said`).
BETWEEN_SUBJECT_AND_CUE = _words(
    """
    additionally again already also always angrily bluntly calmly can candidly clearly could
    defiantly did directly do does earlier emphatically even ever explicitly famously finally firmly
    first flatly frankly frequently further had has have immediately initially jokingly just later
    likewise long loudly may might must never not now often once only openly originally pointedly
    previously privately proudly publicly quickly quietly recently regularly repeatedly reportedly
    routinely sarcastically separately shall should similarly simply since somehow sometimes
    specifically still subsequently succinctly tersely then ultimately usually went will would
    """
)

# Subject pronouns that can stand for a speaker.
PRONOUNS = _words(
    """
    he i it she they we you
    """
)

# Words that open a noun phrase.
DETERMINERS = _words(
    """
    a all an another any both each every few five four her his its many most my no one other our
    several some that the their these this those three two your
    """
)

# Relative pronouns: `Kim, who …, said`.
RELATIVES = _words(
    """
    that which who whom
    """
)

# Words that end a noun phrase read backwards from a verb (prepositions, conjunctions, verbs).
NP_STOP = _words(
    """
    about above across after again against ago also although amid among and are around as at be
    because been before behind being below between beyond but by can could despite did do does
    down during even for from had has have he's here how however i'm if in inside instead into is
    it's just let like may might must near no nor not now of off on once only onto or out outside
    over per really said says shall she's should since so still than that then there they're
    though through to told too toward towards twice under unlike until up upon very via was we're
    were what when where whether which while who whom whose why will with within without would yet
    """
)

# Capitalised words that open sentences or name times, never speakers.
NOT_NAMES = _words(
    """
    hours days weeks months years minutes moments decades four five six seven eight nine ten
    a according added after all already also although an and april as asked at august because
    before both certainly clearly finally maybe perhaps
    but by december dr. each earlier even every february first for friday from he hello her here
    hey his how however i if in indeed instead it its january july june just last later like ma'am
    many march meanwhile monday most mr mr. mrs mrs. ms ms. my next no not november now october of
    oh ok okay on one only or other our please said saturday says second september she since sir
    so some speaking still sunday thank thanks that the their then there these they this those
    though three thursday to today told tomorrow tonight tuesday two we wednesday well what when
    where which while who why with writing yes yesterday yet you your
    absent across against amid amidst among amongst barring besides between beyond despite during
    excluding including inside notwithstanding outside regarding throughout toward towards under
    unless unlike until upon versus via whereas whether within without
    considering concerning following given once
    """
)

# Time words that can sit next to a cue without being its subject (`said Tuesday`).
TIME_WORDS = _words(
    """
    afternoon afterward afterwards again april august december earlier evening february friday
    january july june last later march may monday month morning night november october past previously
    recently repeatedly saturday september sunday then thursday today tomorrow tonight tuesday
    wednesday week weekend year yesterday
    """
)

# Words before a name that are titles; they become the speaker's role (`Prime Minister`).
TITLES = _words(
    """
    acting adm. admiral alderman alderwoman amb. ambassador archbishop assemblyman assemblywoman
    attorney atty. ayatollah baron baroness bishop candidate capt. captain cardinal ceo chair
    chairman chairperson chairwoman chancellor chief cllr cmdr. col. colonel commissioner
    congressman congresswoman constable coroner councillor councilmember councilman councilor
    councilwoman dame delegate democratic deputy det. detective director dr. duchess emir
    emperor empress executive father first former gen. general gop gov. governor harbormaster
    harbourmaster hon. imam independent insp. inspector judge justice king lady lawmaker leader
    lieutenant lord lt. magistrate maj. master mayor mep minister mp mr. mrs. ms. nominee officer
    pope premier pres. president presidential press prime prince princess prof. professor queen
    rabbi rep. representative republican rev. reverend secretary sen. senator sergeant sgt. sheikh
    sheriff sir speaker spokesman spokesperson spokeswoman state sultan supt. superintendent
    then treasurer u.s. vice democrat libertarian
    """
)

# Lowercase words that sit between a name and a person's name (`Varga spokesman Tomas Berg`).
ROLE_NOUNS = _words(
    """
    activist activists actor actress administration adviser advisers advisor advisors agent agents
    aide aides allies ally ambassador analyst analysts anchor attorney author blogger campaign
    candidate ceo chair chairman chairwoman challenger chief co-founder columnist comedian
    commander commentator committee communications congressional congressman congresswoman
    coach consultant contender contributor coordinator correspondent councillor councilor counsel
    critic critics delegate
    delegates deputy director donor donors economist economists editor executive expert experts
    federal fellow former founder front-runner frontrunner general governor gubernatorial head
    historian hopeful host house investigator investigators judge justice lawmaker lawmakers
    lawyer lawyers leader leaders legislator manager master mate mayor member members minister
    national nominee
    officer official officials operative opponent organizer owner partner party pastor policy
    pollster president presidential press producer professor prosecutor prosecutors reporter
    representative researcher rival running scholar secretary security senator senatorial senior
    resident residents native natives student students teacher teachers nurse doctor farmer
    farmers shopkeeper retiree veteran veterans volunteer volunteers organiser
    source sources spokesman spokesperson spokeswoman staff staffer staffers star state strategist
    supporter supporters surrogate team top vice vice-presidential voter voters worker workers
    writer
    """
)

# Words that make a capitalised name a body or place rather than a person.
ORG_WORDS = _words(
    """
    abc administration agency alliance ap army association bank bbc board bureau campaign caucus
    cbs center centre chamber channel church city club cnn coalition college commission committee
    company congress corp. council county court daily democrats department facebook federation force
    forces foundation fox fund government group herald house inc. instagram institute institution
    journal kremlin league magazine media ministry msnbc nations navy nbc network news npr office
    organisation organization party pentagon police poll post press project radio region report
    republicans reuters review senate service services state statement states street survey
    television times tribune tv twitter union university watch weekly
    """
)

# First words of a capitalised run that make it a place, never a person a pronoun stands for.
PLACE_FIRST_WORDS = _words(
    """
    east eastern fort great hong lake las los mount new north northern port puerto saint san santa
    sao south southern sri upper west western
    """
)

# Last words of a capitalised run that make it a place or an event.
PLACE_LAST_WORDS = _words(
    """
    airport avenue bay beach canal coast desert gulf highway island islands lake mountains
    ocean park peninsula province river road sea square station strait tuesday valley
    """
)

# Titles and nouns that tell a person's gender, so that `he` and `she` do not cross.
FEMALE_WORDS = _words(
    """
    actress assemblywoman businesswoman chairwoman congresswoman councilwoman dame daughter
    alderwoman baroness duchess empress grandmother lady madam miss mother mrs mrs. ms ms. princess
    queen sister spokeswoman wife woman
    """
)

MALE_WORDS = _words(
    """
    actor assemblyman brother businessman chairman congressman councilman father grandfather
    alderman emperor husband king lord man mr mr. pope prince rev. sir son spokesman
    """
)

# Common first names, for the same purpose.
FEMALE_FIRST_NAMES = _words(
    """
    abigail aisha alexis alice amanda amber amy anastasia andrea angela ann anna ashley astrid
    barbara betty beverly brenda brittany carmen carol carolyn catherine cheryl chloe christina
    christine claire cynthia danielle deborah debra denise diana diane donna doris dorothy
    ekaterina elena elizabeth emily emma evelyn fatima gloria grace hannah heather helen hillary
    ingrid irina isabel ivanka jacqueline jane janet janice jean jennifer jessica joan joyce
    judith judy julia julie kamala karen katherine kathleen kathryn kayla kelly kimberly laura
    lauren layla leila linda lisa lori lucia madison margaret maria marie marilyn marina marta
    martha mary megan mei melania melissa michelle nancy natalia natalie nicole nikki olga
    pamela patricia priya rachel rebecca rose ruth samantha sandra sara sarah sharon shirley
    sofia sonia sophia sophie stephanie susan svetlana tatiana teresa theresa ursula victoria
    virginia yulia
    """
)

MALE_FIRST_NAMES = _words(
    """
    aaron adam ahmed alan albert alexander alexei alexey ali andrei andrew angelo anthony
    antonio arthur austin barack ben benjamin bernie bill billy bob bobby boris brandon brian
    bruce bryan carl carlos charles chris christian christopher dan daniel david dennis dmitry
    donald douglas dylan edward elijah emmanuel eric erik ethan eugene francisco frank gabriel
    gary george gerald gregory hamza hans harold hassan henry igor ivan jack jacob james jason
    jeb jeffrey jens jeremy jerry jesse jim joe john jonathan jordan jose joseph joshua juan
    justin keith kenneth kevin kyle larry lars lawrence logan louis luis marco mark mason
    matthew michael miguel mike mikhail mitch mohamed mohammed muhammad nathan nicholas nikolai
    noah oleg omar patrick paul pavel pedro peter philip ralph rand randy raymond recep richard
    robert roger ronald roy russell ryan samuel scott sean sergei sergey stephen steven sven
    tariq ted terry thomas timothy tom tyler viktor vincent vladimir walter wayne william willie
    xi yuri yusuf zachary
    """
)

# Nouns for what someone said: `Kim's claim that …`, `in Kim's words, “…”`.
SPEECH_NOUNS = _words(
    """
    accusation admission allegation announcement answer apology argument assertion assessment
    assurance boast call catchphrase characterization charge claim claims comment comments
    complaint conclusion contention criticism declaration denial description dictum explanation
    insistence insult joke lament line mantra message motto observation phrase plea pledge
    prediction promise pronouncement quip rebuke refrain remark remarks reply response retort
    slogan statement suggestion threat tweet tweets verdict vow warning words
    barb broadside dig epithet jab moniker nickname rejoinder slur swipe take
    """
)

# Auxiliaries and modals: finite verbs whatever their subject (`Kim was`, `Kim would`).
FINITE_AUX = _words(
    """
    are can could did does had has have is may might must should was were will would
    """
)

# Common irregular past tenses, for finding the subject of any verb (`Kim thought the plan “…”`).
IRREGULAR_PAST = _words(
    """
    began bought brought built came caught chose cut drew fell felt fought found gave got grew
    heard held hit kept knew led left let lost made meant met paid ran rose sat saw sent set
    sought spent stood struck taught thought threw took won wore
    ate bent bled blew bred broke clung dealt drove dug fed fled flew forbade forgave forgot
    foresaw froze hid lent mistook oversaw overcame rang rode sang sank shook slept sold spun
    stole strode swept swore swung tore understood undertook underwent upheld went withdrew
    withheld woke
    """
)

# Lowercase words inside names: `Luis de Guindos`, `Secretary of State`.
CONNECTORS = _words(
    """
    & al bin da de del den der di du ibn la le of st. van von y
    """
)

# Prepositions that attach a phrase to the speaker before the verb: `officials in Kyiv said`.
ADJUNCT_PREPOSITIONS = _words(
    """
    across after among at before during for from in inside near on outside over since through
    under with within
    """
)
# Where someone is or comes from: "officials in Denver said", "Otieno from the charity said".
PLACE_PREPOSITIONS = _words("across at from in inside near outside throughout")

# Determiners that stand alone for people: `“…,” wrote another.` / `“…,” the two write.`
GROUP_HEADS = _words(
    """
    another both few five four many most one others several some three two
    """
)

# Nouns next to a title in quotation marks: `the show “…”`, `“…” program`.
# Documents that state findings: `the report found “…”`, `a study concluded`.
DOCUMENT_NOUNS = _words(
    """
    analysis assessment audit document editorial email investigation letter memo poll probe report
    review ruling study survey
    affidavit article column essay filing indictment lawsuit paper petition transcript
    """
)

# Verbs by which a document states what it found (reporting verbs only for a document).
FINDING_VERBS = _words("found finds showed shows revealed reveals determined determines")

MEDIA_NOUNS = _words(
    """
    album anthem article book broadcast column documentary editorial episode essay film hit
    magazine memoir miniseries movie musical newsletter novel op-ed opera play podcast poem
    program programme report segment series show shows sitcom song
    """
)

# Two words that place someone in a work, so a title-case quotation right after them names the work:
# `an appearance on “Morning Report”`, `the author of “Salt Roads”`, `starred in “Harbour Lights”`,
# and the programme a remark was made on: `she said on “Harbour Tonight”`, `Friday on “…”`.
WORK_CONTEXTS = frozenset(
    tuple(pair.split())
    for pair in (
        "appearance on",
        "appearances on",
        "appeared on",
        "appear on",
        "appears on",
        "interview with",
        "interviews with",
        "episode of",
        "episodes of",
        "broadcast of",
        "edition of",
        "author of",
        "co-author of",
        "authors of",
        "star of",
        "starred in",
        "stars in",
        "starring in",
        "roles in",
        "role in",
        "host of",
        "said on",
        "says on",
        "aired on",
        "airs on",
        "monday on",
        "tuesday on",
        "wednesday on",
        "thursday on",
        "friday on",
        "saturday on",
        "sunday on",
    )
)

# Words a title leaves in lower case (`Lord of the Flies`); news copy often writes a short verb
# that way too (`Harbour is the New Port`).
TITLE_SMALL_WORDS = _words(
    """
    a an and as at by for from in is of on or the to vs with
    """
)

# Prepositions a verb often takes, for telling `shares with` (a verb) from a plural noun.
VERB_PREPOSITIONS = _words("about as at by for from into up with")

# Words before a bare verb that make it no report of speech: `to say`, `will say`, `her main worry`.
NOT_FINITE_BEFORE = _words(
    """
    to will would should could can may might must shall his her their its our my your the a an
    biggest greatest main chief only first last
    """
)

# Words that join quotations in a list without a clause of their own: `“A,” “B” and “C”`.
QUOTE_JOINERS = _words("and or as well nor but also even then like")

# Prepositions whose object is not a speaker: `he compared Lee with Kim: “…”`.
OBJECT_PREPOSITIONS = _words("with to against than about at on for by of into over")


# Words in -ly that are nouns or adjectives before a noun, not adverbs between a subject and verb.
LY_NOUNS = frozenset(
    """
    family rally ally assembly supply monopoly belly bully jelly anomaly homily folly italy july
    early only daily weekly monthly yearly likely unlikely friendly elderly lonely ugly holy
    """.split()
)


def is_ly_adverb(low: str) -> bool:
    """`quietly`, `somewhat late`: an adverb in -ly, not `family`, `rally` or `ally`, which head
    noun phrases ("the family said", "supporters at the rally in Tampa chanted")."""
    return low.endswith("ly") and low not in LY_NOUNS


# Words opening a subordinate clause before the main one (`While Kim called it “A,” Lee …`), and
# the conjunctions that may come before them (`But after Kim said …`).
SUBORDINATORS = frozenset(("while", "whereas", "although", "though", "after", "when", "since"))
CLAUSE_CONJUNCTIONS = frozenset(("but", "and", "yet", "even"))
