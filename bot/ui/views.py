"""Buttons: Shorter/Longer on summaries, pages of quotations, and confirmations.

Each view belongs to the member who asked; `interaction_check` turns others away politely.
Views time out after ten minutes (well within the 15-minute life of an interaction token),
and then remove their buttons.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence

import discord

from bot import limits
from bot.engine.summary.length import Length
from bot.models import QuoteHit, Summary
from bot.ui.embeds import quote_embed
from bot.ui.errors import reply_error

log = logging.getLogger(__name__)


class OwnedView(discord.ui.View):
    """A view only the member who asked may use."""

    def __init__(self, owner_id: int, origin: discord.Interaction | None = None) -> None:
        super().__init__(timeout=limits.VIEW_TIMEOUT_S)
        self.owner_id = owner_id
        self.origin = origin

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id == self.owner_id:
            return True
        await interaction.response.send_message(
            "These buttons belong to the person who asked; run the command yourself.",
            ephemeral=True,
        )
        return False

    async def on_timeout(self) -> None:
        if self.origin is None:
            return
        try:
            await self.origin.edit_original_response(view=None)
        except discord.HTTPException:
            log.debug("could not remove buttons after timeout", exc_info=True)

    async def on_error(self, interaction: discord.Interaction, error: Exception, item) -> None:
        await reply_error(interaction, error)


Render = Callable[[Length], Awaitable[tuple[discord.Embed, Summary]]]


class SummaryView(OwnedView):
    """Shorter and Longer re-render the same message one step shorter or longer, in the unit
    the member asked in: a sentence, a few words (a quarter of the budget, at least 10), or a
    few percent (a quarter, at least 5)."""

    def __init__(
        self,
        owner_id: int,
        length: Length,
        shown: Summary,
        render: Render,
        origin: discord.Interaction | None = None,
    ) -> None:
        super().__init__(owner_id, origin)
        self.length = length
        self.shown = shown
        self.render = render
        self._update_buttons()

    def _update_buttons(self) -> None:
        # Not `_refresh`: discord.ui.View calls its own `_refresh(components)` on every
        # MESSAGE_UPDATE of the message (with the message intents on), and an override crashes.
        count = len(self.shown.sentences)
        whole = count >= min(limits.MAX_SUMMARY_SENTENCES, self.shown.total_sentences)
        self.shorter.disabled = self.length.shorter() is None
        self.longer.disabled = self.length.longer() is None or whole

    async def _change(self, interaction: discord.Interaction, step: Length | None) -> None:
        await interaction.response.defer()
        if step is not None:
            self.length = step
            embed, self.shown = await self.render(step)
            self._update_buttons()
            await interaction.edit_original_response(embed=embed, view=self)

    @discord.ui.button(label="Shorter", style=discord.ButtonStyle.secondary)
    async def shorter(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await self._change(interaction, self.length.shorter())

    @discord.ui.button(label="Longer", style=discord.ButtonStyle.secondary)
    async def longer(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await self._change(interaction, self.length.longer())


class QuotePager(OwnedView):
    """Previous and Next through several matching quotations."""

    def __init__(
        self, owner_id: int, hits: Sequence[QuoteHit], origin: discord.Interaction | None = None
    ) -> None:
        super().__init__(owner_id, origin)
        self.hits = list(hits)
        self.index = 0
        self._update_buttons()

    def embed(self) -> discord.Embed:
        return quote_embed(self.hits[self.index], self.index + 1, len(self.hits))

    def _update_buttons(self) -> None:
        self.previous.disabled = self.index == 0
        self.next.disabled = self.index >= len(self.hits) - 1

    async def _turn(self, interaction: discord.Interaction, delta: int) -> None:
        self.index = min(max(0, self.index + delta), len(self.hits) - 1)
        self._update_buttons()
        await interaction.response.edit_message(embed=self.embed(), view=self)

    @discord.ui.button(label="Previous", style=discord.ButtonStyle.secondary)
    async def previous(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await self._turn(interaction, -1)

    @discord.ui.button(label="Next", style=discord.ButtonStyle.secondary)
    async def next(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await self._turn(interaction, +1)


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
