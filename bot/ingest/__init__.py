"""Web ingestion: a guarded HTTP fetcher (`fetch`), article extraction (`extract`) and feed
polling (`feeds`).

No discord here: the cogs call these and show the errors' ``message`` to users.
Every failure is a FetchError (fetching, feeds) or an ExtractionError (extraction), both
UserFacingError: str(error) is one plain sentence for the user.

Import the submodules themselves: this package imports none of them, because extraction
(trafilatura) loads numpy, which the bot process, which only fetches, must not load.
"""
