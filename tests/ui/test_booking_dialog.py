"""BookingDialog against a real sandbox: every location kind and question type books exactly
what was entered; bad input sends nothing; a taken slot offers alternatives and keeps input;
double-clicking Book books once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fixtures_b import ZONE, Env, UrlRecorder, env_fixture, fill_basics  # noqa: F401
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractButton, QLabel

from desktop_app.calendly.client import CalendlyClient
from desktop_app.calendly.errors import ErrorDetail, InvalidArgument
from desktop_app.calendly.requests import BookingInvitee, BookingRequest
from desktop_app.calendly.transport import RetryPolicy
from desktop_app.sandbox.server import FaultConfig
from desktop_app.services.booking import BookingService
from desktop_app.ui.dialogs.booking_dialog import PAGE_CONFIRM, PAGE_DONE, PAGE_FORM, BookingDialog

Filler = Callable[[BookingDialog], None]


def make_dialog(qtbot: Any, env: Env, name: str, slot: int = 0) -> BookingDialog:
    et = env.event_type(name)
    times = env.open_times(et)
    service = BookingService(env.client)
    dialog = BookingDialog(service, et, times[slot], ZONE, open_url=UrlRecorder())
    qtbot.addWidget(dialog)
    return dialog


def choose(dialog: BookingDialog, question: int, *labels: str) -> None:
    widget = dialog.form.questions[question]
    for button in widget.choices + ([widget.other_button] if widget.other_button else []):
        if button is not None and button.text() in labels:
            button.setChecked(True)


def type_other(dialog: BookingDialog, question: int, text: str) -> None:
    widget = dialog.form.questions[question]
    assert widget.other_button is not None and widget.other_edit is not None
    widget.other_button.setChecked(True)
    widget.other_edit.setText(text)


def answer(dialog: BookingDialog, question: int, text: str) -> None:
    widget = dialog.form.questions[question]
    if widget.text is not None:
        widget.text.setPlainText(text)
    else:
        assert widget.line is not None
        widget.line.setText(text)


def loc(index: int, text: str = "") -> Filler:
    def fill(dialog: BookingDialog) -> None:
        dialog.form.location.select(index)
        if text:
            dialog.form.location.inputs[index].setText(text)

    return fill


def book_through_dialog(qtbot: Any, dialog: BookingDialog) -> None:
    dialog.next_button.click()
    assert dialog.pages.currentIndex() == PAGE_CONFIRM, dialog.message.text()
    dialog.book_button.click()
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == PAGE_DONE, timeout=10000)


# name, fillers, expected sandbox location (type, location) or None, expected Q&A
CASES: list[tuple[str, list[Filler], tuple[str, str | None] | None, list[tuple[str, str, int]]]] = [
    ("Intro Call", [loc(1), lambda d: answer(d, 0, "Acme"), lambda d: answer(d, 1, "One\nTwo")],
     ("google_conference", None),
     [("Company name", "Acme", 0), ("What would you like to discuss?", "One\nTwo", 1)]),
    ("Strategy Session", [loc(0), lambda d: choose(d, 0, "11-50"),
                          lambda d: choose(d, 1, "Scheduling", "Integrations"),
                          lambda d: type_other(d, 1, "Billing")],
     ("physical", "350 Fifth Avenue, New York, NY"),
     [("Team size", "11-50", 0), ("Topics of interest", "Scheduling\nIntegrations\nBilling", 1)]),
    ("Confidential Review", [], ("custom", "Boardroom 4B (badge required)"), []),
    ("Architecture Deep Dive", [lambda d: answer(d, 0, "Kafka")], ("webex_conference", None),
     [("Agenda", "Kafka", 0)]),
    ("Quick Sync", [], ("inbound_call", None), []),
    ("Product Demo (日本語)", [loc(0), lambda d: answer(d, 0, "+44 20 7946 0958")],
     ("gotomeeting", None), [("Best number to reach you", "+442079460958", 2)]),
    ("Design Critique", [loc(0, "Room 12, 3rd floor")], ("ask_invitee", "Room 12, 3rd floor"), []),
    ("Mentorship Hour", [loc(0, "(415) 555-0123"), lambda d: choose(d, 0, "Leadership")],
     ("outbound_call", "+14155550123"), [("Goals for this session", "Leadership", 0)]),
    ("Visita ao Escritório", [lambda d: type_other(d, 0, "Agro")],
     ("physical", "Av. Paulista 1578, São Paulo"), [("Setor", "Agro", 0)]),
    ("Support Clinic", [loc(0)], ("microsoft_teams_conference", None), []),
    ("Office Hours", [], ("zoom", None), []),
    ("Code Review Pairing", [], None, []),
    ("Sales Discovery (Round Robin)", [], None, []),
]

# what the sandbox stores when the dialog sends no location
NO_LOCATION_STORED: dict[str, dict[str, Any]] = {
    "Code Review Pairing": {"type": "custom", "location": None},  # no locations at all
    "Sales Discovery (Round Robin)": {"type": "zoom"},  # set by the event type, not sent
}


@pytest.mark.parametrize(("name", "fillers", "location", "answers"), CASES,
                         ids=[c[0] for c in CASES])
def test_books_location_kinds_and_question_types(
    qtbot: Any, env: Env, name: str, fillers: list[Filler],
    location: tuple[str, str | None] | None, answers: list[tuple[str, str, int]],
) -> None:
    dialog = make_dialog(qtbot, env, name)
    fill_basics(dialog)
    for fill in fillers:
        fill(dialog)
    if name == "Intro Call":  # guests and tracking ride along once
        dialog.form.more.guests.setPlainText("g1@example.com, g2@example.com")
        dialog.form.more.tracking["utm_source"].setText("desktop")
    assert dialog.form.location.isVisibleTo(dialog) == (location is not None)
    before = env.invitee_count()
    book_through_dialog(qtbot, dialog)

    assert env.invitee_count() == before + 1
    assert dialog.invitee is not None
    event_uuid = dialog.invitee.event.rsplit("/", 1)[1]
    event = env.sandbox.store.event(event_uuid)
    assert event is not None
    invitees = env.sandbox.store.invitees_of(event_uuid)
    assert [(i["name"], i["email"], i["timezone"]) for i in invitees] == [
        ("Ana Díaz", "ana@example.com", "America/New_York")]
    assert [(q["question"], q["answer"], q["position"]) for q in invitees[0]["qa"]] == answers
    assert event["start_ts"] == int(dialog.available_time.start_time.timestamp())
    request = dialog.validation.request if dialog.validation else None
    assert request is not None
    if location is None:
        assert request.location is None
        stored = NO_LOCATION_STORED[name]
        assert {k: event["location"].get(k) for k in stored} == stored, event["location"]
    else:
        assert event["location"]["type"] == location[0]
        if location[1] is not None:
            assert event["location"]["location"] == location[1]
    if name == "Intro Call":
        assert [g["email"] for g in event["guests"]] == ["g1@example.com", "g2@example.com"]
        assert invitees[0]["tracking"]["utm_source"] == "desktop"
        assert set(invitees[0]["tracking"]) >= {"utm_campaign", "salesforce_uuid"}
    else:
        assert event["guests"] == []


def err(path: str) -> Callable[[BookingDialog], QLabel]:
    """The error label of a form part, e.g. "email_block", "location", "questions.0"."""

    def get(dialog: BookingDialog) -> QLabel:
        target: Any = dialog.form
        for part in path.split("."):
            target = target[int(part)] if part.isdigit() else getattr(target, part)
        label = target.error
        assert isinstance(label, QLabel)
        return label

    return get


BAD: list[tuple[str, str, Filler, Callable[[BookingDialog], QLabel]]] = [
    ("bad email", "Intro Call",
     lambda d: (answer(d, 0, "Acme"), loc(0)(d), d.form.email.setText("ana@")), err("email_block")),
    ("bad sms phone", "Intro Call",
     lambda d: (answer(d, 0, "Acme"), loc(0)(d), d.form.more.reminder.setText("555")),
     err("more.reminder_block")),
    ("bad phone answer", "Product Demo (日本語)",
     lambda d: (loc(0)(d), answer(d, 0, "not a phone")), err("questions.0")),
    ("missing required answer", "Intro Call", loc(0), err("questions.0")),
    ("missing multi-select", "Mentorship Hour", loc(0, "+14155550123"), err("questions.0")),
    ("missing location choice", "Intro Call", lambda d: answer(d, 0, "Acme"), err("location")),
    ("missing location input", "Design Critique", loc(0, ""), err("location")),
    ("wrong location phone", "Mentorship Hour",
     lambda d: (loc(0, "12")(d), choose(d, 0, "Leadership")), err("location")),
    ("11 guests", "Intro Call", lambda d: (answer(d, 0, "Acme"), loc(0)(d),
                                           d.form.more.guests.setPlainText(
        "\n".join(f"g{i}@example.com" for i in range(11)))), err("more.guests_block")),
]


@pytest.mark.parametrize(("case", "name", "fill", "error"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_shows_field_error_and_sends_nothing(
    qtbot: Any, env: Env, case: str, name: str, fill: Filler,
    error: Callable[[BookingDialog], QLabel],
) -> None:
    dialog = make_dialog(qtbot, env, name)
    fill_basics(dialog)
    fill(dialog)
    typed = dialog.form.form_values()
    before = env.invitee_count()
    dialog.next_button.click()
    dialog.book_button.click()  # hidden and without a valid review: must do nothing
    assert dialog.pages.currentIndex() == PAGE_FORM
    shown = [lbl.text() for lbl in dialog.findChildren(QLabel, "fieldError")
             if lbl.isVisibleTo(dialog) and lbl.text()]
    label = error(dialog)
    assert label.isVisibleTo(dialog) and label.text(), case
    assert len(shown) == 2, shown  # that field's error and the "Please correct 1 field." line
    assert dialog.book_attempts == 0
    assert env.invitee_count() == before
    assert dialog.form.form_values() == typed  # nothing typed is lost


def test_email_typo_hint_applies_with_one_click(qtbot: Any, env: Env) -> None:
    dialog = make_dialog(qtbot, env, "Confidential Review")
    fill_basics(dialog, email="ana&co@gmial.com")
    dialog.next_button.click()  # a hint does not block
    assert dialog.pages.currentIndex() == PAGE_CONFIRM
    dialog.back_button.click()
    assert dialog.form.email_hint.isVisibleTo(dialog)
    # "&&" shows one literal "&" on a button (a single one would be a mnemonic)
    assert dialog.form.email_hint.text() == "Did you mean ana&&co@gmail.com?"
    dialog.form.email_hint.click()
    assert dialog.form.email.text() == "ana&co@gmail.com"


def test_taken_slot_offers_alternatives_and_keeps_input(qtbot: Any, env: Env) -> None:
    dialog = make_dialog(qtbot, env, "Design Critique", slot=2)
    fill_basics(dialog)
    loc(0, "Room 9")(dialog)
    dialog.form.more.guests.setPlainText("g@example.com")
    dialog.next_button.click()
    typed = dialog.form.form_values()
    taken = dialog.available_time.start_time
    env.aio.run(env.client.book(BookingRequest(  # another client takes it meanwhile
        event_type=dialog.event_type.uri, start_time=taken,
        invitee=BookingInvitee(email="other@example.com", timezone="UTC", name="Other"),
        location={"kind": "ask_invitee", "location": "x"})))
    with qtbot.waitSignal(dialog.slotTaken, timeout=10000):
        dialog.book_button.click()
    qtbot.waitUntil(lambda: len(dialog.alternatives.buttons) == 3, timeout=10000)
    assert dialog.pages.currentIndex() == PAGE_FORM
    assert dialog.form.form_values() == typed
    dialog.alternatives.buttons[0].click()  # one click switches and re-confirms
    assert dialog.pages.currentIndex() == PAGE_CONFIRM
    assert dialog.available_time.start_time != taken
    dialog.book_button.click()
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == PAGE_DONE, timeout=10000)
    rows = env.sandbox.store.query("SELECT * FROM invitees WHERE email = 'ana@example.com'")
    assert len(rows) == 1
    event = env.sandbox.store.event(rows[0]["event_uuid"])
    assert event is not None
    assert event["start_ts"] == int(dialog.available_time.start_time.timestamp())


def test_double_click_books_once_and_success_page(qtbot: Any, env: Env) -> None:
    dialog = make_dialog(qtbot, env, "Confidential Review", slot=1)
    fill_basics(dialog, email="double@example.com")
    dialog.next_button.click()
    env.sandbox.set_faults(FaultConfig(latency_ms=150))  # keep the POST in flight a while
    try:
        with qtbot.waitSignal(dialog.booked, timeout=10000):
            qtbot.mouseClick(dialog.book_button, Qt.MouseButton.LeftButton)
            qtbot.mouseDClick(dialog.book_button, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda: dialog.book_attempts == 1)  # the POST has been sent
            qtbot.mouseClick(dialog.book_button, Qt.MouseButton.LeftButton)
            dialog.book()  # and once more programmatically while in flight
    finally:
        env.sandbox.set_faults(FaultConfig())
    assert dialog.book_attempts == 1
    rows = env.sandbox.store.query("SELECT * FROM invitees WHERE email = 'double@example.com'")
    assert len(rows) == 1
    page = dialog.success_page
    assert page.cancel_url.text().endswith(rows[0]["uuid"])
    assert "/reschedulings/" in page.reschedule_url.text()
    page.copy_confirmation.click()
    copied = QGuiApplication.clipboard().text()
    assert "Confidential Review" in copied and "double@example.com" in copied
    assert page.cancel_url.text() in copied
    open_buttons = [b for _c, b in page.url_buttons.values()]
    open_buttons[1].click()
    recorder = page._open_url
    assert isinstance(recorder, UrlRecorder)
    assert recorder.urls == [page.reschedule_url.text()]


def test_untrusted_name_is_plain_text_in_dialog(qtbot: Any, env: Env) -> None:
    evil = "<b>x</b><img src=x>"
    dialog = make_dialog(qtbot, env, "Confidential Review", slot=3)
    fill_basics(dialog, name=evil, email="evil@example.com")
    book_through_dialog(qtbot, dialog)
    assert evil in dialog.success_page.summary.text()
    labels = dialog.findChildren(QLabel)
    assert labels and all(lbl.textFormat() == Qt.TextFormat.PlainText for lbl in labels
                          if lbl.text())
    assert all(not isinstance(w, QAbstractButton) or "<" not in w.text() or w.text() == evil
               for w in dialog.findChildren(QAbstractButton))


def test_single_use_link_is_created_and_copied(qtbot: Any, env: Env) -> None:
    from desktop_app.ui.dialogs.scheduling_link_dialog import SchedulingLinkDialog

    et = env.event_type("Intro Call")
    dialog = SchedulingLinkDialog(BookingService(env.client), et)
    qtbot.addWidget(dialog)
    before = env.sandbox.store.count("scheduling_links")
    dialog.start()
    qtbot.waitUntil(lambda: dialog.link is not None, timeout=10000)
    assert env.sandbox.store.count("scheduling_links") == before + 1
    assert dialog.url.text() == dialog.link.booking_url if dialog.link else False
    assert QGuiApplication.clipboard().text() == dialog.url.text()
    revoked = CalendlyClient("revoked-token", base_url=env.sandbox.base_url)
    try:  # a 401 is shown with "Try again" and asks the window for a new token
        failing = SchedulingLinkDialog(BookingService(revoked), et)
        qtbot.addWidget(failing)
        with qtbot.waitSignal(failing.authFailed, timeout=10000):
            failing.start()
        assert failing.retry_button.isVisibleTo(failing) and failing.error.text()
    finally:
        env.aio.run(revoked.aclose())


FAST = RetryPolicy(attempts=2, timeout=5, wait_initial=0.01, wait_max=0.02, wait_jitter=0.0,
                   booking_429_attempts=0, reconcile_delay=0.05)


@pytest.mark.parametrize(
    ("case", "faults", "token", "expect", "booked"),
    [
        ("scope", FaultConfig(), "member", "lacks the scope scheduled_events:write", 0),
        ("unknown outcome", FaultConfig(drop_rate=1.0), "admin", "unknown whether", None),
        ("reconciled", FaultConfig(commit_then_drop_rate=1.0), "admin", "", 1),
    ],
)
def test_error_outcomes_are_explained_never_retried(
    qtbot: Any, env: Env, aio: Any, case: str, faults: FaultConfig, token: str, expect: str,
    booked: int | None,
) -> None:
    sandbox = env.sandbox
    client = CalendlyClient(sandbox.member_token if token == "member" else sandbox.admin_token,
                            base_url=sandbox.base_url, retry=FAST)
    try:
        et = env.event_type("Confidential Review")
        dialog = BookingDialog(BookingService(client), et, env.open_times(et)[4], ZONE)
        qtbot.addWidget(dialog)
        fill_basics(dialog, email="outcome@example.com")
        dialog.next_button.click()
        sandbox.set_faults(faults)
        try:
            dialog.book_button.click()
            qtbot.waitUntil(lambda: not dialog._busy, timeout=10000)
        finally:
            sandbox.set_faults(FaultConfig())
        rows = sandbox.store.query("SELECT * FROM invitees WHERE email = 'outcome@example.com'")
        assert dialog.book_attempts == 1  # never retried behind the user's back
        if booked is not None:
            assert len(rows) == booked
        if expect:
            assert expect in dialog.message.text()
            assert not dialog.book_button.isEnabled()
            assert dialog.pages.currentIndex() == PAGE_CONFIRM
        else:
            assert dialog.pages.currentIndex() == PAGE_DONE
    finally:
        aio.run(client.aclose())


def test_rate_limit_waits_and_says_so(qtbot: Any, env: Env, aio: Any) -> None:
    sandbox = env.sandbox
    client = CalendlyClient(sandbox.admin_token, base_url=sandbox.base_url, retry=FAST)
    try:
        et = env.event_type("Confidential Review")
        dialog = BookingDialog(BookingService(client), et, env.open_times(et)[5], ZONE)
        qtbot.addWidget(dialog)
        fill_basics(dialog, email="limited@example.com")
        dialog.next_button.click()
        sandbox.set_faults(FaultConfig(burst_429_every=1, burst_429_length=1))
        try:
            dialog.book_button.click()
            qtbot.waitUntil(lambda: "Trying again in" in dialog.status.text(), timeout=10000)
            assert "Nothing was booked" in dialog.status.text()
            assert sandbox.store.count("invitees", "email = 'limited@example.com'") == 0
        finally:
            sandbox.set_faults(FaultConfig())
        qtbot.waitUntil(lambda: dialog.pages.currentIndex() == PAGE_DONE, timeout=10000)
        assert sandbox.store.count("invitees", "email = 'limited@example.com'") == 1
    finally:
        aio.run(client.aclose())


def test_client_pacing_for_booking_limit_is_shown(qtbot: Any, env: Env, aio: Any) -> None:
    sandbox = env.sandbox
    et = env.event_type("Confidential Review")
    times = env.open_times(et)
    first = make_dialog(qtbot, env, "Confidential Review", slot=6)
    fill_basics(first, email="first@example.com")
    sandbox.set_rate_limits(100000, 1)
    try:
        book_through_dialog(qtbot, first)
        dialog = BookingDialog(BookingService(env.client), et, times[7], ZONE)
        qtbot.addWidget(dialog)
        fill_basics(dialog, email="second@example.com")
        dialog.next_button.click()
        dialog.book_button.click()
        qtbot.waitUntil(lambda: "booking limit is reached" in dialog.status.text(), timeout=5000)
        assert sandbox.store.count("invitees", "email = 'second@example.com'") == 0
        assert not dialog.close_button.isEnabled()
    finally:
        sandbox.set_rate_limits(100000, 100000)


class RejectingService(BookingService):
    """Stands in for a server-side 400 the local checks cannot produce (e.g. a rule only
    Calendly knows); everything else is the real service."""

    async def book(self, request: BookingRequest) -> Any:
        raise InvalidArgument("The supplied parameters are invalid.", status=400, details=[
            ErrorDetail("invitee.email", "is blocked for this organization"),
            ErrorDetail("questions_and_answers[0].answer", "is too short"),
            ErrorDetail("event_guests[0]", "is not allowed"),
        ])


def test_server_400_details_go_to_their_fields_and_keep_input(qtbot: Any, env: Env) -> None:
    et = env.event_type("Intro Call")
    dialog = BookingDialog(RejectingService(env.client), et, env.open_times(et)[0], ZONE)
    qtbot.addWidget(dialog)
    fill_basics(dialog)
    answer(dialog, 0, "A")
    loc(0)(dialog)
    dialog.form.more.guests.setPlainText("g@example.com")
    dialog.next_button.click()
    assert dialog.pages.currentIndex() == PAGE_CONFIRM
    typed = dialog.form.form_values()
    dialog.book_button.click()
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == PAGE_FORM, timeout=5000)
    assert dialog.form.email_block.error.text() == "is blocked for this organization"
    assert dialog.form.questions[0].error.text() == "is too short"
    assert dialog.form.more.guests_block.error.text() == "is not allowed"
    assert dialog.form.more.isVisibleTo(dialog)  # the "More" part opens to show its error
    assert "Check the marked fields" in dialog.message.text()
    assert dialog.form.form_values() == typed


def test_first_and_last_name_and_sms_number_are_sent(qtbot: Any, env: Env) -> None:
    dialog = make_dialog(qtbot, env, "Confidential Review", slot=8)
    fill_basics(dialog, name="Ana María Díaz", email="split@example.com")
    dialog.form.split_name.setChecked(True)  # pre-fills first/last from the full name
    assert (dialog.form.first_name.text(), dialog.form.last_name.text()) == ("Ana", "María Díaz")
    dialog.form.more.reminder.setText("(212) 555-0188")
    book_through_dialog(qtbot, dialog)
    rows = env.sandbox.store.query("SELECT * FROM invitees WHERE email = 'split@example.com'")
    assert [(r["first_name"], r["last_name"], r["text_reminder_number"]) for r in rows] == [
        ("Ana", "María Díaz", "+12125550188")]


def test_keyboard_only_booking(qtbot: Any, env: Env) -> None:
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    dialog = make_dialog(qtbot, env, "Confidential Review", slot=5)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    assert QApplication.focusWidget() is dialog.form.name  # type right away
    QTest.keyClicks(dialog.form.name, "Kim Keys")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)  # "Separate first and last"
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.form.email
    QTest.keyClicks(dialog.form.email, "keys@example.com")
    QTest.keyClick(dialog.form.email, Qt.Key.Key_Return)  # default button: Review
    assert dialog.pages.currentIndex() == PAGE_CONFIRM, dialog.message.text()
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)  # default button: Book
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == PAGE_DONE, timeout=10000)
    rows = env.sandbox.store.query("SELECT * FROM invitees WHERE email = 'keys@example.com'")
    assert [r["name"] for r in rows] == ["Kim Keys"]
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_typed_locations_read_well_on_the_confirm_step(qtbot: Any, env: Env) -> None:
    for name, typed, line in (
        ("Design Critique", "Room 12 (3rd floor)", "Room 12 (3rd floor) (given by the invitee)"),
        ("Mentorship Hour", "(415) 555-0123", "Host calls the invitee at +14155550123"),
    ):
        dialog = make_dialog(qtbot, env, name)
        fill_basics(dialog)
        loc(0, typed)(dialog)
        if name == "Mentorship Hour":
            choose(dialog, 0, "Leadership")
        dialog.next_button.click()
        assert dialog.pages.currentIndex() == PAGE_CONFIRM, dialog.message.text()
        assert f"Location: {line}" in dialog.confirm_page.details.text()


def test_times_in_both_zones_and_location_panel_texts(qtbot: Any, env: Env) -> None:
    from datetime import timedelta
    from zoneinfo import ZoneInfo

    def expected(start: Any, minutes: int, zone: str) -> str:
        local = start.astimezone(ZoneInfo(zone))
        end = (start + timedelta(minutes=minutes)).astimezone(ZoneInfo(zone))
        end_text = f"{end:%H:%M}" if end.date() == local.date() else (
            f"{end:%a} {end.day} {end:%b} {end:%H:%M}")
        return f"{local:%a} {local.day} {local:%b}, {local:%H:%M}–{end_text}"

    et = env.event_type("Data Consultation")  # Zoom, the host calls, in person
    slot = env.open_times(et)[0]
    dialog = BookingDialog(BookingService(env.client), et, slot, ZoneInfo("UTC"))
    qtbot.addWidget(dialog)
    form = dialog.form
    form.zone.set_zone("Europe/Paris")
    start = slot.start_time
    assert form.when_display.text() == (
        f"When: {expected(start, 60, 'UTC')} UTC (your display zone)")
    assert form.when_invitee.text() == (
        f"For the invitee: {expected(start, 60, 'Europe/Paris')} Europe/Paris")
    assert expected(start, 60, "UTC") != expected(start, 60, "Europe/Paris")
    section = form.location
    assert [c.kind for c in section.options] == ["zoom_conference", "outbound_call", "physical"]
    assert "Zoom" in section.radios[0].text()
    physical = section.descriptions[2]
    assert isinstance(physical, QLabel) and physical.isVisibleTo(dialog)
    assert "MG Road 80, Bengaluru" in physical.text() and "Ask at reception" in physical.text()

    et = env.event_type("Support Clinic")  # Microsoft Teams, the invitee calls
    other = BookingDialog(BookingService(env.client), et, env.open_times(et)[0], ZoneInfo("UTC"))
    qtbot.addWidget(other)
    section = other.form.location
    assert [c.kind for c in section.options] == ["microsoft_teams_conference", "inbound_call"]
    assert "Microsoft Teams" in section.radios[0].text()
    inbound = section.descriptions[1]
    assert isinstance(inbound, QLabel) and inbound.isVisibleTo(other)
    assert "+353 1 555 0199" in inbound.text()
    assert "Please call at the scheduled time" in inbound.text()
