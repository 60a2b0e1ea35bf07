"""Hand-written test articles (fiction, written for these tests)."""

SCRAPED_ARTICLE = """Harbour bridge reopens after two-year repair

Photo: Lena Ortiz/AFP via Getty Images
20 hours ago 3
Share this article

The Harbour Bridge in Port Calder reopened to traffic on Monday after two years of repairs that cost $1.5 billion.
Mayor Dana Whitfield cut the ribbon at 7 a.m. as hundreds of commuters watched.

"We rebuilt it to last another hundred years," Whitfield said. "The city will never again close its main artery for this long."

The bridge carries about 90,000 vehicles a day. Engineers found corrosion in the main cables in 2022, forcing the closure.
Traffic in the city centre doubled during the repairs, according to the transport department.

Critics said the project ran six months late. Gov. Paul Erikson defended the schedule, saying the U.S. Department of Transportation required extra inspections.
Local businesses near the bridge reported a 20% drop in sales during the closure.
The toll will remain at $3.50 until next year.

Read Entire Article
Advertisement
"""

SHORT_ARTICLE = "The council met on Tuesday. It approved the budget. Members then went home."

GERMAN_ARTICLE = """Der Stadtrat von Neustadt hat am Dienstag einen neuen Haushalt beschlossen.
Die Ausgaben für Schulen steigen um zehn Prozent.

Bürgermeisterin Anna Keller sagte, die Stadt investiere in die Zukunft ihrer Kinder.
Die Opposition kritisierte die hohen Schulden der Stadt. Der Haushalt tritt im Januar in Kraft.
Viele Eltern begrüßten die Entscheidung des Stadtrats."""


def long_article(sentences: int = 200, words_per_sentence: int = 12) -> str:
    """A synthetic article with varied sentences, for size and limit tests."""
    topics = ["harbour", "council", "budget", "school", "bridge", "river", "market", "festival"]
    verbs = ["approved", "delayed", "funded", "reviewed", "opened", "closed", "expanded"]
    out = []
    for i in range(sentences):
        topic, verb = topics[i % len(topics)], verbs[(i * 3) % len(verbs)]
        filler = " ".join(f"detail{(i * 7 + j) % 97}" for j in range(words_per_sentence - 6))
        out.append(f"The {topic} board {verb} plan number {i} with {filler}.")
        if i % 5 == 4:
            out.append("\n\n")
    return " ".join(out)
