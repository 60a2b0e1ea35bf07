"""When a feed entry that was already posted comes back changed, is it worth editing the post?

Within `EDIT_WINDOW` (48 hours) of the post, yes when the title changed (whitespace aside), or
when the entry's text changed materially: fewer than `SAME_WORDS` (80%) of the distinct words
(case-folded) of the old and new text together are in both. A fixed typo, a changed comma or
a re-ordered sentence is not an edit; a new paragraph, a correction of a name and figure, or a
rewritten lead is. Older posts are left as they are: a story that keeps changing after two days
is a new story, and it would be posted as one if the site gives it a new id.
"""

from __future__ import annotations

import re

EDIT_WINDOW = 48 * 3600
SAME_WORDS = 0.8
_WORD = re.compile(r"\w+")


def edit_reason(
    before_title: str | None,
    before_text: str | None,
    after_title: str | None,
    after_text: str | None,
) -> str | None:
    """Why the post should be edited ("the title changed" …), or None if it should not."""
    if " ".join((before_title or "").split()) != " ".join((after_title or "").split()):
        return "the title changed"
    before = set(_WORD.findall((before_text or "").casefold()))
    after = set(_WORD.findall((after_text or "").casefold()))
    if not before and not after:
        return None
    same = len(before & after) / len(before | after)
    if same < SAME_WORDS:
        return f"the text changed ({round(100 * (1 - same))}% of its words)"
    return None
