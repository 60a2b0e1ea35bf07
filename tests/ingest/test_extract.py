"""Article extraction from hand-written pages, and fetch -> extract end to end."""

from __future__ import annotations

import pickle

import pytest
from aiohttp import web
from ingest_servers import allowed_loopback, make_fetcher, serve

from bot.ingest.extract import (
    ExtractedArticle,
    ExtractionError,
    NotAnArticleError,
    PaywallError,
    TooManyElementsError,
    extract_article,
)

# Every test runs under the suite's network guard: any connect or DNS lookup that is not
# loopback fails the test.
pytestmark = pytest.mark.usefixtures("network_guard")


PARAGRAPHS = [
    "The first tidal energy plant on the north coast began feeding power into the regional "
    "grid on Thursday, after six years of planning and two years of construction in the "
    "mouth of the old harbour.",
    "Engineers say the twelve underwater turbines will produce enough electricity for roughly "
    "eight thousand homes, turning with both the incoming and the outgoing tide. Unlike wind, "
    "the tide keeps a timetable that can be printed years in advance.",
    '"We know exactly when the water will move, to the minute, for the next century," said '
    "the project's chief engineer, Tomas Lindqvist. \"That predictability is worth as much "
    'to the grid operator as the power itself."',
    "Local fishermen, who had opposed the scheme at first, were won over by a compromise that "
    "keeps the eastern channel open and funds a new breakwater. Several of them now work on "
    "the maintenance boats that service the turbines.",
    "The council expects the plant to pay for itself within fifteen years, and has already "
    "begun a feasibility study for a second site further along the estuary.",
]


def article_page(extra_head: str = "", extra_body: str = "", paragraphs: int = 5) -> str:
    body = "\n".join(f"<p>{p}</p>" for p in PARAGRAPHS[:paragraphs])
    return f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
  <meta charset="utf-8">
  <title>Harbour Town Opens Tidal Energy Plant | The Coastal Courier</title>
  <meta name="author" content="Maya Okafor">
  <meta property="og:site_name" content="The Coastal Courier">
  <meta property="article:published_time" content="2024-03-14T09:30:00Z">
  <link rel="canonical" href="https://courier.example/energy/tidal-plant">
  {extra_head}
</head>
<body>
  <header><nav><ul>
    <li><a href="/">Home</a></li><li><a href="/news">News</a></li>
    <li><a href="/sport">Sport</a></li><li><a href="/weather">Weather</a></li>
  </ul></nav></header>
  <main><article>
    <h1>Harbour Town Opens Tidal Energy Plant</h1>
    <p class="byline">By Maya Okafor, 14 March 2024</p>
    {body}
    {extra_body}
  </article></main>
  <footer>
    <p>Copyright 2024 The Coastal Courier. All rights reserved.</p>
    <a href="/privacy">Privacy policy</a> <a href="/contact">Contact us</a>
  </footer>
</body>
</html>"""


def assert_is_the_article(article: ExtractedArticle) -> None:
    assert article.title == "Harbour Town Opens Tidal Energy Plant"
    assert article.author == "Maya Okafor"
    assert article.published == "2024-03-14"
    assert article.site_name == "The Coastal Courier"
    assert article.canonical_url == "https://courier.example/energy/tidal-plant"
    assert article.language == "en"
    # Paragraphs separated by blank lines; headline, nav and footer left out.
    assert article.text == "\n\n".join(PARAGRAPHS)
    for boilerplate in ("Home", "Privacy policy", "Copyright", "Harbour Town Opens"):
        assert boilerplate not in article.text


def test_extracts_article_fields() -> None:
    assert_is_the_article(extract_article(article_page(), "https://courier.example/x?utm=1"))


async def test_fetched_page_becomes_an_article() -> None:
    async def handler(request: web.Request) -> web.Response:
        return web.Response(text=article_page(), content_type="text/html")

    app = web.Application()
    app.router.add_get("/energy/tidal-plant", handler)
    address = allowed_loopback()
    async with serve(app, address) as base, make_fetcher(allow=[address]) as fetcher:
        page = await fetcher.fetch(f"{base}/energy/tidal-plant")
    assert_is_the_article(extract_article(page.text, page.final_url))


@pytest.mark.parametrize(
    ("head", "image"),
    [
        (
            '<meta property="og:image" content="https://img.courier.example/tide.jpg">',
            "https://img.courier.example/tide.jpg",
        ),
        # Relative to the page it was fetched from; spaces percent-encoded as for any link.
        ('<meta property="og:image" content="/media/tidal turbine.jpg">',
         "https://courier.example/media/tidal%20turbine.jpg"),
        # The Twitter card when there is no Open Graph image; Open Graph wins when both are.
        ('<meta name="twitter:image" content="https://courier.example/card.png">',
         "https://courier.example/card.png"),
        ('<meta name="twitter:image" content="https://courier.example/card.png">'
         '<meta property="og:image" content="https://courier.example/og.png">',
         "https://courier.example/og.png"),
        # Not http(s): skipped for the next candidate, or none at all.
        ('<meta property="og:image" content="javascript:alert(1)">'
         '<meta name="twitter:image" content="https://courier.example/card.png">',
         "https://courier.example/card.png"),
        ('<meta property="og:image" content="data:image/png;base64,iVBORw0KGgo=">', None),
        ("", None),
    ],
)  # fmt: skip
def test_lead_image_is_an_absolute_http_address_or_none(head: str, image: str | None) -> None:
    article = extract_article(article_page(extra_head=head), "https://courier.example/x/y")
    assert article.image_url == image


def test_without_canonical_link_the_fetched_url_is_canonical() -> None:
    html = article_page().replace(
        '<link rel="canonical" href="https://courier.example/energy/tidal-plant">', ""
    )
    article = extract_article(html, "https://courier.example/story/42")
    assert article.canonical_url == "https://courier.example/story/42"


@pytest.mark.parametrize(
    "html",
    [
        "",
        "plain words, no markup at all",
        "<html><head><title>Empty</title></head><body></body></html>",
        """<html><head><title>Sections</title></head><body>
        <nav><a href="/world">World</a> <a href="/business">Business</a></nav>
        <h1>Latest</h1><ul><li><a href="/s1">Storm hits coast</a></li>
        <li><a href="/s2">Markets rally</a></li></ul><footer>About us</footer></body></html>""",
    ],
)
def test_not_an_article(html: str) -> None:
    with pytest.raises(NotAnArticleError) as caught:
        extract_article(html, "https://courier.example/")
    assert str(caught.value) == "That page doesn't look like an article (no main text found)."


def test_subscription_teaser_is_a_paywall() -> None:
    prompt = """<div class="paywall"><h2>Subscribe to continue reading</h2>
        <p>Get unlimited access for just £1 a week.</p>
        <p>Already a subscriber? <a href="/login">Sign in</a></p></div>"""
    with pytest.raises(PaywallError) as caught:
        extract_article(article_page(extra_body=prompt, paragraphs=2), None)
    assert str(caught.value) == "That article is behind a paywall or login, so I can't read it."


def test_not_free_structured_data_with_a_teaser_is_a_paywall() -> None:
    schema = """<script type="application/ld+json">{"@type": "NewsArticle",
        "isAccessibleForFree": false}</script>"""
    with pytest.raises(PaywallError):
        extract_article(article_page(extra_head=schema, paragraphs=2), None)


def test_login_page_is_a_paywall() -> None:
    html = """<html><head><title>Sign in | The Daily Ledger</title></head><body>
        <h1>Sign in</h1><form action="/login" method="post">
        <label>Email <input type="email" name="email"></label>
        <label>Password <input type="password" name="password"></label>
        <button>Sign in</button></form></body></html>"""
    with pytest.raises(PaywallError):
        extract_article(html, None)


def test_full_article_beside_login_widget_and_newsletter_box_is_an_article() -> None:
    """Header login forms and newsletter boxes are everywhere; they don't hide the text."""
    widgets = """<aside><form action="/login"><input type="password" name="p"></form>
        <p>Subscribe to our newsletter for the week's top stories.</p></aside>"""
    article = extract_article(article_page(extra_body=widgets), None)
    assert article.text.startswith(PARAGRAPHS[0])


def test_results_and_errors_cross_process_boundaries() -> None:
    """Callers run extraction in a process pool: results and errors must pickle intact."""
    article = extract_article(article_page(), None)
    assert pickle.loads(pickle.dumps(article)) == article
    for error in (NotAnArticleError(), PaywallError()):
        copy = pickle.loads(pickle.dumps(error))
        assert type(copy) is type(error) and copy.message == error.message


def test_a_page_of_140000_tiny_paragraphs_is_refused_before_extraction():
    """The probe's 980 KB file: refused for its element count, not after seconds of work."""
    html = "<html><body>" + "<p>ab\n\n" * 140_000 + "</body></html>"
    with pytest.raises(TooManyElementsError, match="more than 10,000 HTML elements"):
        extract_article(html)


def test_a_page_with_far_more_text_than_an_article_is_refused_before_extraction():
    body = "".join(
        f"<p>Paragraph {i} of the harbour report and its costs.</p>" for i in range(9000)
    )
    with pytest.raises(ExtractionError, match="more than 400,000 characters of text"):
        extract_article(f"<html><body>{body}</body></html>")


def test_script_data_does_not_count_as_page_text():
    data = '{"x": "' + "y" * 500_000 + '"}'
    html = f"<html><head><script>{data}</script></head><body><article>"
    html += "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</article></body></html>"
    assert "tidal energy plant" in extract_article(html).text
