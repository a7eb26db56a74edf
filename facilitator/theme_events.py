"""Console events of the Thema's view: suggest, rename, merge, split, move, make, accept, drop,
and show the themes on the screen. Thin handlers: parse, let `sessions.themes.board` decide,
send the new board to every console of the run.
"""
from __future__ import annotations

from flask import Flask

from sessions import payloads
from sessions.errors import DomainError
from sessions.themes import board
from sessions.themes import payloads as theme_payloads
from web.extensions import services, socketio
from web.live.broadcast import CONSOLE, acknowledged, broadcaster
from web.live.themes import emit_themes, scheduler

from .events import _console_live


def _question(found, step_id: str):
    step = next((step for step in found.content.steps if step.id == step_id), None)
    if step is None or not board.is_themable(step):
        raise DomainError("Thema's kunnen alleen bij een open vraag (of 'Anders'-antwoorden).", "not_themable")
    return step


def _parsed(message_type, data):
    message, found = payloads.parse(message_type, data), _console_live()
    _question(found, message.step_id)
    return message, found


def _changed(found, step_id: str) -> dict:
    emit_themes(found.id, step_id)
    broadcaster().mark(found.id)  # the screen's theme view
    return {"ok": True, "themes": board.board(services().store, found.id, step_id)}


@acknowledged
def suggest_themes(data=None):
    """Console: (re)suggest themes for a question now and keep them up to date as answers come in."""
    message, found = _parsed(theme_payloads.StepRef, data)
    scheduler().schedule(found.id, message.step_id, now=True)
    return {"ok": True, "themes": board.board(services().store, found.id, message.step_id)}


@acknowledged
def list_themes(data=None):
    """Console: the board of a question as it is (nothing is suggested: working by hand)."""
    message, found = _parsed(theme_payloads.StepRef, data)
    return {"ok": True, "themes": board.board(services().store, found.id, message.step_id)}


@acknowledged
def rename_theme(data=None):
    """Console: give a theme another name."""
    message, found = _parsed(theme_payloads.RenameTheme, data)
    board.rename(services().store, found.id, message.step_id, message.theme_id, message.label)
    return _changed(found, message.step_id)


@acknowledged
def merge_themes(data=None):
    """Console: put every answer of one theme into another."""
    message, found = _parsed(theme_payloads.MergeThemes, data)
    board.merge(services().store, found.id, message.step_id, message.theme_id, message.into_id)
    return _changed(found, message.step_id)


@acknowledged
def split_theme(data=None):
    """Console: move some answers of a theme into a new theme."""
    message, found = _parsed(theme_payloads.SplitTheme, data)
    chosen = theme_payloads.answer_ids(message.answer_ids)
    board.split(services().store, found.id, message.step_id, message.theme_id, chosen, message.label)
    return _changed(found, message.step_id)


@acknowledged
def create_theme(data=None):
    """Console: make a theme by hand (optionally with answers in it)."""
    message, found = _parsed(theme_payloads.CreateTheme, data)
    board.create(services().store, found.id, message.step_id, message.label,
                 theme_payloads.answer_ids(message.answer_ids))
    return _changed(found, message.step_id)


@acknowledged
def move_to_theme(data=None):
    """Console: put an answer in a theme (theme_id 0: in no theme)."""
    message, found = _parsed(theme_payloads.MoveToTheme, data)
    board.move(services().store, found.id, message.step_id, message.answer_id, message.theme_id or None)
    return _changed(found, message.step_id)


@acknowledged
def accept_theme(data=None):
    """Console: keep a suggested theme as it is."""
    message, found = _parsed(theme_payloads.ThemeRef, data)
    board.keep(services().store, found.id, message.step_id, message.theme_id)
    return _changed(found, message.step_id)


@acknowledged
def drop_theme(data=None):
    """Console: remove a theme; its answers stay in no theme."""
    message, found = _parsed(theme_payloads.ThemeRef, data)
    board.drop(services().store, found.id, message.step_id, message.theme_id)
    return _changed(found, message.step_id)


@acknowledged
def show_themes(data=None):
    """Console: the screen shows this question's themes instead of its wall (or the wall again)."""
    message, found = _parsed(theme_payloads.ShowThemes, data)
    services().store.set_theme_screen(found.id, message.step_id, message.shown)
    return _changed(found, message.step_id)


THEME_EVENTS = (suggest_themes, list_themes, rename_theme, merge_themes, split_theme, create_theme, move_to_theme,
                accept_theme,
                drop_theme, show_themes)


def init_app(app: Flask) -> None:
    """Register the Thema's handlers on the console namespace."""
    for handler in THEME_EVENTS:
        socketio.on_event(handler.__name__, handler, namespace=CONSOLE)
