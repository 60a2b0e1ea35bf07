"""Lines that scrapers leave behind around an article: credits, widgets, timestamps, counters.

Each rule names a kind of furniture (a share bar, a newsletter prompt, a caption credit, a
wire footer), not a sentence seen once: a line is dropped only when the whole line is that
furniture, so an article sentence that merely mentions a newsletter or a photo stays.
"""

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
      | (?:\(|\[)?(?:photo|image|picture|photograph|video|graphic|illustration|foto|bild)s?(?:\s+credit)?\s*(?::|by\b).{0,160}$
      | (?:unsubscribe|manage\s+(?:your\s+)?(?:preferences|subscriptions?|email\s+settings)|view\s+(?:this\s+email\s+|it\s+)?(?:in|on)\s+(?:your|a|the)\s+(?:web\s+)?browser|forward\s+(?:this|it)\s+(?:email|newsletter|to\s+a\s+friend)|was\s+this\s+(?:email\s+)?forwarded\s+to\s+you)\b.{0,120}$
      | .{0,120}\bcontributed\s+(?:to\s+)?(?:this\s+)?(?:report|story|article)(?:ing)?\W*$
      | image\s+(?:source|caption)\b.{0,200}$
      | (?:read|see)\s+(?:the\s+)?(?:entire|full|whole)\s+(?:article|story)\W*$
      | (?:read|see|show|load)\s+more\b.{0,80}$
      | continue\s+reading\b.{0,80}$
      | (?:advertisement|advertising|sponsored(?:\s+content)?|ad|anzeige|werbung|story\s+continues\s+below(?:\s+advertisement)?|article\s+continues\s+below)\W*$
      | (?:share|tweet|email|e-mail|print|save|copy\s+link|comment)s?
        (?:\s*(?:[|·•/,]|\s)\s*(?:share|tweet|email|e-mail|print|save|copy\s+link|comments?|
        facebook|twitter|x|linkedin|whatsapp|reddit|telegram|pinterest|this(?:\s+article)?|on))*\W*$
      | (?:share|follow)\s+(?:this|us)\b.{0,60}$
      | (?:sign\s+up|subscribe)\b.{0,80}(?:newsletter|updates|inbox).{0,40}$
      | click\s+here\b.{0,80}$
      | (?:\d+\s*)?(?:comments?|shares?|likes?|views?)(?:\s*\d+)?\W*$
      | \d+\s*(?:s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|weeks?|months?|years?)\s+ago\b(?:\s*[·•|-]?\s*\d+)?\W*$
      | (?:last\s+)?(?:updated|published|posted|modified)(?:\s+(?:on|at))?\s*:?\s*.{0,80}(?:\d{1,2}[:.]\d{2}|ago|\d{4}|today|yesterday)\W*$
      | \d{1,2}[:.]\d{2}\s*(?:am|pm|a\.m\.|p\.m\.)?\s*(?:gmt|bst|utc|cet|cest|et|est|edt|pt|pst|pdt)?\W*$
      | (?:key\s+events?|pinned\s+post|show\s+key\s+events\s+only|live\s+updates?|live|breaking|listen\s+to\s+this\s+article|\d+\s+min(?:ute)?s?\s+read)\W*$
      | (?:read|see|watch|listen|also\s+read|related|more|recommended|further\s+reading)\s*:\s*.{1,200}$
      | (?:most\s+(?:read|popular|viewed|shared)|top\s+stories|more\s+from\s+.{1,40}|in\s+other\s+news|editor'?s\s+picks?)\W*$
      | (?:get|sign\s+up\s+(?:for|to)|subscribe\s+to|join)\b.{0,80}\b(?:newsletters?|bulletin|briefing|digest|inbox|email\s+alerts?)\b.{0,80}$
      | .{0,80}\b(?:newsletter)s?\b.{0,40}(?:sign\s+up|subscribe|inbox|free)\b.{0,80}$
      | (?:enter\s+your\s+email|your\s+email\s+address|thank\s+you\s+for\s+subscribing|unsubscribe\s+at\s+any\s+time|download\s+(?:the|our)\s+app)\b.{0,120}$
      | .{0,120}\b(?:we\s+use\s+cookies|use\s+of\s+cookies|accept\s+(?:all\s+)?cookies|cookie\s+(?:policy|settings|preferences|notice))\b.{0,160}$
      | (?:share|post)\s+(?:on|to|via)\s+(?:facebook|twitter|x|linkedin|whatsapp|reddit|telegram|email|messenger|bluesky).{0,120}$
      | follow\s+.{1,60}\s+on\s+(?:twitter|x|instagram|facebook|bluesky|threads|tiktok|linkedin)\W*.{0,40}$
      | (?:tags?|topics?|filed\s+under|categories)\s*:.{0,160}$
      | (?:image|media|video|photo)\s+caption\s*[,:].{0,240}$
      | .{0,200}\b(?:photograph|photo|picture|image|credit|foto|bild|quelle)s?\s*:\s*[A-Z][\w.'’ -]{1,60}(?:/\s*[\w.'’ -]{2,40})?\W*$
      | (?:\(|\[)?(?:additional\s+)?(?:reporting|writing|editing|compiled|produced|research|translated)\s+by\b.{0,200}$
      | (?:this\s+(?:article|story)\s+(?:was|has\s+been)\s+(?:updated|amended|corrected|first\s+published)).{0,200}$
      | (?:copyright|©|\(c\))\s.{0,160}$
      | all\s+rights\s+reserved\W*$
      | (?:related(?:\s+(?:topics|stories|articles|links|content|coverage|internet\s+links))?|more\s+on\s+this\s+story|most\s+read|trending|you\s+may\s+also\s+like)\W*$
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
