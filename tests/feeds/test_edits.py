"""When a changed feed entry edits its post."""

from bot.feeds.edits import edit_reason

TEXT = "The harbour bridge reopened on Monday after two years of repairs, the mayor said."


def test_a_changed_title_is_an_edit_but_its_spacing_is_not():
    assert edit_reason("Bridge reopens", TEXT, "Bridge reopens today", TEXT) == "the title changed"
    assert edit_reason("Bridge  reopens", TEXT, "Bridge reopens ", TEXT) is None


def test_small_changes_to_the_text_are_not_an_edit():
    assert edit_reason("T", TEXT, "T", TEXT.replace("reopened", "re-opened")) is None
    assert edit_reason("T", TEXT, "T", TEXT.replace(",", "") + " ") is None


def test_a_materially_changed_text_is_an_edit():
    longer = TEXT + " Traffic was jammed for hours as thousands crossed it in the first hour."
    assert edit_reason("T", TEXT, "T", longer) == "the text changed (48% of its words)"
