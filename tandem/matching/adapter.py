"""Turn a cycle's accepted applications into an engine instance, and engine ids back into applications.

Engine ids are the people's user ids, on both sides: the engine never pairs a mentee with a mentor of the
same id, which is exactly "never oneself" for a person who applied in both roles.
"""

import unicodedata
from dataclasses import dataclass

from django.db.models import Count, Q

from tandem.applications.models import Application, MeetingFormat, Role
from tandem.matching.engine.model import Instance, Mentee, Mentor, Rules, Weights
from tandem.matching.models import MatchingSettings, PairRule, Proposal
from tandem.programs.models import Cycle
from tandem.relationships.models import Relationship


@dataclass
class LoadedCycle:
    instance: Instance
    mentee_applications: dict[str, Application]
    mentor_applications: dict[str, Application]


def _fold(text: str) -> str:
    """Lower-case without accents, so 'Hélène Côté' is found in 'helene cote'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def _named_in(full_name: str, free_text: str) -> bool:
    return bool(full_name.strip()) and _fold(full_name) in _fold(free_text)


def settings_for(cycle: Cycle) -> MatchingSettings:
    settings, _created = MatchingSettings.objects.get_or_create(program=cycle.program)
    return settings


def weights_and_rules(cycle: Cycle) -> tuple[Weights, Rules]:
    settings = settings_for(cycle)
    weights = Weights(
        topics=settings.weight_topics,
        industry=settings.weight_industry,
        expertise=0,
        region=settings.weight_region,
        seniority=settings.weight_seniority,
        text=settings.weight_text,
        preferred=settings.preferred_bonus,
    )
    rules = Rules(
        min_score=settings.min_score,
        same_employer="forbid" if cycle.program.forbid_same_employer else "allow",
        seniority_min_gap=settings.seniority_min_gap,
        seniority_max_gap=settings.seniority_max_gap,
    )
    return weights, rules


def load_cycle(cycle: Cycle) -> LoadedCycle:
    """Accepted mentees without a mentor yet, accepted mentors with room left, and the cycle's rules.

    Hard rules drawn from the data: the program's same-employer and reporting-line rules (a manager's
    email that is the other's account email), people named in either side's "people to avoid", pairs
    that already ended in any cycle, coordinators' locks and blocks, and pairs one side found not a fit.
    """
    accepted = (
        Application.objects.filter(cycle=cycle, status=Application.Status.ACCEPTED)
        .select_related("user", "preferred_mentor")
        .prefetch_related("topics")
    )
    holding = Q(proposals_as_mentee__status__in=Proposal.HOLDING_STATUSES)
    mentee_apps = list(
        accepted.filter(role=Role.MENTEE)
        .annotate(holding=Count("proposals_as_mentee", filter=holding))
        .filter(holding=0)
    )
    load = Count("proposals_as_mentor", filter=Q(proposals_as_mentor__status__in=Proposal.LOAD_STATUSES))
    mentor_apps = [
        app for app in accepted.filter(role=Role.MENTOR).annotate(load=load) if (app.capacity or 0) > app.load
    ]

    people = [app.user for app in (*mentee_apps, *mentor_apps)]
    by_email = {user.email.lower(): str(user.pk) for user in people}
    mentor_ids = {str(app.user_id) for app in mentor_apps}
    mentee_ids = {str(app.user_id) for app in mentee_apps}

    def avoided(app: Application, others: list[Application]) -> tuple[str, ...]:
        if not app.people_to_avoid:
            return ()
        return tuple(str(o.user_id) for o in others if _named_in(o.user.get_full_name(), app.people_to_avoid))

    def reports_to(app: Application, other_ids: set[str]) -> tuple[str, ...]:
        if not cycle.program.forbid_reporting_line or not app.manager_email:
            return ()
        manager = by_email.get(app.manager_email.lower())
        return (manager,) if manager in other_ids else ()

    mentees = [
        Mentee(
            id=str(app.user_id),
            topics=tuple(str(t.pk) for t in app.topics.all()),
            industry=app.industry.strip().casefold() or None,
            region=app.region or None,
            languages=tuple(app.languages),
            years_experience=app.years_of_experience,
            employer=app.employer.strip().casefold() or None,
            text="\n".join(filter(None, [app.objectives, app.motivation, app.context_of_practice])),
            avoid=avoided(app, mentor_apps),
            preferred=(str(app.preferred_mentor.user_id),) if app.preferred_mentor_id else (),
            reports_to=reports_to(app, mentor_ids),
            virtual=app.meeting_format != MeetingFormat.IN_PERSON,
        )
        for app in mentee_apps
    ]
    mentors = [
        Mentor(
            id=str(app.user_id),
            capacity=(app.capacity or 0) - app.load,
            topics=tuple(str(t.pk) for t in app.topics.all()),
            industry=app.industry.strip().casefold() or None,
            region=app.region or None,
            languages=tuple(app.languages),
            years_experience=app.years_of_experience,
            employer=app.employer.strip().casefold() or None,
            text="\n".join(filter(None, [app.expertise, app.context_of_practice, app.motivation])),
            avoid=avoided(app, mentee_apps),
            reports_to=reports_to(app, mentee_ids),
            virtual=app.meeting_format != MeetingFormat.IN_PERSON,
        )
        for app in mentor_apps
    ]

    def user_pair(mentee_app_user: int, mentor_app_user: int) -> tuple[str, str]:
        return str(mentee_app_user), str(mentor_app_user)

    rules = PairRule.objects.filter(cycle=cycle).values_list("kind", "mentee__user_id", "mentor__user_id")
    locked = [user_pair(e, r) for kind, e, r in rules if kind == PairRule.Kind.LOCK]
    blocked = [user_pair(e, r) for kind, e, r in rules if kind == PairRule.Kind.BLOCK]
    blocked += [
        user_pair(e, r)
        for e, r in Proposal.objects.filter(cycle=cycle, status=Proposal.Status.NOT_A_FIT).values_list(
            "mentee__user_id", "mentor__user_id"
        )
    ]
    ended = [
        user_pair(e, r)
        for e, r in Relationship.objects.filter(
            status__in=Relationship.ENDED_STATUSES,
            mentee__user_id__in=[int(i) for i in mentee_ids],
            mentor__user_id__in=[int(i) for i in mentor_ids],
        ).values_list("mentee__user_id", "mentor__user_id")
    ]
    # A lock on someone who is no longer in the pool (already holding a mentor, mentor full) is moot.
    locked = [(e, r) for e, r in locked if e in mentee_ids and r in mentor_ids]
    weights, program_rules = weights_and_rules(cycle)
    instance = Instance(
        mentors=mentors,
        mentees=mentees,
        weights=weights,
        rules=program_rules,
        locked=locked,
        blocked=sorted(set(blocked)),
        ended=sorted(set(ended)),
    )
    return LoadedCycle(
        instance=instance,
        mentee_applications={str(app.user_id): app for app in mentee_apps},
        mentor_applications={str(app.user_id): app for app in mentor_apps},
    )
