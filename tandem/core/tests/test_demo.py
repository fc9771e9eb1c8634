"""The demo command: three seeded programs, 150+ applicants each, logins that work, same seed same people."""

from collections import Counter

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db.models import Count
from django.test import RequestFactory

from tandem.accounts.models import User
from tandem.applications.models import Application, SelfAssessment, StatusChange
from tandem.core.demo import content
from tandem.core.demo.loader import DEMO_SLUGS, demo_digest, load_demo, named_logins
from tandem.programs.models import Cycle, Program, ProgramRole, ReferenceDocument

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(capsys: pytest.CaptureFixture[str]) -> str:
    call_command("load_demo")
    return capsys.readouterr().out


def test_load_demo_creates_the_three_seed_programs_each_with_a_recruiting_cycle(demo: str) -> None:
    programs = {p.slug: p for p in Program.objects.filter(slug__in=DEMO_SLUGS)}
    assert sorted(programs) == sorted(["cchl-quebec", "pco-mentoring", "ispe-canada"])
    assert programs["cchl-quebec"].name_fr == "Programme de mentorat — Chapitre du Québec"
    assert not programs["cchl-quebec"].membership_required
    assert programs["cchl-quebec"].grants_credits
    assert programs["cchl-quebec"].credit_name_en == "MOC Category I credit"
    assert programs["ispe-canada"].membership_required
    assert programs["ispe-canada"].membership_label_en == "ISPE membership number"
    assert programs["pco-mentoring"].forbid_reporting_line
    assert not programs["pco-mentoring"].forbid_same_employer
    for program in programs.values():
        cycle = Cycle.objects.get(program=program)
        assert cycle.status == Cycle.Status.RECRUITING
        assert cycle.recruitment_opens < cycle.recruitment_closes
        assert program.questionnaires.count() == 4  # made by create_program


def test_every_demo_cycle_has_at_least_150_varied_applications(demo: str) -> None:
    for slug in DEMO_SLUGS:
        applications = Application.objects.filter(cycle__program__slug=slug)
        assert applications.count() >= 150
        statuses = Counter(applications.values_list("status", flat=True))
        assert set(statuses) == set(Application.Status.values)
        assert statuses["accepted"] + statuses["submitted"] > applications.count() / 2
        roles = Counter(applications.values_list("role", flat=True))
        assert 1.5 <= roles["mentee"] / roles["mentor"] <= 3.5
        assert len(set(applications.values_list("region", flat=True))) >= 5
        languages = {code for langs in applications.values_list("languages", flat=True) for code in langs}
        assert {"en", "fr"} < languages  # both communities, and some others
        assert applications.filter(topics__isnull=True).count() == 0
        assert applications.exclude(self_assessment=None).count() > applications.count() / 2
    assert not Application.objects.filter(role="mentor", capacity=None).exists()
    assert set(Application.objects.filter(role="mentor").values_list("capacity", flat=True)) == {1, 2, 3}


def test_regions_follow_each_program_community(demo: str) -> None:
    def top_region(slug: str) -> str:
        regions = Counter(
            Application.objects.filter(cycle__program__slug=slug).values_list("region", flat=True)
        )
        return regions.most_common(1)[0][0]

    assert top_region("cchl-quebec") == "QC"
    assert top_region("pco-mentoring") == "ON"
    assert top_region("ispe-canada") in {"ON", "QC"}


def test_some_people_apply_as_both_mentor_and_mentee(demo: str) -> None:
    both = Application.objects.values("cycle", "user").annotate(roles=Count("role")).filter(roles=2)
    assert both.count() >= 10


def test_every_application_has_its_status_history(demo: str) -> None:
    applications = Application.objects.filter(cycle__program__slug__in=DEMO_SLUGS)
    decided = applications.exclude(status="submitted").count()
    assert StatusChange.objects.filter(application__in=applications).count() == applications.count() + decided
    assert not StatusChange.objects.filter(from_status="", to_status__in=["accepted", "declined"]).exists()


def test_demo_applications_and_self_assessments_are_valid_model_instances(demo: str) -> None:
    for application in Application.objects.filter(cycle__program__slug__in=DEMO_SLUGS)[::25]:
        application.full_clean(validate_unique=False)
    for assessment in SelfAssessment.objects.all()[::25]:
        assert set(assessment.answers) == {str(q.pk) for q in assessment.questionnaire.questions.all()}
        assessment.full_clean(validate_unique=False)


def test_chapter_documents_follow_the_manual_stage_by_stage(demo: str) -> None:
    documents = ReferenceDocument.objects.filter(program__slug="cchl-quebec")
    titles = set(documents.values_list("title_en", flat=True))
    assert titles == {
        "Mentee's self-assessment",
        "Mentor's self-assessment",
        "Advice for an effective mentoring relationship",
        "Roles and Responsibilities",
        "Roles and responsibilities according to phases",
        "Mentor/mentee Presentation Sheet",
        "Connecting between mentor and mentee",
        "Commitment and Privacy Form",
        "Goals and Objectives Worksheet",
        "LEADS Health Leadership Capabilities Framework",
    }
    assert list(documents.filter(stage=1).values_list("title_en", flat=True)) == [
        "Mentee's self-assessment",
        "Mentor's self-assessment",
    ]
    assert not documents.filter(title_fr="").exists()
    assert all(url.startswith("https://example.org/") for url in documents.values_list("url", flat=True))
    topics = set(Program.objects.get(slug="cchl-quebec").topics.values_list("name_en", flat=True))
    assert {
        "Lead self",
        "Engage others",
        "Achieve results",
        "Develop coalitions",
        "Systems transformation",
    } <= topics


def test_demo_logins_can_sign_in_and_have_something_on_their_journey(demo: str) -> None:
    request = RequestFactory().post("/en/accounts/login/")
    for login in named_logins():
        user = authenticate(request, email=login.email, password=content.DEMO_PASSWORD)
        assert user is not None, login.email
        assert EmailAddress.objects.filter(user=user, email=login.email, verified=True, primary=True).exists()
        assert login.email in demo
    assert content.DEMO_PASSWORD in demo
    coordinator = User.objects.get(email="coordinator@demo.example.org")
    assert set(coordinator.program_roles.values_list("program__slug", "role")) == {
        ("cchl-quebec", ProgramRole.Role.COORDINATOR),
        ("pco-mentoring", ProgramRole.Role.COORDINATOR),
    }
    assert not coordinator.authenticator_set.exists()  # the app asks them to set up TOTP
    assert "authenticator" in demo
    for email in ("mentor@demo.example.org", "mentee@demo.example.org", "coordinator@demo.example.org"):
        assert Application.objects.filter(user__email=email).exists()
    assert (
        Application.objects.get(
            user__email="mentee@demo.example.org", cycle__program__slug="cchl-quebec"
        ).status
        == Application.Status.ACCEPTED
    )


def test_every_demo_account_has_a_verified_address(demo: str) -> None:
    users = User.objects.filter(email__endswith="@demo.example.org")
    assert users.count() > 400
    assert EmailAddress.objects.filter(user__in=users, verified=True).count() == users.count()


def test_running_load_demo_twice_creates_nothing_more(demo: str, capsys: pytest.CaptureFixture[str]) -> None:
    counts = (User.objects.count(), Program.objects.count(), Application.objects.count())
    call_command("load_demo")
    assert "already loaded" in capsys.readouterr().out
    assert (User.objects.count(), Program.objects.count(), Application.objects.count()) == counts


def test_reset_replaces_the_demo_without_touching_other_data(demo: str, mentor: User) -> None:
    first_ids = set(Program.objects.filter(slug__in=DEMO_SLUGS).values_list("pk", flat=True))
    applications = Application.objects.count()
    call_command("load_demo", "--reset")
    assert Program.objects.filter(slug__in=DEMO_SLUGS).count() == 3
    assert not first_ids & set(Program.objects.values_list("pk", flat=True))
    assert Application.objects.count() == applications
    assert User.objects.filter(pk=mentor.pk).exists()


def test_same_seed_gives_the_same_people_and_another_seed_does_not() -> None:
    load_demo(seed=7)
    first = demo_digest()
    call_command("load_demo", "--reset", "--seed", "7")
    assert demo_digest() == first
    call_command("load_demo", "--reset", "--seed", "8")
    assert demo_digest() != first
