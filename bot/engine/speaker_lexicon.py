"""Word lists the attribution rules read: reporting verbs, titles, pronouns and function words.

Kept apart from the rules so that adding a verb or a title never touches the logic. All lists are
general English; none is drawn from any evaluation data.
"""

from __future__ import annotations


def _forms(*lemmas: str) -> frozenset[str]:
    """Finite forms (past and third person) of regular reporting verbs given as `lemma`."""
    out: set[str] = set()
    for lemma in lemmas:
        if lemma.endswith("e"):
            past = lemma + "d"
        elif lemma.endswith("y") and lemma[-2] not in "aeiou":
            past = lemma[:-1] + "ied"
        else:
            past = lemma + "ed"
        if lemma.endswith("y") and lemma[-2] not in "aeiou":
            third = lemma[:-1] + "ies"
        elif lemma.endswith(("s", "sh", "ch", "x", "z")):
            third = lemma + "es"
        else:
            third = lemma + "s"
        out.update((past, third))
    return frozenset(out)


def _ing(*lemmas: str) -> frozenset[str]:
    """Present participles of regular verbs (`adding`, `noting`)."""
    return frozenset((lemma[:-1] if lemma.endswith("e") and lemma != "see" else lemma) + "ing"
                     for lemma in lemmas)


_REGULAR = (
    "add", "note", "state", "explain", "declare", "reply", "respond", "argue", "insist", "claim",
    "suggest", "recall", "pledge", "promise", "vow", "conclude", "acknowledge", "announce",
    "observe", "remark", "concede", "caution", "complain", "counter", "emphasize", "stress",
    "joke", "report", "testify", "predict", "boast", "charge", "contend", "lament", "muse", "urge",
    "demand", "shout", "yell", "chant", "blast", "slam", "accuse", "describe", "call", "ask",
    "wonder", "agree", "answer", "confirm", "deny", "mock", "proclaim", "exclaim", "whisper",
    "maintain", "assure", "remind", "retort", "scoff", "marvel", "gush", "brag", "fume", "rail",
    "recount", "reiterate", "repeat", "clarify", "affirm", "assert", "allege", "hint", "speculate",
    "estimate", "tweet", "post", "warn", "continue", "label", "dub", "brand", "describe", "quip",
    "interject", "point", "tout", "opine", "plead", "criticize", "praise", "dismiss", "mention",
    "confide", "explain", "inform", "instruct", "advise", "echo", "cheer", "sigh", "laugh",
    "conclude", "caution", "concur", "question", "challenge", "surmise", "text", "email", "reason",
)
_IRREGULAR_FINITE = frozenset({
    "said", "says", "say", "told", "tells", "wrote", "writes", "read", "reads", "began", "begins",
    "went", "goes", "put", "puts", "thundered", "snapped", "quipped", "admitted", "admits",
    "referred", "refers", "dubbed", "labeled", "labelled", "mused", "shot", "spoke", "speaks",
    "wrote", "sang", "sings", "swore", "swears", "forecast", "forecasts",
})
# Finite reporting verbs: the quotation belongs to their subject.
FINITE_CUES = _forms(*_REGULAR) | _IRREGULAR_FINITE
# Participles open a clause whose subject is the main clause's subject (`..., adding “…”`).
PARTICIPLE_CUES = _ing(*_REGULAR) | frozenset({
    "saying", "telling", "writing", "referring", "quipping", "admitting", "dubbing", "labeling",
    "labelling", "speaking",
})
# Verbs that may come before their subject right after a quotation (`“…,” said Kim`).
INVERTING_CUES = frozenset({
    "said", "says", "added", "adds", "wrote", "writes", "asked", "asks", "continued", "continues",
    "explained", "explains", "noted", "notes", "replied", "replies", "recalled", "recalls",
    "stated", "states", "declared", "declares", "warned", "warns", "tweeted", "tweets",
    "responded", "responds", "argued", "argues", "insisted", "insists", "concluded", "concludes",
    "answered", "answers", "countered", "counters", "observed", "observes", "remarked", "remarks",
    "quipped", "quips", "joked", "jokes", "shouted", "shouts", "yelled", "yells", "cautioned",
    "cautions", "complained", "complains", "conceded", "concedes", "admitted", "admits",
    "emphasized", "emphasizes", "reported", "reports", "read", "reads", "announced", "announces",
    "predicted", "predicts", "boasted", "boasts", "urged", "urges", "mused", "muses",
    "exclaimed", "exclaims", "whispered", "whispers", "retorted", "retorts", "snapped",
    "thundered", "agreed", "agrees", "acknowledged", "acknowledges", "confirmed", "confirms",
    "claimed", "claims", "interjected", "interjects", "recounted", "recounts", "opined", "opines",
    "posted", "posts", "sighed", "laughed", "reasoned", "reasons",
})
# Past participles that, after `was`/`were`/`been`, make the subject the listener, not the speaker.
PASSIVE_AUX = frozenset({"was", "were", "been", "be", "being", "is", "are", "get", "got", "gets"})
# Verbs that take the cue sense only without these particles (`called for`, `pointed to`).
NON_SPEECH_PARTICLES = {
    "called": frozenset({"for", "on", "off", "up", "in", "out"}),
    "calls": frozenset({"for", "on", "off", "up", "in", "out"}),
    "calling": frozenset({"for", "on", "off", "up", "in", "out"}),
    "pointed": frozenset({"to", "at"}),
    "points": frozenset({"to", "at"}),
    "pointing": frozenset({"to", "at"}),
    "went": frozenset({"to", "into", "in", "back", "after", "through", "down", "up"}),
    "goes": frozenset({"to", "into", "in", "back", "after", "through", "down", "up"}),
    "read": frozenset({"the", "a", "an", "it", "from", "about", "through"}),
    "reads": frozenset({"the", "a", "an", "it", "from", "about", "through"}),
    "put": frozenset({"the", "a", "an", "it", "in", "on", "out", "up", "down", "forward"}),
    "puts": frozenset({"the", "a", "an", "it", "in", "on", "out", "up", "down", "forward"}),
    "shot": frozenset({"the", "a", "an", "him", "her", "them", "dead", "down", "up"}),
    "charged": frozenset({"with", "the", "a", "an", "him", "her", "them"}),
    "charges": frozenset({"with", "the", "a", "an", "him", "her", "them"}),
}

# Adverbs, auxiliaries and time words that sit between a speaker and the verb (`Kim later said`).
BETWEEN_SUBJECT_AND_CUE = frozenset({
    "also", "later", "then", "has", "had", "have", "would", "will", "could", "might", "may",
    "once", "previously", "recently", "reportedly", "repeatedly", "publicly", "privately", "again",
    "further", "simply", "even", "often", "never", "has", "earlier", "subsequently", "quickly",
    "immediately", "famously", "flatly", "bluntly", "angrily", "proudly", "frankly", "candidly",
    "jokingly", "sarcastically", "defiantly", "firmly", "calmly", "quietly", "loudly", "openly",
    "recently", "initially", "originally", "finally", "ultimately", "now", "still", "just",
    "already", "first", "had", "did", "does", "do", "not", "only", "pointedly", "tersely",
    "succinctly", "clearly", "explicitly", "directly", "specifically", "emphatically", "similarly",
    "likewise", "separately", "additionally", "sometimes", "always", "usually", "routinely",
    "frequently", "regularly", "since", "long", "shall", "should", "must", "can", "went",
})
PRONOUNS = frozenset({"he", "she", "they", "i", "we", "it", "you"})
PERSONAL_PRONOUNS = {"he": "m", "she": "f", "him": "m", "her": "f", "his": "m", "hers": "f"}
DETERMINERS = frozenset({
    "the", "a", "an", "this", "that", "these", "those", "his", "her", "its", "their", "our", "my",
    "your", "one", "another", "some", "many", "several", "two", "three", "four", "five", "other",
    "both", "each", "every", "no", "most", "few", "any", "all",
})
RELATIVES = frozenset({"who", "which", "that", "whom"})
# Words that end a noun phrase when read backwards from a verb (prepositions, conjunctions, verbs).
NP_STOP = frozenset({
    "and", "or", "but", "nor", "so", "yet", "if", "because", "while", "when", "where", "whether",
    "after", "before", "since", "until", "as", "than", "though", "although", "that", "which", "who",
    "whom", "whose", "what", "how", "why", "in", "on", "at", "to", "for", "with", "by", "from",
    "of", "about", "into", "onto", "over", "under", "against", "during", "without", "within",
    "between", "among", "through", "across", "via", "per", "like", "unlike", "is", "was", "are",
    "were", "be", "been", "being", "has", "had", "have", "do", "does", "did", "not", "no", "said",
    "says", "told", "also", "then", "there", "here", "it's", "i'm", "we're", "they're", "he's",
    "she's", "would", "will", "could", "should", "can", "may", "might", "must", "shall", "let",
    "even", "just", "only", "now", "still", "ago", "too", "very", "really", "however", "instead",
    "again", "once", "twice", "amid", "despite", "toward", "towards", "upon", "around", "near",
    "behind", "beyond", "outside", "inside", "above", "below", "up", "down", "out", "off",
})
# Capitalised words that start sentences or name times, never speakers.
NOT_NAMES = frozenset({
    "the", "a", "an", "but", "and", "or", "so", "yet", "in", "on", "at", "for", "with", "by",
    "from", "of", "to", "as", "if", "when", "while", "after", "before", "since", "because",
    "although", "though", "however", "meanwhile", "still", "also", "then", "now", "today",
    "tonight", "yesterday", "tomorrow", "this", "that", "these", "those", "there", "here", "it",
    "its", "his", "her", "their", "our", "my", "your", "we", "they", "he", "she", "i", "you",
    "what", "who", "why", "how", "where", "which", "monday", "tuesday", "wednesday", "thursday",
    "friday", "saturday", "sunday", "january", "february", "march", "april", "june", "july",
    "august", "september", "october", "november", "december", "mr", "mrs", "ms", "yes", "no",
    "not", "instead", "indeed", "asked", "later", "earlier", "last", "next", "other", "some",
    "many", "most", "all", "both", "each", "every", "one", "two", "three", "first", "second",
    "just", "even", "only", "well", "oh", "please", "thanks", "thank", "like", "said", "says",
    "according", "speaking", "writing", "asked", "added", "told", "mrs.", "mr.", "ms.", "dr.",
    "morning", "afternoon", "evening", "night", "week", "month", "year", "update", "updated",
    "breaking", "exclusive", "watch", "read", "video", "photo", "photos", "getty", "images",
    "reuters", "ap", "afp", "via", "twitter", "facebook", "instagram", "youtube", "christmas",
    "easter", "thanksgiving", "election", "day", "sir", "ma'am", "okay", "ok", "hey", "hello",
})
# Time words that can follow a cue without being its subject (`said Tuesday`).
TIME_WORDS = frozenset({
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today",
    "tonight", "yesterday", "tomorrow", "morning", "afternoon", "evening", "night", "week",
    "weekend", "month", "year", "earlier", "later", "last", "recently", "january", "february",
    "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december", "then", "afterward", "afterwards", "again", "previously", "repeatedly",
})
# Titles that go before a name; they become the speaker's role when nothing better is given.
TITLES = frozenset({
    "president", "vice", "sen.", "senator", "rep.", "representative", "gov.", "governor", "mr.",
    "mrs.", "ms.", "dr.", "secretary", "minister", "prime", "chancellor", "judge", "justice",
    "speaker", "leader", "gen.", "general", "lt.", "col.", "colonel", "sgt.", "capt.", "captain",
    "adm.", "admiral", "maj.", "prof.", "professor", "rev.", "reverend", "pope", "king", "queen",
    "prince", "princess", "mayor", "ambassador", "attorney", "chairman", "chairwoman", "chair",
    "commissioner", "director", "chief", "deputy", "acting", "former", "state", "sheriff",
    "officer", "detective", "congressman", "congresswoman", "councilman", "councilwoman",
    "assemblyman", "assemblywoman", "delegate", "lawmaker", "spokesman", "spokeswoman",
    "spokesperson", "press", "candidate", "nominee", "hon.", "sir", "dame", "lord", "lady",
    "sheikh", "ayatollah", "imam", "rabbi", "father", "bishop", "cardinal", "archbishop",
    "mp", "mep", "ceo", "chairperson", "treasurer", "atty.", "supt.", "amb.", "pres.", "cmdr.",
    "first", "presidential", "democratic", "republican", "gop", "independent", "u.s.", "then",
})
# Words that make a capitalised chunk an organisation or place rather than a person.
ORG_WORDS = frozenset({
    "house", "senate", "congress", "party", "committee", "department", "ministry", "office",
    "times", "post", "news", "journal", "press", "network", "agency", "council", "court",
    "campaign", "administration", "government", "university", "college", "institute", "center",
    "centre", "foundation", "association", "union", "bank", "company", "inc.", "corp.", "group",
    "fund", "service", "services", "board", "commission", "bureau", "church", "league", "club",
    "tribune", "herald", "magazine", "radio", "tv", "television", "channel", "daily", "weekly",
    "review", "street", "kremlin", "pentagon", "army", "navy", "police", "force", "forces",
    "republicans", "democrats", "states", "nations", "state", "city", "county", "region", "media",
    "project", "watch", "coalition", "alliance", "organization", "organisation", "federation",
    "caucus", "poll", "survey", "report", "statement", "fox", "cnn", "msnbc", "nbc", "abc", "cbs",
    "bbc", "npr", "ap", "reuters", "politico", "twitter", "facebook", "instagram",
})
FEMALE_WORDS = frozenset({
    "mrs.", "ms.", "miss", "madam", "congresswoman", "chairwoman", "spokeswoman", "councilwoman",
    "assemblywoman", "queen", "princess", "lady", "dame", "sister", "mother", "wife", "daughter",
    "businesswoman", "first lady", "actress", "grandmother", "woman",
})
MALE_WORDS = frozenset({
    "mr.", "congressman", "chairman", "spokesman", "councilman", "assemblyman", "king", "prince",
    "lord", "sir", "brother", "father", "husband", "son", "businessman", "actor", "grandfather",
    "man", "pope", "rev.",
})
# A handful of common first names; only used to keep `he` and `she` from crossing.
FEMALE_FIRST_NAMES = frozenset({
    "mary", "patricia", "jennifer", "linda", "elizabeth", "barbara", "susan", "jessica", "sarah",
    "karen", "nancy", "lisa", "margaret", "betty", "sandra", "ashley", "dorothy", "kimberly",
    "emily", "donna", "michelle", "carol", "amanda", "melissa", "deborah", "stephanie", "rebecca",
    "laura", "sharon", "cynthia", "kathleen", "amy", "shirley", "angela", "helen", "anna",
    "brenda", "pamela", "nicole", "samantha", "katherine", "emma", "ruth", "christine",
    "catherine", "debra", "rachel", "carolyn", "janet", "virginia", "maria", "heather", "diane",
    "julie", "joyce", "victoria", "kelly", "christina", "joan", "evelyn", "lauren", "judith",
    "olga", "martha", "cheryl", "megan", "andrea", "hannah", "jacqueline", "ann", "jean", "alice",
    "kathryn", "gloria", "teresa", "doris", "sara", "janice", "julia", "marie", "madison",
    "grace", "judy", "theresa", "beverly", "denise", "marilyn", "amber", "danielle", "abigail",
    "brittany", "rose", "diana", "natalie", "sophia", "alexis", "lori", "kayla", "jane", "hillary",
    "tatiana", "irina", "natalia", "svetlana", "elena", "anastasia", "marina", "ekaterina",
    "yulia", "angela", "theresa", "nikki", "kellyanne", "condoleezza", "madeleine", "nancy",
    "elizabeth", "kamala", "ivanka", "melania", "michelle", "chelsea", "sonia", "ruth", "elena",
})
MALE_FIRST_NAMES = frozenset({
    "james", "robert", "john", "michael", "david", "william", "richard", "joseph", "thomas",
    "charles", "christopher", "daniel", "matthew", "anthony", "mark", "donald", "steven", "paul",
    "andrew", "joshua", "kenneth", "kevin", "brian", "george", "timothy", "ronald", "edward",
    "jason", "jeffrey", "ryan", "jacob", "gary", "nicholas", "eric", "jonathan", "stephen",
    "larry", "justin", "scott", "brandon", "benjamin", "samuel", "gregory", "alexander", "frank",
    "patrick", "raymond", "jack", "dennis", "jerry", "tyler", "aaron", "jose", "adam", "nathan",
    "henry", "douglas", "zachary", "peter", "kyle", "ethan", "walter", "noah", "jeremy",
    "christian", "keith", "roger", "terry", "gerald", "harold", "sean", "austin", "carl",
    "arthur", "lawrence", "dylan", "jesse", "jordan", "bryan", "billy", "joe", "bruce", "gabriel",
    "logan", "albert", "willie", "alan", "juan", "wayne", "elijah", "randy", "roy", "vincent",
    "ralph", "eugene", "russell", "bobby", "mason", "philip", "louis", "bill", "mike", "jim",
    "tom", "bob", "ted", "chris", "dan", "ben", "barack", "bernie", "jeb", "marco", "rand",
    "mitch", "vladimir", "sergei", "sergey", "dmitry", "alexei", "alexey", "ivan", "nikolai",
    "mikhail", "andrei", "igor", "boris", "yuri", "viktor", "oleg", "pavel", "emmanuel",
    "angelo", "xi", "recep", "benjamin", "ali", "mohammed", "muhammad", "ahmed", "hassan",
})
