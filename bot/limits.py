"""Every limit newsbot enforces, in one place: Discord's sizes and our own caps."""

from __future__ import annotations

# Articles
MAX_ARTICLE_CHARS = 200_000  # cleaned text; longer input is refused, not cut
MAX_FILE_BYTES = 1_000_000  # uploaded or CLI files
MIN_ARTICLE_SENTENCES = 2  # a one-sentence text has nothing to summarise
MAX_TITLE_CHARS = 300
ARTICLE_FILE_TYPES = (".txt", ".md", ".html", ".htm")
MAX_URL_CHARS = 2000  # a source or canonical URL (Discord's embed URLs allow 2,048)
# HTML elements in a page or file, checked before extraction, whose time grows with them
# (about 0.05 ms each on an idle core). Heavy news pages have 2,000-5,000.
MAX_HTML_ELEMENTS = 10_000

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
MODAL_TITLE = 45  # characters in a modal's title (Discord's limit)
INTERACTION_DEADLINE_S = 3.0
VIEW_TIMEOUT_S = (
    600.0  # confirmation buttons stop answering after (Shorter/Longer and pages never do)
)
CUSTOM_ID = 100  # characters in a button's custom id

# Cooldowns (uses, seconds)
SUMMARY_COOLDOWN = (5, 30.0)  # per user
QUOTE_COOLDOWN = (5, 30.0)  # per user
ARTICLE_ADD_COOLDOWN = (10, 60.0)  # per guild

# Pages and searches
ARTICLES_PER_PAGE = 10
SEARCH_RESULTS = 10  # /article search
MAX_SEARCH_CHARS = 200  # what /article search accepts
QUOTE_PAGES = 25  # quotations a /quote answer pages through
QUOTE_PAGERS_KEPT = 2000  # /quote pages whose filters are too long for a custom id, kept in memory
ECHO_CHARS = 100  # what a user typed, repeated in an answer

# Links and feeds
MAX_FEEDS_PER_GUILD = 20
MAX_FEED_POSTS_PER_HOUR = 10  # articles posted per feed per hour; the rest wait for the next poll
FEED_FIRST_POSTS = 3  # a new feed posts its newest few entries; older ones are only marked seen
FEED_POLL_BATCH = 20  # feeds taken per tick
FEED_POLL_CONCURRENCY = 4  # feeds polled at once
FEED_LEASE_SECONDS = 600  # a poll's lease on a feed (several processes may share a database)
FEED_DELIVERY_ATTEMPTS = 8  # posts tried this often (back-off 1 tick .. 1 hour) before failing
FEED_DELIVERY_BATCH = 20  # deliveries attempted per tick
MAX_FEED_FILTERS = 20  # filter rules per feed
MAX_FEED_TAG_RULES = 20  # forum tags chosen by a rule, per feed (a forum has at most 20 tags)
FORUM_TAG_NAME = 20  # characters in a forum tag's name (Discord's limit)
FORUM_TAGS_PER_POST = 5  # tags Discord allows on one forum post
MAX_FEED_INTERVAL_MINUTES = 1440  # a feed is polled at least daily
FILTER_VALUE_MAX = 200  # characters in a filter's words or regular expression
FILTER_GROUP_MAX = 30  # characters in a filter group's label
FILTER_REGEX_TIMEOUT = 0.1  # seconds one regular expression may spend on one field
FEED_LOG_SHOWN = 25  # decisions shown by /feed log
FEED_TEST_ENTRIES = 5  # newest entries judged by /feed test
WEBHOOK_NAME = 80  # characters in a webhook's name (Discord's limit)
WEBHOOK_DEFAULT_NAME = "newsbot feeds"  # the webhook the bot creates; posts carry the feed's name
URL_MAX = 2048  # characters in a URL Discord accepts in an embed or avatar
THREAD_NAME = 100  # characters in a thread or forum post's name
AUTOSUMMARY_RATE = (5, 60.0)  # replies per guild per seconds
LINK_MESSAGE_MAX_TEXT = 300  # a message with less text besides its links is about its first link
AUTOSUMMARY_MIN_REDUCTION = 0.5  # reply only when the summary is at least 50% shorter

# Stories
STORY_SUMMARY_CHARS = 2500  # of the embed's description; the rest of the 6,000 lists articles
STORY_ARTICLE_FIELDS = 3  # fields of article links (each up to EMBED_FIELD_VALUE characters)
STORY_REPORT_LINKS = 5  # "Also reported by": this many links, then "and N more"
DIGEST_STORIES = 10  # top stories in one digest
DIGEST_SENTENCE_CHARS = 300  # the summary sentence of each digest story
PANEL_STORIES = 10  # recent stories on the web panel's Stories page (each with its summary)

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
