"""One feed's page in the panel, as an admin uses it without a browser: every setting of
/feed edit saved through the same operation, filters added and removed, mistakes shown in the
form (never a 500), the mention, the delivery log, and what a test post says when the panel
runs apart from the bot. The live preview against a real feed is in the browser test."""

from __future__ import annotations

import re
from html import unescape

import discord
import pytest

from bot.feeds.filters import load_rules
from bot.models import FeedLogEntry, GuildChannel
from tests.web.panel import Panel, SignedIn

ADMIN = discord.Permissions(manage_guild=True)
FORUM = 15


class Room:
    def __init__(self, panel: Panel) -> None:
        d = panel.double
        self.panel = panel
        self.guild = d.add_guild("Calder Post")
        self.news = d.add_channel(self.guild, "news")
        self.other = d.add_guild("Elsewhere")
        self.elsewhere = d.add_channel(self.other, "general")
        self.admin = d.add_member(self.guild, "ada", permissions=ADMIN)
        self.feed_id = 0
        self.forum_id = 0

    async def build(self) -> Room:
        await self.panel.bot_is_in(self.guild, self.other)
        self.forum_id = self.news.id + 1000
        await self.panel.service.record_guild(
            self.guild.id,
            [
                GuildChannel(self.news.id, self.guild.id, "news", 0),
                GuildChannel(self.forum_id, self.guild.id, "stories", FORUM),
            ],
        )
        feed, _ = await self.panel.store.add_feed(
            self.guild.id, self.news.id, "https://calder.example/feed.xml", 30
        )
        self.feed_id = feed.id
        return self

    @property
    def path(self) -> str:
        return f"/servers/{self.guild.id}/feeds/{self.feed_id}"

    async def feed(self):
        return await self.panel.store.get_feed(self.guild.id, self.feed_id)


@pytest.fixture
async def room(panel) -> Room:
    return await Room(panel).build()


@pytest.fixture
async def ada(panel, people, room) -> SignedIn:
    person = await panel.sign_in(room.admin)
    people.append(person)
    return person


def settings(room: Room, **changes) -> dict:
    form = {
        "channel": str(room.news.id),
        "target": "channel",
        "format": "full",
        "archive": "1440",
        "interval": "30",
        "combine": "all",
        "webhook_name": "",
        "webhook_avatar": "",
    }
    form.update(changes)
    return form


def alert(html: str) -> str:
    found = re.search(r'role="alert" id="form-error">([^<]*)<', html)
    return unescape(found.group(1)) if found else ""


async def test_feed_list_links_to_each_feeds_page(room, ada):
    page = await ada.get(f"/servers/{room.guild.id}/feeds")
    assert f'href="{room.path}"' in await page.text()


async def test_saving_the_settings_form_changes_every_setting_of_feed_edit(room, ada):
    form = settings(
        room,
        target="thread",
        format="compact",
        archive="60",
        interval="90",
        combine="any",
        publish="on",
        webhook="on",
        webhook_name="Calder Wire",
        webhook_avatar="https://calder.example/icon.png",
    )
    response = await ada.post(room.path, form)
    assert response.status == 303
    assert response.headers["Location"].endswith("?done=feed_saved")
    feed = await room.feed()
    assert (feed.target, feed.post_format, feed.auto_archive_minutes) == ("thread", "compact", 60)
    assert (feed.interval_minutes, feed.filter_mode, feed.publish) == (90, "any", True)
    assert (feed.use_webhook, feed.webhook_name) == (True, "Calder Wire")
    assert feed.webhook_avatar_url == "https://calder.example/icon.png"
    shown = await (await ada.get(room.path + "?done=feed_saved")).text()
    assert "Feed settings saved" in shown and 'value="Calder Wire"' in shown


async def test_choosing_a_forum_channel_makes_the_feed_post_there_per_article(room, ada):
    response = await ada.post(room.path, settings(room, channel=str(room.forum_id)))
    assert response.status == 303
    feed = await room.feed()
    assert (feed.channel_id, feed.target) == (room.forum_id, "forum")
    await ada.post(room.path, settings(room, target="thread"))
    feed = await room.feed()
    assert (feed.channel_id, feed.target) == (room.news.id, "thread")


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"channel": "12345"}, "Choose one of this server's"),
        ({"interval": "1"}, "minutes"),
        ({"interval": "often"}, "number of minutes"),
        ({"webhook_name": "Discord News"}, "cannot contain"),
        ({"webhook_avatar": "http://calder.example/icon.png"}, "https://"),
        ({"format": "poster"}, "format is one of"),
    ],
)
async def test_a_bad_setting_is_explained_in_the_form_and_nothing_changes(
    room, ada, change, reason
):
    before = await room.feed()
    response = await ada.post(room.path, settings(room, **{"interval": "45", **change}))
    assert response.status == 400
    html = await response.text()
    assert reason in alert(html)
    assert 'id="feed-interval"' in html  # the form is there to correct
    assert await room.feed() == before


async def test_another_servers_channel_is_refused(room, ada):
    response = await ada.post(room.path, settings(room, channel=str(room.elsewhere.id)))
    assert response.status == 400
    assert (await room.feed()).channel_id == room.news.id


async def test_filters_are_added_and_removed_with_how_they_combine(room, ada):
    add = {"field": "title", "rule": "contains", "value": "ferry, harbour", "combine": "any"}
    response = await ada.post(room.path + "/filters", add)
    assert response.status == 303
    await ada.post(room.path + "/filters", {**add, "field": "author", "value": "Quint"})
    feed = await room.feed()
    assert [r.value for r in load_rules(feed.filters)] == ["ferry, harbour", "Quint"]
    assert feed.filter_mode == "any"
    page = await (await ada.get(room.path)).text()
    assert "title contains “ferry, harbour”" in unescape(page)
    assert (await ada.post(room.path + "/filters/1/remove")).status == 303
    assert [r.value for r in load_rules((await room.feed()).filters)] == ["Quint"]
    assert (await ada.post(room.path + "/filters/5/remove")).status == 404


async def test_a_bad_regular_expression_is_shown_in_the_filter_form(room, ada):
    bad = {"field": "title", "rule": "matches", "value": "(ferry", "combine": "all"}
    for path in ("/filters", "/preview"):
        response = await ada.post(room.path + path, bad)
        assert response.status == 400, path
        html = await response.text()
        assert "not valid" in alert(html)
        assert 'value="(ferry"' in html  # what was typed is still there
    assert (await room.feed()).filters is None


async def test_preview_of_a_feed_that_cannot_be_read_says_why(room, ada):
    response = await ada.get(room.path + "/preview?field=title&rule=contains&value=ferry")
    assert response.status == 200
    assert "The feed could not be read" in await response.text()


async def test_mention_is_saved_with_its_rule_and_everyone_is_refused(room, ada):
    role = 555000111222333444
    form = {"role": str(role), "field": "title", "rule": "contains", "value": "storm"}
    assert (await ada.post(room.path + "/mention", form)).status == 303
    feed = await room.feed()
    assert feed.mention_role_id == role
    assert load_rules(feed.mention_filter)[0].value == "storm"
    for bad in (str(room.guild.id), "@here", "٣٤٥"):
        response = await ada.post(room.path + "/mention", {**form, "role": bad})
        assert response.status == 400, bad
        assert "Copy Role ID" in alert(await response.text())
    assert (await ada.post(room.path + "/mention", {"role": ""})).status == 303
    assert (await room.feed()).mention_role_id is None


async def test_delivery_log_shows_the_newest_decisions_with_links(room, ada):
    store = room.panel.store
    await store.add_feed_log(
        room.feed_id,
        FeedLogEntry(1_800_000_000.0, "filtered", "blocked by title contains “sport”", "Cup Final"),
    )
    await store.add_feed_log(
        room.feed_id,
        FeedLogEntry(
            1_800_000_060.0,
            "posted",
            None,
            "Ferry <b>Night</b> Service",
            "https://calder.example/ferry",
            room.news.id,
            777,
        ),
    )
    html = await (await ada.get(room.path)).text()
    assert html.index("Ferry &lt;b&gt;Night&lt;/b&gt; Service") < html.index("Cup Final")
    assert "blocked by title contains" in html and "2027-01-15 08:01 UTC" in html
    assert f"https://discord.com/channels/{room.guild.id}/{room.news.id}/777" in html


async def test_test_post_from_a_panel_apart_from_the_bot_says_where_it_works(room, ada):
    response = await ada.post(room.path + "/test")
    assert response.status == 400
    assert "beside the bot" in alert(await response.text())


async def test_another_servers_feed_is_not_found(room, ada, panel):
    feed, _ = await panel.store.add_feed(room.other.id, room.elsewhere.id, "https://x.example/", 30)
    response = await ada.get(f"/servers/{room.guild.id}/feeds/{feed.id}")
    assert response.status == 404
    response = await ada.post(f"/servers/{room.guild.id}/feeds/{feed.id}", settings(room))
    assert response.status == 404
    assert (await panel.store.get_feed(room.other.id, feed.id)).interval_minutes == 30
