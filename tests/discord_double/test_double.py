"""Tests of the Discord double itself, driving the real discord.py client in-process.

``TinyBot`` exercises each interaction flow once; the contract test pins the payload shapes
discord.py 2.7 produces and parses, so a discord.py upgrade that changes them fails here.
"""

from __future__ import annotations

import asyncio
import io
import logging
import sys
import time
from pathlib import Path
from typing import Any

import discord
import pytest
from discord import app_commands
from discord.ext import commands

from .fixtures import BotProcess, run_bot
from .interactions import CommandUnavailable
from .models import Guild
from .netguard import NetworkGuard
from .server import DiscordDouble

log = logging.getLogger(__name__)

SAMPLE_BOT = Path(__file__).with_name("sample_bot.py")


class Feedback(discord.ui.Modal, title="Feedback"):
    text: discord.ui.TextInput[Feedback] = discord.ui.TextInput(
        label="Your feedback", custom_id="fb_text"
    )

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(f"thanks: {self.text.value}", ephemeral=True)


class Vote(discord.ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=60)
        self.votes = 0

    @discord.ui.button(label="Up", custom_id="vote_up")
    async def up(self, interaction: discord.Interaction, button: discord.ui.Button[Vote]) -> None:
        self.votes += 1
        await interaction.response.edit_message(content=f"votes: {self.votes}", view=self)

    @discord.ui.button(label="Close", custom_id="vote_close")
    async def close(
        self, interaction: discord.Interaction, button: discord.ui.Button[Vote]
    ) -> None:
        await interaction.response.defer()  # deferred update (type 6)
        await asyncio.sleep(0.05)
        await interaction.edit_original_response(content=f"closed with {self.votes}", view=None)


class Articles(commands.GroupCog, group_name="article", group_description="Manage articles"):
    @app_commands.command(description="Add an article from a file")
    async def add(
        self, interaction: discord.Interaction, file: discord.Attachment, title: str
    ) -> None:
        body = await file.read()
        await interaction.response.send_message(f"{title}: {len(body)} bytes, {body.decode()!r}")


class TinyBot(commands.Bot):
    """A bot with one command per flow the double must support."""

    def __init__(self, dev_guild: Guild, **kwargs: Any) -> None:
        kwargs.setdefault("intents", discord.Intents.default())
        super().__init__(command_prefix="!", guild_ready_timeout=0.05, **kwargs)
        self.dev_guild = discord.Object(dev_guild.id)
        self.seen: dict[str, Any] = {}
        tree = self.tree

        @tree.command(description="Summarise an article")
        @app_commands.describe(sentences="How many sentences", article="Which article")
        async def summary(
            interaction: discord.Interaction, sentences: int, article: str = "latest"
        ) -> None:
            self.seen.update(
                user=interaction.user.id,
                guild=interaction.guild_id,
                channel=interaction.channel_id,
                is_member=isinstance(interaction.user, discord.Member),
                manage_guild=interaction.permissions.manage_guild,
                app_send=interaction.app_permissions.send_messages,
                args=(sentences, article),
                locale=str(interaction.locale),
            )
            await interaction.response.send_message(
                f"{sentences} sentences of {article}",
                allowed_mentions=discord.AllowedMentions.none(),
            )

        @summary.autocomplete("article")
        async def article_names(
            interaction: discord.Interaction, current: str
        ) -> list[app_commands.Choice[str]]:
            names = ["alpha", "alpine", "beta"]
            return [app_commands.Choice(name=n, value=n) for n in names if n.startswith(current)]

        @tree.command(description="Slow command: defer, then follow up")
        async def slow(interaction: discord.Interaction, mode: str = "followup") -> None:
            await interaction.response.defer(ephemeral=True, thinking=True)
            await asyncio.sleep(0.2)
            if mode == "edit":
                await interaction.edit_original_response(content="edited")
            elif mode == "delete":
                await interaction.delete_original_response()
            else:
                await interaction.followup.send("done", ephemeral=True)
                await interaction.followup.send("extra")

        @tree.command(description="Answer with a file")
        async def report(interaction: discord.Interaction) -> None:
            await interaction.response.send_message(
                "report", file=discord.File(io.BytesIO(b"a,b\n1,2\n"), "r.csv")
            )
            message = await interaction.original_response()
            self.seen["report_url"] = message.attachments[0].url
            await interaction.followup.send("again", file=discord.File(io.BytesIO(b"xyz"), "x.bin"))

        @tree.command(description="Give feedback")
        async def feedback(interaction: discord.Interaction) -> None:
            await interaction.response.send_modal(Feedback())

        @tree.command(description="Start a vote")
        async def vote(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("votes: 0", view=Vote())

        @tree.command(description="Post to the channel, then answer")
        async def announce(interaction: discord.Interaction, text: str) -> None:
            assert interaction.channel is not None
            await interaction.response.defer()
            await interaction.channel.send(text)  # type: ignore[union-attr]
            await interaction.followup.send("announced")

        @tree.command(description="Admins only")
        @app_commands.default_permissions(manage_guild=True)
        async def admin(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("admin ok", ephemeral=True)

        @tree.command(description="Sends too much")
        async def long(interaction: discord.Interaction) -> None:
            try:
                await interaction.response.send_message("x" * 2001)
            except discord.HTTPException as exc:
                self.seen["long_error"] = (exc.status, exc.code)
                await interaction.response.send_message("too long")

        @tree.context_menu(name="Summarize")
        async def summarize(interaction: discord.Interaction, message: discord.Message) -> None:
            await interaction.response.send_message(f"summary of: {message.content}")

        @tree.command(description="Sleeps past Discord's deadline")
        async def sleepy(interaction: discord.Interaction) -> None:
            await asyncio.sleep(0.3)
            try:
                await interaction.response.send_message("late")
            except discord.NotFound as exc:
                self.seen["late_error"] = exc.code

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        """discord.py waits 5 s before every re-IDENTIFY (Discord's identify rate limit)."""

    async def setup_hook(self) -> None:
        await self.add_cog(Articles())
        self.tree.copy_global_to(guild=self.dev_guild)
        await self.tree.sync(guild=self.dev_guild)


@pytest.fixture
def world(discord_double: DiscordDouble) -> dict[str, Any]:
    d = discord_double
    guild = d.add_guild("News Guild")
    channel = d.add_channel(guild, "general")
    admin = d.add_member(guild, "ada", permissions=discord.Permissions(manage_guild=True))
    user = d.add_member(guild, "bob")
    return {"guild": guild, "channel": channel, "admin": admin, "user": user}


@pytest.fixture
async def tiny(discord_double: DiscordDouble, world: dict[str, Any]) -> Any:
    bot = TinyBot(world["guild"])
    async with run_bot(discord_double, bot, sync_guild=world["guild"]):
        yield bot


# -- contract -------------------------------------------------------------------------------


async def test_contract_boot_sync_invoke(
    discord_double: DiscordDouble, world: dict[str, Any], tiny: TinyBot
) -> None:
    d, guild, admin = discord_double, world["guild"], world["admin"]
    # Login and gateway: discord.py asks for zlib-stream (zstd when installed) and we honour it.
    assert [r.path for r in d.requests[:2]] == [
        "/api/v10/users/@me",
        "/api/v10/oauth2/applications/@me",
    ]
    compression = discord.utils._ActiveDecompressionContext.COMPRESSION_TYPE  # type: ignore[attr-defined]
    assert [c.compress for c in d.connections] == [compression]
    assert d.gateway_log[0].op == 1 and d.gateway_log[1].op == 2  # first heartbeat, then IDENTIFY
    assert tiny.application_id == d.application_id and tiny.user is not None
    assert tiny.get_guild(guild.id) is not None

    # Sync: discord.py's schema for typed options, autocomplete, groups and context menus.
    synced = {c["name"]: c for c in d.commands(guild)}
    assert {"summary", "article", "Summarize", "admin"} <= set(synced)
    opts = {o["name"]: o for o in synced["summary"]["options"]}
    assert opts["sentences"]["type"] == 4 and opts["sentences"]["required"] is True
    assert opts["article"]["type"] == 3 and opts["article"]["autocomplete"] is True
    assert synced["article"]["options"][0]["type"] == 1
    assert synced["Summarize"]["type"] == 3
    assert synced["admin"]["default_member_permissions"] == str(
        discord.Permissions(manage_guild=True).value
    )

    h = await d.invoke("summary", {"sentences": 3}, user=admin)
    cb = await h.wait_response()
    assert cb.type == 4 and cb.content == "3 sentences of latest"
    assert cb.allowed_mentions == {"parse": []} and not h.ephemeral
    callback_request = d.requests_to("POST", "/interactions/{interaction_id}/{token}/callback")[0]
    assert callback_request.query == {"with_response": "1"}
    assert callback_request.headers["Content-Type"] == "application/json"
    final = await h.wait_final(settle=0.01)
    assert final.content == "3 sentences of latest" and final.interaction_metadata["id"] == str(
        h.id
    )
    assert d.channel_messages(world["channel"]) == [final]
    # What discord.py made of our interaction payload.
    assert tiny.seen == {
        "user": admin.id,
        "guild": guild.id,
        "channel": world["channel"].id,
        "is_member": True,
        "manage_guild": True,
        "app_send": True,
        "args": (3, "latest"),
        "locale": "en-US",
    }


async def test_wrong_token_is_refused(discord_double: DiscordDouble, world: dict[str, Any]) -> None:
    with pytest.raises(discord.LoginFailure):
        async with run_bot(discord_double, TinyBot(world["guild"]), token="wrong"):
            pass


async def test_every_answer_is_exact_json(discord_double: DiscordDouble, tiny: TinyBot) -> None:
    import aiohttp

    async with (
        aiohttp.ClientSession() as session,
        session.get(discord_double.api_base + "/gateway") as resp,
    ):
        assert resp.headers["Content-Type"] == "application/json"
        assert (await resp.json())["url"] == discord_double.gateway_url


# -- loopback only --------------------------------------------------------------------------


async def test_no_traffic_leaves_loopback(
    network_guard: NetworkGuard, discord_double: DiscordDouble, world: dict[str, Any]
) -> None:
    bot = TinyBot(world["guild"])
    async with run_bot(discord_double, bot, sync_guild=world["guild"]):
        h = await discord_double.invoke("summary", {"sentences": 1}, user=world["user"])
        await h.wait_response()
        att = discord_double.attachment("a.txt", b"hello")
        h = await discord_double.invoke(
            "article add", {"title": "t", "file": att}, user=world["user"]
        )
        await h.wait_response()
    assert network_guard.violations == []
    assert {r.remote for r in discord_double.requests} == {"127.0.0.1"}
    assert {c.remote for c in discord_double.connections} == {"127.0.0.1"}


async def test_network_guard_catches_a_bot_that_is_not_pointed_at_the_double() -> None:
    guard = NetworkGuard().install()
    client = discord.Client(intents=discord.Intents.none())
    try:
        with pytest.raises((OSError, discord.HTTPException)):
            await client.login("not-a-token")
    finally:
        guard.uninstall()
        await client.close()
    assert any("discord.com" in v for v in guard.violations), guard.violations


async def test_bot_subprocesses_are_guarded_too(
    discord_double: DiscordDouble, tmp_path: Path
) -> None:
    leak = "import socket; socket.socket().connect(('192.0.2.1', 443))"
    proc = BotProcess(discord_double, [sys.executable, "-c", leak], workdir=tmp_path)
    child = await asyncio.create_subprocess_exec(
        *proc.command, env=proc.environment(), stderr=asyncio.subprocess.PIPE
    )
    _, stderr = await child.communicate()
    assert child.returncode == 1 and b"ConnectionRefusedError: network guard" in stderr
    assert proc.network_violations == ["connect to 192.0.2.1:443"]


# -- gateway robustness ---------------------------------------------------------------------


async def test_resume_after_drop_replays_missed_interaction(
    discord_double: DiscordDouble, world: dict[str, Any], tiny: TinyBot
) -> None:
    d = discord_double
    await d.drop_connection()
    # Dispatched while the bot is disconnected: buffered, then replayed on RESUME.
    h = await d.invoke("summary", {"sentences": 2}, user=world["user"])
    assert (await h.wait_response()).content == "2 sentences of latest"
    assert d.resumes == 1 and d.identifies == 1
    assert [op.path for op in d.gateway_log if op.op == 6] == ["/gateway/resume"]
    h = await d.invoke("summary", {"sentences": 4}, user=world["user"])
    assert (await h.wait_response()).content == "4 sentences of latest"


async def test_abrupt_drop_and_reconnect_request(
    discord_double: DiscordDouble, world: dict[str, Any], tiny: TinyBot
) -> None:
    d = discord_double
    await d.drop_connection(abrupt=True)
    await d.wait_until(lambda: d.resumes == 1, what="resume after abrupt drop")
    await d.request_reconnect()
    await d.wait_until(lambda: d.resumes == 2, what="resume after op 7")
    h = await d.invoke("summary", {"sentences": 1}, user=world["user"])
    await h.wait_response()


async def test_invalid_session_reidentifies(
    discord_double: DiscordDouble, world: dict[str, Any], tiny: TinyBot
) -> None:
    d = discord_double
    await d.invalidate_session()
    await d.wait_until(lambda: d.identifies == 2 and tiny.is_ready(), what="re-identify")
    h = await d.invoke("summary", {"sentences": 5}, user=world["user"])
    assert (await h.wait_response()).content == "5 sentences of latest"


async def test_refused_resume_falls_back_to_identify(
    discord_double: DiscordDouble, world: dict[str, Any], tiny: TinyBot
) -> None:
    d = discord_double
    d.refuse_resume = True
    await d.drop_connection()
    await d.wait_until(lambda: d.identifies == 2, what="identify after refused resume")
    h = await d.invoke("summary", {"sentences": 1}, user=world["user"])
    await h.wait_response()


async def test_unacked_heartbeats_make_the_bot_reconnect(
    discord_double: DiscordDouble, world: dict[str, Any]
) -> None:
    d = discord_double
    d.heartbeat_interval = 0.2
    bot = TinyBot(world["guild"], heartbeat_timeout=0.8)
    async with run_bot(d, bot, sync_guild=world["guild"]):
        d.ack_heartbeats = False
        await d.wait_until(lambda: d.resumes >= 1, timeout=5, what="zombie connection detection")
        d.ack_heartbeats = True
        h = await d.invoke("summary", {"sentences": 1}, user=world["user"])
        await h.wait_response()


async def test_shards_get_their_own_guilds(discord_double: DiscordDouble) -> None:
    d = discord_double
    guilds = [d.add_guild(f"g{i}", id=(1000 + i) << 22) for i in range(2)]  # shard 0 and shard 1
    members = [d.add_member(g, f"m{i}") for i, g in enumerate(guilds)]
    for g in guilds:
        d.add_channel(g)

    class ShardedBot(commands.AutoShardedBot):
        async def before_identify_hook(
            self, shard_id: int | None, *, initial: bool = False
        ) -> None:
            pass  # no 5 s pause between the two shards' IDENTIFYs

    bot = ShardedBot(
        command_prefix="!",
        intents=discord.Intents.default(),
        shard_count=2,
        guild_ready_timeout=0.05,
    )

    @bot.tree.command(description="Which shard am I on?")
    async def shard(interaction: discord.Interaction) -> None:
        assert interaction.guild is not None
        await interaction.response.send_message(f"shard {interaction.guild.shard_id}")

    async def setup_hook() -> None:
        await bot.tree.sync()

    bot.setup_hook = setup_hook  # type: ignore[method-assign]
    async with run_bot(d, bot):
        assert sorted((s.shard_id, s.shard_count) for s in d.sessions) == [(0, 2), (1, 2)]
        for i, member in enumerate(members):
            h = await d.invoke("shard", user=member)
            assert (await h.wait_response()).content == f"shard {i}"
        assert {int(s.frames[0]["d"]["id"]) for s in d.sessions} == {g.id for g in guilds}


# -- REST behaviour -------------------------------------------------------------------------


async def test_rate_limited_requests_are_retried(
    discord_double: DiscordDouble, world: dict[str, Any], tiny: TinyBot
) -> None:
    d = discord_double
    d.rate_limit("POST", "/channels/{channel_id}/messages", retry_after=0.3)
    d.rate_limit("POST", "/webhooks/{application_id}/{token}", retry_after=0.2)
    h = await d.invoke("announce", {"text": "hello all"}, user=world["user"])
    final = await h.wait_final()
    assert final.content == "announced"
    posts = d.requests_to("POST", "/channels/{channel_id}/messages")
    assert [p.status for p in posts] == [429, 200]
    assert posts[1].at - posts[0].at >= 0.3
    hooks = d.requests_to("POST", "/webhooks/{application_id}/{token}")
    assert [p.status for p in hooks] == [429, 200]
    # The deferral's "thinking" message came first; the follow-up filled it in later.
    assert [m.content for m in d.channel_messages(world["channel"])] == ["announced", "hello all"]


async def test_unknown_route_fails_loudly(discord_double: DiscordDouble, tiny: TinyBot) -> None:
    d = discord_double
    with pytest.raises(discord.NotFound):
        await tiny.http.request(discord.http.Route("GET", "/voice/regions"))
    with pytest.raises(AssertionError, match="GET /api/v10/voice/regions"):
        d.assert_clean()
    d.unknown.clear()  # so the fixture's own teardown check passes


async def test_discord_limits_are_enforced(
    discord_double: DiscordDouble, world: dict[str, Any], tiny: TinyBot
) -> None:
    h = await discord_double.invoke("long", user=world["user"])
    assert (await h.wait_response()).content == "too long"
    assert tiny.seen["long_error"] == (400, 50035)


async def test_late_initial_response_is_rejected(
    discord_double: DiscordDouble, world: dict[str, Any], tiny: TinyBot
) -> None:
    discord_double.callback_deadline = 0.1
    h = await discord_double.invoke("sleepy", user=world["user"])
    await discord_double.wait_until(lambda: "late_error" in tiny.seen)
    assert tiny.seen["late_error"] == 10062 and h.callback is None and h.rejected


# -- interaction flows ----------------------------------------------------------------------


async def test_deferred_then_followups(
    discord_double: DiscordDouble, world: dict[str, Any], tiny: TinyBot
) -> None:
    h = await discord_double.invoke("slow", user=world["user"])
    cb = await h.wait_response()
    assert cb.type == 5 and cb.ephemeral and cb.at < 0.2
    final = await h.wait_final()
    assert final.content == "done" and final.ephemeral and not final.loading
    first, second = await h.wait_followup(1), await h.wait_followup(2)
    assert first is h.original and second.content == "extra" and not second.ephemeral
    assert h.events[1].at >= 0.2


async def test_deferred_then_edit(
    discord_double: DiscordDouble, world: dict[str, Any], tiny: TinyBot
) -> None:
    h = await discord_double.invoke("slow", {"mode": "edit"}, user=world["user"])
    final = await h.wait_final()
    assert final.content == "edited" and h.ephemeral
    assert [e.kind for e in h.events] == ["callback", "edit"]


async def test_deferred_then_delete(
    discord_double: DiscordDouble, world: dict[str, Any], tiny: TinyBot
) -> None:
    h = await discord_double.invoke("slow", {"mode": "delete"}, user=world["user"])
    await discord_double.wait_until(lambda: h.original is not None and h.original.deleted)
    assert [e.kind for e in h.events] == ["callback", "delete"] and h.events[1].at >= 0.2


async def test_files_in_multipart_bodies(
    discord_double: DiscordDouble, world: dict[str, Any], tiny: TinyBot
) -> None:
    d = discord_double
    h = await d.invoke("report", user=world["user"])
    cb = await h.wait_response()
    assert cb.files == ["r.csv"] and cb.data["attachments"] == [{"id": 0, "filename": "r.csv"}]
    followup = await h.wait_followup()
    assert h.original is not None and h.original.attachments[0].data == b"a,b\n1,2\n"
    assert followup.attachments[0].filename == "x.bin" and followup.attachments[0].data == b"xyz"
    assert tiny.seen["report_url"] == h.original.attachments[0].url
    assert (await tiny.http.get_from_cdn(tiny.seen["report_url"])) == b"a,b\n1,2\n"


async def test_modal(discord_double: DiscordDouble, world: dict[str, Any], tiny: TinyBot) -> None:
    d = discord_double
    h = await d.invoke("feedback", user=world["user"])
    await h.wait_response()
    assert h.modal is not None and h.modal["title"] == "Feedback"
    with pytest.raises(KeyError):
        await d.submit_modal(h, {"nope": "x"})
    submitted = await d.submit_modal(h, {"fb_text": "great bot"})
    final = await submitted.wait_final()
    assert final.content == "thanks: great bot" and submitted.ephemeral


async def test_button_click_updates_message(
    discord_double: DiscordDouble, world: dict[str, Any], tiny: TinyBot
) -> None:
    d = discord_double
    h = await d.invoke("vote", user=world["user"])
    await h.wait_response()
    click = await d.click(h, "vote_up", user=world["admin"])
    cb = await click.wait_response()
    assert cb.type == 7 and cb.content == "votes: 1"
    assert h.original is not None and h.original.content == "votes: 1"
    click = await d.click(h, "vote_up")
    await click.wait_response()
    assert h.original.content == "votes: 2" and len(h.original.versions) == 3
    closing = await d.click(h, "vote_close")
    assert (await closing.wait_response()).type == 6
    final = await closing.wait_final()
    assert final is h.original and final.content == "closed with 2" and final.components == []
    with pytest.raises(LookupError):
        await d.click(h, "vote_up")


async def test_replay_can_be_switched_off(
    discord_double: DiscordDouble, world: dict[str, Any], tiny: TinyBot
) -> None:
    d = discord_double
    d.replay_on_resume = False
    await d.drop_connection()
    lost = await d.invoke("summary", {"sentences": 1}, user=world["user"])
    await d.wait_until(lambda: d.resumes == 1)
    h = await d.invoke("summary", {"sentences": 2}, user=world["user"])
    await h.wait_response()
    assert lost.callback is None


async def test_user_messages_and_raw_dispatch(
    discord_double: DiscordDouble, world: dict[str, Any]
) -> None:
    d = discord_double
    intents = discord.Intents.default()
    intents.message_content = True
    bot = TinyBot(world["guild"], intents=intents)
    seen: list[str] = []

    @bot.listen()
    async def on_message(message: discord.Message) -> None:
        seen.append(message.content)

    async with run_bot(d, bot, sync_guild=world["guild"]):
        posted = d.post_message(world["channel"], "hello bot", author=world["user"])
        await d.wait_until(lambda: seen == ["hello bot"])
        await d.dispatch("MESSAGE_CREATE", {**posted.payload(), "id": "1", "content": "raw"})
        await d.wait_until(lambda: seen == ["hello bot", "raw"])


async def test_message_content_is_blank_without_the_intent(
    discord_double: DiscordDouble, world: dict[str, Any], tiny: TinyBot
) -> None:
    d = discord_double
    seen: list[str] = []

    async def on_message(message: discord.Message) -> None:
        seen.append(message.content)

    tiny.add_listener(on_message)
    d.post_message(world["channel"], "secret", author=world["user"])
    await d.wait_until(lambda: seen == [""])


async def test_autocomplete(
    discord_double: DiscordDouble, world: dict[str, Any], tiny: TinyBot
) -> None:
    choices = await discord_double.autocomplete("summary", "article", "alp", user=world["user"])
    assert [c["value"] for c in choices] == ["alpha", "alpine"]


async def test_group_subcommand_with_attachment(
    discord_double: DiscordDouble, world: dict[str, Any], tiny: TinyBot
) -> None:
    d = discord_double
    att = d.attachment("a.txt", b"some text", content_type="text/plain")
    h = await d.invoke(
        "article add", {"title": "News"}, attachments={"file": att}, user=world["user"]
    )
    assert (await h.wait_response()).content == "News: 9 bytes, 'some text'"
    assert d.requests_to("GET", "/cdn/{kind}/{scope}/{attachment_id}/{filename}")[0].status == 200
    with pytest.raises(CommandUnavailable, match="needs a subcommand"):
        await d.invoke("article", user=world["user"])


async def test_message_context_menu(
    discord_double: DiscordDouble, world: dict[str, Any], tiny: TinyBot
) -> None:
    d = discord_double
    posted = d.post_message(world["channel"], "Markets rallied today.", author=world["user"])
    h = await d.context_menu("Summarize", message=posted, user=world["admin"])
    assert (await h.wait_response()).content == "summary of: Markets rallied today."


async def test_default_member_permissions(
    discord_double: DiscordDouble, world: dict[str, Any], tiny: TinyBot
) -> None:
    d = discord_double
    with pytest.raises(CommandUnavailable):
        await d.invoke("admin", user=world["user"])
    h = await d.invoke("admin", user=world["admin"])
    assert (await h.wait_response()).ephemeral


async def test_dm_invocation(discord_double: DiscordDouble, world: dict[str, Any]) -> None:
    d = discord_double
    bot = TinyBot(world["guild"])

    @bot.tree.command(description="Works in DMs")
    @app_commands.allowed_contexts(guilds=True, dms=True)
    async def hello(interaction: discord.Interaction) -> None:
        kind = "dm" if interaction.guild_id is None else "guild"
        await interaction.response.send_message(f"hello {interaction.user.name} in {kind}")

    async def setup_hook() -> None:
        await bot.tree.sync()

    bot.setup_hook = setup_hook  # type: ignore[method-assign]
    async with run_bot(d, bot):
        await d.wait_until(lambda: d.sync_count() == 1)
        carol = d.add_user("carol")
        h = await d.invoke("hello", user=carol)
        assert "member" not in h.payload and h.payload["user"]["id"] == str(carol.id)
        assert (await h.wait_response()).content == "hello carol in dm"


# -- subprocess mode ------------------------------------------------------------------------


async def test_subprocess_bot_survives_sigkill(
    discord_double: DiscordDouble, world: dict[str, Any], bot_process: Any
) -> None:
    d, guild = discord_double, world["guild"]
    proc: BotProcess = bot_process([sys.executable, str(SAMPLE_BOT)], dev_guild=guild)
    started = time.monotonic()
    await proc.start()
    h = await d.invoke("ping", user=world["user"])
    assert (await h.wait_response(timeout=10)).content == "pong"
    h = await d.invoke("count", user=world["user"])
    assert (await h.wait_response(timeout=10)).content == "count=1"
    await proc.wait_for_output("sample bot ready")

    await proc.kill()
    assert proc.proc is not None and proc.proc.returncode == -9
    await proc.start()
    assert d.identifies == 2
    h = await d.invoke("count", user=world["user"])
    assert (await h.wait_response(timeout=10)).content == "count=2"
    await proc.wait_for_output("sample bot ready", count=2)
    assert proc.network_violations == []
    assert {r.remote for r in d.requests} == {"127.0.0.1"}
    log.info("subprocess test took %.2fs", time.monotonic() - started)


def test_embed_links_discord_would_refuse_are_refused() -> None:
    from discord_double.validation import check_message

    def problems(url: str) -> list:
        return check_message({"embeds": [{"title": "t", "url": url, "image": {"url": url}}]})

    assert problems("https://news.example.com/a%20b") == []
    assert problems("attachment://chart.png") == []
    for bad in ("https://news.example.com/a b", "news.example.com", "ftp://x.org/f",
                "https://x.org/\n", "https://" + "a" * 2050, "https://x.org:99999/"):  # fmt: skip
        assert [path for path, _ in problems(bad)] == ["embeds.0.url", "embeds.0.image.url"], bad
