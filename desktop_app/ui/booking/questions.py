"""Custom-question widgets of the booking dialog, one per question type.

``string`` -> line edit, ``text`` -> multi-line, ``phone_number`` -> line edit (E.164 checked by
the service), ``single_select`` -> radio buttons, ``multi_select`` -> check boxes; both selects
get an "Other" choice with a free-text field when ``include_other`` is set. Required questions
are marked with " *". Each widget returns an :class:`AnswerInput`; validation is the service's.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.calendly.models import CustomQuestion
from desktop_app.services.booking import AnswerInput
from desktop_app.ui.booking.widgets import button_caption, error_label, plain_label, set_error

OTHER = "Other"


class QuestionWidget(QWidget):
    """Input for one :class:`CustomQuestion`; ``answer()`` gives what was entered."""

    def __init__(self, question: CustomQuestion, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question = question
        self.line: QLineEdit | None = None
        self.text: QPlainTextEdit | None = None
        self.choices: list[QAbstractButton] = []
        self.choice_values: list[str] = []  # the answer choice of each of ``choices``, as sent
        self.other_button: QAbstractButton | None = None
        self.other_edit: QLineEdit | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.caption = plain_label(f"{question.name} *" if question.required else question.name)
        layout.addWidget(self.caption)
        qtype = question.type
        if qtype == "text":
            self.text = QPlainTextEdit()
            self.text.setFixedHeight(64)
            self.text.setTabChangesFocus(True)
            layout.addWidget(self.text)
        elif qtype in ("single_select", "multi_select"):
            single = qtype == "single_select"
            group = QButtonGroup(self)
            group.setExclusive(single)
            labels = list(question.answer_choices) + ([OTHER] if question.include_other else [])
            for position, choice in enumerate(labels):
                caption = button_caption(choice)
                button: QAbstractButton = QRadioButton(caption) if single else QCheckBox(caption)
                group.addButton(button, position)
                layout.addWidget(button)
                if question.include_other and position == len(labels) - 1:
                    self.other_button = button
                else:
                    self.choices.append(button)
                    self.choice_values.append(choice)
            if self.other_button is not None:
                self.other_edit = QLineEdit()
                self.other_edit.setPlaceholderText("Other answer")
                self.other_edit.textEdited.connect(lambda _t: self._check_other())
                layout.addWidget(self.other_edit)
            self.group = group
        else:
            self.line = QLineEdit()
            if qtype == "phone_number":
                self.line.setPlaceholderText("+1 415 555 0123")
            layout.addWidget(self.line)
        self.error = error_label()
        layout.addWidget(self.error)

    def _check_other(self) -> None:
        if self.other_button is not None and not self.other_button.isChecked():
            self.other_button.setChecked(True)

    def answer(self) -> AnswerInput:
        """What is entered now (raw; the service validates)."""
        if self.text is not None:
            return AnswerInput(text=self.text.toPlainText())
        if self.line is not None:
            return AnswerInput(text=self.line.text())
        chosen = [v for b, v in zip(self.choices, self.choice_values, strict=True) if b.isChecked()]
        other = None
        if self.other_button is not None and self.other_button.isChecked():
            other = self.other_edit.text() if self.other_edit is not None else ""
        return AnswerInput(choices=chosen, other=other)

    def set_error(self, message: str | None) -> None:
        """Show (or clear) this question's error."""
        set_error(self.error, message)

    def focus_target(self) -> QWidget:
        """Widget to focus for an error."""
        return self.text or self.line or (self.choices[0] if self.choices else self)
