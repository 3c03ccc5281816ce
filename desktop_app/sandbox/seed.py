"""Seeds: ``demo`` (the UI's sample organization), ``large`` (scale) and ``empty``.

All seeds are deterministic given the sandbox clock's date (times are relative to
``store.now()``, which ``SandboxConfig.now`` can freeze). Tokens are random per seeding and
stored in ``meta`` (``admin_token``, ``member_token``).

Demo (see :data:`DEMO_HOSTS`, :func:`seed_demo`): organization "Aurora Consulting Collective",
8 hosts in 8 time zones; the admin token belongs to Amelia Hartmann (owner,
America/New_York), the member token to Siobhán Ní Bhriain (Europe/Dublin, role user). Liam
O'Connor's zone is chosen at seeding time among :data:`DST_CANDIDATES` as the one whose next
DST change is soonest; when none changes within 8 weeks of now (e.g. from late November
until late January no mainstream zone does) the soonest one is still used and the demo then
has no DST crossing in its bookable horizon: use ``SandboxConfig.now`` (e.g. 2027-03-08) to
exercise one, as the tests do. A user of a second organization ("Outside Org") exists for
"not in your organization" checks.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

from desktop_app.sandbox.availability import schedule_windows
from desktop_app.sandbox.seed_builder import Builder
from desktop_app.sandbox.store import Store

DST_CANDIDATES = ("Europe/London", "Australia/Sydney", "America/Santiago", "Pacific/Auckland")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday")

# name, time zone ("DST" = dynamic), role, locale
DEMO_HOSTS = (
    ("Amelia Hartmann", "America/New_York", "owner", "en"),
    ("Kenji Watanabe", "Asia/Tokyo", "user", "en"),
    ("Zoë Lefèvre", "Europe/Paris", "admin", "fr"),
    ("Oluwaseun Adébáyọ̀", "Africa/Lagos", "user", "en"),
    ("Priya Raghunathan", "Asia/Kolkata", "user", "en"),
    ("Mateus Conceição", "America/Sao_Paulo", "user", "pt"),
    ("Siobhán Ní Bhriain", "Europe/Dublin", "user", "en"),
    ("Liam O'Connor", "DST", "user", "en"),
)

ZOOM = {"kind": "zoom_conference"}
GOOGLE = {"kind": "google_conference"}
TEAMS = {"kind": "microsoft_teams_conference"}
WEBEX = {"kind": "webex_conference"}
GOTO = {"kind": "gotomeeting_conference"}
OUTBOUND = {"kind": "outbound_call"}
ASK = {"kind": "ask_invitee"}


def physical(address: str) -> dict[str, Any]:
    """A physical LocationConfiguration."""
    return {"kind": "physical", "location": address, "additional_info": "Ask at reception"}


def inbound(phone: str) -> dict[str, Any]:
    """An inbound_call LocationConfiguration (the host's number)."""
    return {"kind": "inbound_call", "phone_number": phone,
            "additional_info": "Please call at the scheduled time"}


def custom(text: str) -> dict[str, Any]:
    """A custom LocationConfiguration."""
    return {"kind": "custom", "location": text}


def question(name: str, qtype: str, position: int, required: bool = False,
             choices: tuple[str, ...] = (), other: bool = False,
             enabled: bool = True) -> dict[str, Any]:
    """An EventTypeCustomQuestion."""
    return {"name": name, "type": qtype, "position": position, "enabled": enabled,
            "required": required, "answer_choices": list(choices), "include_other": other}


Q_COMPANY = question("Company name", "string", 0, required=True)
Q_TOPIC = question("What would you like to discuss?", "text", 1)
Q_PHONE = question("Best number to reach you", "phone_number", 2)
Q_SIZE = question("Team size", "single_select", 0, required=True,
                  choices=("1-10", "11-50", "51-200", "200+"))
Q_INTERESTS = question("Topics of interest", "multi_select", 1,
                       choices=("Scheduling", "Analytics", "Integrations"), other=True)
Q_GOALS = question("Goals for this session", "multi_select", 0, required=True,
                   choices=("Career growth", "Technical skills", "Leadership"))
Q_SECTOR = question("Setor", "single_select", 0, choices=("Varejo", "Indústria", "Serviços"),
                    other=True)
Q_DISABLED = question("Internal referral code", "string", 5, enabled=False)
Q_AGENDA = question("Agenda", "text", 0, required=True)


def dst_zone(store: Store) -> tuple[str, str | None]:
    """The candidate zone with the soonest UTC-offset change; (zone, ISO date or None).

    The date is None when no candidate changes within 8 weeks of ``store.now()``.
    """
    now = store.now()
    best: tuple[float, str, str | None] = (float("inf"), DST_CANDIDATES[0], None)
    for zone in DST_CANDIDATES:
        tz = ZoneInfo(zone)
        offset = now.astimezone(tz).utcoffset()
        for hours in range(1, 24 * 366, 6):
            moment = now + timedelta(hours=hours)
            if moment.astimezone(tz).utcoffset() != offset:
                within = hours <= 24 * 56
                if hours < best[0]:
                    best = (hours, zone, moment.astimezone(tz).date().isoformat()
                            if within else None)
                break
    return best[1], best[2]


def seed_demo(store: Store) -> dict[str, str]:
    """Fill ``store`` with the demo organization; returns {admin_token, member_token}."""
    b = Builder(store, 20261121)
    org = b.org("Aurora Consulting Collective")
    zone, change = dst_zone(store)
    store.set_meta("dst_zone", zone)
    store.set_meta("dst_change", change or "")
    users = [b.user(org, n, zone if tz == "DST" else tz, role, locale=loc)
             for n, tz, role, loc in DEMO_HOSTS]
    amelia, kenji, zoe, seun, priya, mateus, siobhan, liam = users
    today = {u["uuid"]: store.now().astimezone(ZoneInfo(u["timezone"])).date() for u in users}

    def week(start: str, end: str, days: tuple[str, ...] = WEEKDAYS) -> dict[str, Any]:
        return {d: [(start, end)] for d in days}

    day = today[amelia["uuid"]]
    sched = {
        amelia["uuid"]: b.schedule(amelia["uuid"], amelia["timezone"], week("09:00", "17:00"),
                                   {(day + timedelta(days=9)).isoformat(): [],
                                    (day + timedelta(days=11)).isoformat():
                                        [("12:00", "15:00")]}),
        kenji["uuid"]: b.schedule(kenji["uuid"], kenji["timezone"], week("10:00", "18:00")),
        zoe["uuid"]: b.schedule(zoe["uuid"], zoe["timezone"], week("09:00", "17:30")),
        seun["uuid"]: b.schedule(seun["uuid"], seun["timezone"], week("08:00", "16:00")),
        priya["uuid"]: b.schedule(priya["uuid"], priya["timezone"], {
            d: [("09:30", "13:00"), ("14:00", "18:00")] for d in WEEKDAYS}),
        mateus["uuid"]: b.schedule(mateus["uuid"], mateus["timezone"], week(
            "09:00", "18:00", WEEKDAYS[:4])),
        siobhan["uuid"]: b.schedule(siobhan["uuid"], siobhan["timezone"],
                                    week("09:00", "17:00")),
        liam["uuid"]: b.schedule(liam["uuid"], liam["timezone"], week("08:00", "16:00")),
    }
    weekend = b.schedule(liam["uuid"], liam["timezone"], {"saturday": [("10:00", "14:00")]},
                         name="Weekend drop-ins", default=False)
    ets = _demo_event_types(b, users, sched, weekend["uuid"])
    _demo_bookings(b, store, users, sched, weekend, ets)
    store.set_meta("outside_user", b.user(b.org("Outside Org", "standard"), "Outsider Person",
                                          "Etc/UTC", "owner", email="outsider@else.example")
                   ["uuid"])
    return b.finish(amelia["uuid"], siobhan["uuid"], "demo")


def _demo_event_types(b: Builder, users: list[dict[str, Any]], sched: dict[str, Any],
                      weekend_uuid: str) -> list[dict[str, Any]]:
    amelia, kenji, zoe, seun, priya, mateus, siobhan, liam = users

    def s(u: dict[str, Any]) -> str:
        return str(sched[u["uuid"]]["uuid"])

    specs: list[tuple[dict[str, Any], str, int, dict[str, Any]]] = [
        (amelia, "Intro Call", 30, dict(locations=[ZOOM, GOOGLE], notice=240,
                                        questions=[Q_COMPANY, Q_TOPIC, Q_DISABLED])),
        (amelia, "Strategy Session", 60, dict(locations=[physical(
            "350 Fifth Avenue, New York, NY"), TEAMS], notice=1440,
            questions=[Q_SIZE, Q_INTERESTS])),
        (amelia, "Office Hours", 30, dict(kind="group", seats=5, locations=[ZOOM])),
        (amelia, "Confidential Review", 45, dict(locations=[custom(
            "Boardroom 4B (badge required)")], secret=True)),
        (amelia, "Legacy Onboarding (retired)", 30, dict(locations=[GOOGLE], active=False)),
        (kenji, "Architecture Deep Dive", 90, dict(locations=[WEBEX], questions=[Q_AGENDA],
                                                   interval=30)),
        (kenji, "Quick Sync", 15, dict(locations=[inbound("+81 3-5555-0123")], notice=30)),
        (kenji, "Product Demo (日本語)", 45, dict(locations=[GOTO, ZOOM], questions=[Q_PHONE],
                                               locale="en")),
        (zoe, "Design Critique", 45, dict(locations=[ASK], interval=15)),
        (zoe, "Café Chat", 30, dict(locations=[custom("Café de Flore, 172 Bd Saint-Germain")],
                                    questions=[question("Your favourite café?", "string", 0)])),
        (zoe, "Workshop: Atelier UX", 120, dict(kind="group", seats=12, locations=[
            physical("12 Rue de Rivoli, 75004 Paris")], notice=2880)),
        (seun, "Mentorship Hour", 60, dict(locations=[OUTBOUND], questions=[Q_GOALS])),
        (seun, "Portfolio Review", 30, dict(locations=[GOOGLE, TEAMS])),
        (priya, "Data Consultation", 60, dict(locations=[ZOOM, OUTBOUND, physical(
            "MG Road 80, Bengaluru")], questions=[Q_COMPANY, Q_TOPIC])),
        (priya, "Code Review Pairing", 30, dict(locations=None)),
        (mateus, "Visita ao Escritório", 60, dict(locations=[physical(
            "Av. Paulista 1578, São Paulo")], questions=[Q_SECTOR], locale="pt")),
        (mateus, "Sales Discovery (Round Robin)", 30, dict(
            pooling="round_robin", locations=[ZOOM],
            hosts=[mateus["uuid"], amelia["uuid"], siobhan["uuid"], liam["uuid"]])),
        (siobhan, "Support Clinic", 20, dict(locations=[TEAMS, inbound("+353 1 555 0199")])),
        (siobhan, "Customer Success Check-in", 30, dict(locations=[ZOOM, ASK],
                                                        questions=[Q_INTERESTS])),
        (liam, "Evening Consultation", 45, dict(locations=[WEBEX, OUTBOUND])),
        (liam, "Team Retro", 60, dict(kind="group", seats=8, locations=[GOOGLE])),
        (liam, "Weekend Drop-in", 30, dict(locations=[ZOOM], schedule=weekend_uuid)),
    ]
    colors = ("#0069ff", "#8247f5", "#17e885", "#ff4f00", "#e55cff", "#ffa600", "#00a2c7")
    ets = []
    for position, (owner, name, duration, opts) in enumerate(specs):
        schedule_uuid = opts.pop("schedule", s(owner))
        ets.append(b.event_type(owner, schedule_uuid, name, duration, position=position,
                                color=colors[position % len(colors)],
                                description=f"{name} with {owner['name']}.", **opts))
    return ets


def _demo_bookings(b: Builder, store: Store, users: list[dict[str, Any]],
                   sched: dict[str, Any], weekend: dict[str, Any],
                   ets: list[dict[str, Any]]) -> None:
    now = int(store.now().timestamp())
    lo, hi = now - 28 * 86400, now + 56 * 86400
    for user in users:
        own = [e for e in ets if user["uuid"] in e["hosts"] and e["active"]
               and e["schedule_uuid"] != weekend["uuid"]]
        taken: list[tuple[int, int]] = []
        for w_start, w_end in schedule_windows(sched[user["uuid"]], lo, hi):
            for _ in range(b.rng.choice((0, 0, 1, 1, 1, 2))):
                et = b.rng.choice(own)
                steps = (w_end - w_start - et["duration"] * 60) // 1800
                if steps < 0:
                    continue
                start = w_start + 1800 * b.rng.randint(0, steps)
                end = start + et["duration"] * 60
                if any(a < end and start < z for a, z in taken):
                    continue
                taken.append((start, end))
                group = et["kind"] == "group"
                b.booking(et, user["uuid"], start,
                          invitees=b.rng.randint(1, et["seats"] - 1) if group else 1,
                          canceled=b.rng.random() < 0.1)
    b.flush()


def seed_large(store: Store) -> dict[str, str]:
    """25 hosts x 8 event types (200) and 10,000 scheduled events.

    The first host ("Bench Host 00", America/New_York, Mon-Fri 08:00-18:00) has 2,000
    bookings of its 30-minute "Benchmark Meeting 00-0" within +-20 weeks of now, for
    benchmarks/bench_sandbox_availability.py.
    """
    b = Builder(store, 10000)
    org = b.org("Large Org")
    zones = ("America/New_York", "Europe/Berlin", "Asia/Tokyo", "Australia/Sydney", "UTC")
    hosts = [b.user(org, f"Bench Host {i:02d}", zones[i % len(zones)],
                    "owner" if i == 0 else "user") for i in range(25)]
    now = int(store.now().timestamp())
    total = 0
    for i, host in enumerate(hosts):
        sched = b.schedule(host["uuid"], host["timezone"], {d: [("08:00", "18:00")]
                                                           for d in WEEKDAYS})
        ets = [b.event_type(host, sched["uuid"], f"Benchmark Meeting {i:02d}-{k}",
                            30 if k == 0 else (15, 30, 45, 60)[k % 4], position=k,
                            locations=[ZOOM], notice=0, max_days=365)
               for k in range(8)]
        want = 2000 if i == 0 else (8000 - total + 2000) // (25 - i)
        weeks = 20 if i == 0 else 8
        grid = 1800 if i == 0 else 3600
        slots = [t for a, z in schedule_windows(sched, now - weeks * 604800,
                                                now + weeks * 604800)
                 for t in range(a, z - 3600 + 1, grid)]
        for start in sorted(b.rng.sample(slots, min(want, len(slots)))):
            b.booking(ets[0] if i == 0 else b.rng.choice(ets), host["uuid"], start,
                      canceled=b.rng.random() < 0.05)
        total += min(want, len(slots))
        b.flush()
    return b.finish(hosts[0]["uuid"], hosts[1]["uuid"], "large")


def seed_empty(store: Store) -> dict[str, str]:
    """One organization, an owner and a member, one schedule each, no event types."""
    b = Builder(store, 1)
    org = b.org("Empty Org")
    owner = b.user(org, "Olive Owner", "Europe/Berlin", "owner")
    member = b.user(org, "Max Member", "America/Chicago", "user")
    for user in (owner, member):
        b.schedule(user["uuid"], user["timezone"], {d: [("09:00", "17:00")] for d in WEEKDAYS})
    return b.finish(owner["uuid"], member["uuid"], "empty")


SEEDS = {"demo": seed_demo, "large": seed_large, "empty": seed_empty}


def ensure_seeded(store: Store, seed: str) -> dict[str, str]:
    """Seed ``store`` unless it already holds a seed (file DB reuse); returns the tokens.

    ValueError if the store already holds a different seed than ``seed``.
    """
    if seed not in SEEDS:
        raise ValueError(f"unknown seed {seed!r}; expected one of {sorted(SEEDS)}")
    existing = store.get_meta("seed")
    if existing is not None:
        if existing != seed:
            raise ValueError(f"db was seeded with {existing!r}, not {seed!r}")
        return {"admin_token": store.get_meta("admin_token") or "",
                "member_token": store.get_meta("member_token") or ""}
    return SEEDS[seed](store)
