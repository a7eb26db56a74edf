"""Bring a page to the front before a pointer action on it, so the action does not wait seconds.

Headless Chromium draws only the window in front at full speed; every other window (the console,
once the screen's window opened; every phone but the newest) gets one animation frame per second.
Playwright clicks only an element whose box stayed the same over two frames, so a click on such a
page waited 1-2 s: a third of the browser tests' time. `--disable-frame-rate-limit` lifts it but
draws every window without end and costs more CPU than it saves; moving windows apart or
emulating focus does not help. Bringing the page to the front first does (0.05 s per click).

Installed once per run by the `shared_chromium` fixture (tests/conftest.py). It changes nothing a
test checks: the same actionability checks run, on the same page.
"""
from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from playwright.sync_api import Locator, Page

# The actions Playwright makes wait for a stable box (the others do not wait for frames).
POINTER_ACTIONS = ("click", "dblclick", "check", "uncheck", "set_checked", "hover", "tap")


def _to_front(page: Page) -> None:
    # Every time (a few ms): a new page or a popup comes to the front by itself, unseen by us.
    if not page.is_closed():
        page.bring_to_front()


def _fronted(action: Callable[..., Any], page_of: Callable[[Any], Page]) -> Callable[..., Any]:
    @functools.wraps(action)
    def wrapped(self: Any, *args: Any, **kwargs: Any) -> Any:
        _to_front(page_of(self))
        return action(self, *args, **kwargs)
    wrapped.__fronted__ = True  # type: ignore[attr-defined]  # marks a method already wrapped
    return wrapped


def install() -> None:
    """Wrap the pointer actions of Page and Locator (and drag and drop) once."""
    for cls, page_of in ((Page, lambda page: page), (Locator, lambda locator: locator.page)):
        names = POINTER_ACTIONS + (("drag_and_drop",) if cls is Page else ("drag_to",))
        for name in names:
            action = getattr(cls, name)
            if not getattr(action, "__fronted__", False):
                setattr(cls, name, _fronted(action, page_of))
