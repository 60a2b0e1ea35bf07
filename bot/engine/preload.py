"""What the engine's fork server (`bot/workers.py`) imports before it forks any worker: the
engine's modules and the language model. Loaded once there, they are in every worker from
its first request, and the model's arrays (74 MB, 2.5 s to load) are shared by the workers
instead of each worker loading its own copy on its first new article."""

from __future__ import annotations

import gc

import bot.engine.quotes.extract
import bot.engine.summary.auto
import bot.engine.summary.summarize
import bot.ingest.extract  # noqa: F401  (trafilatura, lxml: pages and files to add or summarise)
from bot.engine.text.language import detect

detect("This sentence loads the language model once, before the workers are forked.")

# The collector writes into every object it visits, and a written page stops being shared with
# the fork server: frozen, the objects loaded above are never visited, so they stay shared.
gc.freeze()
