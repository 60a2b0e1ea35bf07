"""Web ingestion: a guarded HTTP fetcher, article extraction and feed polling.

No discord here: the cogs call these and show the errors' ``message`` to users.
Every failure is a FetchError (fetching, feeds) or an ExtractionError (extraction), both
UserFacingError: str(error) is one plain sentence for the user.
"""

from bot.ingest.extract import (
    ExtractedArticle,
    ExtractionError,
    NotAnArticleError,
    PaywallError,
    extract_article,
)
from bot.ingest.feeds import (
    MAX_FAILURES_BEFORE_DISABLE,
    FeedEntry,
    FeedResult,
    NotAFeedError,
    fetch_feed,
    next_poll_delay,
)
from bot.ingest.fetch import (
    FEED_TYPES,
    HTML_TYPES,
    USER_AGENT,
    BlockedURLError,
    ConnectionFailedError,
    FetchedPage,
    FetchError,
    FetchTimeoutError,
    HTTPStatusError,
    InvalidURLError,
    SafeFetcher,
    TooLargeError,
    TooManyRedirectsError,
    UnsupportedContentError,
)

__all__ = [
    "FEED_TYPES",
    "HTML_TYPES",
    "MAX_FAILURES_BEFORE_DISABLE",
    "USER_AGENT",
    "BlockedURLError",
    "ConnectionFailedError",
    "ExtractedArticle",
    "ExtractionError",
    "FeedEntry",
    "FeedResult",
    "FetchError",
    "FetchTimeoutError",
    "FetchedPage",
    "HTTPStatusError",
    "InvalidURLError",
    "NotAFeedError",
    "NotAnArticleError",
    "PaywallError",
    "SafeFetcher",
    "TooLargeError",
    "TooManyRedirectsError",
    "UnsupportedContentError",
    "extract_article",
    "fetch_feed",
    "next_poll_delay",
]
