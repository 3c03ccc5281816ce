"""SQLite state of the sandbox (stdlib ``sqlite3``; file or ``:memory:``).

All access goes through :class:`Store`, which serialises calls with a lock so tests may read
state from their own thread while uvicorn serves from its thread.

Rows come back as plain ``dict`` objects whose keys are the column names below. Times:
``start_ts``/``end_ts`` are integer epoch seconds (UTC); ``created_at``/``updated_at`` are
API-formatted UTC strings. JSON columns (``rules``, ``hosts``, ``locations``, ``questions``,
``location``, ``guests``, ``cancellation``, ``qa``, ``tracking``) are decoded on read.

Read helpers meant for tests: :meth:`Store.user`, :meth:`Store.user_by_email`,
:meth:`Store.users`, :meth:`Store.event_type`, :meth:`Store.event_types_of`,
:meth:`Store.event`, :meth:`Store.events_for_host`, :meth:`Store.invitees_of`,
:meth:`Store.invitee`, :meth:`Store.count`, :meth:`Store.schedules_of`, :meth:`Store.now`.
Write helpers used by seeds and tests: ``add_*``, :meth:`Store.set_now`.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS organizations (uuid TEXT PRIMARY KEY, name TEXT, plan TEXT,
    created_at TEXT);
CREATE TABLE IF NOT EXISTS users (uuid TEXT PRIMARY KEY, org_uuid TEXT, role TEXT, name TEXT,
    slug TEXT, email TEXT, timezone TEXT, time_notation TEXT, locale TEXT, avatar_url TEXT,
    membership_uuid TEXT, phone TEXT, created_at TEXT, updated_at TEXT);
CREATE INDEX IF NOT EXISTS users_org ON users(org_uuid, created_at, uuid);
CREATE TABLE IF NOT EXISTS tokens (token TEXT PRIMARY KEY, user_uuid TEXT, scopes TEXT,
    label TEXT);
CREATE TABLE IF NOT EXISTS schedules (uuid TEXT PRIMARY KEY, user_uuid TEXT, name TEXT,
    is_default INTEGER, timezone TEXT, rules TEXT);
CREATE INDEX IF NOT EXISTS schedules_user ON schedules(user_uuid);
CREATE TABLE IF NOT EXISTS event_types (uuid TEXT PRIMARY KEY, owner_uuid TEXT, org_uuid TEXT,
    name TEXT, slug TEXT, active INTEGER, secret INTEGER, kind TEXT, pooling_type TEXT,
    duration INTEGER, slot_interval INTEGER, min_notice INTEGER, max_days INTEGER,
    seats INTEGER, schedule_uuid TEXT, hosts TEXT, color TEXT, position INTEGER, locale TEXT,
    description TEXT, internal_note TEXT, admin_managed INTEGER, locations TEXT,
    questions TEXT, created_at TEXT, updated_at TEXT);
CREATE INDEX IF NOT EXISTS et_owner ON event_types(owner_uuid);
CREATE INDEX IF NOT EXISTS et_org ON event_types(org_uuid);
CREATE TABLE IF NOT EXISTS et_hosts (event_type_uuid TEXT, user_uuid TEXT,
    PRIMARY KEY (user_uuid, event_type_uuid));
CREATE TABLE IF NOT EXISTS events (uuid TEXT PRIMARY KEY, event_type_uuid TEXT,
    host_uuid TEXT, org_uuid TEXT, name TEXT, status TEXT, start_ts INTEGER, end_ts INTEGER,
    location TEXT, seats INTEGER, guests TEXT, cancellation TEXT, external_id TEXT,
    created_at TEXT, updated_at TEXT);
CREATE INDEX IF NOT EXISTS ev_host_start ON events(host_uuid, start_ts);
CREATE INDEX IF NOT EXISTS ev_et_start ON events(event_type_uuid, start_ts);
CREATE INDEX IF NOT EXISTS ev_org_start ON events(org_uuid, start_ts);
CREATE TABLE IF NOT EXISTS invitees (uuid TEXT PRIMARY KEY, event_uuid TEXT, email TEXT,
    name TEXT, first_name TEXT, last_name TEXT, status TEXT, timezone TEXT, qa TEXT,
    tracking TEXT, text_reminder_number TEXT, scheduling_method TEXT, cancellation TEXT,
    created_at TEXT, updated_at TEXT);
CREATE INDEX IF NOT EXISTS inv_event ON invitees(event_uuid, created_at);
CREATE INDEX IF NOT EXISTS inv_email ON invitees(email);
CREATE TABLE IF NOT EXISTS scheduling_links (slug TEXT PRIMARY KEY, event_type_uuid TEXT,
    max_event_count INTEGER, used INTEGER, created_at TEXT);
"""

JSON_COLUMNS = frozenset(
    {"rules", "hosts", "locations", "questions", "location", "guests", "cancellation", "qa",
     "tracking"}
)

EVENT_COLUMNS = (
    "uuid", "event_type_uuid", "host_uuid", "org_uuid", "name", "status", "start_ts", "end_ts",
    "location", "seats", "guests", "cancellation", "external_id", "created_at", "updated_at",
)
INVITEE_COLUMNS = (
    "uuid", "event_uuid", "email", "name", "first_name", "last_name", "status", "timezone", "qa",
    "tracking", "text_reminder_number", "scheduling_method", "cancellation", "created_at",
    "updated_at",
)


def _encode(key: str, value: Any) -> Any:
    if key in JSON_COLUMNS and value is not None:
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return int(value)
    return value


def _decode(row: sqlite3.Row) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in row.keys():  # noqa: SIM118 - sqlite3.Row is not iterable by keys
        value = row[key]
        if key in JSON_COLUMNS and value is not None:
            value = json.loads(value)
        out[key] = value
    return out


class Store:
    """Thread-safe SQLite store. ``db_path`` None -> in-memory database."""

    def __init__(self, db_path: str | None = None) -> None:
        self.db = sqlite3.connect(db_path or ":memory:", check_same_thread=False)
        self.db.row_factory = sqlite3.Row
        self.lock = threading.RLock()
        self._now: datetime | None = None
        with self.lock:
            self.db.executescript(SCHEMA)
            self.db.commit()

    # ------------------------------------------------------------------ clock
    def now(self) -> datetime:
        """The sandbox clock: the frozen time if set, else the real UTC time (aware)."""
        return self._now if self._now is not None else datetime.now(UTC)

    def set_now(self, value: datetime | None) -> None:
        """Freeze the clock at ``value`` (aware; converted to UTC) or unfreeze with None."""
        if value is not None and value.tzinfo is None:
            raise ValueError("now must be timezone-aware")
        self._now = value.astimezone(UTC) if value is not None else None

    # -------------------------------------------------------------- raw access
    def query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """Run a SELECT and return decoded rows."""
        with self.lock:
            return [_decode(r) for r in self.db.execute(sql, params).fetchall()]

    def query_one(self, sql: str, params: Sequence[Any] = ()) -> dict[str, Any] | None:
        """Run a SELECT and return the first decoded row or None."""
        with self.lock:
            row = self.db.execute(sql, params).fetchone()
            return _decode(row) if row is not None else None

    def count(self, table: str, where: str = "1=1", params: Sequence[Any] = ()) -> int:
        """``SELECT COUNT(*) FROM table WHERE where`` (test helper)."""
        with self.lock:
            row = self.db.execute(f"SELECT COUNT(*) FROM {table} WHERE {where}", params).fetchone()
            return int(row[0])

    def insert(self, table: str, row: dict[str, Any]) -> None:
        """Insert one row (JSON columns encoded) and commit."""
        self.insert_many(table, [row])

    def insert_many(self, table: str, rows: Iterable[dict[str, Any]]) -> None:
        """Insert rows that share the same keys, in one transaction."""
        rows = list(rows)
        if not rows:
            return
        keys = list(rows[0].keys())
        sql = f"INSERT INTO {table} ({', '.join(keys)}) VALUES ({', '.join('?' * len(keys))})"
        with self.lock:
            self.db.executemany(sql, [[_encode(k, r[k]) for k in keys] for r in rows])
            self.db.commit()

    def update(self, table: str, uuid: str, changes: dict[str, Any]) -> None:
        """Update columns of the row whose ``uuid`` matches, and commit."""
        sets = ", ".join(f"{k} = ?" for k in changes)
        with self.lock:
            self.db.execute(
                f"UPDATE {table} SET {sets} WHERE uuid = ?",
                [*(_encode(k, v) for k, v in changes.items()), uuid],
            )
            self.db.commit()

    def get_meta(self, key: str) -> str | None:
        """A value of the ``meta`` table (seed name, tokens...)."""
        row = self.query_one("SELECT value FROM meta WHERE key = ?", (key,))
        return None if row is None else str(row["value"])

    def set_meta(self, key: str, value: str) -> None:
        """Set a value of the ``meta`` table."""
        with self.lock:
            self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))
            self.db.commit()

    def close(self) -> None:
        """Close the connection."""
        with self.lock:
            self.db.close()

    # ------------------------------------------------------------ read helpers
    def user(self, uuid: str) -> dict[str, Any] | None:
        """A user row by UUID."""
        return self.query_one("SELECT * FROM users WHERE uuid = ?", (uuid,))

    def user_by_email(self, email: str) -> dict[str, Any] | None:
        """A user row by e-mail (case-insensitive)."""
        return self.query_one("SELECT * FROM users WHERE lower(email) = lower(?)", (email,))

    def users(self, org_uuid: str | None = None) -> list[dict[str, Any]]:
        """All users (of one organization if given), oldest first."""
        if org_uuid is None:
            return self.query("SELECT * FROM users ORDER BY created_at, uuid")
        return self.query(
            "SELECT * FROM users WHERE org_uuid = ? ORDER BY created_at, uuid", (org_uuid,)
        )

    def token(self, token: str) -> dict[str, Any] | None:
        """The token row (user_uuid, scopes as space-separated text)."""
        return self.query_one("SELECT * FROM tokens WHERE token = ?", (token,))

    def event_type(self, uuid: str) -> dict[str, Any] | None:
        """An event type row by UUID."""
        return self.query_one("SELECT * FROM event_types WHERE uuid = ?", (uuid,))

    def event_types_of(self, user_uuid: str) -> list[dict[str, Any]]:
        """Event types a user owns or hosts (round robin), by name."""
        return self.query(
            "SELECT * FROM event_types WHERE owner_uuid = ? OR uuid IN "
            "(SELECT event_type_uuid FROM et_hosts WHERE user_uuid = ?) ORDER BY name, uuid",
            (user_uuid, user_uuid),
        )

    def schedules_of(self, user_uuid: str) -> list[dict[str, Any]]:
        """Availability schedules of a user (default first)."""
        return self.query(
            "SELECT * FROM schedules WHERE user_uuid = ? ORDER BY is_default DESC, name, uuid",
            (user_uuid,),
        )

    def schedule(self, uuid: str) -> dict[str, Any] | None:
        """An availability schedule row by UUID."""
        return self.query_one("SELECT * FROM schedules WHERE uuid = ?", (uuid,))

    def event(self, uuid: str) -> dict[str, Any] | None:
        """A scheduled event row by UUID."""
        return self.query_one("SELECT * FROM events WHERE uuid = ?", (uuid,))

    def events_for_host(
        self, host_uuid: str, start_ts: int, end_ts: int, *, active_only: bool = True
    ) -> list[dict[str, Any]]:
        """Events of a host overlapping [start_ts, end_ts), by start (uses ev_host_start).

        Events are assumed to last at most one day, which bounds the index range scan.
        """
        sql = (
            "SELECT * FROM events WHERE host_uuid = ? AND start_ts >= ? AND start_ts < ? "
            "AND end_ts > ?"
        )
        if active_only:
            sql += " AND status = 'active'"
        return self.query(sql + " ORDER BY start_ts", (host_uuid, start_ts - 86400, end_ts,
                                                         start_ts))

    def invitees_of(self, event_uuid: str) -> list[dict[str, Any]]:
        """Invitees of an event, oldest first."""
        return self.query(
            "SELECT * FROM invitees WHERE event_uuid = ? ORDER BY created_at, uuid", (event_uuid,)
        )

    def invitee(self, uuid: str) -> dict[str, Any] | None:
        """An invitee row by UUID."""
        return self.query_one("SELECT * FROM invitees WHERE uuid = ?", (uuid,))

    def invitee_counts(self, event_uuids: Sequence[str]) -> dict[str, tuple[int, int]]:
        """{event uuid: (total invitees, active invitees)} for the given events."""
        if not event_uuids:
            return {}
        marks = ", ".join("?" * len(event_uuids))
        rows = self.query(
            "SELECT event_uuid, COUNT(*) AS total, SUM(status = 'active') AS active "
            f"FROM invitees WHERE event_uuid IN ({marks}) GROUP BY event_uuid",
            list(event_uuids),
        )
        counts = {u: (0, 0) for u in event_uuids}
        for row in rows:
            counts[row["event_uuid"]] = (int(row["total"]), int(row["active"] or 0))
        return counts
