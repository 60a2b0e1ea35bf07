"""A hand-written article with several speakers (fiction, written for these tests)."""

COUNCIL_ARTICLE = """Port Calder council approves harbour budget

The Port Calder council approved a new harbour budget on Tuesday after a long debate.

"This budget keeps the harbour open for another decade," said Mayor Dana Whitfield, who proposed it.

Councillor Omar Reyes opposed the plan. "We are borrowing against our children's future," Reyes told reporters.

Harbour master Lise Berg said the money would pay for new cranes. "The old ones are older than I am," she added.

Whitfield said the vote was "a win for every worker on the docks".
"""

# Speaker phrases that carry an affiliation, titles used alone later, a dominant person under a
# description, a paragraph of bare quotation, and capitalised words that are not speakers.
TRANSPORT_ARTICLE = """Bridge repairs to start in spring

Infrastructure Minister Laura Brennan announced the repairs on Monday. Laura Brennan, the \
infrastructure minister at the Ministry of Transport, said the work would take a year.

"The bridge will be closed for six weeks," the minister said.

"We sail twice a day whatever the weather," said Karin Holm of the operator, Skarholm Sea Lines.

"Nobody asked us before the vote was held," Tom Reed, 45, a teacher from Leeds, said.

"This will cost jobs in the valley," Anna Berg, who heads the Valley Farmers Union, said.

"It was a difficult year," Skarholm spokesman Erik Lund said.

"And the ferries must run on time."

Mayor Pablo Ruiz welcomed the plan. "It is long overdue," the mayor said.
"""

RULER_ARTICLE = """Summit ends with a parade

Kim Jong Un met the soldiers on Friday. Kim Jong Un said the army was ready, and state media \
showed Kim Jong Un inspecting the unit.

Later the hermit kingdom ruler praised their "heroic" conduct and said they had "shown the whole \
world what loyalty means".
"""

NON_SPEAKER_ARTICLE = """FULL TEXT

Already "the plan is dead in the water and everyone knows it," observers noted.

Get "a second opinion before you sign anything at all," the leaflet said.

The council met in Dallas on Monday and again in Dallas on Friday.

Dallas "was never going to accept a deal like this one," the report said.
"""
