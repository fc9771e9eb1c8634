"""The CSV export: filtered like the list, translated header, Excel-friendly, injection-safe, streamed."""

import csv
import io

import pytest
from django.test import Client
from django.utils import timezone, translation

from tandem.accounts.models import User
from tandem.applications import screening_export
from tandem.applications.models import Application, Role
from tandem.applications.screening_export import neutralize
from tandem.applications.screening_selectors import applications_for_screening
from tandem.applications.tests.screening_support import (
    applicant,
    export_url,
    screening_test_defaults,  # noqa: F401 - autouse fixture
)
from tandem.programs.models import Cycle, Program

HEADER = [
    "ID",
    "Role",
    "Status",
    "First name",
    "Last name",
    "Email",
    "Organization",
    "Job title",
    "Employer",
    "Region",
    "Languages",
    "Years of experience",
    "Topics",
    "Industry",
    "Capacity",
    "Meeting format",
    "Membership number",
    "Submitted",
    "Reason for the decision",
]


def download(client: Client, url: str) -> tuple[object, str]:
    response = client.get(url)
    assert response.status_code == 200
    assert response.streaming
    return response, b"".join(response.streaming_content).decode("utf-8")


@pytest.fixture
def nadia(cycle: Cycle) -> Application:
    return applicant(
        cycle,
        "Nadia",
        "Bouchard",
        role=Role.MENTOR,
        status=Application.Status.ACCEPTED,
        user__organization="Santé Québec",
        user__job_title="Directrice des soins",
        employer='=HYPERLINK("http://evil.example")',
        region="QC",
        languages=["fr", "en"],
        years_of_experience=22,
        industry="Health care",
        membership_number="@M-77",
        decision_reason="-experienced, +available",
    )


def test_export_is_utf8_with_a_bom_a_translated_header_and_one_row_per_application(
    client: Client, coordinator: User, cycle: Cycle, nadia: Application
) -> None:
    client.force_login(coordinator)

    response, content = download(client, export_url(cycle))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="applications-cycle-{cycle.pk}.csv"'
    assert content.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(content.removeprefix("\ufeff"))))
    submitted = timezone.localtime(nadia.submitted_at)
    assert rows == [
        HEADER,
        [
            str(nadia.pk),
            "Mentor",
            "Accepted",
            "Nadia",
            "Bouchard",
            "nadia.bouchard@example.org",
            "Santé Québec",
            "Directrice des soins",
            '\'=HYPERLINK("http://evil.example")',
            "Quebec",
            "French; English",
            "22",
            "Career Counseling; Entrepreneurship",
            "Health care",
            "2",
            "Either",
            "'@M-77",
            submitted.strftime("%Y-%m-%d %H:%M"),
            "'-experienced, +available",
        ],
    ]


def test_export_keeps_the_filters_of_the_list(
    client: Client, coordinator: User, cycle: Cycle, nadia: Application
) -> None:
    applicant(cycle, "Amira", "Haddad", role=Role.MENTEE)
    client.force_login(coordinator)

    _response, mentors = download(client, export_url(cycle, "role=mentor"))
    _response, mentees = download(client, export_url(cycle, "role=mentee&q=haddad"))

    assert "Bouchard" in mentors
    assert "Haddad" not in mentors
    assert "Haddad" in mentees
    assert "Bouchard" not in mentees


def test_the_lines_are_written_in_the_coordinators_language_even_after_the_view_returned(
    coordinator: User, program: Program, cycle: Cycle, nadia: Application, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A streamed response is read after the view returns; the language must not depend on that moment.

    (The French catalogue is written later, so the header's words cannot show French yet: the header
    here reports the language that is active while it is written.)
    """
    monkeypatch.setattr(screening_export, "_header", lambda: [translation.get_language()])
    lines = screening_export.csv_lines(applications_for_screening(coordinator, program, cycle), language="fr")

    with translation.override("en"):
        content = "".join(lines)

    assert content.removeprefix("\ufeff").splitlines()[0] == "fr"


def test_the_export_answers_under_the_french_address(
    client: Client, coordinator: User, cycle: Cycle, nadia: Application
) -> None:
    client.force_login(coordinator)
    _response, content = download(client, export_url(cycle).replace("/en/", "/fr/", 1))
    assert "Bouchard" in content


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+33 1 23", "'+33 1 23"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTab", "'\tTab"),
        ("Plain text", "Plain text"),
        ("a=b", "a=b"),
        (22, 22),
    ],
)
def test_cells_that_a_spreadsheet_would_run_are_neutralized(cell: object, safe: object) -> None:
    assert neutralize(cell) == safe


@pytest.mark.parametrize("count", [5, 40])
def test_export_query_count_does_not_grow_with_applications(
    client: Client,
    coordinator: User,
    cycle: Cycle,
    program: Program,
    count: int,
    django_assert_num_queries: object,
) -> None:
    topics = list(program.topics.all()[:3])
    for index in range(count):
        applicant(cycle, "Person", f"Number{index}", topics=topics)
    client.force_login(coordinator)

    with django_assert_num_queries(7):
        _response, content = download(client, export_url(cycle))

    assert len(content.removeprefix("\ufeff").splitlines()) == count + 1
