"""``window_factory`` fixture: a MainWindow on a real sandbox, ready (types listed, week shown)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime
from typing import Any

import pytest
from fixtures_w import fast_retry

from desktop_app.core.secrets import MemoryTokenStore
from desktop_app.core.settings import Settings
from desktop_app.services.session import SessionManager, open_session, utc_now
from desktop_app.ui.main_window import MainWindow

WindowFactory = Callable[..., MainWindow]


@pytest.fixture(name="window_factory")
def window_factory_fixture(aio: Any, qtbot: Any) -> Iterator[WindowFactory]:
    """``window_factory(server, zone="UTC", today=None, clock=None, token=None)``."""
    managers: list[SessionManager] = []
    windows: list[MainWindow] = []

    def make(
        server: Any,
        *,
        zone: str = "UTC",
        today: date | None = None,
        clock: Callable[[], datetime] | None = None,
        token: str | None = None,
    ) -> MainWindow:
        manager = SessionManager(Settings(), MemoryTokenStore(), save_settings=lambda _s: None)
        managers.append(manager)
        session = aio.run(
            open_session(
                token or server.admin_token,
                server.base_url,
                clock=clock or utc_now,
                client_kwargs={"retry": fast_retry()},
            )
        )
        manager.session = session
        window = MainWindow(manager, zone=zone, today=today, auto_next_available=False)
        qtbot.addWidget(window)
        windows.append(window)
        window.resize(1200, 800)
        window.show()
        with qtbot.waitSignal(window.ready, timeout=10000):
            window.set_session(session)
        return window

    yield make
    for window in windows:
        window.cancel_work()
        if window.connect_dialog is not None:
            window.connect_dialog.slot.cancel()
    for manager in managers:
        aio.run(manager.aclose())
