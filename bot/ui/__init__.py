"""How replies look in Discord: embeds, views and command options, within Discord's limits."""
