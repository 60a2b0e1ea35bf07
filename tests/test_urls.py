"""Web addresses where they come in (normalised or refused) and where they go out (only what
Discord accepts as an embed link)."""

import pytest

from bot.errors import InputError
from bot.service import NewsService
from bot.store import open_store
from bot.urls import is_well_formed, normalize_url
from tests.samples import SCRAPED_ARTICLE


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("https://news.example.com/a b", "https://news.example.com/a%20b"),
        ("  https://news.example.com/story  ", "https://news.example.com/story"),
        ("https://Bücher.example/ü", "https://xn--bcher-kva.example/%C3%BC"),
        ("http://news.example.com/a?q=1#top", "http://news.example.com/a?q=1#top"),
    ],
)
def test_urls_are_stored_normalised(raw, stored):
    assert normalize_url(raw) == stored
    assert is_well_formed(stored)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("news.example.com/a", "doesn't look like a web address"),
        ("ftp://news.example.com/a", "Only http and https"),
        ("https://news.example.com/a\nb", "line break"),
        ("https://exa mple.com/", "not a valid http or https address"),
        ("https://news.example.com:99999/", "not a valid http or https address"),
        ("https://news.example.com/" + "a" * 2000, "longer than 2,000 characters"),
    ],
)
def test_what_is_no_web_address_is_refused(raw, message):
    with pytest.raises(InputError, match=message):
        normalize_url(raw)


@pytest.mark.parametrize(
    "url", ["https://news.example.com/a b", "javascript:alert(1)", "https://x.org/\x00", None, ""]
)
def test_links_discord_would_refuse_are_not_well_formed(url):
    assert not is_well_formed(url)


async def test_a_page_whose_canonical_link_has_a_space_is_stored_with_it_encoded(tmp_path):
    body = "".join(f"<p>{p}</p>" for p in SCRAPED_ARTICLE.split("\n\n")[1:])
    html = (
        '<html><head><meta property="og:url" content="https://news.example.com/tidal power">'
        f"<title>Tidal power</title></head><body><article>{body}</article></body></html>"
    )
    store = await open_store(str(tmp_path / "news.db"))
    try:
        outcome = await NewsService(store).add_file(1, "tidal.html", html.encode())
    finally:
        await store.close()
    assert outcome.article.canonical_url == "https://news.example.com/tidal%20power"
