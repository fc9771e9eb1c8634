"""factory_boy factories shared by every app's tests. Defaults describe a plausible Canadian participant."""

import datetime

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.utils import timezone

from tandem.accounts.models import User
from tandem.applications.models import Application, Role, SelfAssessment
from tandem.programs.models import Cycle, Program, ProgramRole, ReferenceDocument, Topic
from tandem.programs.services import create_program

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Faker("first_name", locale="fr_CA")
    last_name = factory.Faker("last_name", locale="fr_CA")
    organization = "Santé Québec"
    job_title = "Gestionnaire"
    region = "QC"
    languages = factory.LazyFunction(lambda: ["fr", "en"])
    preferred_language = "en"
    years_of_experience = 8
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create: bool, extracted: bool | None, **kwargs: object) -> None:
        """Every factory user has a verified primary address, as after a normal sign-up."""
        self.save()
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


def give_second_factor(user: User) -> None:
    """Activate a TOTP authenticator, as a coordinator does before opening program pages."""
    TOTP.activate(user, generate_totp_secret())


class ProgramFactory(factory.django.DjangoModelFactory):
    """A program created through the service, so it has the default topics and questionnaires."""

    class Meta:
        model = Program

    slug = factory.Sequence(lambda n: f"program-{n}")
    name_en = factory.Sequence(lambda n: f"Health Leaders Mentoring {n}")
    name_fr = factory.Sequence(lambda n: f"Mentorat des leaders en santé {n}")
    description_en = "A mentoring program for health leaders."
    description_fr = "Un programme de mentorat pour les leaders en santé."
    organizer = "Quebec Chapter"
    languages_offered = factory.LazyFunction(lambda: ["en", "fr"])

    @classmethod
    def _create(cls, model_class: type[Program], *args: object, **kwargs: object) -> Program:
        return create_program(**kwargs)


class ProgramRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgramRole

    program = factory.SubFactory(ProgramFactory)
    user = factory.SubFactory(UserFactory)
    role = ProgramRole.Role.COORDINATOR


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    program = factory.SubFactory(ProgramFactory)
    name_en = factory.Sequence(lambda n: f"Topic {n}")
    name_fr = factory.Sequence(lambda n: f"Sujet {n}")


def _today() -> datetime.date:
    return timezone.localdate()


class CycleFactory(factory.django.DjangoModelFactory):
    """A cycle whose recruitment is open today."""

    class Meta:
        model = Cycle

    program = factory.SubFactory(ProgramFactory)
    name = factory.Sequence(lambda n: f"2026-2027 #{n}")
    recruitment_opens = factory.LazyFunction(lambda: _today() - datetime.timedelta(days=30))
    recruitment_closes = factory.LazyFunction(lambda: _today() + datetime.timedelta(days=30))
    matching_date = factory.LazyFunction(lambda: _today() + datetime.timedelta(days=45))
    starts = factory.LazyFunction(lambda: _today() + datetime.timedelta(days=60))
    midpoint = factory.LazyFunction(lambda: _today() + datetime.timedelta(days=200))
    ends = factory.LazyFunction(lambda: _today() + datetime.timedelta(days=330))
    status = Cycle.Status.RECRUITING


class ReferenceDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReferenceDocument

    program = factory.SubFactory(ProgramFactory)
    stage = 3
    title_en = "Roles and Responsibilities"
    title_fr = "Rôles et responsabilités"
    url = "https://example.org/roles.pdf"


class SelfAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SelfAssessment

    user = factory.SubFactory(UserFactory)
    cycle = factory.SubFactory(CycleFactory)
    role = Role.MENTEE
    questionnaire = factory.LazyAttribute(lambda o: o.cycle.program.questionnaires.get(kind=f"{o.role}_self"))
    answers = factory.LazyAttribute(lambda o: {str(q.pk): 4 for q in o.questionnaire.questions.all()})
    readiness = 100


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application
        skip_postgeneration_save = True

    cycle = factory.SubFactory(CycleFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.MENTEE
    status = Application.Status.SUBMITTED
    motivation = "Grow as a leader in the health network."
    objectives = "Learn to lead change in a large team."
    context_of_practice = "Head nurse of a surgical unit in a regional hospital."
    industry = "Health care"
    employer = "CIUSSS de la Capitale-Nationale"
    region = "QC"
    languages = factory.LazyFunction(lambda: ["fr", "en"])
    years_of_experience = 6
    capacity = factory.LazyAttribute(lambda o: 2 if o.role == Role.MENTOR else None)

    @factory.post_generation
    def topics(self, create: bool, extracted: list[Topic] | None, **kwargs: object) -> None:
        if not create:
            return
        self.topics.set(extracted if extracted is not None else list(self.cycle.program.topics.all()[:2]))


class RelationshipFactory(factory.django.DjangoModelFactory):
    """A pair that both agreed to start: an accepted mentor and an accepted mentee of one cycle."""

    class Meta:
        model = "relationships.Relationship"

    cycle = factory.SubFactory(CycleFactory)
    mentor = factory.LazyAttribute(
        lambda o: ApplicationFactory(
            cycle=o.cycle, role=Role.MENTOR, status=Application.Status.ACCEPTED, years_of_experience=20
        )
    )
    mentee = factory.LazyAttribute(
        lambda o: ApplicationFactory(cycle=o.cycle, role=Role.MENTEE, status=Application.Status.ACCEPTED)
    )
    status = "introduced"
    started_on = factory.LazyAttribute(lambda o: o.cycle.starts)
    planned_end = factory.LazyAttribute(lambda o: o.cycle.ends)
