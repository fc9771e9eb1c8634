import factory

from tandem.applications.models import Application, Role
from tandem.matching.models import Proposal
from tandem.testing.factories import ApplicationFactory, CycleFactory


class AcceptedMentorFactory(ApplicationFactory):
    role = Role.MENTOR
    status = Application.Status.ACCEPTED
    capacity = 1
    years_of_experience = 20
    expertise = "Leading change in hospitals; budgets; unions."


class AcceptedMenteeFactory(ApplicationFactory):
    role = Role.MENTEE
    status = Application.Status.ACCEPTED


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    cycle = factory.SubFactory(CycleFactory)
    mentee = factory.LazyAttribute(lambda o: AcceptedMenteeFactory(cycle=o.cycle))
    mentor = factory.LazyAttribute(lambda o: AcceptedMentorFactory(cycle=o.cycle))
    score = 72
    reasons = factory.LazyFunction(lambda: [{"code": "same_region", "params": {"region": "QC"}}])
