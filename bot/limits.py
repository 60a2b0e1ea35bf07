"""Every limit newsbot enforces, in one place: Discord's sizes and our own caps."""

from __future__ import annotations

# Articles
MAX_ARTICLE_CHARS = 200_000  # cleaned text; longer input is refused, not cut
MAX_FILE_BYTES = 1_000_000  # uploaded or CLI files
MIN_ARTICLE_SENTENCES = 2  # a one-sentence text has nothing to summarise
MAX_TITLE_CHARS = 300
ARTICLE_FILE_TYPES = (".txt", ".md", ".html", ".htm")

# Summaries
MIN_SUMMARY_SENTENCES = 1
MAX_SUMMARY_SENTENCES = 10
DEFAULT_SUMMARY_SENTENCES = 3
MIN_SUMMARY_WORDS = 10  # `words:` / --words: the best summary that fits in this many words
MAX_SUMMARY_WORDS = 1000  # ten long news sentences; the sentence cap binds first anyway
MIN_SUMMARY_PERCENT = 1  # `percent:` / --percent: of the article's sentences
MAX_SUMMARY_PERCENT = 100

# Discord (https://discord.com/developers/docs/resources/message, .../channel#embed-limits)
MESSAGE_CHARS = 2000
EMBED_TITLE = 256
EMBED_DESCRIPTION = 4096
EMBED_FIELD_NAME = 256
EMBED_FIELD_VALUE = 1024
EMBED_FOOTER = 2048
EMBED_AUTHOR = 256
EMBED_TOTAL = 6000
EMBED_FIELDS = 25
BUTTON_LABEL = 80
AUTOCOMPLETE_CHOICES = 25
CHOICE_NAME = 100
CHOICE_VALUE = 100
MODAL_TEXT_MAX = 4000
INTERACTION_DEADLINE_S = 3.0

# Cooldowns (uses, seconds)
SUMMARY_COOLDOWN = (5, 30.0)  # per user
QUOTE_COOLDOWN = (5, 30.0)  # per user
ARTICLE_ADD_COOLDOWN = (10, 60.0)  # per guild

# Pages
ARTICLES_PER_PAGE = 10

# Links and feeds
MAX_FEEDS_PER_GUILD = 20
MAX_FEED_POSTS_PER_HOUR = 10  # articles posted per feed per hour; the rest wait for the next poll
FEED_FIRST_POSTS = 3  # a new feed posts its newest few entries; older ones are only marked seen
FEED_POLL_BATCH = 20  # feeds taken per tick
FEED_POLL_CONCURRENCY = 4  # feeds polled at once
FEED_LEASE_SECONDS = 600  # a poll's lease on a feed (several processes may share a database)
AUTOSUMMARY_RATE = (5, 60.0)  # replies per guild per seconds
AUTOSUMMARY_MIN_REDUCTION = 0.5  # reply only when the summary is at least 50% shorter

# Stories
STORY_SUMMARY_CHARS = 2500  # of the embed's description; the rest of the 6,000 lists articles
STORY_ARTICLE_FIELDS = 3  # fields of article links (each up to EMBED_FIELD_VALUE characters)
STORY_REPORT_LINKS = 5  # "Also reported by": this many links, then "and N more"
DIGEST_STORIES = 10  # top stories in one digest
DIGEST_SENTENCE_CHARS = 300  # the summary sentence of each digest story

# Follows
MAX_FOLLOWS_PER_MEMBER = 25
FOLLOW_DMS_PER_HOUR = 10  # single-match DMs per member; beyond that one combined DM an hour
FOLLOW_LABEL_CHARS = 100

# The web control panel
WEB_SESSION_SECONDS = 12 * 3600  # a sign-in lasts this long, then Discord is asked again
WEB_PERMISSION_RECHECK_SECONDS = 600  # who manages which server is asked again this often
WEB_LOGIN_SECONDS = 600  # from /login to /callback
WEB_FORM_BYTES = 2 * 1_000_000  # a posted form (an article pasted as text fits)
WEB_ARTICLES_PER_PAGE = 20
WEB_QUOTATIONS_SHOWN = 200
