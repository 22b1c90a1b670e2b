"""The reflow check the browser tests share: axe, and no sideways scrolling, at a phone's width."""

from playwright.sync_api import Page

NARROW = 320


def check_narrow(page: Page, checks, where: str) -> None:
    """axe, and no sideways scrolling, at 320 px; then back to the desktop width."""
    page.set_viewport_size({"width": NARROW, "height": 800})
    checks.axe(page, f"{where} at {NARROW}px")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= NARROW, f"{where} is {width}px wide at {NARROW}px"
    page.set_viewport_size({"width": 1280, "height": 800})
