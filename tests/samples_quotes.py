"""A hand-written article with several speakers (fiction, written for these tests)."""

COUNCIL_ARTICLE = """Port Calder council approves harbour budget

The Port Calder council approved a new harbour budget on Tuesday after a long debate.

"This budget keeps the harbour open for another decade," said Mayor Dana Whitfield, who proposed it.

Councillor Omar Reyes opposed the plan. "We are borrowing against our children's future," Reyes told reporters.

Harbour master Lise Berg said the money would pay for new cranes. "The old ones are older than I am," she added.

Whitfield said the vote was "a win for every worker on the docks".
"""
