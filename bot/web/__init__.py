"""The web control panel: server admins sign in with Discord and look after their server's
library, feeds and settings in a browser.

`app.py` builds the aiohttp application, `auth.py` signs people in (OAuth2, sessions, CSRF,
who may act on which server), `routes/` holds one module per area of a server and
`templates/` their pages. A route calls the service layer, as a slash command does, so a
change made here is the same operation and shows in Discord at once. A new area (feed
filters, stories, digests) is a new module in `routes/` listed in `routes.AREAS`, and its
templates.
"""
