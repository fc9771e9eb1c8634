"""Build the demo: three programs modelled on shared/seeds, each with a current cycle and 150+ applicants.

Deterministic: one `random.Random(seed)` and Faker instances seeded from it decide every name and answer, so
the same seed gives the same people (only dates move with today). Fast: rows go in with bulk_create and the
demo password is hashed once for everybody. The programs themselves go through
`tandem.programs.services.create_program` so they get the same default questionnaires as a real program.
"""

import datetime
import hashlib
import random
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from faker import Faker

from tandem.accounts.models import User
from tandem.applications.models import Application, MeetingFormat, Role, SelfAssessment, StatusChange
from tandem.core.demo import content
from tandem.programs.models import Cycle, Program, Question, Questionnaire, ReferenceDocument, Topic
from tandem.programs.services import create_program

DEMO_SLUGS = list(content.PROGRAMS)

STATUS_WEIGHTS = {
    Application.Status.SUBMITTED: 38,
    Application.Status.ACCEPTED: 42,
    Application.Status.WAITLISTED: 8,
    Application.Status.DECLINED: 6,
    Application.Status.WITHDRAWN: 6,
}


@dataclass(frozen=True)
class DemoLogin:
    label: str
    email: str
    name: str


@dataclass
class DemoSummary:
    created: bool
    programs: list[tuple[str, str, int]] = field(default_factory=list)  # (name, cycle name, applications)
    logins: list[DemoLogin] = field(default_factory=list)


@dataclass
class _Person:
    """One generated applicant of one program, before anything is saved."""

    user: User
    language: str
    roles: list[str]
    region: str
    languages: list[str]
    industry: str
    employer: str
    job_title: str
    years: int
    manager_email: str = ""


# The named demo accounts: (key, label, email local part, first name, last name, preferred language).
_NAMED = [
    ("coordinator", "Coordinator (Quebec Chapter, PCO)", "coordinator", "Sophie", "Gagnon", "en"),
    ("coordinator_ispe", "Coordinator (ISPE Canada)", "coordinator.ispe", "Daniel", "Okafor", "en"),
    ("mentor", "Mentor", "mentor", "Jean-François", "Roy", "fr"),
    ("mentee", "Mentee", "mentee", "Emily", "Wong", "en"),
]


def demo_email(local_part: str) -> str:
    return f"{local_part}@{content.DEMO_EMAIL_DOMAIN}"


def named_logins() -> list[DemoLogin]:
    return [
        DemoLogin(label, demo_email(local), f"{first} {last}") for _, label, local, first, last, _ in _NAMED
    ]


def demo_data_exists() -> bool:
    return (
        Program.objects.filter(slug__in=DEMO_SLUGS).exists()
        or User.objects.filter(email__iendswith=f"@{content.DEMO_EMAIL_DOMAIN}").exists()
    )


@transaction.atomic
def reset_demo() -> None:
    """Delete the demo programs and every account of the demo's email domain (with their applications)."""
    User.objects.filter(email__iendswith=f"@{content.DEMO_EMAIL_DOMAIN}").delete()
    Program.objects.filter(slug__in=DEMO_SLUGS).delete()


@transaction.atomic
def load_demo(*, seed: int = content.DEFAULT_SEED, today: datetime.date | None = None) -> DemoSummary:
    """Create the demo programs, cycles, people and applications unless they already exist.

    Side effects: creates 3 programs (with topics, questionnaires, reference documents and one recruiting
    cycle each), about 470 users with verified email addresses, 150+ applications per cycle with their
    self-assessments, topics and status history. Sends no email. Does nothing when demo data exists.
    """
    if demo_data_exists():
        return DemoSummary(created=False, logins=named_logins())
    return _DemoBuilder(seed=seed, today=today or timezone.localdate()).build()


def demo_digest() -> str:
    """A fingerprint of the demo's people and applications, independent of primary keys and dates."""
    rows: list[str] = []
    users = User.objects.filter(email__iendswith=f"@{content.DEMO_EMAIL_DOMAIN}").order_by("email")
    rows.extend(
        f"{u.email}|{u.first_name}|{u.last_name}|{u.region}|{','.join(u.languages)}|{u.years_of_experience}"
        for u in users
    )
    applications = (
        Application.objects.filter(cycle__program__slug__in=DEMO_SLUGS)
        .select_related("cycle__program", "user")
        .prefetch_related("topics")
        .order_by("cycle__program__slug", "user__email", "role")
    )
    rows.extend(
        "|".join(
            [
                a.cycle.program.slug,
                a.user.email,
                a.role,
                a.status,
                a.region,
                ",".join(a.languages),
                str(a.years_of_experience),
                str(a.capacity),
                a.industry,
                a.employer,
                a.motivation,
                ",".join(sorted(t.name_en for t in a.topics.all())),
            ]
        )
        for a in applications
    )
    return hashlib.sha256("\n".join(rows).encode()).hexdigest()


def _first_of_month(day: datetime.date, months_ahead: int = 0) -> datetime.date:
    years, month_index = divmod(day.month - 1 + months_ahead, 12)
    return datetime.date(day.year + years, month_index + 1, 1)


def _cycle_dates(slug: str, today: datetime.date) -> dict[str, datetime.date]:
    """Recruitment open today in every program; the relationships follow each program's own calendar."""
    day = datetime.timedelta(days=1)
    if slug == "cchl-quebec":
        opens, closes = today - 40 * day, today + 60 * day
        matching = closes + 14 * day
        year = matching.year if matching < datetime.date(matching.year, 9, 1) else matching.year + 1
        starts = datetime.date(year, 9, 1)  # September to June
        midpoint, ends = datetime.date(year + 1, 2, 1), datetime.date(year + 1, 6, 30)
    elif slug == "pco-mentoring":
        opens, closes = today - 35 * day, today + 45 * day
        matching = closes + 14 * day
        starts = _first_of_month(matching + 7 * day, 1)
        midpoint, ends = _first_of_month(starts, 5), _first_of_month(starts, 10) - day
    else:  # a twelve-month year
        opens, closes = today - 30 * day, today + 30 * day
        matching = closes + 21 * day
        starts = _first_of_month(matching, 1)
        midpoint, ends = _first_of_month(starts, 6), _first_of_month(starts, 12) - day
    return {
        "recruitment_opens": opens,
        "recruitment_closes": closes,
        "matching_date": matching,
        "starts": starts,
        "midpoint": midpoint,
        "ends": ends,
    }


class _DemoBuilder:
    def __init__(self, *, seed: int, today: datetime.date) -> None:
        self.rng = random.Random(seed)
        self.fakers = {"fr": Faker("fr_CA"), "en": Faker("en_CA")}
        self.fakers["fr"].seed_instance(seed)
        self.fakers["en"].seed_instance(seed + 1)
        self.today = today
        self.now = timezone.now()
        self.password = make_password(content.DEMO_PASSWORD)  # hashed once: hundreds of hashes take minutes
        self.used_emails: set[str] = set()
        self.users: list[User] = []

    # People ------------------------------------------------------------------------------------------

    def _new_user(self, *, first: str, last: str, language: str, local_part: str | None = None) -> User:
        base = local_part or f"{slugify(first)}.{slugify(last)}"
        email, suffix = demo_email(base), 2
        while email in self.used_emails:
            email, suffix = demo_email(f"{base}{suffix}"), suffix + 1
        self.used_emails.add(email)
        user = User(
            email=email,
            first_name=first,
            last_name=last,
            preferred_language=language,
            password=self.password,
            date_joined=self.now,
        )
        self.users.append(user)
        return user

    def _pick(self, weights: dict) -> str:
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def _company(self, language: str) -> str:
        """A fictional manufacturer named after a person, as many family-founded laboratories are."""
        founder = self.fakers[language].last_name()
        if language == "fr":
            return f"{self.rng.choice(['Laboratoires', 'Pharma', 'Biotech'])} {founder}"
        return f"{founder} {self.rng.choice(['Pharma', 'Biologics', 'Laboratories', 'Therapeutics'])}"

    def _people(self, slug: str) -> list[_Person]:
        profile = content.PROFILES[slug]
        people = []
        for _ in range(profile["people"]):
            language = "fr" if self.rng.random() < profile["french_share"] else "en"
            faker = self.fakers[language]
            user = self._new_user(first=faker.first_name(), last=faker.last_name(), language=language)
            draw = self.rng.random()
            roles = (
                [Role.MENTEE] if draw < 0.68 else [Role.MENTOR] if draw < 0.92 else [Role.MENTOR, Role.MENTEE]
            )
            if roles == [Role.MENTEE]:
                years = self.rng.randint(1, 12)
            elif roles == [Role.MENTOR]:
                years = self.rng.randint(12, 35)
            else:
                years = self.rng.randint(8, 18)
            region = self._pick(profile["regions"])
            languages = [language]
            if self.rng.random() < profile["bilingual_share"]:
                languages.append("en" if language == "fr" else "fr")
            if self.rng.random() < 0.15:
                languages.append(self.rng.choice(content.OTHER_LANGUAGES))
            industry = self.rng.choice(content.INDUSTRIES[slug])[language == "fr"]
            main_role = roles[0]
            job_title = self.rng.choice(content.JOB_TITLES[slug][main_role])[language == "fr"]
            if slug == "cchl-quebec":
                employer = self.rng.choice(
                    content.HEALTH_EMPLOYERS.get(region, ["Regional health authority"])
                )
            elif slug == "pco-mentoring":
                employer = "Bureau du Conseil privé" if language == "fr" else "Privy Council Office"
            else:
                employer = self._company(language)
            user.region, user.languages, user.years_of_experience = region, languages, years
            user.organization, user.job_title = employer, job_title
            people.append(
                _Person(user, language, roles, region, languages, industry, employer, job_title, years)
            )
        if slug == "pco-mentoring":
            # Some mentoring partners report to someone who mentors in the same cycle: the matching must
            # never pair them (reporting line), which the demo should show.
            mentors = [p for p in people if Role.MENTOR in p.roles]
            for person in people:
                if Role.MENTEE in person.roles:
                    if self.rng.random() < 0.25:
                        person.manager_email = self.rng.choice(mentors).user.email
                    else:
                        person.manager_email = demo_email(f"manager.{self.rng.randint(100, 999)}")
        return people

    def _named_people(self) -> dict[str, User]:
        named = {}
        for key, _label, local, first, last, language in _NAMED:
            named[key] = self._new_user(first=first, last=last, language=language, local_part=local)
        mentor, mentee = named["mentor"], named["mentee"]
        mentor.region, mentor.languages, mentor.years_of_experience = "QC", ["fr", "en"], 24
        mentor.organization, mentor.job_title = (
            "CIUSSS de la Capitale-Nationale",
            "Directeur des soins infirmiers",
        )
        mentee.region, mentee.languages, mentee.years_of_experience = "ON", ["en", "fr", "zh"], 5
        mentee.organization, mentee.job_title = "Hôpital Montfort", "Nurse Manager"
        named["coordinator"].region = "QC"
        named["coordinator_ispe"].region = "ON"
        return named

    # Programs ----------------------------------------------------------------------------------------

    def _program(self, slug: str, coordinators: list[User]) -> tuple[Program, Cycle]:
        program = create_program(slug=slug, coordinators=coordinators, **content.PROGRAMS[slug])
        custom_topics = {"cchl-quebec": content.LEADS_TOPICS, "pco-mentoring": content.FEDERAL_TOPICS}.get(
            slug
        )
        if custom_topics:
            program.topics.all().delete()
            Topic.objects.bulk_create(
                Topic(program=program, name_en=en, name_fr=fr, position=index)
                for index, (en, fr) in enumerate(custom_topics)
            )
        documents = {
            "cchl-quebec": content.cchl_documents(),
            "pco-mentoring": content.FEDERAL_DOCUMENTS,
            "ispe-canada": content.PHARMA_DOCUMENTS,
        }[slug]
        positions: dict[int, int] = {}
        rows = []
        for stage, title_en, title_fr, url in documents:
            positions[stage] = positions.get(stage, -1) + 1
            rows.append(
                ReferenceDocument(
                    program=program,
                    stage=stage,
                    title_en=title_en,
                    title_fr=title_fr,
                    url=url,
                    position=positions[stage],
                )
            )
        ReferenceDocument.objects.bulk_create(rows)
        dates = _cycle_dates(slug, self.today)
        cycle = Cycle(
            program=program,
            name=f"{dates['starts'].year}-{dates['starts'].year + 1}",
            status=Cycle.Status.RECRUITING,
            **dates,
        )
        cycle.full_clean()
        cycle.save()
        return program, cycle

    # Applications ------------------------------------------------------------------------------------

    def _sentences(self, bank: list[str], count: int) -> str:
        return " ".join(self.rng.sample(bank, count))

    def _submitted_at(self, cycle: Cycle) -> datetime.datetime:
        last_day = max(cycle.recruitment_opens, self.today - datetime.timedelta(days=1))
        span = (last_day - cycle.recruitment_opens).days
        day = cycle.recruitment_opens + datetime.timedelta(days=self.rng.randint(0, span))
        moment = datetime.datetime.combine(
            day, datetime.time(self.rng.randint(7, 21), self.rng.randint(0, 59))
        )
        return min(timezone.make_aware(moment), self.now)

    def _application(
        self,
        *,
        person: _Person,
        role: str,
        program: Program,
        cycle: Cycle,
        status: str | None = None,
    ) -> Application:
        language = person.language
        status = status or self._pick(STATUS_WEIGHTS)
        capacity = None
        if role == Role.MENTOR:
            capacity = min(self._pick({1: 30, 2: 45, 3: 25}), program.mentor_capacity_limit)
        meeting_weights = {MeetingFormat.VIRTUAL: 45, MeetingFormat.EITHER: 40, MeetingFormat.IN_PERSON: 15}
        if program.slug == "pco-mentoring":  # one building in Ottawa-Gatineau: many meet in person
            meeting_weights = {
                MeetingFormat.VIRTUAL: 25,
                MeetingFormat.EITHER: 40,
                MeetingFormat.IN_PERSON: 35,
            }
        if language == "fr":
            context = f"{person.job_title}, {person.employer}."
        else:
            context = f"{person.job_title} at {person.employer}."
        application = Application(
            cycle=cycle,
            user=person.user,
            role=role,
            status=status,
            context_of_practice=context,
            motivation=self._sentences(content.MOTIVATIONS[role][language], 2),
            objectives=self._sentences(content.OBJECTIVES[language], 2) if role == Role.MENTEE else "",
            expertise=self._sentences(content.EXPERTISE[language], 2)
            if role == Role.MENTOR or self.rng.random() < 0.3
            else "",
            industry=person.industry,
            employer=person.employer,
            manager_email=person.manager_email if role == Role.MENTEE else "",
            region=person.region,
            languages=person.languages,
            years_of_experience=person.years,
            meeting_format=self._pick(meeting_weights),
            availability=self.rng.choice(content.AVAILABILITY[language]),
            capacity=capacity,
            membership_number=f"ISPE-{self.rng.randint(100000, 999999)}"
            if program.membership_required
            else "",
            supervisor_supports=program.slug == "pco-mentoring" and self.rng.random() < 0.9,
            people_to_avoid=self.fakers[language].name() if self.rng.random() < 0.04 else "",
        )
        application.submitted_at = self._submitted_at(cycle)
        if status != Application.Status.SUBMITTED:
            reason_en, reason_fr = content.DECISION_REASONS[status]
            application.decision_reason = reason_fr if language == "fr" else reason_en
            decided = min(
                application.submitted_at + datetime.timedelta(days=self.rng.randint(1, 12)), self.now
            )
            application.decided_at = decided  # not a model field: kept for the status history below
            if status == Application.Status.WITHDRAWN:
                application.withdrawn_at = decided
            if program.slug == "pco-mentoring" and status == Application.Status.ACCEPTED:
                application.conversation_on = timezone.localtime(decided).date()
                application.conversation_note = (
                    "Objectifs clairs; appui du superviseur confirmé."
                    if language == "fr"
                    else "Clear goals; supervisor support confirmed."
                )
        return application

    def _self_assessment(
        self, *, person: _Person, role: str, cycle: Cycle, questions: list[Question]
    ) -> SelfAssessment:
        # Most people are ready (4 or 5); some hesitate, which shows the "reflect" guidance.
        answers = {str(q.pk): self.rng.choices([2, 3, 4, 5], weights=[5, 15, 45, 35])[0] for q in questions}
        ready = sum(1 for value in answers.values() if value >= 4)
        return SelfAssessment(
            user=person.user,
            cycle=cycle,
            role=role,
            questionnaire=questions[0].questionnaire,
            answers=answers,
            readiness=round(100 * ready / len(answers)),
        )

    def build(self) -> DemoSummary:
        named = self._named_people()
        people = {slug: self._people(slug) for slug in DEMO_SLUGS}
        User.objects.bulk_create(self.users)
        EmailAddress.objects.bulk_create(
            EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in self.users
        )

        summary = DemoSummary(created=True, logins=named_logins())
        coordinators = {
            "cchl-quebec": named["coordinator"],
            "pco-mentoring": named["coordinator"],
            "ispe-canada": named["coordinator_ispe"],
        }
        planned: list[tuple[Application, _Person, Program, list[Topic], SelfAssessment | None]] = []
        assessments: list[SelfAssessment] = []
        for slug in DEMO_SLUGS:
            program, cycle = self._program(slug, [coordinators[slug]])
            topics = list(program.topics.order_by("position"))
            questions = {
                questionnaire.kind: list(questionnaire.questions.all())
                for questionnaire in Questionnaire.objects.filter(program=program).prefetch_related(
                    "questions"
                )
            }
            entries: list[tuple[_Person, str, str | None]] = [
                (person, role, None) for person in people[slug] for role in person.roles
            ]
            entries.extend(self._named_entries(slug, named))
            for person, role, status in entries:
                application = self._application(
                    person=person, role=role, program=program, cycle=cycle, status=status
                )
                count = self.rng.randint(2, 4) if role == Role.MENTOR else self.rng.randint(1, 3)
                chosen = self.rng.sample(topics, count)
                assessment = None
                if status is not None or self.rng.random() < 0.75:
                    assessment = self._self_assessment(
                        person=person, role=role, cycle=cycle, questions=questions[f"{role}_self"]
                    )
                    assessments.append(assessment)
                planned.append((application, person, program, chosen, assessment))
            summary.programs.append((program.name_en, cycle.name, len(entries)))

        SelfAssessment.objects.bulk_create(assessments)
        applications = []
        for application, _person, _program, _topics, assessment in planned:
            application.self_assessment = assessment
            applications.append(application)
        submitted_at = [a.submitted_at for a in applications]
        Application.objects.bulk_create(applications)
        # auto_now_add overwrote the submission times: put back the spread-out ones.
        for application, moment in zip(applications, submitted_at, strict=True):
            application.submitted_at = moment
        Application.objects.bulk_update(applications, ["submitted_at"], batch_size=500)
        Application.topics.through.objects.bulk_create(
            Application.topics.through(application_id=application.pk, topic_id=topic.pk)
            for application, _person, _program, topics, _assessment in planned
            for topic in topics
        )
        self._status_history(planned, coordinators)
        return summary

    def _named_entries(self, slug: str, named: dict[str, User]) -> list[tuple[_Person, str, str]]:
        """The demo logins' own applications, so each of their journeys shows something."""

        def person(key: str, employer: str, job_title: str, industry: str) -> _Person:
            user = named[key]
            return _Person(
                user=user,
                language=user.preferred_language,
                roles=[],
                region=user.region,
                languages=user.languages or [user.preferred_language],
                industry=industry,
                employer=employer,
                job_title=job_title,
                years=user.years_of_experience or 15,
            )

        if slug == "cchl-quebec":
            return [
                (
                    person(
                        "mentor",
                        "CIUSSS de la Capitale-Nationale",
                        "Directeur des soins infirmiers",
                        "Soins hospitaliers",
                    ),
                    Role.MENTOR,
                    Application.Status.ACCEPTED,
                ),
                (
                    person("mentee", "Hôpital Montfort", "Nurse Manager", "Hospital care"),
                    Role.MENTEE,
                    Application.Status.ACCEPTED,
                ),
            ]
        if slug == "ispe-canada":
            return [
                (
                    person(
                        "mentor",
                        "CIUSSS de la Capitale-Nationale",
                        "Chef du département de pharmacie",
                        "Pharmacie hospitalière",
                    ),
                    Role.MENTOR,
                    Application.Status.SUBMITTED,
                ),
                (
                    person("mentee", "Northern Biologics", "Quality Associate", "Quality assurance"),
                    Role.MENTEE,
                    Application.Status.WAITLISTED,
                ),
                (
                    person(
                        "coordinator", "Santé Québec", "Director of Quality Operations", "Quality assurance"
                    ),
                    Role.MENTOR,
                    Application.Status.ACCEPTED,
                ),
            ]
        return []

    def _status_history(self, planned: list, coordinators: dict[str, User]) -> None:
        changes: list[StatusChange] = []
        moments: list[datetime.datetime] = []
        for application, person, program, _topics, _assessment in planned:
            changes.append(
                StatusChange(
                    application=application, from_status="", to_status="submitted", changed_by=person.user
                )
            )
            moments.append(application.submitted_at)
            if application.status != Application.Status.SUBMITTED:
                withdrawn = application.status == Application.Status.WITHDRAWN
                changes.append(
                    StatusChange(
                        application=application,
                        from_status=Application.Status.SUBMITTED,
                        to_status=application.status,
                        changed_by=person.user if withdrawn else coordinators[program.slug],
                        reason=application.decision_reason,
                    )
                )
                moments.append(application.decided_at)
        StatusChange.objects.bulk_create(changes)
        for change, moment in zip(changes, moments, strict=True):
            change.changed_at = moment
        StatusChange.objects.bulk_update(changes, ["changed_at"], batch_size=500)
