"""Invented articles for story tests: one event reported by three sources, and an unrelated one."""

BRIDGE_REPORTS = [
    (
        "Harbour Bridge in Port Calder reopens after two-year repair",
        "Calder Gazette",
        "The Harbour Bridge in Port Calder reopened to traffic on Monday after two years of "
        "repairs. Mayor Dana Whitfield cut the ribbon at 7 a.m.\n\nTraffic was light.",
    ),
    (
        "Port Calder's Harbour Bridge reopens to traffic",
        "Coast Radio",
        "Port Calder's Harbour Bridge reopened to traffic on Monday after two years of repairs. "
        "The work cost $1.5 billion, the city said.\n\nBuses return next week.",
    ),
    (
        "Commuters cheer as Harbour Bridge reopens in Port Calder",
        "North Daily",
        "Hundreds of commuters cheered as the Harbour Bridge in Port Calder reopened on Monday. "
        "Some had waited since dawn to cross.\n\nThe ferry will keep running.",
    ),
]
UNRELATED = (
    "Riverton council approves school budget",
    "Riverton Post",
    "Riverton's council approved next year's school budget on Tuesday. The vote was close.",
)
