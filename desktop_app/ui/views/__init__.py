"""Composite views of the main window."""
