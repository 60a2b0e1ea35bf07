"""Headless Chromium for the browser tests: Debian's `chromium` package driven by Playwright
(its Python package talks to the browser; nothing is downloaded, `playwright install` is
never run). A fresh profile per browser, no background networking, no first-run pages."""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

from playwright.async_api import BrowserContext, Page, async_playwright

CHROMIUM = os.environ.get("NEWSBOT_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
UPDATE_SCREENSHOTS = "NEWSBOT_UPDATE_SCREENSHOTS"


@contextlib.asynccontextmanager
async def chromium(profile: Path, **options) -> AsyncIterator[BrowserContext]:
    if not Path(CHROMIUM).exists():
        raise RuntimeError(
            f"{CHROMIUM} is missing: install Debian's chromium package (apt-get install "
            "chromium; .ci/run does it)"
        )
    async with async_playwright() as playwright:
        context = await playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,
            **options,
        )
        try:
            yield context
        finally:
            await context.close()


async def screenshot(page: Page, name: str, folder: Path) -> Path:
    """A PNG of the page in the test's folder; copied to docs/screenshots/ for the README
    when NEWSBOT_UPDATE_SCREENSHOTS=1 (so a CI run never changes the tree)."""
    path = folder / f"{name}.png"
    await page.screenshot(path=str(path), full_page=False)
    if os.environ.get(UPDATE_SCREENSHOTS) == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, SCREENSHOTS / path.name)
    return path


async def unlabelled_fields(page: Page) -> list[str]:
    """The visible form fields of the page that have no label (ids or names)."""
    return await page.evaluate(
        """() => [...document.querySelectorAll('input, select, textarea')]
            .filter(e => e.type !== 'hidden' && e.labels.length === 0
                         && !e.getAttribute('aria-label'))
            .map(e => e.id || e.name)"""
    )


async def overflows_sideways(page: Page) -> bool:
    """Whether the page is wider than the window (a phone would scroll sideways)."""
    return await page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth + 1")
