"""Untrusted API text (event type, host, user names, answer choices) shows literally in the
window and the booking dialog: plain-text labels, escaped tooltips, literal button captions."""

from __future__ import annotations

from typing import Any

from fixtures_b import EVIL, UrlRecorder, fill_basics
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget
from window_fixtures import WindowFactory, window_factory_fixture  # noqa: F401

from desktop_app.calendly.models import Invitee
from desktop_app.ui.booking.result import SuccessPage
from desktop_app.ui.dialogs.booking_dialog import PAGE_CONFIRM, PAGE_DONE, BookingDialog
from desktop_app.ui.models.event_types import EventTypeRoles

CHOICE = "R&D <i>y</i>"


def assert_literal(widget: QWidget) -> None:
    """Every label is plain text; no button caption loses an "&" to a mnemonic."""
    labels = [lbl for lbl in widget.findChildren(QLabel) if "<" in lbl.text()]
    assert labels and all(lbl.textFormat() == Qt.TextFormat.PlainText for lbl in labels)
    for button in widget.findChildren(QAbstractButton):
        assert "&" not in button.text().replace("&&", ""), button.text()


def test_html_looking_names_show_literally(
    fresh_sandbox: Any, window_factory: WindowFactory, qtbot: Any
) -> None:
    store = fresh_sandbox.store
    et_row = store.query_one("SELECT * FROM event_types WHERE name = 'Intro Call'")
    questions = [*et_row["questions"], {
        "name": f"Team {EVIL}", "type": "single_select", "position": 2, "enabled": True,
        "required": True, "answer_choices": ["Sales", CHOICE], "include_other": False,
    }]
    store.update("event_types", et_row["uuid"], {"name": EVIL, "questions": questions})
    store.update("users", et_row["owner_uuid"], {"name": EVIL})  # the admin: host and account

    window = window_factory(fresh_sandbox)
    assert EVIL in window.account_label.text()
    model = window.sidebar.model
    et = next(e for g in model.groups() for e in g.event_types if e.name == EVIL)
    index = model.index_of(et.uri)
    for idx in (index, index.parent()):  # event type and host rows: tooltips escaped
        tip = idx.data(Qt.ItemDataRole.ToolTipRole)
        assert EVIL in QTextDocumentFragment.fromHtml(tip).toPlainText()
    assert index.parent().data() == EVIL and index.data(EventTypeRoles.EventType) == et
    shown = window.week_pane.event_type
    if shown is None or shown.uri != et.uri:  # "<" sorts first: usually selected already
        with qtbot.waitSignal(window.week_pane.weekShown, timeout=10000):
            assert window.sidebar.select(et.uri)
    assert EVIL in window.week_pane.event_label.text()
    assert_literal(window)

    pane = window.week_pane
    with qtbot.waitSignal(pane.weekShown, timeout=10000):
        pane.go(pane.week.shifted(1))  # this week may be over or empty
    slot = pane.model.available_times()[0]
    dialog = window.open_booking(et, slot)
    assert isinstance(dialog, BookingDialog)
    assert EVIL in dialog.windowTitle() and EVIL in dialog.form.host.text()
    fill_basics(dialog, name=EVIL, email="literal@example.com")
    dialog.form.location.select(0)
    dialog.form.questions[0].line.setText("Acme")  # type: ignore[union-attr]
    team = dialog.form.questions[-1]
    assert [b.text() for b in team.choices] == ["Sales", "R&&D <i>y</i>"]
    team.choices[1].setChecked(True)
    dialog.next_button.click()
    assert dialog.pages.currentIndex() == PAGE_CONFIRM, dialog.message.text()
    assert EVIL in dialog.confirm_page.summary.text()
    assert_literal(dialog)
    dialog.book_button.click()
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == PAGE_DONE, timeout=10000)
    row = store.query_one("SELECT * FROM invitees WHERE email = 'literal@example.com'")
    assert row["name"] == EVIL
    answers = {qa["question"]: qa["answer"] for qa in row["qa"]}
    assert answers[f"Team {EVIL}"] == CHOICE
    assert_literal(dialog)
    dialog.close()


def test_only_web_urls_from_the_api_are_opened(qtbot: Any) -> None:
    recorder = UrlRecorder()
    page = SuccessPage(recorder)
    qtbot.addWidget(page)
    base = "https://api.calendly.com"
    for cancel_url in ("file:///etc/passwd", "javascript:alert(1)", "https://calendly.com/c/I1"):
        invitee = Invitee.model_validate({
            "uri": f"{base}/scheduled_events/E1/invitees/I1", "email": "a@example.com",
            "event": f"{base}/scheduled_events/E1", "cancel_url": cancel_url,
        })
        page.show_invitee(invitee, "confirmation")
        page.url_buttons["Cancel link"][1].click()
    assert recorder.urls == ["https://calendly.com/c/I1"]
