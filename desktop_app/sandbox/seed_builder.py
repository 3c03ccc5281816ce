"""Row builder shared by the seeds: deterministic UUIDs, bulk inserts, realistic invitees."""

from __future__ import annotations

import random
import secrets
import unicodedata
import uuid
from datetime import UTC, datetime
from typing import Any

from desktop_app.sandbox import render
from desktop_app.sandbox.auth import ALL_SCOPES, MEMBER_SCOPES
from desktop_app.sandbox.common import fmt_dt, fmt_ts
from desktop_app.sandbox.store import Store

INVITEE_NAMES = (
    "Ana Lúcia Ferreira", "Björn Åström", "Chloé Dubois", "Дмитрий Иванов",
    "Łukasz Wiśniewski", "Nguyễn Thị Mai", "张伟", "Ayşe Yılmaz", "José Ángel Núñez",
    "Søren Holm-Kierkegaard", "Aoife Ní Dhomhnaill", "محمد الأحمد", "Ingrid Bjørnstad",
    "François Lemaître", "Zsófia Kovács", "Tomás Ó Súilleabháin", "Hana Nováková",
    "Jürgen Müller", "Ελένη Παπαδοπούλου", "Kwame Mensah", "Mei-Ling Chen", "Rajesh Kumar",
    "Sofía Castillo", "Olivia Brown", "Noah Smith", "Emma Wilson", "Yuki Tanaka",
    "Fatima Zahra Benali", "O'Brien, Seán", "Renée Zellweger-Laurent", "山田 花子",
    "Kirra Walker", "Ngozi Okafor", "Emily Nguyen 🌿",
)
ADDRESSES = ("1 Infinite Loop, Cupertino", "Friedrichstraße 43, 10117 Berlin",
             "Calle de Alcalá 21, Madrid", "Boulevard Haussmann 40, Paris")


def ascii_slug(text: str) -> str:
    """Lower-case ASCII slug of ``text`` (accents dropped; other scripts vanish)."""
    flat = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = "".join(c if c.isalnum() else " " for c in flat.lower()).split()
    return "-".join(words)


class Builder:
    """Accumulates seed rows and writes them to a Store in bulk."""

    def __init__(self, store: Store, rng_seed: int) -> None:
        self.store = store
        self.rng = random.Random(rng_seed)
        self.now = store.now()
        self.stamp = fmt_dt(self.now)
        self.events: list[dict[str, Any]] = []
        self.invitees: list[dict[str, Any]] = []
        self.guest_seq = 0

    def uuid(self) -> str:
        """A deterministic UUID4 string."""
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def created(self, days_ago: int) -> str:
        """An API timestamp ``days_ago`` days before now."""
        return fmt_ts(self.now.timestamp() - days_ago * 86400)

    def org(self, name: str, plan: str = "enterprise") -> str:
        """Insert an organization; returns its UUID."""
        org_uuid = self.uuid()
        self.store.insert("organizations", {"uuid": org_uuid, "name": name, "plan": plan,
                                            "created_at": self.created(900)})
        return org_uuid

    def user(self, org_uuid: str, name: str, tz: str, role: str = "user",
             email: str | None = None, locale: str = "en") -> dict[str, Any]:
        """Insert a user (with membership UUID); returns the row."""
        slug = ascii_slug(name) or f"user-{self.rng.randrange(10**6)}"
        row = {
            "uuid": self.uuid(), "org_uuid": org_uuid, "role": role, "name": name,
            "slug": slug, "email": email or f"{slug.replace('-', '.')}@aurora.example",
            "timezone": tz, "time_notation": "24h" if locale != "en" else "12h",
            "locale": locale, "avatar_url": None, "membership_uuid": self.uuid(),
            "phone": None, "created_at": self.created(800 - self.rng.randrange(400)),
            "updated_at": self.created(30),
        }
        self.store.insert("users", row)
        return row

    def token(self, user_uuid: str, scopes: tuple[str, ...] | str, label: str) -> str:
        """Insert a bearer token for a user (scopes: a tuple or "admin"/"member")."""
        if scopes == "admin":
            scopes = ALL_SCOPES
        elif scopes == "member":
            scopes = MEMBER_SCOPES
        token = f"sbx_{label}_{secrets.token_urlsafe(24)}"
        self.store.insert("tokens", {"token": token, "user_uuid": user_uuid,
                                     "scopes": " ".join(scopes), "label": label})
        return token

    def finish(self, admin_uuid: str, member_uuid: str, seed: str) -> dict[str, str]:
        """Create the admin (all scopes) and member tokens, record them and the seed name in
        ``meta``; returns {admin_token, member_token}."""
        tokens = {"admin_token": self.token(admin_uuid, "admin", "admin"),
                  "member_token": self.token(member_uuid, "member", "member")}
        for key, value in tokens.items():
            self.store.set_meta(key, value)
        self.store.set_meta("seed", seed)
        return tokens

    def schedule(self, user_uuid: str, tz: str, week: dict[str, list[tuple[str, str]]],
                 dates: dict[str, list[tuple[str, str]]] | None = None,
                 name: str = "Working hours", default: bool = True) -> dict[str, Any]:
        """Insert an availability schedule; ``week`` maps weekday names to intervals."""
        rules: list[dict[str, Any]] = []
        for wday in ("sunday", "monday", "tuesday", "wednesday", "thursday", "friday",
                     "saturday"):
            rules.append({"type": "wday", "wday": wday, "intervals": [
                {"from": a, "to": b} for a, b in week.get(wday, [])]})
        for day, intervals in sorted((dates or {}).items()):
            rules.append({"type": "date", "date": day,
                          "intervals": [{"from": a, "to": b} for a, b in intervals]})
        row = {"uuid": self.uuid(), "user_uuid": user_uuid, "name": name,
               "is_default": int(default), "timezone": tz, "rules": rules}
        self.store.insert("schedules", row)
        return row

    def event_type(self, owner: dict[str, Any], schedule_uuid: str, name: str, duration: int,
                   *, kind: str = "solo", pooling: str | None = None, seats: int = 1,
                   locations: list[dict[str, Any]] | None = None,
                   questions: list[dict[str, Any]] | None = None, secret: bool = False,
                   active: bool = True, interval: int | None = None, notice: int = 60,
                   max_days: int = 60, hosts: list[str] | None = None, position: int = 0,
                   color: str = "#0069ff", description: str | None = None,
                   locale: str = "en") -> dict[str, Any]:
        """Insert an event type (and its host links); returns the row."""
        row = {
            "uuid": self.uuid(), "owner_uuid": owner["uuid"], "org_uuid": owner["org_uuid"],
            "name": name, "slug": ascii_slug(name) or f"event-{position}",
            "active": int(active), "secret": int(secret), "kind": kind,
            "pooling_type": pooling, "duration": duration, "slot_interval": interval,
            "min_notice": notice, "max_days": max_days, "seats": seats,
            "schedule_uuid": schedule_uuid, "hosts": hosts or [owner["uuid"]],
            "color": color, "position": position, "locale": locale,
            "description": description, "internal_note": None, "admin_managed": 0,
            "locations": locations, "questions": questions or [],
            "created_at": self.created(400 - position), "updated_at": self.created(20),
        }
        self.store.insert("event_types", row)
        self.store.insert_many("et_hosts", [{"event_type_uuid": row["uuid"], "user_uuid": h}
                                            for h in row["hosts"]])
        return row

    def booking(self, et: dict[str, Any], host_uuid: str, start_ts: int, invitees: int = 1,
                canceled: bool = False) -> None:
        """Queue a scheduled event with ``invitees`` invitees (flushed by :meth:`flush`)."""
        event_uuid = self.uuid()
        config = self.rng.choice(et["locations"]) if et["locations"] else None
        booked = None
        if config is not None and config["kind"] in ("physical", "outbound_call",
                                                     "ask_invitee", "custom"):
            text = {"physical": config.get("location"), "custom": config.get("location"),
                    "outbound_call": f"+44 7700 900{self.rng.randrange(100, 999)}",
                    "ask_invitee": self.rng.choice(ADDRESSES)}[config["kind"]]
            booked = {"kind": config["kind"], "location": text}
        created = fmt_ts(min(start_ts, self.now.timestamp()) - 86400 * self.rng.randint(1, 20))
        cancellation = None
        if canceled:
            cancellation = {"canceled_by": "Sandbox Seed", "reason": self.rng.choice(
                [None, "Conflict with another meeting", "Rescheduling — new date TBD"]),
                "canceler_type": self.rng.choice(["host", "invitee"]),
                "created_at": created}
        self.events.append({
            "uuid": event_uuid, "event_type_uuid": et["uuid"], "host_uuid": host_uuid,
            "org_uuid": et["org_uuid"], "name": et["name"],
            "status": "canceled" if canceled else "active", "start_ts": start_ts,
            "end_ts": start_ts + et["duration"] * 60,
            "location": render.event_location(config, booked, event_uuid),
            "seats": et["seats"] if et["kind"] == "group" else 1, "guests": [],
            "cancellation": cancellation, "external_id": event_uuid.replace("-", "")[:26],
            "created_at": created, "updated_at": created,
        })
        for _ in range(invitees):
            self.invitees.append(self._invitee(et, event_uuid, created, cancellation))

    def _invitee(self, et: dict[str, Any], event_uuid: str, created: str,
                 cancellation: dict[str, Any] | None) -> dict[str, Any]:
        name = self.rng.choice(INVITEE_NAMES)
        self.guest_seq += 1
        slug = ascii_slug(name).replace("-", ".") or "guest"
        answers = []
        for q in et["questions"]:
            if not q["enabled"] or (not q["required"] and self.rng.random() < 0.5):
                continue
            answer = {"string": "Nordlicht GmbH", "text": "Let's talk about the roadmap.",
                      "phone_number": "+33 6 12 34 56 78"}.get(q["type"])
            if answer is None:
                answer = self.rng.choice(q["answer_choices"])
            answers.append({"question": q["name"], "answer": answer, "position": q["position"]})
        first, _, last = name.partition(" ")
        return {
            "uuid": self.uuid(), "event_uuid": event_uuid,
            "email": f"{slug}.{self.guest_seq}@example.com", "name": name,
            "first_name": first if last else None, "last_name": last or None,
            "status": "canceled" if cancellation else "active",
            "timezone": self.rng.choice(["Europe/Berlin", "America/Chicago", "Asia/Tokyo",
                                         "Europe/London", "America/Los_Angeles"]),
            "qa": answers, "tracking": None, "text_reminder_number": None,
            "scheduling_method": "instant_book", "cancellation": cancellation,
            "created_at": created, "updated_at": created,
        }

    def flush(self) -> None:
        """Write queued events and invitees."""
        self.store.insert_many("events", self.events)
        self.store.insert_many("invitees", self.invitees)
        self.events, self.invitees = [], []


def utc_now() -> datetime:
    """The real current time (aware UTC)."""
    return datetime.now(UTC)
