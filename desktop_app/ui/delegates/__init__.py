"""Item delegates (painting only; data comes from the models' roles)."""

from .event_type_delegate import EventTypeDelegate
from .slot_delegate import SlotDelegate

__all__ = ["EventTypeDelegate", "SlotDelegate"]
