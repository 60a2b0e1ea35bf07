"""Buttons: Shorter/Longer on summaries, pages of quotations, and confirmations.

Shorter/Longer and Previous/Next are on nearly every `/summary` and `/quote` reply, thousands
an hour on a busy server, so they are dynamic items: each button's custom id carries all its
state (who asked, the article, method and length; or the filters and the page), one class per
kind of button is registered once (`bot.add_dynamic_items`), and no per-message object stays
in memory. A click re-derives everything from the custom id and the clicking member's server,
so the buttons keep working for as long as the message exists, across restarts, and another
server's article id gets the answer an unused id gets.

Confirmations (rare, admin-only) stay ordinary views that time out after ten minutes.
"""

from __future__ import annotations

import json
import logging
import re
from collections import OrderedDict
from collections.abc import Awaitable, Callable

import discord

from bot import limits
from bot.engine.summary.length import Length
from bot.errors import NO_SUCH_ARTICLE, NotFoundError
from bot.models import QuoteHit, Summary
from bot.ui.embeds import quote_embed, summary_embed
from bot.ui.errors import reply_error

log = logging.getLogger(__name__)

NOT_YOURS = "These buttons belong to the person who asked; run the command yourself."
PAGES_GONE = "These pages are no longer available; run /quote again."


async def _owner_only(interaction: discord.Interaction, owner_id: int) -> bool:
    if interaction.user.id == owner_id:
        return True
    await interaction.response.send_message(NOT_YOURS, ephemeral=True)
    return False


def _sent_once(*items: discord.ui.Item) -> discord.ui.View:
    """A view to send the items with, already stopped: discord.py then keeps nothing of it
    (no view store entry, no timeout task); the dynamic items registered at start-up answer
    the clicks."""
    view = discord.ui.View(timeout=None)
    for item in items:
        view.add_item(item)
    view.stop()
    return view


class OwnedView(discord.ui.View):
    """A view only the member who asked may use."""

    def __init__(self, owner_id: int, origin: discord.Interaction | None = None) -> None:
        super().__init__(timeout=limits.VIEW_TIMEOUT_S)
        self.owner_id = owner_id
        self.origin = origin

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        return await _owner_only(interaction, self.owner_id)

    async def on_timeout(self) -> None:
        if self.origin is None:
            return
        try:
            await self.origin.edit_original_response(view=None)
        except discord.HTTPException:
            log.debug("could not remove buttons after timeout", exc_info=True)

    async def on_error(self, interaction: discord.Interaction, error: Exception, item) -> None:
        await reply_error(interaction, error)


# --- Shorter / Longer -------------------------------------------------------------------

_UNIT_CODES = {"sentences": "s", "words": "w", "percent": "p"}
_CODE_UNITS = {code: unit for unit, code in _UNIT_CODES.items()}


class SummaryStep(
    discord.ui.DynamicItem[discord.ui.Button],
    template=r"sum:(?P<way>[sl]):(?P<owner>\d+):(?P<article>\d+):(?P<method>[\w-]+):"
    r"(?P<unit>[swp])(?P<value>\d+)",
):
    """Shorter or Longer: re-render the message one step shorter or longer, in the unit the
    member asked in: a sentence, a few words (a quarter of the budget, at least 10), or a few
    percent (a quarter, at least 5). The custom id holds the length shown, not the next one,
    so both buttons describe the same message."""

    def __init__(
        self,
        way: str,
        owner_id: int,
        article_id: int,
        method: str,
        length: Length,
        *,
        disabled: bool,
    ) -> None:
        self.way, self.owner_id, self.article_id = way, owner_id, article_id
        self.method, self.length = method, length
        custom_id = (
            f"sum:{way}:{owner_id}:{article_id}:{method}:{_UNIT_CODES[length.unit]}{length.value}"
        )
        super().__init__(
            discord.ui.Button(
                label="Shorter" if way == "s" else "Longer",
                style=discord.ButtonStyle.secondary,
                custom_id=custom_id,
                disabled=disabled,
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str]
    ) -> SummaryStep:
        length = Length(_CODE_UNITS[match["unit"]], int(match["value"]))
        return cls(
            match["way"],
            int(match["owner"]),
            int(match["article"]),
            match["method"],
            length,
            disabled=item.disabled,
        )

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        return await _owner_only(interaction, self.owner_id)

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            await interaction.response.defer()
            step = self.length.shorter() if self.way == "s" else self.length.longer()
            if step is None:
                return
            if interaction.guild_id is None:
                raise NotFoundError(NO_SUCH_ARTICLE)
            article, shown = await interaction.client.service.summary(
                interaction.guild_id, self.article_id, self.method, None, length=step
            )
            await interaction.edit_original_response(
                embed=summary_embed(article, shown, step),
                view=summary_buttons(self.owner_id, self.article_id, self.method, step, shown),
            )
        except Exception as error:  # a dynamic item's errors reach no view's on_error
            await reply_error(interaction, error)


def summary_buttons(
    owner_id: int, article_id: int, method: str, length: Length, shown: Summary
) -> discord.ui.View:
    """Shorter and Longer for a summary of `length` that shows `shown`; Longer is off once the
    whole article (or the sentence cap) is shown."""
    whole = len(shown.sentences) >= min(limits.MAX_SUMMARY_SENTENCES, shown.total_sentences)
    return _sent_once(
        SummaryStep("s", owner_id, article_id, method, length, disabled=length.shorter() is None),
        SummaryStep(
            "l", owner_id, article_id, method, length, disabled=length.longer() is None or whole
        ),
    )


# --- Previous / Next through quotations -------------------------------------------------

# Filters too long for a custom id (a long `search`) are kept here under a number instead, the
# newest few thousand only; such pages do not survive a restart, and say so when clicked.
_long_filters: OrderedDict[int, str] = OrderedDict()
_next_key = 0


def _filters_token(article_id: int | None, speaker: str | None, search: str | None) -> str:
    return json.dumps([article_id, speaker, search], ensure_ascii=False, separators=(",", ":"))


def _kept(token: str) -> str:
    global _next_key
    _next_key += 1
    _long_filters[_next_key] = token
    while len(_long_filters) > limits.QUOTE_PAGERS_KEPT:
        _long_filters.popitem(last=False)
    return f"#{_next_key}"


class QuotePage(
    discord.ui.DynamicItem[discord.ui.Button],
    template=re.compile(
        r"quo:(?P<way>[pn]):(?P<owner>\d+):(?P<page>\d+):(?P<filters>\[.*\]|#\d+)", re.DOTALL
    ),
):
    """Previous or Next through the quotations matching the filters of the `/quote` asked: the
    search runs again (its order is stable) and the page is kept within what it finds now."""

    def __init__(self, way: str, owner_id: int, page: int, filters: str, *, disabled: bool) -> None:
        self.way, self.owner_id, self.page, self.filters = way, owner_id, page, filters
        super().__init__(
            discord.ui.Button(
                label="Previous" if way == "p" else "Next",
                style=discord.ButtonStyle.secondary,
                custom_id=f"quo:{way}:{owner_id}:{page}:{filters}",
                disabled=disabled,
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str]
    ) -> QuotePage:
        return cls(
            match["way"],
            int(match["owner"]),
            int(match["page"]),
            match["filters"],
            disabled=item.disabled,
        )

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        return await _owner_only(interaction, self.owner_id)

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            token = self.filters
            if token.startswith("#"):
                token = _long_filters.get(int(token[1:]))
                if token is None:
                    raise NotFoundError(PAGES_GONE)
            article_id, speaker, search = _parse_filters(token)
            if interaction.guild_id is None:
                raise NotFoundError(NO_SUCH_ARTICLE)
            hits = await interaction.client.service.find_quotations(
                interaction.guild_id, article_id=article_id, speaker=speaker, search=search
            )
            if not hits:
                raise NotFoundError(PAGES_GONE)
            page = self.page + (-1 if self.way == "p" else 1)
            page = min(max(0, page), len(hits) - 1)
            embed, view = quote_pages(self.owner_id, hits, page, self.filters)
            await interaction.response.edit_message(embed=embed, view=view)
        except Exception as error:  # a dynamic item's errors reach no view's on_error
            await reply_error(interaction, error)


def _parse_filters(token: str) -> tuple[int | None, str | None, str | None]:
    """The filters back from a custom id, which anyone could have forged: checked."""
    try:
        article_id, speaker, search = json.loads(token)
    except (ValueError, TypeError):
        raise NotFoundError(PAGES_GONE) from None
    fine = (
        (article_id is None or isinstance(article_id, int))
        and (speaker is None or isinstance(speaker, str))
        and (search is None or isinstance(search, str))
    )
    if not fine:
        raise NotFoundError(PAGES_GONE)
    return article_id, speaker, search


def quote_pages(
    owner_id: int, hits: list[QuoteHit], page: int, filters: str
) -> tuple[discord.Embed, discord.ui.View | None]:
    """The embed for one page of `hits` and, when there are several, Previous and Next, whose
    custom ids carry `filters` (from `quote_filters`)."""
    embed = quote_embed(hits[page], page + 1, len(hits))
    if len(hits) < 2:
        return embed, None
    return embed, _sent_once(
        QuotePage("p", owner_id, page, filters, disabled=page == 0),
        QuotePage("n", owner_id, page, filters, disabled=page >= len(hits) - 1),
    )


def quote_filters(
    owner_id: int, article_id: int | None, speaker: str | None, search: str | None
) -> str:
    """The filters of a `/quote` as its buttons carry them: in the custom id when they fit
    (nearly always), else the number they are kept under."""
    filters = _filters_token(article_id, speaker, search)
    longest = f"quo:n:{owner_id}:{limits.QUOTE_PAGES}:{filters}"
    return filters if len(longest) <= limits.CUSTOM_ID else _kept(filters)


class ConfirmView(OwnedView):
    """Confirm or cancel a destructive action: `on_confirm` runs when the owner presses the
    confirm button; Cancel (or the timeout) changes nothing."""

    def __init__(
        self,
        owner_id: int,
        confirm_label: str,
        on_confirm: Callable[[discord.Interaction], Awaitable[None]],
        origin: discord.Interaction | None = None,
    ) -> None:
        super().__init__(owner_id, origin)
        self.on_confirm = on_confirm
        self.confirm.label = confirm_label[: limits.BUTTON_LABEL]

    @discord.ui.button(label="Confirm", style=discord.ButtonStyle.danger)
    async def confirm(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        self.stop()
        await self.on_confirm(interaction)

    @discord.ui.button(label="Cancel", style=discord.ButtonStyle.secondary)
    async def cancel(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        self.stop()
        await interaction.response.edit_message(
            content="Cancelled: nothing was changed.", embed=None, view=None
        )
