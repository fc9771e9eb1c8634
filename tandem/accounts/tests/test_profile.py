import pytest
from django.test import Client
from django.urls import reverse

from tandem.accounts.models import Consent, ConsentPurpose, User
from tandem.testing.factories import UserFactory


def test_anonymous_visitor_is_sent_to_sign_in_from_the_profile(client: Client, db: None) -> None:
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_profile_shows_the_persons_own_data_only(client: Client, mentee: User) -> None:
    other = UserFactory(first_name="Zoé", last_name="Côté", organization="Hôpital Sainte-Justine")
    client.force_login(mentee)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "amira.haddad@example.org" in page
    assert 'value="Haddad"' in page
    assert other.organization not in page


def test_profile_is_private_by_default(db: None) -> None:
    assert UserFactory().profile_visible is False


def test_saving_the_profile_updates_every_field_and_switches_the_language(
    client: Client, mentee: User
) -> None:
    client.force_login(mentee)
    response = client.post(
        reverse("accounts:profile"),
        {
            "first_name": "Amira",
            "last_name": "Haddad",
            "pronouns": "elle",
            "organization": "CISSS de Laval",
            "job_title": "Cheffe de service",
            "region": "QC",
            "languages": ["fr", "ar"],
            "preferred_language": "fr",
            "years_of_experience": "5",
        },
    )
    assert response.status_code == 302
    mentee.refresh_from_db()
    assert (mentee.pronouns, mentee.organization, mentee.job_title) == (
        "elle",
        "CISSS de Laval",
        "Cheffe de service",
    )
    assert mentee.languages == ["fr", "ar"]
    assert mentee.preferred_language == "fr"
    assert mentee.years_of_experience == 5
    assert response.cookies["django_language"].value == "fr"


def test_profile_with_bad_input_shows_errors_keeps_what_was_typed_and_saves_nothing(
    client: Client, mentee: User
) -> None:
    client.force_login(mentee)
    response = client.post(
        reverse("accounts:profile"),
        {
            "first_name": "",
            "last_name": "Haddad-Nouveau",
            "organization": "Organisation tapée",
            "region": "ZZ",
            "languages": [],
            "preferred_language": "fr",
            "years_of_experience": "120",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Please correct the errors below." in page
    assert 'value="Haddad-Nouveau"' in page
    assert 'value="Organisation tapée"' in page
    form_errors = response.context["form"].errors
    assert set(form_errors) == {"first_name", "region", "languages", "years_of_experience"}
    mentee.refresh_from_db()
    assert mentee.last_name == "Haddad"
    assert mentee.preferred_language == "en"


def test_opting_in_to_profile_sharing_records_the_consent_decision(client: Client, mentor: User) -> None:
    client.force_login(mentor)
    data = {
        "first_name": "Nadia",
        "last_name": "Bouchard",
        "region": "QC",
        "languages": ["fr"],
        "preferred_language": "en",
        "profile_visible": "on",
    }
    client.post(reverse("accounts:profile"), data)
    del data["profile_visible"]
    client.post(reverse("accounts:profile"), data)
    decisions = list(
        Consent.objects.filter(user=mentor, purpose=ConsentPurpose.PROFILE_SHARING)
        .order_by("recorded_at", "pk")
        .values_list("granted", "text_version")
    )
    assert decisions == [(True, "1"), (False, "1")]


@pytest.mark.parametrize(("prefix", "language"), [("/en/", "en"), ("/fr/", "fr")])
def test_a_new_account_takes_the_language_it_signed_up_in(
    client: Client, db: None, prefix: str, language: str
) -> None:
    response = client.post(
        f"{prefix}accounts/signup/",
        {
            "email": "nouvelle@example.org",
            "password1": "un-mot-de-passe-solide",
            "password2": "un-mot-de-passe-solide",
        },
    )
    assert response.status_code == 302
    assert User.objects.get(email="nouvelle@example.org").preferred_language == language
