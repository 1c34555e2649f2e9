"""`run_tui`: who the desk acts as, decided before the terminal is taken over."""

from __future__ import annotations

import pytest

from core.actors import SYSTEM
from core.errors import NotFound
from tui.app import ProofdeskApp, run_tui


@pytest.fixture
def launched(monkeypatch) -> list[ProofdeskApp]:
    apps: list[ProofdeskApp] = []
    monkeypatch.setattr(ProofdeskApp, "run", lambda self: apps.append(self))
    monkeypatch.setattr("tui.app.detect_graphics", lambda: False)
    return apps


def test_acts_as_the_given_user_or_the_operator(studio, launched):
    run_tui(studio.core, "REV@acme.test")
    run_tui(studio.core, None, process_mail=len)
    assert [app.session.actor.email for app in launched] == ["rev@acme.test", SYSTEM.email]
    assert launched[1].session.process_mail is len


def test_an_unknown_user_is_refused_before_the_screen_opens(studio, launched):
    with pytest.raises(NotFound):
        run_tui(studio.core, "nobody@nowhere.test")
    assert launched == []
