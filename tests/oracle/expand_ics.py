"""The independent oracle for calendar feeds: expands an iCalendar file
with `icalendar` + `recurring-ical-events` (PyPI) and prints each
occurrence between two dates (Europe/London, inclusive) as JSON lines:
the event's URL, start and end (UTC for timed events, the date for
all-day ones) and its STATUS.

    python expand_ics.py FEED.ics FROM TO
"""
import datetime
import json
import sys
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events

LONDON = ZoneInfo("Europe/London")
UTC = datetime.timezone.utc


def key(value):
    if isinstance(value, datetime.datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return value.isoformat()


def main():
    path, first, last = sys.argv[1], sys.argv[2], sys.argv[3]
    with open(path, "rb") as f:
        calendar = icalendar.Calendar.from_ical(f.read())
    start = datetime.datetime.combine(datetime.date.fromisoformat(first), datetime.time(), LONDON)
    end = datetime.datetime.combine(datetime.date.fromisoformat(last) + datetime.timedelta(days=1), datetime.time(), LONDON)
    for event in recurring_ical_events.of(calendar).between(start, end):
        print(json.dumps({
            "url": str(event["URL"]),
            "start": key(event["DTSTART"].dt),
            "end": key(event["DTEND"].dt),
            "status": str(event.get("STATUS", "CONFIRMED")),
        }))


if __name__ == "__main__":
    main()
