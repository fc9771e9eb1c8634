"""My journey: each cycle a person is in, its ten stages, their documents and the person's applications."""

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from tandem.accounts.models import User
from tandem.applications.models import Application, Role
from tandem.applications.selectors import documents_by_stage
from tandem.applications.tests.conftest import closed_cycle
from tandem.programs.models import Cycle, Program, ReferenceDocument
from tandem.testing.factories import (
    ApplicationFactory,
    CycleFactory,
    ProgramFactory,
    ReferenceDocumentFactory,
    SelfAssessmentFactory,
)

pytestmark = pytest.mark.django_db
JOURNEY = "/en/applications/"


def stage_block(html: str, number: int) -> str:
    """The HTML of one stage, from its heading to the next stage."""
    start = html.index(f"Stage {number}:")
    end = html.find(f"Stage {number + 1}:", start)
    return html[start : end if end != -1 else None]


def test_the_journey_is_at_its_decided_address() -> None:
    assert reverse("applications:journey") == JOURNEY


def test_anonymous_is_sent_to_sign_in(client: Client) -> None:
    response = client.get(JOURNEY)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={JOURNEY}"


def test_a_new_person_sees_where_to_start(client: Client, mentee: User) -> None:
    client.force_login(mentee)
    html = client.get(JOURNEY).content.decode()
    assert "You are not taking part in a mentoring program yet." in html
    assert reverse("applications:open_cycles") in html
    assert html.count("<h1>") == 1


def test_a_submitted_application_shows_ten_stages_with_screening_current(
    client: Client, cycle: Cycle, mentee: User
) -> None:
    SelfAssessmentFactory(user=mentee, cycle=cycle, role=Role.MENTEE)
    ApplicationFactory(user=mentee, cycle=cycle, role=Role.MENTEE)
    client.force_login(mentee)
    html = client.get(JOURNEY).content.decode()
    assert "Health Leaders Mentoring — 2026-2027" in html
    assert html.count('<li class="stage-') == 10
    assert "Done" in stage_block(html, 1)
    assert "Done" in stage_block(html, 2)
    assert "Where you are now" in stage_block(html, 3)
    assert "reviewing your application" in stage_block(html, 3)
    assert "Upcoming" in stage_block(html, 10)


def test_accepted_shows_screening_done_and_orientation_current(
    client: Client, cycle: Cycle, mentee: User
) -> None:
    ApplicationFactory(user=mentee, cycle=cycle, status=Application.Status.ACCEPTED)
    client.force_login(mentee)
    html = client.get(JOURNEY).content.decode()
    assert "Skipped (optional)" in stage_block(html, 1)
    assert "Your application was accepted." in stage_block(html, 3)
    assert "Where you are now" in stage_block(html, 4)


def test_waitlisted_says_what_it_means(client: Client, cycle: Cycle, mentee: User) -> None:
    ApplicationFactory(user=mentee, cycle=cycle, status=Application.Status.WAITLISTED)
    client.force_login(mentee)
    html = client.get(JOURNEY).content.decode()
    assert "You are on the waiting list" in stage_block(html, 3)
    assert "Waitlisted" in html


def test_declined_says_so_but_never_shows_the_coordinators_reason(
    client: Client, cycle: Cycle, mentee: User
) -> None:
    ApplicationFactory(
        user=mentee,
        cycle=cycle,
        status=Application.Status.DECLINED,
        decision_reason="Committee note: too junior, conflict with the chair.",
        conversation_note="Seemed unprepared.",
    )
    client.force_login(mentee)
    html = client.get(JOURNEY).content.decode()
    assert "Your application was not retained for this cycle." in stage_block(html, 3)
    assert "Will not take place" in stage_block(html, 5)
    assert "too junior" not in html
    assert "unprepared" not in html
    assert reverse("applications:edit", args=[Application.objects.get().pk]) not in html


def test_withdrawn_says_so(client: Client, cycle: Cycle, mentee: User) -> None:
    ApplicationFactory(user=mentee, cycle=cycle, status=Application.Status.WITHDRAWN)
    client.force_login(mentee)
    html = client.get(JOURNEY).content.decode()
    assert "You withdrew your application." in stage_block(html, 2)


def test_self_assessed_only_invites_to_apply(client: Client, cycle: Cycle, mentee: User) -> None:
    SelfAssessmentFactory(user=mentee, cycle=cycle, role=Role.MENTOR)
    client.force_login(mentee)
    html = client.get(JOURNEY).content.decode()
    assert "You can now apply to this cycle." in stage_block(html, 2)


def test_applications_are_listed_with_status_and_edit_and_withdraw_links(
    client: Client, cycle: Cycle, mentee: User
) -> None:
    application = ApplicationFactory(user=mentee, cycle=cycle, role=Role.MENTEE)
    client.force_login(mentee)
    html = client.get(JOURNEY).content.decode()
    assert "<caption>My applications in this cycle</caption>" in html
    assert "Submitted" in html
    assert reverse("applications:edit", args=[application.pk]) in html
    assert reverse("applications:withdraw", args=[application.pk]) in html


def test_no_edit_link_once_recruitment_closed(client: Client, program: Program, mentee: User) -> None:
    application = ApplicationFactory(user=mentee, cycle=closed_cycle(program, status=Cycle.Status.MATCHING))
    client.force_login(mentee)
    html = client.get(JOURNEY).content.decode()
    assert reverse("applications:edit", args=[application.pk]) not in html
    assert reverse("applications:withdraw", args=[application.pk]) in html


def test_other_peoples_cycles_and_applications_are_not_shown(
    client: Client, cycle: Cycle, mentee: User, mentor: User
) -> None:
    ApplicationFactory(user=mentor, cycle=cycle, role=Role.MENTOR)
    client.force_login(mentee)
    html = client.get(JOURNEY).content.decode()
    assert "2026-2027" not in html
    assert "You are not taking part in a mentoring program yet." in html


def test_cycles_are_newest_first(client: Client, program: Program, mentee: User) -> None:
    older = closed_cycle(program, name="2025-2026", status=Cycle.Status.RUNNING)
    newer = CycleFactory(program=program, name="2026-2027")
    ApplicationFactory(user=mentee, cycle=older)
    SelfAssessmentFactory(user=mentee, cycle=newer)
    client.force_login(mentee)
    html = client.get(JOURNEY).content.decode()
    assert html.index("2026-2027") < html.index("2025-2026")


def test_documents_in_the_readers_language_come_first_and_others_say_their_language(
    client: Client, cycle: Cycle, mentee: User
) -> None:
    program = cycle.program
    ReferenceDocumentFactory(
        program=program,
        stage=3,
        title_en="",
        title_fr="Grille des capacités",
        language=ReferenceDocument.DocumentLanguage.FR,
        position=0,
    )
    ReferenceDocumentFactory(
        program=program, stage=3, title_en="Roles and Responsibilities", language="both", position=1
    )
    english = ReferenceDocumentFactory(
        program=program, stage=4, title_en="Orientation guide", title_fr="", language="en"
    )
    ApplicationFactory(user=mentee, cycle=cycle)
    client.force_login(mentee)
    screening = stage_block(client.get(JOURNEY).content.decode(), 3)
    assert screening.index("Roles and Responsibilities") < screening.index("Grille des capacités")
    assert "(in French)" in screening.split("Grille des capacités")[1]
    assert "(in French)" not in screening.split("Grille des capacités")[0]
    assert reverse("programs:document", args=[english.pk]) in stage_block(
        client.get(JOURNEY).content.decode(), 4
    )


def test_a_french_reader_gets_french_documents_first_and_english_ones_marked(program: Program) -> None:
    english = ReferenceDocumentFactory(program=program, stage=4, title_en="Guide", language="en", position=0)
    both = ReferenceDocumentFactory(program=program, stage=4, language="both", position=1)
    french = ReferenceDocumentFactory(program=program, stage=4, title_en="", language="fr", position=2)
    links = documents_by_stage([english, both, french], "fr")[4]
    assert [link.document for link in links] == [both, french, english]
    assert [link.other_language for link in links] == [None, None, "en"]


def test_query_count_does_not_grow_with_cycles_and_documents(
    client: Client, mentee: User, django_assert_num_queries: Callable[..., object]
) -> None:
    def add_participation() -> None:
        program = ProgramFactory()
        cycle = CycleFactory(program=program)
        ReferenceDocumentFactory(program=program, stage=1)
        ReferenceDocumentFactory(program=program, stage=3)
        SelfAssessmentFactory(user=mentee, cycle=cycle, role=Role.MENTOR)
        ApplicationFactory(user=mentee, cycle=cycle, role=Role.MENTOR)
        ApplicationFactory(user=mentee, cycle=cycle, role=Role.MENTEE)

    client.force_login(mentee)
    add_participation()
    # session, user, staff menu, relationships, cycles, self-assessments, applications, documents,
    # introductions, self-selection
    with django_assert_num_queries(10):
        client.get(JOURNEY)
    for _ in range(3):
        add_participation()
    with django_assert_num_queries(10):
        response = client.get(JOURNEY)
    assert len(response.context["journeys"]) == 4


def test_the_journey_links_to_the_self_assessment_result_and_to_applying(
    client: Client, cycle: Cycle, mentee: User
) -> None:
    SelfAssessmentFactory(user=mentee, cycle=cycle, role=Role.MENTEE)
    client.force_login(mentee)
    html = client.get(JOURNEY).content.decode()
    assert reverse("applications:self_assessment_result", args=[cycle.pk, "mentee"]) in stage_block(html, 1)
    assert reverse("applications:apply", args=[cycle.pk]) in stage_block(html, 2)


def test_a_closed_application_says_no_change_is_possible(
    client: Client, program: Program, mentee: User
) -> None:
    ApplicationFactory(
        user=mentee,
        cycle=closed_cycle(program, status=Cycle.Status.RUNNING),
        status=Application.Status.ACCEPTED,
    )
    client.force_login(mentee)
    html = client.get(JOURNEY).content.decode()
    assert "No change possible" in html
    assert "/edit/" not in html
    assert "/withdraw/" not in html
