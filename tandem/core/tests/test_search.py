"""The accent- and case-insensitive fold: Python's `fold()` and the database's `Folded()` agree exactly."""

import string

import pytest
from django.db import connection
from django.db.models import CharField, Value
from django.db.models.lookups import Contains

from tandem.accounts.models import User
from tandem.core.search import FOLD_FROM, LIGATURES, Folded, fold
from tandem.testing.factories import UserFactory

LISTED_CAPITALS = "ÀÂÄÁÃÅÇÉÈÊËÍÌÎÏÑÓÒÔÖÕÚÙÛÜÝŸ"
LISTED_SMALL = "àâäáãåçéèêëíìîïñóòôöõúùûüýÿ"
PLAIN = "aaaaaaceeeeiiiinooooouuuuyy"
COMBINING_ACCENTS = "\u0300\u0301\u0302\u0303\u0308\u030a\u0327"
# Outside the table: left as they are on both sides, whatever the database's locale would do with them.
UNTOUCHED = "ØøŁłЖжΣσĞğ%_\\'\" 0123456789-@.,"


def folded_by_the_database(texts: list[str | None]) -> list[str | None]:
    """Each text folded by the database, all in one query."""
    anchor = UserFactory()
    annotations = {
        f"folded_{index}": Folded(Value(text, output_field=CharField())) for index, text in enumerate(texts)
    }
    row = User.objects.filter(pk=anchor.pk).annotate(**annotations).values(*annotations).get()
    return [row[f"folded_{index}"] for index in range(len(texts))]


def test_every_listed_letter_folds_to_its_plain_small_letter_in_python() -> None:
    assert len(LISTED_CAPITALS) == len(LISTED_SMALL) == len(PLAIN)
    assert fold(LISTED_CAPITALS) == PLAIN
    assert fold(LISTED_SMALL) == PLAIN
    assert fold(string.ascii_uppercase) == string.ascii_lowercase
    assert set(LISTED_CAPITALS + LISTED_SMALL) <= set(FOLD_FROM)


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Émilie", "emilie"),
        ("Hélène", "helene"),
        ("CÔTÉ", "cote"),
        ("François Bélanger-Nuñez", "francois belanger-nunez"),
        ("Müller", "muller"),
        ("João", "joao"),
        ("Lætitia", "laetitia"),
        ("Œuvre cœur", "oeuvre coeur"),
        ("Straße", "strasse"),
        ("E\u0301milie", "emilie"),  # typed decomposed: e + combining acute
        ("c\u0327a", "ca"),
        ("100%_sure", "100%_sure"),
        ("", ""),
    ],
)
def test_fold_lowers_and_strips_accents(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_fold_keeps_none() -> None:
    assert fold(None) is None


@pytest.mark.django_db
def test_the_database_folds_every_character_of_the_table_exactly_like_python() -> None:
    characters = (
        list(FOLD_FROM)
        + list(COMBINING_ACCENTS)
        + list(LIGATURES)
        + list(string.ascii_letters)
        + list(UNTOUCHED)
    )
    texts = [*characters, "".join(characters), "Hélène CÔTÉ-Émilie Lætitia E\u0301mile"]

    assert folded_by_the_database(texts) == [fold(text) for text in texts]


@pytest.mark.django_db
def test_the_database_keeps_null_null() -> None:
    assert folded_by_the_database([None]) == [None]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("word", "found"),
    [
        ("émilie", {"Émilie Tremblay"}),
        ("EMILIE", {"Émilie Tremblay"}),
        ("helene", {"Hélène Côté"}),
        ("cote", {"Hélène Côté"}),
        ("CÔTÉ", {"Hélène Côté"}),
        ("o", {"Hélène Côté", "Zoé O_Neil"}),
        ("_", {"Zoé O_Neil"}),  # a LIKE wildcard typed is looked for as such
        ("%", set()),
        ("o%n", set()),
    ],
)
def test_a_folded_word_is_found_in_a_folded_column(word: str, found: set[str]) -> None:
    for first_name, last_name in [("Émilie", "Tremblay"), ("Hélène", "Côté"), ("Zoé", "O_Neil")]:
        UserFactory(first_name=first_name, last_name=last_name)
    names = User.objects.filter(
        Contains(Folded("last_name"), fold(word)) | Contains(Folded("first_name"), fold(word))
    )
    assert {f"{user.first_name} {user.last_name}" for user in names} == found


@pytest.mark.django_db
def test_sqlite_connections_get_the_fold_function_when_they_open() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("the Python function is registered on SQLite connections only")
    with connection.cursor() as cursor:
        cursor.execute("SELECT tandem_fold(%s), tandem_fold(NULL)", ["Ÿ Ç"])
        assert cursor.fetchone() == ("y c", None)
