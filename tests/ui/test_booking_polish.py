"""Finish of the booking dialog and the small dialogs: the first marked field is scrolled to
and focused, URL fields show where the URL starts, 12-hour times keep "AM"/"PM" with their
time on screen (copies stay plain), the alternatives keep the dialog's width, the link and
connect dialogs show failures plainly in the error colour."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fixtures_b import ZONE, Env, UrlRecorder, env_fixture, fill_basics  # noqa: F401
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QWidget
from test_booking_dialog import answer, book_through_dialog, loc, make_dialog

from desktop_app.calendly.client import CalendlyClient
from desktop_app.calendly.errors import ErrorDetail, InvalidArgument, Unauthenticated
from desktop_app.calendly.models import AvailableTime
from desktop_app.calendly.requests import BookingRequest
from desktop_app.services.booking import BookingService
from desktop_app.ui.booking import form as form_module
from desktop_app.ui.booking.widgets import ERROR_COLOR
from desktop_app.ui.dialogs.booking_dialog import PAGE_CONFIRM, PAGE_FORM, BookingDialog
from desktop_app.ui.dialogs.connect_dialog import ConnectDialog
from desktop_app.ui.dialogs.scheduling_link_dialog import SchedulingLinkDialog

NBSP = "\u00a0"


def in_view(dialog: BookingDialog, widget: QWidget) -> bool:
    """``widget`` lies wholly inside the visible part of the form's scroll area."""
    viewport = dialog.scroll_area.viewport()
    return viewport.rect().contains(QRect(widget.mapTo(viewport, QPoint(0, 0)), widget.size()))


def short_dialog(qtbot: Any, dialog: BookingDialog) -> None:
    """Show ``dialog`` low enough that the questions start below the fold."""
    dialog.resize(560, 380)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.scroll_area.verticalScrollBar().setValue(0)


def assert_revealed(dialog: BookingDialog, part: QWidget, field: QWidget) -> None:
    """``field`` has the focus; it and its ``part`` (caption, input, message) are scrolled
    into view, also once every pending layout has run (what is painted)."""
    assert dialog.pages.currentIndex() == PAGE_FORM
    assert dialog.focusWidget() is field
    assert in_view(dialog, field)
    QApplication.processEvents()
    assert in_view(dialog, field) and in_view(dialog, part)
    assert dialog.scroll_area.verticalScrollBar().value() > 0


def test_client_side_errors_are_scrolled_to_and_focused(qtbot: Any, env: Env) -> None:
    dialog = make_dialog(qtbot, env, "Intro Call")
    fill_basics(dialog)
    loc(0)(dialog)  # the required "Company name" is left empty
    form = dialog.form
    short_dialog(qtbot, dialog)
    assert not in_view(dialog, form.questions[0])
    dialog.next_button.click()
    assert form.questions[0].error.text()
    assert_revealed(dialog, form.questions[0], form.questions[0].line)

    # fixed; now too many guests in the closed "More" part (opened to show the error)
    answer(dialog, 0, "Acme")
    form.more.guests.setPlainText("\n".join(f"g{i}@example.com" for i in range(11)))
    dialog.scroll_area.verticalScrollBar().setValue(0)
    dialog.next_button.click()
    assert form.more.guests_block.error.text()
    assert_revealed(dialog, form.more.guests_block, form.more.guests)


class Rejecting(BookingService):
    """A server-side 400 with the given parameters (in the order Calendly lists them)."""

    def __init__(self, client: CalendlyClient, parameters: list[str]) -> None:
        super().__init__(client)
        self.parameters = parameters

    async def book(self, request: BookingRequest) -> Any:
        raise InvalidArgument("The supplied parameters are invalid.", status=400,
                              details=[ErrorDetail(p, "is not accepted") for p in self.parameters])


@pytest.mark.parametrize(
    ("parameters", "first"),
    [  # the first in form order, whatever the server's order; "More" opens to show guests
        (["event_guests[0]", "questions_and_answers[1].answer"], "question"),
        (["event_guests[0]"], "guests"),
    ],
)
def test_server_400_scrolls_to_the_first_marked_field(
    qtbot: Any, env: Env, parameters: list[str], first: str
) -> None:
    et = env.event_type("Intro Call")
    dialog = BookingDialog(Rejecting(env.client, parameters), et, env.open_times(et)[0], ZONE)
    qtbot.addWidget(dialog)
    fill_basics(dialog)
    answer(dialog, 0, "Acme")
    answer(dialog, 1, "Topic")
    loc(0)(dialog)
    dialog.form.more.guests.setPlainText("g@example.com")
    short_dialog(qtbot, dialog)
    dialog.next_button.click()
    assert dialog.pages.currentIndex() == PAGE_CONFIRM
    dialog.book_button.click()
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == PAGE_FORM, timeout=5000)
    form = dialog.form
    if first == "question":
        assert_revealed(dialog, form.questions[1], form.questions[1].text)
    else:
        assert_revealed(dialog, form.more.guests_block, form.more.guests)


def test_twelve_hour_times_wrap_whole_and_urls_show_their_start(
    qtbot: Any, env: Env, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(form_module, "uses_24h_clock", lambda: False)
    dialog = make_dialog(qtbot, env, "Intro Call", slot=3)
    fill_basics(dialog, email="twelve@example.com")
    loc(1)(dialog)
    answer(dialog, 0, "Acme")
    answer(dialog, 1, "We plan the rollout.\nSecond line")
    for label in (dialog.form.when_display, dialog.form.when_invitee):
        assert NBSP in label.text() and " AM" not in label.text() and " PM" not in label.text()
    dialog.next_button.click()
    assert dialog.pages.currentIndex() == PAGE_CONFIRM
    assert NBSP in dialog.confirm_page.summary.text()
    details = dialog.confirm_page.details.text()
    assert "Company name: Acme" in details
    assert "What would you like to discuss?\n    We plan the rollout.\n    Second line" in details
    book_through_dialog(qtbot, dialog)
    page = dialog.success_page
    summary = page.summary.text()
    assert NBSP in summary and not any(f"{d} {m}" in summary for d in "0123456789"
                                       for m in ("AM", "PM"))
    assert "discuss?:" not in summary
    page.copy_confirmation.click()
    copied = QGuiApplication.clipboard().text()
    assert NBSP not in copied and copied == summary.replace(NBSP, " ")
    for edit in (page.cancel_url, page.reschedule_url):
        assert edit.text().startswith("http") and edit.cursorPosition() == 0


@pytest.mark.parametrize(
    ("start", "label"),
    [  # 12-hour labels (wide), and ones crossing midnight (wider still)
        (datetime(2026, 12, 2, 16, 15, tzinfo=UTC), "Wed 2 Dec\n11:15 AM–12:00 PM"),
        (datetime(2026, 12, 3, 4, 30, tzinfo=UTC), "Wed 2 Dec\n11:30 PM–Thu 3 Dec 12:15 AM"),
    ],
)
def test_alternatives_keep_the_dialog_width(
    qtbot: Any, env: Env, start: datetime, label: str
) -> None:
    dialog = make_dialog(qtbot, env, "Intro Call")
    dialog.show()
    qtbot.waitExposed(dialog)
    width = dialog.width()
    times = [AvailableTime(start_time=start + timedelta(minutes=15 * i)) for i in range(3)]
    dialog.alternatives.show_times("Taken.", times, ZONE, 45, use_24h=False)
    assert dialog.minimumSizeHint().width() <= width
    layout = dialog.layout()
    assert layout is not None
    layout.activate()
    assert dialog.width() == width
    button = dialog.alternatives.buttons[0]
    assert button.text() == label  # the day above the times
    assert button.toolTip() == f"{label.replace(chr(10), ', ')} America/New_York"


def test_link_dialog_shows_the_url_start_and_a_failure_plainly(qtbot: Any, env: Env) -> None:
    et = env.event_type("Intro Call")
    dialog = SchedulingLinkDialog(BookingService(env.client), et)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    layout = dialog.layout()
    assert layout is not None
    layout.activate()
    intro = dialog.intro
    assert intro.y() == layout.contentsMargins().top()  # no empty band above the intro
    assert intro.height() == intro.heightForWidth(intro.width())
    dialog.start()
    assert dialog.url.placeholderText() == "Creating…"
    qtbot.waitUntil(lambda: dialog.link is not None, timeout=10000)
    assert dialog.url.text().startswith("http") and dialog.url.cursorPosition() == 0

    revoked = CalendlyClient("revoked-token", base_url=env.sandbox.base_url)
    try:
        failing = SchedulingLinkDialog(BookingService(revoked), et)
        qtbot.addWidget(failing)
        with qtbot.waitSignal(failing.authFailed, timeout=10000):
            failing.start()
        assert failing.error.isVisibleTo(failing) and failing.error.text()
        assert not failing.url.text() and "Creating" not in failing.url.placeholderText()
    finally:
        env.aio.run(revoked.aclose())


def test_connect_failure_uses_the_error_colour(qtbot: Any, aio: Any) -> None:
    async def reject(_token: str, _base_url: str) -> None:
        raise Unauthenticated("bad token", status=401)

    dialog = ConnectDialog(reject, reason="Calendly rejected the saved token")
    qtbot.addWidget(dialog)

    def colour(widget: QWidget) -> str:
        widget.ensurePolished()
        return widget.palette().color(QPalette.ColorRole.WindowText).name()

    assert colour(dialog.reason_label) == ERROR_COLOR
    dialog.token_edit.setText("garbage")
    dialog.submit()
    assert colour(dialog.status_label) != ERROR_COLOR  # "Checking…" is no failure
    qtbot.waitUntil(lambda: not dialog.slot.running, timeout=5000)
    assert "401" in dialog.status_label.text()
    assert colour(dialog.status_label) == ERROR_COLOR
    dialog.submit()
    assert colour(dialog.status_label) != ERROR_COLOR
    qtbot.waitUntil(lambda: not dialog.slot.running, timeout=5000)
