"""Debian's chromium driven by Playwright (sync API) for the browser tests — never a browser build
from `playwright install`. `make test` installs chromium (`make browser`); without it, or without
the playwright package, the browser tests fail (never skip)."""

from __future__ import annotations

import contextlib
import os

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]  # fmt: skip
MISSING = ("Debian's chromium ({path}) and the Python package playwright are needed for the browser tests: "
           "`make test` installs them (make browser; pip install -e '.[dev]'). Never run `playwright install`.")  # fmt: skip


def missing_tools() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return MISSING.format(path=CHROMIUM)
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        return MISSING.format(path=CHROMIUM)
    return None


@contextlib.contextmanager
def chromium():
    """A launched headless chromium; fails the test when the tools are missing."""
    problem = missing_tools()
    if problem:
        pytest.fail(problem)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextlib.contextmanager
def browser_page(origin: str, **options):
    """A fresh page in its own context, allowed to use the clipboard on ``origin``."""
    with chromium() as browser:
        context = browser.new_context(**{"viewport": {"width": 420, "height": 860}, **options})
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)
        try:
            yield context.new_page()
        finally:
            context.close()
