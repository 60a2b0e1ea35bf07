"""The text engine: pure functions over text. No discord, no asyncio, no SQL, no network."""
