"""The invitation file (.ics, RFC 5545) for a planned meeting, made with the icalendar library."""

import datetime
from email.utils import parseaddr

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from tandem.relationships.models import Meeting

ICS_CONTENT_TYPE = "text/calendar; charset=utf-8; method=REQUEST"


def meeting_ics(meeting: Meeting, *, workspace_url: str) -> bytes:
    """A METHOD:REQUEST calendar with one VEVENT that common calendar programs open as an invitation.

    Times are written in UTC, which every client converts to its own zone. The description holds only a
    link to the workspace, never the pair's notes.
    """
    relationship = meeting.relationship
    program = relationship.cycle.program
    calendar = Calendar()
    calendar.add("prodid", "-//Tandem//Mentoring meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "REQUEST")

    event = Event()
    event.add("uid", f"{meeting.uid}@tandem")
    event.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    event.add("dtstart", meeting.planned_start.astimezone(datetime.UTC))
    event.add("dtend", meeting.planned_end.astimezone(datetime.UTC))
    event.add("summary", _("Mentoring meeting — %(program)s") % {"program": program.name})
    event.add("description", _("Your pair workspace: %(url)s") % {"url": workspace_url})
    if meeting.location:
        event.add("location", meeting.location)
    event.add("sequence", 0)
    event.add("status", "CONFIRMED")

    organizer_email = parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or "no-reply@tandem.localhost"
    organizer = vCalAddress(f"mailto:{organizer_email}")
    organizer.params["cn"] = vText("Tandem")
    event.add("organizer", organizer)
    for person in (relationship.mentor.user, relationship.mentee.user):
        attendee = vCalAddress(f"mailto:{person.email}")
        attendee.params["cn"] = vText(person.display_name)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["partstat"] = vText("NEEDS-ACTION")
        attendee.params["rsvp"] = vText("FALSE")
        event.add("attendee", attendee, encode=0)
    calendar.add_component(event)
    return calendar.to_ical()
