"""Hand-written test articles in the shapes news arrives in (fiction, written for these tests).

Each `Shape` holds the raw input as a file of that kind would hold it, the headline and author
a reader would name, lines of furniture that must never become sentences, and quotations
with the surname of the person who said them.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Shape:
    name: str
    filename: str
    raw: str
    title: str
    author: str | None
    furniture: tuple[str, ...]
    quotes: tuple[tuple[str, str], ...] = field(default=())  # (words of the quote, surname)


SHAPES: list[Shape] = []


def shape(*args, **kwargs) -> None:
    SHAPES.append(Shape(*args, **kwargs))


shape(
    "scraped page text with captions and credits",
    "ferry.txt",
    """Ferry service to Orla Island suspended after engine fire

Photo: Marta Quist/AFP via Getty Images
Passengers wait at the Kessel terminal on Tuesday. Photograph: Ben Adair/Reuters
Share this article
Share on Facebook Share on Twitter Share on WhatsApp

The only ferry linking Orla Island to the mainland was taken out of service on Tuesday after a fire broke out in its engine room.
All 212 passengers were brought back to the Kessel terminal without injury, the operator said.

"We will not sail again until every engine has been inspected," said Ruth Calder, chief executive of Island Lines.
Islanders rely on the ferry for food, fuel and hospital visits.

Advertisement

The island council has asked the regional government for an emergency air bridge.
Councillor Piet Marr said the island had enough fuel for nine days.
Engineers from the shipbuilder are expected to arrive on Thursday.

Read more: Island Lines fined over late sailings last winter
Most read
© 2026 Kessel Evening Post. All rights reserved.
""",
    "Ferry service to Orla Island suspended after engine fire",
    None,
    ("Photo:", "Photograph:", "Share", "Advertisement", "Read more", "Most read", "©"),
    (("We will not sail again until every engine has been inspected", "Calder"),),
)

shape(
    "Markdown CMS export",
    "rail.md",
    """# Rail strike halts trains across the north

*By Helen Okafor, Transport Correspondent*

![Empty platform at Brindle station](https://example.invalid/platform.jpg)
*Photo: An empty platform at Brindle station. Credit: Sarah Khan / Reuters*

Train drivers across the north walked out at midnight, cancelling more than **2,000** services
on the first day of a [three-day strike](https://example.invalid/strike).

The union says pay offers have fallen far behind prices. "Our members have not had a real rise
in five years," said union leader _Tomas Brandt_.

**Read more:** [What the strike means for your journey](https://example.invalid/journey)

Northern Connect, the operator, said it had offered a rise of four percent.
Talks are due to resume at the conciliation service on Friday.
Commuters faced queues of more than an hour for replacement buses in Harford.
""",
    "Rail strike halts trains across the north",
    "Helen Okafor",
    ("By Helen", "Photo:", "Credit:", "Read more", "Empty platform", "example.invalid"),
    (("Our members have not had a real rise in five years", "Brandt"),),
)

shape(
    "newsletter HTML",
    "newsletter.html",
    """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Morning Brief: Reservoir levels hit record low</title>
<meta name="author" content="Nadia Ferro"></head>
<body>
<table width="100%"><tr><td><a href="https://example.invalid/view">View this email in your browser</a></td></tr></table>
<table width="600"><tr><td>
<h1>Reservoir levels hit record low</h1>
<p>By Nadia Ferro</p>
<p>Reservoirs serving the Tarrow valley fell to 31 percent of capacity this week, the lowest level since records began in 1961.</p>
<p>The water company announced a hosepipe ban for 400,000 homes from Saturday. "We are asking everyone to save water wherever they can," said operations director Colin Vance.</p>
<p>Farmers in the valley say the dry spring has already cut the first hay harvest by half. The regional environment agency will publish its drought assessment next week.</p>
<p>Rainfall in the valley since March has been 42 percent below the long-term average, according to the weather service.</p>
<p>Sign up for the Morning Brief newsletter and get the news in your inbox every day.</p>
<p><a href="https://example.invalid/unsubscribe">Unsubscribe</a> | <a href="https://example.invalid/prefs">Manage preferences</a></p>
<p>Copyright 2026 Tarrow Media Ltd</p>
</td></tr></table>
</body></html>
""",
    "Reservoir levels hit record low",
    "Nadia Ferro",
    ("View this email", "Sign up", "Unsubscribe", "Copyright", "By Nadia"),
    (("We are asking everyone to save water wherever they can", "Vance"),),
)

shape(
    "wire story with dateline and footer",
    "wire.txt",
    """Central bank raises rates for third time this year

LONDON (Reuters) - The Bank of Albion raised its main interest rate by a quarter point to 5.25 percent on Thursday, its third increase this year, as inflation stayed stubbornly high.

Governor Miriam Stokes said price growth remained too fast for comfort. "We will do what is necessary to bring inflation back to target," Stokes told reporters.

Markets had expected the move. The currency rose half a cent against the dollar after the announcement.

Two of the nine members of the rate committee voted to hold rates steady.

Reporting by Jonas Webb; Editing by Clare Dunmore
""",
    "Central bank raises rates for third time this year",
    None,
    ("Reuters", "Reporting by", "Editing by"),
    (("We will do what is necessary to bring inflation back to target", "Stokes"),),
)

shape(
    "Daily Mail-style byline block",
    "mail.txt",
    """By . Daily Mail Reporter . PUBLISHED: . 12:00 EST, 1 June 2013 . | . UPDATED: . 14:31 EST, 1 June 2013 . A pensioner who found a winning lottery ticket in an old coat has finally claimed her prize of 1.2 million pounds. Edna Pike, 78, from Carlow, had bought the ticket a year ago and forgotten it. She found it only when clearing out her wardrobe for a charity shop. "I nearly gave the coat away," Mrs Pike said. The lottery operator confirmed the claim on Friday. She plans to buy a bungalow near her grandchildren.
""",
    "A pensioner who found a winning lottery ticket in an old coat has finally claimed her prize of 1.2 million pounds.",
    "Daily Mail Reporter",
    ("PUBLISHED", "UPDATED", "Daily Mail Reporter", "EST"),
    (("I nearly gave the coat away", "Pike"),),
)

shape(
    "live blog with timestamps",
    "live.txt",
    """Election night live: polls close across the state

Last updated 3 hours ago
Key events
Show key events only

22:15 GMT
Turnout reached a record 71 percent, the state election office said.
The count is expected to continue until morning.

21:40 GMT
Polling stations in the capital stayed open late after long queues formed in the evening.

21:02 GMT
Challenger Rosa Lind cast her vote in her home town. "Tonight the people decide," Lind said.
Both campaigns have spent more than ever before on advertising.

Share
""",
    "Election night live: polls close across the state",
    None,
    ("22:15", "21:40", "21:02", "Key events", "Last updated", "Show key events"),
    (("Tonight the people decide", "Lind"),),
)

shape(
    "article with a bulleted list and a table",
    "budget.md",
    """# City budget: what changes in April

The city council approved its budget for next year on Wednesday after a four-hour debate.

Council leader Amir Hosseini said the plan protected front-line services. "Nobody will lose a bin collection," Hosseini said.

The main changes are:

- Parking charges rise by 20 pence an hour in the centre.
- Libraries will open on Sundays again.
- Three youth centres get new roofs.

| Service | Change |
| --- | --- |
| Parking | +20p an hour |
| Libraries | Sunday opening |

Opposition councillors voted against the plan, saying it relied on reserves.
The budget takes effect on 1 April.
""",
    "City budget: what changes in April",
    None,
    ("| Service", "Parking |", "Sunday opening |"),
    (("Nobody will lose a bin collection", "Hosseini"),),
)

shape(
    "pull quote repeated from the body",
    "museum.md",
    """# Museum returns carved doors to their village

The Halden Museum has returned a pair of carved wooden doors to the village of Ostra, a century after they were taken.

> "They have finally come home."

The doors were removed from the village chapel in 1921 and sold to a private collector.
Museum director Ingrid Sol said the return had taken three years of research. "They have finally come home," Sol said at the ceremony on Saturday.

Villagers carried the doors through the streets before they were hung in the restored chapel.
The museum will lend the village its records of the sale.
""",
    "Museum returns carved doors to their village",
    None,
    (),
    (("They have finally come home", "Sol"),),
)

shape(
    "German article",
    "de.txt",
    """Neue Brücke über die Elbe eröffnet

Von Anna Schmidt, Dresden

Anzeige

Nach vier Jahren Bauzeit ist die neue Brücke über die Elbe am Montag für den Verkehr freigegeben worden.
Täglich sollen dort rund 30.000 Autos fahren.

Oberbürgermeister Karl Brenner sprach von einem großen Tag für die Stadt.
Die Baukosten stiegen von 120 auf 180 Millionen Euro. Die Opposition kritisierte die Mehrkosten scharf.
Für Radfahrer gibt es eigene Spuren auf beiden Seiten.

Foto: Peter Lang / dpa
""",
    "Neue Brücke über die Elbe eröffnet",
    "Anna Schmidt",
    ("Von Anna", "Anzeige", "Foto:", "dpa"),
)

shape(
    "saved news page",
    "page.html",
    """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Wildfire forces evacuation of hill villages | Coast Herald</title>
<meta property="og:title" content="Wildfire forces evacuation of hill villages">
<meta name="author" content="Leo Marsh">
<meta property="og:site_name" content="Coast Herald">
</head><body>
<header><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav></header>
<div class="cookie-banner">We use cookies to give you the best experience. Accept all cookies</div>
<main><article>
<h1>Wildfire forces evacuation of hill villages</h1>
<p class="byline">By Leo Marsh</p>
<figure><img src="fire.jpg" alt="Smoke rises above pine trees"><figcaption>Smoke over the Varda hills on Sunday. Photo: Ines Roy/EPA</figcaption></figure>
<p>More than 3,000 people were evacuated from villages in the Varda hills on Sunday as a wildfire spread through dry pine forest.</p>
<p>Strong winds pushed the flames towards the village of Calla, where firefighters worked through the night to protect homes.</p>
<p>"The next twelve hours are critical," said fire chief Dario Benn. Water-bombing aircraft joined the effort at dawn.</p>
<p>No injuries have been reported. Roads into the hills remain closed.</p>
<p>The regional government has opened three sports halls as emergency shelters.</p>
<div class="share">Share on Facebook Share on Twitter Copy link</div>
</article></main>
<aside><h2>Most read</h2><ul><li>Harbour tunnel opens</li><li>Mayor resigns</li></ul></aside>
<footer>© 2026 Coast Herald. All rights reserved.</footer>
</body></html>
""",
    "Wildfire forces evacuation of hill villages",
    "Leo Marsh",
    ("cookies", "Smoke rises", "Photo:", "Share", "Most read", "©", "Home News", "By Leo"),
    (("The next twelve hours are critical", "Benn"),),
)

shape(
    "saved page in a .txt file",
    "saved.txt",
    """<!doctype html><html><head><title>Library fines abolished in Westmoor</title></head><body>
<article><h1>Library fines abolished in Westmoor</h1>
<p>Westmoor's libraries will no longer charge fines for late returns, the borough announced on Monday.</p>
<p>The borough said fines brought in less than they cost to collect and kept families away.
&ldquo;Libraries should welcome people back, not punish them,&rdquo; said councillor Joan Adeyemi.</p>
<p>Books still unreturned after three months will be charged at their replacement cost.</p>
<p>Similar schemes in other boroughs brought back thousands of lapsed members within a year.</p>
<p>Read more: How libraries are changing</p>
</article></body></html>
""",
    "Library fines abolished in Westmoor",
    None,
    ("<", "ldquo", "Read more", "doctype"),
    (("Libraries should welcome people back, not punish them", "Adeyemi"),),
)

shape(
    "broadcaster page text with published line and image captions",
    "broadcaster.txt",
    """Heatwave: Schools told to keep pupils indoors

Published 14:02 GMT, 3 March 2026 | Updated 16:40 GMT, 3 March 2026

Image source, Getty Images
Image caption, Pupils in Fenwick queue for water on Monday

Schools in the south have been told to keep pupils indoors during the hottest part of the day as temperatures reached 38C.

The education department said outdoor sports should be moved to the morning. "Children's safety comes first," said schools minister Owen Pryce.

The heat is expected to ease by the weekend, forecasters said.
Hospitals reported a rise in admissions for heat exhaustion.

Related Topics
More on this story
""",
    "Heatwave: Schools told to keep pupils indoors",
    None,
    ("Published", "Updated", "Image source", "Image caption", "Related", "More on this story"),
    (("Children's safety comes first", "Pryce"),),
)

shape(
    "wire story from the AP with a contributor line",
    "ap.txt",
    """Flooding closes border crossing

RIVERTON, Ontario (AP) — Floodwater closed the main border crossing at Riverton on Saturday after three days of heavy rain.

Officials said the bridge would stay shut until engineers could inspect it. "We cannot take any chances with the structure," said public works director Elena Fox.

About 4,000 trucks cross at Riverton on a normal day.

Associated Press writer Tom Rigby contributed to this report.
""",
    "Flooding closes border crossing",
    None,
    ("(AP)", "contributed to this report", "Riverton, Ontario"),
    (("We cannot take any chances with the structure", "Fox"),),
)

shape(
    "newsletter as plain text",
    "brief.txt",
    """You're reading the Evening Wrap newsletter. Sign up here to get it in your inbox.

Port strike ends after nine days

Dock workers at the port of Halvik voted on Monday to accept a new pay deal, ending a strike that left 60 ships waiting offshore.

The deal gives workers a nine percent rise over two years. "This is a fair result for everyone," said union steward Mikael Dahl.

Exporters warned that clearing the backlog could take a month.

Forward this email to a friend
Unsubscribe at any time
""",
    "Port strike ends after nine days",
    None,
    ("Evening Wrap", "Sign up", "Forward this email", "Unsubscribe"),
    (("This is a fair result for everyone", "Dahl"),),
)

shape(
    "Markdown with code, an HTML block and a setext headline",
    "tech.md",
    """Council website goes down for two days
=======================================

By Priya Natarajan

The council's website was offline for two days after a failed software update, officials said on Wednesday.

<div class="ad">Advertisement</div>

Residents could not pay parking fines or book bin collections while the site was down.
"We apologise to everyone affected," said digital services manager Grace Olu.

```
ERROR 503 Service Unavailable
```

The council said no personal data had been lost.
An external review of the update process will report in June.
""",
    "Council website goes down for two days",
    "Priya Natarajan",
    ("ERROR 503", "Advertisement", "By Priya", "===="),
    (("We apologise to everyone affected", "Olu"),),
)

shape(
    "Markdown front matter from a static-site CMS",
    "front.md",
    """---
title: Zoo welcomes twin snow leopard cubs
author: Marco Ruiz
date: 2026-02-11
---

Two snow leopard cubs have been born at Greywood Zoo, the first of their kind born there in 20 years.

The cubs, a male and a female, will stay with their mother out of public view until the spring.
"It is a wonderful boost for a species in real trouble," said head keeper Lotte Brandl.

Fewer than 7,000 snow leopards are thought to live in the wild.
The zoo will hold a public vote to name the cubs.

*Sign up to our weekly nature newsletter*
""",
    "Zoo welcomes twin snow leopard cubs",
    "Marco Ruiz",
    ("title:", "author:", "---", "Sign up"),
    (("It is a wonderful boost for a species in real trouble", "Brandl"),),
)

shape(
    "magazine page text with pull quote and author bio",
    "magazine.txt",
    """The last lighthouse keeper of Skarva

By Ewan Tulloch

For 31 years, Hamish Rennie climbed the 118 steps of the Skarva lighthouse every night.

"The sea never lets you forget who is in charge."

The light was automated in 1998, but Rennie stayed on as its caretaker until last month.
"The sea never lets you forget who is in charge," Rennie said, looking out from the gallery.
He plans to move to the mainland to be near his daughter.
The lighthouse trust hopes to open the tower to visitors next summer.

Follow Ewan Tulloch on Twitter
Topics: Islands, Heritage
""",
    "The last lighthouse keeper of Skarva",
    "Ewan Tulloch",
    ("By Ewan", "Follow Ewan", "Topics:"),
    (("The sea never lets you forget who is in charge", "Rennie"),),
)

shape(
    "scraped text with inline photo credits and a continue-reading prompt",
    "market.txt",
    """Night market returns to the old quarter

Posted 2 days ago
Comments 14

The night market returned to the old quarter on Friday for the first time since the fire that destroyed 40 stalls two years ago (Photo: Kim Dao/Shutterstock).

Traders said the first evening had been busier than they had dared hope. "People missed this place," said stallholder Lan Pham.
The city rebuilt the square with fire-resistant canopies and wider lanes.

Story continues below advertisement

The market will open every Friday and Saturday until October.
Parking nearby remains limited, and visitors are urged to come by tram.

Continue reading
""",
    "Night market returns to the old quarter",
    None,
    ("Posted", "Comments", "Photo:", "Shutterstock", "Story continues", "Continue reading"),
    (("People missed this place", "Pham"),),
)

shape(
    "article that states its correction and tags",
    "hospital.txt",
    """New children's hospital opens its doors

By Sofia Reyes and Daniel Okoro

The new children's hospital in Brantwood admitted its first patients on Monday, two years later than planned.

The 240-bed hospital replaces a Victorian building that inspectors had called unfit for modern care.
"Families have waited far too long for this," said health minister Ruth Achebe.
The delay was caused by faults in the ventilation system found during final checks.

This article was amended on 4 March 2026 to correct the number of beds.
Tags: Health, Brantwood
""",
    "New children's hospital opens its doors",
    "Sofia Reyes and Daniel Okoro",
    ("By Sofia", "This article was amended", "Tags:"),
    (("Families have waited far too long for this", "Achebe"),),
)

shape(
    "Markdown post with a blockquote statement and emphasis captions",
    "statement.md",
    """# Airport expansion approved despite protests

**By Kwame Mensah** | *Last updated 10:15, 6 May 2026*

Planning inspectors approved a second runway at Marlow airport on Tuesday, ending a ten-year campaign by residents to stop it.

![Protesters outside the inquiry](https://example.invalid/protest.jpg)

*Protesters gathered outside the inquiry building. (Photo: Ada Lind/PA Wire)*

The airport said the runway would create 5,000 jobs. Campaigners said they would challenge the decision in court.

> "This decision ignores everyone who lives under the flight path," said campaign chair Beth Collins.

Construction is due to begin next year.
""",
    "Airport expansion approved despite protests",
    "Kwame Mensah",
    ("By Kwame", "Last updated", "Protesters gathered", "Photo:", "PA Wire"),
    (("This decision ignores everyone who lives under the flight path", "Collins"),),
)

shape(
    "feed entry's HTML summary (a fragment)",
    "entry.html",
    """<p>Volunteers planted 10,000 trees along the Ember river on Sunday to slow the floods that hit the town every winter.</p>
<p>&ldquo;Every tree holds back a little water,&rdquo; said organiser Maya Stein.</p>
<p>The council plans another planting day in the autumn.</p>
<img src="trees.jpg" alt="Volunteers with spades">
""",
    "Volunteers planted 10,000 trees along the Ember river on Sunday to slow the floods that hit the town every winter.",
    None,
    ("Volunteers with spades", "<p>", "ldquo"),
    (("Every tree holds back a little water", "Stein"),),
)
