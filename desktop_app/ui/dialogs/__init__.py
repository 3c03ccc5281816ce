"""Dialogs of the window (connect: W; booking and cancel: B)."""
