"""Telling HTML, Markdown and plain text apart by content, and reading Markdown's prose."""

import pytest

from bot.engine.text.formats import looks_like_html, looks_like_markdown
from bot.engine.text.markdown import markdown_to_text


@pytest.mark.parametrize(
    "text",
    [
        "<!DOCTYPE html><html><body><p>Hi.</p></body></html>",
        "  \n<html lang='en'><p>The council met.</p></html>",
        "Saved from the web\n<div><p>One.</p><p>Two.</p><p>Three.</p></div>",
    ],
)
def test_html_is_recognised_by_content(text):
    assert looks_like_html(text)


@pytest.mark.parametrize(
    "text",
    [
        "The council met on Tuesday. It approved the budget <and> more.",
        "# Title\n\nText with <b>bold</b>, <i>it</i>, <span>x</span> and <p>inline</p> tags.",
        "Prices rose 3% <2% expected>. Markets fell.",
    ],
)
def test_text_and_markdown_with_some_tags_are_not_html(text):
    assert not looks_like_html(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("# Heading\n\nText.", True),
        ("See [the report](https://example.invalid/r) for details.", True),
        ("**Bold** lead.\n\n> A quote from the mayor.", True),
        ("The council met. It approved the budget.\n\nMembers went home.", False),
        ("Figures: 5*3 equals 15. Stars * like this are not emphasis.", False),
    ],
)
def test_markdown_is_recognised_by_its_markup(text, expected):
    assert looks_like_markdown(text) is expected


def test_prose_with_an_inline_image_keeps_its_prose():
    prose = "The council met on Tuesday and approved a budget that " + "raises spending " * 25
    parsed = markdown_to_text(f"# Budget\n\n![chart](c.png) {prose}\n")
    assert parsed.title == "Budget"
    assert parsed.text.startswith("The council met on Tuesday")


def test_an_image_and_its_caption_are_not_prose():
    parsed = markdown_to_text(
        "# Budget\n\n![The council chamber](c.png)\n\n*Councillors vote. Photo: A. Lee*\n\n"
        "The council approved the budget.\n"
    )
    assert parsed.text == "The council approved the budget."
