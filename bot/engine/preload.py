"""What the engine's fork server (`bot/workers.py`) imports before it forks any worker: the
engine's modules and the language model. Loaded once there, they are in every worker from
its first request, and the model's arrays (74 MB, 2.5 s to load) are shared by the workers
instead of each worker loading its own copy on its first new article."""

from __future__ import annotations

import bot.engine.auto
import bot.engine.quotes
import bot.engine.summarize  # noqa: F401
from bot.engine.language import detect

detect("This sentence loads the language model once, before the workers are forked.")
