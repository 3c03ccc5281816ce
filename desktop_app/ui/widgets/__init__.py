"""Small reusable widgets of the window."""

from .inline_message import InlineMessage

__all__ = ["InlineMessage"]
