"""newsbot: a Discord bot that serves extractive news summaries and quotations, offline."""

__version__ = "0.1.0"
