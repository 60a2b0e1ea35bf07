"""`python -m bot` runs the bot, exactly like `newsbot run`."""

import sys

from bot.cli import main

sys.exit(main(["run"]))
