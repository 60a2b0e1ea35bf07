"""Feeds without Discord: polling, filters, delivery decisions and their log."""
