"""Desktop scheduling assistant for Calendly, with an embedded Calendly-compatible sandbox."""

APP_NAME = "Calendly Scheduling Assistant"
APP_ID = "io.github.desktop_app.SchedulingAssistant"
APP_SLUG = "calendly-assistant"
__version__ = "0.1.0"
