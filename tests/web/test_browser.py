"""The panel as an admin uses it, in headless Chromium, against the real bot process (which
serves the panel because NEWSBOT_WEB_URL is set) and the Discord double: sign in with
Discord, pick a server, add a feed and on its page write a filter and watch the live preview
of its newest entries, send a test post and see it land in Discord, add an article and read
it, change the server's summary length and see /summary change in Discord, remove the
article, sign out.
And the bot keeping the panel's list of its servers and channels current as they change."""

from __future__ import annotations

import asyncio
import contextlib
import re
import sqlite3
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import aiohttp
import discord
import pytest
import pytest_asyncio
from discord_double.fixtures import BotProcess
from discord_double.server import DiscordDouble
from playwright.async_api import Page, expect

from tests.e2e.newsroom import bullets
from tests.e2e.web_site import BOT_ENV, WebSite, running_site
from tests.stories_samples import BRIDGE_REPORTS
from tests.web.browser import chromium, overflows_sideways, screenshot, unlabelled_fields
from tests.web.panel import SignedIn, free_port

pytestmark = pytest.mark.asyncio(loop_scope="module")

ADMIN = discord.Permissions(manage_guild=True)
WAIT_MS = 20_000
ARTICLE_TITLE = "Night Ferry Service Starts in June"
ARTICLE_TEXT = (
    "The harbour ferry will run every hour through the night from the first of June, the "
    "port authority said on Tuesday. Night workers had asked for the service for years.\n\n"
    '"We heard them, and the boats are ready," said Mara Quint, the authority\'s director. '
    "The first boat will leave the north pier at midnight and reach the island at half past.\n\n"
    "Tickets will cost the same as in the daytime. The authority expects about four hundred "
    "passengers a night in the first month, and more once the summer season begins.\n\n"
    "Unions welcomed the plan but asked for a second crew on each boat. The authority said it "
    "would hire twelve new deckhands before the service starts."
)


@dataclass
class Stage:
    double: DiscordDouble
    process: BotProcess
    site: WebSite
    url: str

    @property
    def database(self) -> Path:
        return self.process.database


async def wait_for_panel(url: str, process: BotProcess) -> None:
    """Until the panel answers (a positive signal, not a sleep)."""
    async with aiohttp.ClientSession() as http:
        for _ in range(300):
            if not process.running:
                raise RuntimeError(f"the bot exited:\n{process.output[-3000:]}")
            with contextlib.suppress(aiohttp.ClientError):
                async with http.get(url + "/") as response:
                    if response.status == 200:
                        return
            await asyncio.sleep(0.1)
    raise TimeoutError(f"the panel never answered at {url}:\n{process.output[-3000:]}")


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def stage(tmp_path_factory) -> AsyncIterator[Stage]:
    async with running_site() as site:
        double = DiscordDouble()
        await double.start()
        home = double.add_guild("Home")
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        double.oauth_register(url + "/callback")
        process = BotProcess(
            double,
            [sys.executable, "-m", "bot"],
            workdir=tmp_path_factory.mktemp("panel-bot"),
            env={
                **BOT_ENV,
                **site.bot_env(),
                # The poller stays out of the way: the feed page's preview says what it
                # *would* do, which a poll in the middle of the test would change.
                "NEWSBOT_FEED_TICK_SECONDS": "3600",
                "NEWSBOT_WEB_URL": url,
                "NEWSBOT_WEB_PORT": str(port),
                "NEWSBOT_WEB_HOST": "127.0.0.1",
                "DISCORD_CLIENT_ID": str(double.application_id),
                "DISCORD_CLIENT_SECRET": double.oauth_client_secret,
            },
            dev_guild=home,
        )
        try:
            await process.start()
            double.app_commands[None] = list(double.commands(home))
            await wait_for_panel(url, process)
            # The panel answers before the bot's gateway session is ready; the poller's first
            # tick comes at ready, and one after a test's feed was added would post its entries.
            await wait_until(lambda: "feed poller" in process.output, "the bot's feed poller")
            yield Stage(double, process, site, url)
        finally:
            await process.stop()
            await double.stop()
        double.assert_clean()
        assert not process.network_violations, process.network_violations
        assert "test-client-secret" not in process.output  # the secret is never logged


def rows(database: Path, sql: str, *params) -> list[tuple]:
    with contextlib.closing(sqlite3.connect(database, timeout=5)) as db:
        return db.execute(sql, params).fetchall()


async def wait_until(predicate, what: str, timeout: float = 20.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)


async def summary_bullets(stage: Stage, guild, channel, member) -> list[str]:
    handle = await stage.double.invoke("summary", {}, user=member, guild=guild, channel=channel)
    message = await handle.wait_final(timeout=30)
    return bullets(message.embeds[0])


async def new_server(stage: Stage, name: str, channel_name: str, admin_name: str):
    """A server with one channel and an admin, once the bot has written it down for the
    panel (a positive signal)."""
    guild = stage.double.add_guild(name)
    channel = stage.double.add_channel(guild, channel_name)
    admin = stage.double.add_member(guild, admin_name, permissions=ADMIN)
    await wait_until(
        lambda: rows(stage.database, "SELECT 1 FROM bot_channels WHERE channel_id = ?", channel.id),
        "the bot to write the new server and its channel down",
    )
    return guild, channel, admin


def watch_console(page: Page) -> list[str]:
    """The browser's complaints about the Content-Security-Policy (an inline script or style,
    or anything from elsewhere, would be one), as they happen."""
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return refused


async def open_area(page: Page, server: str, area: str) -> None:
    """Follow the server navigation's link to one of its areas."""
    await page.get_by_role("navigation", name=server).get_by_role("link", name=area).click()


async def check_page(page: Page) -> None:
    """What every page owes a person: labelled fields, and no sideways scrolling."""
    assert await unlabelled_fields(page) == [], page.url
    assert not await overflows_sideways(page), page.url


async def test_admin_runs_a_server_from_the_browser(stage, tmp_path):
    double = stage.double
    guild, channel, admin = await new_server(stage, "Calder Gazette", "news", "ada")
    reader = double.add_member(guild, "bob")
    double.oauth_sign_in(admin)
    stage.site.feed_slugs[:] = ["bridge", "library", "ferry"]

    async with chromium(tmp_path / "profile", viewport={"width": 1100, "height": 760}) as browser:
        page = await browser.new_page()
        page.set_default_timeout(WAIT_MS)
        page.on("dialog", lambda dialog: asyncio.ensure_future(dialog.accept()))
        refused = watch_console(page)

        # Sign in with Discord and pick the server.
        await page.goto(stage.url + "/")
        await check_page(page)
        await screenshot(page, "home", tmp_path)
        await page.get_by_role("link", name="Sign in with Discord").click()
        await page.get_by_role("button", name="Authorize").click()
        await expect(page.get_by_role("heading", name="Your servers")).to_be_visible()
        await expect(page.get_by_role("link", name="Calder Gazette")).to_be_visible()
        await screenshot(page, "servers", tmp_path)
        await page.get_by_role("link", name="Calder Gazette").click()
        await expect(page.get_by_role("heading", name="Calder Gazette")).to_be_visible()

        # Add a feed and see it listed with the title the feed gives itself.
        await open_area(page, "Calder Gazette", "Feeds")
        await page.get_by_label("The feed's address (RSS or Atom)").fill(
            stage.site.url("/feed.xml")
        )
        await page.get_by_label("Post to").select_option(label="#news")
        await check_page(page)
        await page.get_by_role("button", name="Add feed").click()
        await expect(page.get_by_role("status")).to_contain_text("Feed added")
        await expect(page.locator(".feeds")).to_contain_text("Harbour News")
        await expect(page.locator(".feeds")).to_contain_text("#news")
        await screenshot(page, "feeds", tmp_path)
        assert rows(
            stage.database, "SELECT channel_id FROM feeds WHERE guild_id = ?", guild.id
        ) == [(channel.id,)]

        # On the feed's page, write a filter: the preview follows as it is typed, showing
        # which of the newest entries would be posted and which rule blocks the others.
        await page.get_by_role("link", name="Settings, filters and log").first.click()
        await expect(page.get_by_role("heading", name="Filters")).to_be_visible()
        preview = page.locator("#preview-body")
        await expect(preview.locator("li")).to_have_count(3)  # no filters yet: all pass
        await page.get_by_label("Words or phrases separated by commas").fill("ferry, islands")
        ferry = preview.locator("li", has_text="Night Ferry to the Islands")
        bridge = preview.locator("li", has_text="Harbour Bridge Reopens")
        await expect(ferry).to_contain_text("Would post")
        await expect(bridge).to_contain_text("Would not post")
        await expect(bridge).to_contain_text("title contains")
        await page.get_by_role("button", name="Add filter").click()
        await expect(page.get_by_role("status")).to_contain_text("Filter added")
        await expect(page.locator(".rules")).to_contain_text("title contains “ferry, islands”")
        stored = rows(stage.database, "SELECT filters FROM feeds WHERE guild_id = ?", guild.id)
        assert "ferry, islands" in stored[0][0]
        # A regular expression that cannot be compiled is explained in the form.
        await page.get_by_label("Rule", exact=True).select_option(label="matches")
        await page.get_by_label("Words or phrases separated by commas").fill("(ferry")
        await expect(preview).to_contain_text("not valid")
        await check_page(page)
        await page.get_by_label("Words or phrases separated by commas").fill("")
        await page.get_by_role("button", name="Preview").click()
        await expect(bridge).to_contain_text("Would not post")
        await screenshot(page, "feed", tmp_path)
        # A test post lands in the feed's channel, marked as a test.
        await page.get_by_role("button", name="Send a test post").click()
        await expect(page.get_by_role("status")).to_contain_text("Test post sent")
        await wait_until(
            lambda: any("Test post of feed" in m.content for m in double.channel_messages(channel)),
            "the test post in the channel",
        )

        # Add an article by pasting it, and read it with its summary and quotations.
        await open_area(page, "Calder Gazette", "Library")
        await page.get_by_label("Title (optional)").fill(ARTICLE_TITLE)
        await page.get_by_label("Text", exact=True).fill(ARTICLE_TEXT)
        await page.get_by_role("button", name="Add article").click()
        await expect(page.get_by_role("heading", name=ARTICLE_TITLE)).to_be_visible()
        await expect(page.locator(".quotes")).to_contain_text("Mara Quint")
        await expect(page.locator(".summary li")).to_have_count(3)
        await page.get_by_label("Sentences").fill("1")
        await page.get_by_label("Sentences").dispatch_event("change")
        await expect(page.locator(".summary li")).to_have_count(1)
        await check_page(page)
        await screenshot(page, "article", tmp_path)

        # The server's default length, changed in the panel, is what /summary uses at once.
        before = await summary_bullets(stage, guild, channel, reader)
        assert len(before) == 3
        await open_area(page, "Calder Gazette", "Settings")
        await page.get_by_label("Summary length (sentences)").fill("2")
        await check_page(page)
        await page.get_by_role("button", name="Save").click()
        await expect(page.get_by_role("status")).to_contain_text("Settings saved")
        await screenshot(page, "settings", tmp_path)
        after = await summary_bullets(stage, guild, channel, reader)
        assert len(after) == 2

        # Remove the article from the library.
        await open_area(page, "Calder Gazette", "Library")
        await screenshot(page, "library", tmp_path)
        await page.get_by_role("button", name="Remove article").first.click()
        await expect(page.get_by_role("status")).to_contain_text("Article removed")
        assert rows(stage.database, "SELECT id FROM articles WHERE guild_id = ?", guild.id) == []
        handle = await double.invoke("summary", {}, user=reader, guild=guild, channel=channel)
        assert "no articles" in (await handle.wait_final(timeout=30)).content

        # Sign out: the session is gone, and a server page asks to sign in again.
        await page.get_by_role("button", name="Sign out").click()
        await expect(page.get_by_role("status")).to_contain_text("You are signed out")
        assert rows(stage.database, "SELECT count(*) FROM web_sessions") == [(0,)]
        await page.goto(f"{stage.url}/servers/{guild.id}/settings")
        await expect(page.get_by_role("button", name="Authorize")).to_be_visible()
    assert refused == []


async def test_stories_and_digest_set_in_the_panel_are_what_the_bot_uses(stage, tmp_path):
    double = stage.double
    guild, channel, admin = await new_server(stage, "Harbour Wire", "briefs", "ida")
    double.oauth_sign_in(admin)
    async with chromium(tmp_path / "profile", viewport={"width": 1100, "height": 900}) as browser:
        page = await browser.new_page()
        page.set_default_timeout(WAIT_MS)
        page.on("dialog", lambda dialog: asyncio.ensure_future(dialog.accept()))
        refused = watch_console(page)
        await page.goto(f"{stage.url}/servers/{guild.id}/articles")
        await page.get_by_role("button", name="Authorize").click()
        # Two reports of one event, pasted into the library, make one story.
        for title, _site, text in BRIDGE_REPORTS[:2]:
            await open_area(page, "Harbour Wire", "Library")
            await page.get_by_label("Title (optional)").fill(title)
            await page.get_by_label("Text", exact=True).fill(text)
            await page.get_by_role("button", name="Add article").click()
            await expect(page.get_by_role("heading", name=title)).to_be_visible()

        # The story, with both articles and a summary drawn from them; stories off, then on
        # again from Discord, which the panel shows.
        await open_area(page, "Harbour Wire", "Stories")
        story = page.locator(".stories > li").first
        await expect(story.locator(".story-articles li")).to_have_count(2)
        await expect(story.locator(".summary")).to_contain_text("Harbour Bridge")
        await check_page(page)
        await screenshot(page, "stories", tmp_path)
        await page.get_by_role("button", name="Turn stories off").click()
        await expect(page.get_by_role("status")).to_contain_text("Stories are off")
        assert rows(
            stage.database, "SELECT enabled FROM story_settings WHERE guild_id = ?", guild.id
        ) == [(0,)]
        handle = await double.invoke(
            "settings stories", {"state": "on"}, user=admin, guild=guild, channel=channel
        )
        assert "Stories are **on**" in (await handle.wait_final(timeout=30)).content
        await page.reload()
        await expect(page.get_by_role("button", name="Turn stories off")).to_be_visible()

        # A digest scheduled in the panel: a wrong time zone is explained in the form, then
        # the saved schedule is the one /digest preview reports in Discord.
        await open_area(page, "Harbour Wire", "Digest")
        await expect(page.get_by_text("The digest is off.")).to_be_visible()
        await page.get_by_label("Post to").select_option(label="#briefs")
        await page.get_by_label("Time of day (HH:MM, 24-hour)").fill("09:15")
        await page.get_by_label("Every").select_option(label="weekly")
        await page.get_by_label("Day (weekly only)").select_option(label="Friday")
        await page.get_by_label("Time zone (IANA name)").fill("Asia/Tokio")
        await page.get_by_role("button", name="Save the schedule").click()
        await expect(page.get_by_role("alert")).to_contain_text("Unknown time zone 'Asia/Tokio'")
        await expect(page.get_by_label("Time of day (HH:MM, 24-hour)")).to_have_value("09:15")
        await page.get_by_label("Time zone (IANA name)").fill("Asia/Tokyo")
        await check_page(page)
        await page.get_by_role("button", name="Save the schedule").click()
        await expect(page.get_by_role("status")).to_contain_text("Digest saved")
        await expect(page.locator("#digest-state")).to_contain_text(
            "every Friday at 09:15 (Asia/Tokyo) in #briefs"
        )
        await screenshot(page, "digest", tmp_path)
        await page.get_by_role("link", name="Preview what it would post now").click()
        await expect(page.locator("#preview-body li")).to_have_count(1)
        await expect(page.locator("#preview-body")).to_contain_text(BRIDGE_REPORTS[0][0])
        handle = await double.invoke("digest preview", {}, user=admin, guild=guild, channel=channel)
        preview = await handle.wait_final(timeout=30)
        assert (
            f"every Friday at 09:15 (Asia/Tokyo) in <#{channel.id}>" in preview.embeds[0]["title"]
        )

        # Turned off in the panel: /digest off in Discord finds nothing to stop.
        await page.get_by_role("button", name="Turn the digest off").click()
        await expect(page.get_by_role("status")).to_contain_text("The digest is off.")
        handle = await double.invoke("digest off", {}, user=admin, guild=guild, channel=channel)
        assert "was not on" in (await handle.wait_final(timeout=30)).content
    assert refused == []


async def test_the_panel_fits_a_phone_and_works_from_the_keyboard(stage, tmp_path):
    double = stage.double
    guild, _channel, admin = await new_server(stage, "Pocket News", "headlines", "pat")
    double.oauth_sign_in(admin)
    phone = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
    async with chromium(tmp_path / "profile", **phone) as browser:
        page = await browser.new_page()
        page.set_default_timeout(WAIT_MS)
        refused = watch_console(page)
        await page.goto(f"{stage.url}/servers/{guild.id}/articles")
        await page.get_by_role("button", name="Authorize").click()
        await expect(page.get_by_role("heading", name="Library")).to_be_visible()
        await check_page(page)
        # The first Tab reaches the skip link, and Enter moves to the page's content.
        await page.keyboard.press("Tab")
        assert await page.evaluate("document.activeElement.textContent") == "Skip to content"
        await page.keyboard.press("Enter")
        # Following the link is asynchronous in the browser: wait for it, not race it.
        await expect(page).to_have_url(re.compile(r"#main$"))
        # Keyboard only: type an address into the add form and submit with Enter; a page
        # that cannot be added comes back with the reason and the address still there.
        missing = stage.site.url("/articles/no-such-story")
        await page.get_by_label("Its address").focus()
        await page.keyboard.type(missing)
        await page.keyboard.press("Enter")
        await expect(page.get_by_role("alert")).to_be_visible()
        await expect(page.get_by_label("Its address")).to_have_value(missing)
        await screenshot(page, "phone-library", tmp_path)
        # The stories and digest pages fit the phone too, every field labelled.
        await open_area(page, "Pocket News", "Stories")
        await expect(page.get_by_role("heading", name="Stories", exact=True)).to_be_visible()
        await check_page(page)
        await open_area(page, "Pocket News", "Digest")
        await expect(page.get_by_role("heading", name="Digest", exact=True)).to_be_visible()
        await check_page(page)
    assert refused == []


async def test_a_server_that_removes_the_bot_leaves_the_panel(stage):
    double = stage.double
    guild, channel, admin = await new_server(stage, "Short Stay", "briefs", "kim")
    channel.name = "morning-briefs"  # an admin renames the channel in Discord
    await double.dispatch("CHANNEL_UPDATE", {**channel.payload(), "guild_id": str(guild.id)})
    await wait_until(
        lambda: (
            rows(stage.database, "SELECT name FROM bot_channels WHERE channel_id = ?", channel.id)
            == [("morning-briefs",)]
        ),
        "the bot to follow the channel's new name",
    )
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        person = SignedIn(SimpleNamespace(url=stage.url, double=double), http)
        await person.sign_in(admin)
        assert "Short Stay" in await (await person.get("/servers")).text()
        double.guilds.remove(guild)  # the server's owner removes the bot
        await double.dispatch("GUILD_DELETE", {"id": str(guild.id)})
        await wait_until(
            lambda: (
                not rows(stage.database, "SELECT 1 FROM bot_guilds WHERE guild_id = ?", guild.id)
            ),
            "the bot to forget the server",
        )
        assert "Short Stay" not in await (await person.get("/servers")).text()
        assert (await person.get(f"/servers/{guild.id}/feeds")).status == 403


async def test_the_filter_preview_works_without_javascript(stage, tmp_path):
    double = stage.double
    guild, _channel, admin = await new_server(stage, "Plain Pages", "wire", "lee")
    double.oauth_sign_in(admin)
    stage.site.feed_slugs[:] = ["bridge", "library", "ferry"]
    async with chromium(tmp_path / "profile", java_script_enabled=False) as browser:
        page = await browser.new_page()
        page.set_default_timeout(WAIT_MS)
        await page.goto(f"{stage.url}/servers/{guild.id}/feeds")
        await page.get_by_role("button", name="Authorize").click()
        await page.get_by_label("The feed's address (RSS or Atom)").fill(
            stage.site.url("/feed.xml")
        )
        await page.get_by_role("button", name="Add feed").click()
        await expect(page.get_by_role("status")).to_contain_text("Feed added")
        await page.get_by_role("link", name="Settings, filters and log").click()
        await expect(page.locator("#preview-body li")).to_have_count(0)  # only when asked
        await page.get_by_label("The entry's").select_option(label="title")
        await page.get_by_label("Words or phrases separated by commas").fill("library")
        await page.get_by_role("button", name="Preview").click()
        preview = page.locator("#preview-body")
        await expect(preview.locator("li", has_text="Old Customs House")).to_contain_text(
            "Would post"
        )
        await expect(preview.locator("li", has_text="Night Ferry")).to_contain_text("blocked by")
        # What was typed is still in the form, and nothing was saved.
        await expect(page.get_by_label("Words or phrases separated by commas")).to_have_value(
            "library"
        )
        assert rows(stage.database, "SELECT filters FROM feeds WHERE guild_id = ?", guild.id) == [
            (None,)
        ]
