"""Quotations: the marks, the frames around them, attribution and the speakers they name."""
