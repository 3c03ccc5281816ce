"""Qt item models (own classes over the pydantic models; no setItemWidget rows)."""

from .event_types import EventTypeFilterProxy, EventTypeRoles, EventTypeTreeModel
from .week import WeekModel, WeekRoles

__all__ = [
    "EventTypeFilterProxy",
    "EventTypeRoles",
    "EventTypeTreeModel",
    "WeekModel",
    "WeekRoles",
]
