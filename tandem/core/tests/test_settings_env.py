import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_choice, env_int, parse_email_url


def test_email_url_for_smtp_with_tls_gives_a_complete_smtp_mailer() -> None:
    mailer = parse_email_url("smtp://mailer%40tandem.org:s3cret@mail.example.org:587?tls=1")
    assert mailer == {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": "mail.example.org",
            "port": 587,
            "username": "mailer@tandem.org",
            "password": "s3cret",
            "use_ssl": False,
            "use_tls": True,
            "timeout": 10,
        },
    }


def test_email_url_with_an_unknown_scheme_is_refused_with_the_accepted_ones_named() -> None:
    with pytest.raises(ImproperlyConfigured, match=r"EMAIL_URL must start with one of console://"):
        parse_email_url("sendmail://localhost")


def test_email_url_with_a_port_that_is_not_a_number_is_refused() -> None:
    with pytest.raises(ImproperlyConfigured, match="port or timeout that is not a number"):
        parse_email_url("smtp://mail.example.org:abc")


def test_boolean_variables_accept_only_known_spellings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TANDEM_FLAG", "yes")
    assert env_bool("TANDEM_FLAG", False) is True
    monkeypatch.setenv("TANDEM_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="TANDEM_FLAG must be one of"):
        env_bool("TANDEM_FLAG", False)


def test_integer_and_choice_variables_name_the_variable_when_wrong(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TANDEM_NUMBER", "ten")
    with pytest.raises(ImproperlyConfigured, match="TANDEM_NUMBER must be a whole number"):
        env_int("TANDEM_NUMBER", 1)
    monkeypatch.setenv("DJANGO_ENV", "staging")
    with pytest.raises(ImproperlyConfigured, match="DJANGO_ENV must be one of development, production"):
        env_choice("DJANGO_ENV", "development", ("development", "production"))
