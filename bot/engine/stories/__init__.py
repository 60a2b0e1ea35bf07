"""Stories: the articles about the same event, grouped online as they arrive, and their summaries.

Plain Python with no discord, I/O or heavy imports: the clustering is called from the CLI, the
benchmark and (through the worker pool) the bot, and must give the same answer everywhere.
"""
