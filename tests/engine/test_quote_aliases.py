"""The speaker list merges one person's spellings across a server's articles."""

from bot.engine.quotes.aliases import bare_name, merge_names, surname_forms


def test_surname_alone_joins_the_one_full_name_with_it():
    assert merge_names(["Brennan", "Laura Brennan", "Erik Lund"]) == ["Laura Brennan", "Erik Lund"]


def test_titled_spelling_is_the_same_person():
    assert merge_names(["Minister Laura Brennan", "Laura Brennan", "Dr. Brennan"]) == [
        "Laura Brennan"
    ]


def test_two_people_with_one_surname_stay_apart_and_the_bare_surname_too():
    assert merge_names(["Laura Brennan", "Sean Brennan", "Brennan"]) == [
        "Laura Brennan",
        "Sean Brennan",
        "Brennan",
    ]


def test_case_differences_are_one_person():
    assert merge_names(["laura brennan", "Laura Brennan"]) == ["laura brennan"]


def test_full_name_also_stands_for_its_surname_and_titles_are_dropped():
    assert surname_forms("Laura Brennan") == ["Brennan"]
    assert surname_forms("Brennan") == []
    assert bare_name("Mayor Pablo Ruiz") == "Pablo Ruiz"
