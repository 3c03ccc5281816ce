"""Safe booking and cancellation (CONTRACT.md "POST /invitees", Gotcha 4, Gotcha 10).

``POST /invitees`` has no idempotency key and no slot hold, so it is never retried blindly:

- 429 and "not sent" transport failures (connect errors) are definite "not created": the
  request is sent again after the wait, a bounded number of times.
- 400/401/403/404 are definite: raised as they are (``SlotUnavailable`` for already_filled).
- A timeout or dropped connection after sending, a 5xx or an unreadable 2xx leave the outcome
  unknown. The client then *reconciles*: it lists the host's scheduled events whose start lies
  in a narrow window around the requested start (``min_start_time``/``max_start_time``), keeps
  the active ones of the requested event type starting at that exact time, and lists their
  invitees filtered by the invitee's email. Found -> that :class:`Invitee` is returned.
  Every listing succeeded and nothing matched -> :class:`BookingNotCreated` (safe to retry).
  The reconcile reads themselves failed -> :class:`BookingOutcomeUnknown` (do not retry).
"""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from .errors import (
    BookingNotCreated,
    BookingOutcomeUnknown,
    CalendlyError,
    RateLimited,
    ServerError,
    SlotUnavailable,
    TransportError,
)
from .logsafe import get_logger
from .models import Cancellation, Invitee, uuid_of
from .requests import BookingRequest
from .urls import path_segment

if TYPE_CHECKING:
    from .client import CalendlyClient
    from .transport import ApiSession

__all__ = ["Booker"]

_log = get_logger(__name__)

_RECONCILE_SLACK = dt.timedelta(minutes=1)
_SAME_START = dt.timedelta(seconds=1)


def _is_unknown_outcome(exc: CalendlyError) -> bool:
    if isinstance(exc, TransportError):
        return exc.request_sent
    return isinstance(exc, ServerError)


class Booker:
    """Booking/cancellation logic of a :class:`CalendlyClient` (uses its public reads)."""

    def __init__(self, client: CalendlyClient, session: ApiSession) -> None:
        self._client = client
        self._session = session

    async def send_definite(
        self, path: str, body: dict[str, Any], *, bucket: str, booking: bool = False
    ) -> Any:
        """POST once; resend only when the server certainly did not act (429 after its
        Retry-After, or the connection was never made). Unknown outcomes propagate as
        :class:`ServerError` / :class:`TransportError` (``request_sent`` True)."""
        policy = self._session.retry
        for attempt in range(policy.booking_429_attempts + 1):
            last = attempt == policy.booking_429_attempts
            try:
                return await self._session.send(
                    "POST", path, json_body=body, bucket=bucket, booking=booking
                )
            except RateLimited as exc:
                if last or exc.retry_after > policy.max_retry_after:
                    raise
                _log.info("POST %s rate limited, waiting %.1f s", path, exc.retry_after)
            except TransportError as exc:
                if exc.request_sent or last:
                    raise
                await asyncio.sleep(policy.wait_initial)
        raise CalendlyError("unreachable")  # pragma: no cover

    async def book(self, request: BookingRequest) -> Invitee:
        """Create the booking; see the module docstring for the outcome rules. The event
        type's cached available times are dropped on success, on an unknown outcome and on
        :class:`SlotUnavailable`."""
        event_type = request.event_type
        _log.info(
            "booking event_type=%s start=%s",
            uuid_of(event_type),
            request.start_time.isoformat(),
        )
        try:
            data = await self.send_definite(
                "/invitees", request.to_api(), bucket="booking", booking=True
            )
            try:
                invitee = Invitee.model_validate(data["resource"])
            except (ValidationError, KeyError, TypeError):
                raise TransportError("unreadable POST /invitees response") from None
        except CalendlyError as exc:
            if isinstance(exc, SlotUnavailable):
                # the cached windows still offer the taken start: drop them
                self._client.invalidate_available_times(event_type)
            if not _is_unknown_outcome(exc):
                raise
            self._client.invalidate_available_times(event_type)
            return await self._after_unknown(request, exc)
        self._client.invalidate_available_times(event_type)
        _log.info("booking confirmed invitee=%s", invitee.uuid)
        return invitee

    async def _after_unknown(self, request: BookingRequest, cause: CalendlyError) -> Invitee:
        _log.warning("booking outcome unknown (%s); reconciling", type(cause).__name__)
        await asyncio.sleep(self._session.retry.reconcile_delay)
        try:
            found = await self.reconcile(request)
        except CalendlyError as exc:
            _log.warning("reconcile failed (%s): outcome unknown", type(exc).__name__)
            raise BookingOutcomeUnknown(
                "The booking may or may not have been created; check the calendar before "
                "trying again.",
                cause=cause,
            ) from exc
        if found is None:
            _log.info("reconcile: booking certainly absent")
            raise BookingNotCreated(
                "The booking was not created; it is safe to try again.", cause=cause
            )
        _log.info("reconcile: booking found invitee=%s", found.uuid)
        return found

    async def _host_scope(self, event_type: str) -> dict[str, str]:
        me = await self._client.get_current_user()
        et = await self._client.event_type_cached(event_type)
        # Pooled event types (round robin, collective, multi pool) put the event on whichever
        # host is assigned, not necessarily the profile's owner (Calendly's own 2023 example
        # has a round robin type with a "User" profile): search the whole organization.
        solo_owner = et.pooling_type is None and et.profile is not None
        owner = (
            et.profile.owner if solo_owner and et.profile and et.profile.type == "User" else None
        )
        if owner and uuid_of(owner) == me.uuid:
            return {"user": me.uri}
        if me.current_organization:
            scope = {"organization": me.current_organization}
            if owner:
                scope["user"] = owner
            return scope
        return {"user": owner or me.uri}

    async def reconcile(self, request: BookingRequest) -> Invitee | None:
        """The active invitee matching ``request`` (same event type, start, email), or None
        when the host's listing proves there is none. Raises :class:`CalendlyError` when a
        read fails (the caller then cannot tell)."""
        scope = await self._host_scope(request.event_type)
        start = request.start_time
        email = request.invitee.email.strip().lower()
        wanted_type = uuid_of(request.event_type)
        async for event in self._client.list_scheduled_events(
            user=scope.get("user"),
            organization=scope.get("organization"),
            status="active",
            min_start_time=start - _RECONCILE_SLACK,
            max_start_time=start + _RECONCILE_SLACK,
        ):
            if abs(event.start_time - start) >= _SAME_START:
                continue
            if event.event_type and uuid_of(event.event_type) != wanted_type:
                continue
            async for invitee in self._client.list_invitees(
                event.uri, status="active", email=request.invitee.email
            ):
                if invitee.email.strip().lower() == email:
                    return invitee
        return None

    async def cancel(self, event: str, reason: str | None) -> Cancellation:
        """Cancel a scheduled event. An unknown outcome is settled by reading the event back:
        already canceled -> its cancellation block; otherwise the original error is raised."""
        uuid = path_segment(event)
        body: dict[str, Any] = {"reason": reason} if reason else {}
        try:
            data = await self.send_definite(
                f"/scheduled_events/{uuid}/cancellation", body, bucket="default"
            )
            return Cancellation.model_validate(data["resource"])
        except (ValidationError, KeyError, TypeError):
            cause: CalendlyError = TransportError("unreadable cancellation response")
        except CalendlyError as exc:
            if not _is_unknown_outcome(exc):
                raise
            cause = exc
        finally:
            self._client.invalidate_for_event(uuid)
        try:
            current = await self._client.get_scheduled_event(uuid)
        except CalendlyError:
            raise cause from None
        if current.status == "canceled" and current.cancellation is not None:
            return current.cancellation
        raise cause
