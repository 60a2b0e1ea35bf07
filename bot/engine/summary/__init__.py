"""Extractive summaries: the methods registry, the adaptive `auto` method, lead and keywords."""
