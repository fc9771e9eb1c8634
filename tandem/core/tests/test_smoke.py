import pytest
from django.db import DatabaseError
from django.test import Client


@pytest.mark.django_db
def test_healthz_answers_200_when_the_database_answers(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "up"}


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_is_down(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.db import connection

    def broken_cursor(*args: object, **kwargs: object) -> None:
        raise DatabaseError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "down"}


@pytest.mark.django_db
@pytest.mark.parametrize(("prefix", "lang"), [("/en/", "en"), ("/fr/", "fr")])
def test_pages_are_served_under_a_language_prefix_with_the_right_lang(
    client: Client, prefix: str, lang: str
) -> None:
    response = client.get(prefix)
    assert response.status_code == 200
    assert f'<html lang="{lang}">' in response.content.decode()
