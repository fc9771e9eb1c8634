from django.core import mail

from tandem.accounts.models import User
from tandem.applications.screening_services import decide
from tandem.programs.models import Cycle
from tandem.testing.factories import ApplicationFactory


def test_email_subjects_and_bodies_are_plain_text_never_html_escaped(
    cycle: Cycle, coordinator: User, django_capture_on_commit_callbacks
) -> None:
    cycle.program.name_en = "L'Équipe Santé & Co"
    cycle.program.save()
    application = ApplicationFactory(cycle=cycle)
    with django_capture_on_commit_callbacks(execute=True):
        decide(application=application, decision="accepted", reason="", by=coordinator)
    (message,) = mail.outbox
    assert "L'Équipe Santé & Co" in message.subject
    assert "&#x27;" not in message.body
    assert "&amp;" not in message.body
