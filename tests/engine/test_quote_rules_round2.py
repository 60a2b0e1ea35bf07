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
