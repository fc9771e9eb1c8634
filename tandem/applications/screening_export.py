"""The CSV export of a cycle's applications, built row by row so a large cycle streams in constant memory."""

import csv
from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tandem.applications.models import Application
from tandem.core.models import Language

# Spreadsheets run a cell that starts with one of these as a formula (CSV injection, OWASP).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Excel reads a CSV as UTF-8 (and shows French accents) only when the file starts with a byte-order mark.
BYTE_ORDER_MARK = "\ufeff"
CHUNK_SIZE = 500


def _header() -> list[str]:
    return [
        _("ID"),
        _("Role"),
        _("Status"),
        _("First name"),
        _("Last name"),
        _("Email"),
        _("Organization"),
        _("Job title"),
        _("Employer"),
        _("Region"),
        _("Languages"),
        _("Years of experience"),
        _("Topics"),
        _("Industry"),
        _("Capacity"),
        _("Meeting format"),
        _("Membership number"),
        _("Submitted"),
        _("Reason for the decision"),
    ]


def _row(application: Application, language_names: dict[str, str]) -> list[object]:
    user = application.user
    return [
        application.pk,
        application.get_role_display(),
        application.get_status_display(),
        user.first_name,
        user.last_name,
        user.email,
        user.organization,
        user.job_title,
        application.employer,
        application.get_region_display(),
        "; ".join(language_names.get(code, code) for code in application.languages),
        application.years_of_experience,
        "; ".join(topic.name for topic in application.topics.all()),
        application.industry,
        application.capacity if application.capacity is not None else "",
        application.get_meeting_format_display(),
        application.membership_number,
        timezone.localtime(application.submitted_at).strftime("%Y-%m-%d %H:%M"),
        application.decision_reason,
    ]


def neutralize(cell: object) -> object:
    """Make a cell a spreadsheet shows as text and never runs: prefix a would-be formula with an apostrophe."""
    if isinstance(cell, str) and cell.startswith(FORMULA_TRIGGERS):
        return f"'{cell}"
    return cell


class _Echo:
    """A file-like object whose write returns the line, so csv.writer feeds a streaming response."""

    def write(self, value: str) -> str:
        return value


def csv_lines(applications: QuerySet[Application], *, language: str) -> Iterator[str]:
    """The BOM, the header in `language`, then one line per application.

    The response is consumed after the view returns, when the request's language may no longer be
    active: the lines are produced with `language` switched on explicitly.
    """
    writer = csv.writer(_Echo())
    with translation.override(language):
        language_names = {code: str(label) for code, label in Language.choices}
        yield BYTE_ORDER_MARK + writer.writerow(_header())
        for application in applications.iterator(chunk_size=CHUNK_SIZE):
            yield writer.writerow([neutralize(cell) for cell in _row(application, language_names)])
