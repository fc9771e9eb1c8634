"""The Django admin shows applications with their status history, which nobody edits there."""

import pytest
from django.test import Client
from django.urls import reverse

from tandem.accounts.models import User
from tandem.applications.models import Application, StatusChange
from tandem.testing.factories import ApplicationFactory, SelfAssessmentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(db: None) -> User:
    return UserFactory(email="root@example.org", is_staff=True, is_superuser=True)


def test_admin_lists_and_shows_applications_with_their_history(client: Client, superuser: User) -> None:
    application = ApplicationFactory()
    StatusChange.objects.create(application=application, from_status="", to_status="submitted")
    SelfAssessmentFactory()
    client.force_login(superuser)
    for name in ("application", "selfassessment", "statuschange"):
        assert client.get(reverse(f"admin:applications_{name}_changelist")).status_code == 200
    page = client.get(reverse("admin:applications_application_change", args=[application.pk]))
    assert page.status_code == 200
    assert "Status changes" in page.content.decode()


def test_status_history_cannot_be_added_or_changed_in_the_admin(client: Client, superuser: User) -> None:
    change = StatusChange.objects.create(
        application=ApplicationFactory(), from_status="", to_status="submitted"
    )
    client.force_login(superuser)
    assert client.get(reverse("admin:applications_statuschange_add")).status_code == 403
    client.post(
        reverse("admin:applications_statuschange_change", args=[change.pk]), {"to_status": "accepted"}
    )
    change.refresh_from_db()
    assert change.to_status == "submitted"
    assert Application.objects.count() == 1
