"""Speaker rules of round 2: invented sentences, each test named after what a reader would notice."""

from bot.engine.quotes.extract import extract


def speakers(text: str) -> list:
    return [q.speaker for q in extract(text)]


def test_a_conclusion_is_said_by_its_owner():
    text = (
        "The councillors say they are not hiding from the mayor, who has been hurt by "
        'Inspector Dana Holt\'s conclusion that her budget was "badly mismanaged."'
    )
    assert speakers(text) == ["Dana Holt"]


def test_a_described_source_calling_it_a_name_in_marks_is_the_speaker():
    text = "Today, the island's weekly newspaper calls it “the jewel” of the northern coast."
    assert speakers(text) == ["the island's weekly newspaper"]
