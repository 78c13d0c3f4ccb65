"""Deadline calendars as iCalendar (RFC 5545) feeds: one per person, one per case.

Each open deadline is an all-day VEVENT on its last day with a stable UID
(``deadline-<id>@kancelaria-handoff``), so a calendar that re-imports the feed updates a
moved deadline instead of duplicating it, and drops a cancelled or done one. The summary
names the act and the case reference; the description carries the signature, the side,
the citations and the reason - never the debtor's personal data. A reminder fires at 08:00
on the working day before (VALARM, 16 hours before the all-day start).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from icalendar import Alarm, Calendar, Event

from store.deadlines import DeadlineRow

PRODID = "-//kancelaria-handoff//terminy//PL"


def deadline_calendar(
    rows: Iterable[DeadlineRow], *, name: str, now: datetime | None = None
) -> Calendar:
    """A calendar holding one all-day event per deadline."""
    stamp = now or datetime.now(UTC)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Warsaw")
    for row in rows:
        event = Event()
        event.add("uid", f"deadline-{row.id}@kancelaria-handoff")
        event.add("dtstamp", stamp)
        event.add("dtstart", row.due_on)
        event.add("dtend", row.due_on + timedelta(days=1))
        prefix = "Termin drugiej strony: " if row.side == "theirs" else ""
        event.add("summary", f"{prefix}{row.action} - {row.case_ref}")
        lines = [
            f"Sprawa: {row.case_ref}",
            f"Sygnatura: {row.signature or '-'}",
            f"Podstawa: {row.cites}",
            row.reason,
            f"Odpowiedzialny: {row.responsible or '-'}",
            f"Oznacz wykonanie: handoff deadlines done {row.id}",
        ]
        event.add("description", "\n".join(line for line in lines if line))
        event.add("categories", ["termin", row.side])
        event.add("transp", "TRANSPARENT")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"Jutro termin: {row.action} ({row.case_ref})")
        alarm.add("trigger", timedelta(hours=-16))
        event.add_component(alarm)
        cal.add_component(event)
    return cal


def to_ics(rows: Iterable[DeadlineRow], *, name: str, now: datetime | None = None) -> bytes:
    """The feed as bytes, ready to write to a ``.ics`` file or serve as text/calendar."""
    return deadline_calendar(rows, name=name, now=now).to_ical()
