"""Lines that scrapers leave behind around an article: credits, widgets, timestamps, counters."""

from __future__ import annotations

import re

_AGENCIES = (
    r"getty(?:\s+images)?|afp|reuters|ap(?:\s+photo)?|epa(?:-efe)?|shutterstock|alamy|pa(?:\s+media|"
    r"\s+wire)?|bloomberg|anadolu(?:\s+agency)?|xinhua|tass|sputnik|nurphoto|sipa|rex|imago|dpa"
)
_BOILERPLATE_LINE = re.compile(
    r"""^(?:
        .{0,160}\b(?:via|/|\|)\s*(?:"""
    + _AGENCIES
    + r""")(?:\s+via\s+getty\s+images)?\W*$
      | (?:\(|\[)?(?:photo|image|picture|photograph|video|graphic|illustration)s?(?:\s+credit)?\s*(?::|by\b).{0,160}$
      | image\s+(?:source|caption)\b.{0,200}$
      | (?:read|see)\s+(?:the\s+)?(?:entire|full|whole)\s+(?:article|story)\W*$
      | (?:read|see|show|load)\s+more\b.{0,80}$
      | continue\s+reading\b.{0,80}$
      | (?:advertisement|sponsored(?:\s+content)?|ad)\W*$
      | (?:share|tweet|email|e-mail|print|save|copy\s+link|comment)s?
        (?:\s*(?:[|·•/,]|\s)\s*(?:share|tweet|email|e-mail|print|save|copy\s+link|comments?|
        facebook|twitter|x|linkedin|whatsapp|reddit|telegram|pinterest|this(?:\s+article)?|on))*\W*$
      | (?:share|follow)\s+(?:this|us)\b.{0,60}$
      | (?:sign\s+up|subscribe)\b.{0,80}(?:newsletter|updates|inbox).{0,40}$
      | click\s+here\b.{0,80}$
      | (?:\d+\s*)?(?:comments?|shares?|likes?|views?)(?:\s*\d+)?\W*$
      | \d+\s*(?:s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|weeks?|months?|years?)\s+ago\b(?:\s*[·•|-]?\s*\d+)?\W*$
      | (?:updated|published|posted|last\s+modified)\s*:?\s*.{0,60}(?:\d{1,2}:\d{2}|ago|\d{4})\W*$
      | (?:copyright|©)\s.{0,160}$
      | all\s+rights\s+reserved\W*$
      | (?:related|more\s+on\s+this\s+story|most\s+read|trending|you\s+may\s+also\s+like)\W*$
      | \d+\W*$
    )""",
    re.IGNORECASE | re.VERBOSE,
)
INLINE_CREDIT = re.compile(
    r"\s*[\(\[](?:photo|image|picture)s?(?:\s+credit)?\s*(?::|by)[^\)\]]{0,160}[\)\]]", re.I
)
_MAX_BOILERPLATE_LINE = 240


def is_boilerplate(line: str) -> bool:
    """True for a whole line that scrapers leave behind: credits, widgets, timestamps, counters."""
    line = line.strip()
    return bool(line) and len(line) <= _MAX_BOILERPLATE_LINE and bool(_BOILERPLATE_LINE.match(line))
