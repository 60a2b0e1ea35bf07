"""What the engine's fork server (`bot/workers.py`) imports before it forks any worker: the
engine's modules and the stop-word lists. Loaded once there, they are in every worker from its
first request, shared by the workers instead of each worker loading its own copy.

The language model (py3langid, 74 MB, 2.5 s to load) is not preloaded: English is recognised
by its stop words (`bot.engine.text.language`), and a worker loads the model only when a text
in another language arrives, so a server that adds English news never holds it."""

from __future__ import annotations

import gc

import bot.engine.quotes.extract
import bot.engine.summary.auto
import bot.engine.summary.summarize
import bot.ingest.extract  # noqa: F401  (trafilatura, lxml: pages and files to add or summarise)
from bot.engine.text.language import detect

# English prose: loads the stop-word lists every language check reads, and not the model.
detect("This sentence loads the lists of stop words once, before any of the workers is forked.")

# The collector writes into every object it visits, and a written page stops being shared with
# the fork server: frozen, the objects loaded above are never visited, so they stay shared.
gc.freeze()
