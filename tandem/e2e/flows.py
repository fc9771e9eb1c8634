"""Steps a person takes in the browser, shared by the end-to-end tests: sign up, verify, sign in, reauthenticate.

Selectors are what a person reads (labels, button names) in each language, so a renamed label fails here
the way it would confuse a person.
"""

import re
from urllib.parse import urlparse

from django.urls import reverse
from django.utils import translation
from playwright.sync_api import Page, expect

from tandem.accounts.models import User
from tandem.e2e.axe import assert_no_axe_violations
from tandem.e2e.conftest import AXE_SCRIPT, MailCollector

NEW_PASSWORD = "a-long-and-unusual-passphrase-42"

# allauth's labels and buttons as a person reads them, per language.
WORDS = {
    "en": {
        "email": "Email:",
        "password": "Password:",
        "password_again": "Password (again):",
        "sign_up": "Sign Up",
        "sign_in": "Sign In",
        "confirm": "Confirm",
    },
    "fr": {
        "email": "Courriel :",
        "password": "Mot de passe :",
        "password_again": "Mot de passe (confirmation) :",
        "sign_up": "Création de compte",
        "sign_in": "Connexion",
        "confirm": "Confirmer",
    },
}


def url(name: str, language: str = "en", **kwargs: object) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def at(name: str, language: str = "en", **kwargs: object) -> re.Pattern[str]:
    """A pattern for expect(page).to_have_url(): the page `name`, ignoring the host and a query string."""
    return re.compile(re.escape(url(name, language, **kwargs)) + r"(\?.*)?$")


def fill_sign_up(page: Page, language: str, email: str, password: str = NEW_PASSWORD) -> None:
    words = WORDS[language]
    page.goto(url("account_signup", language))
    page.get_by_label(words["email"], exact=True).fill(email)
    page.get_by_label(words["password"], exact=True).fill(password)
    page.get_by_label(words["password_again"], exact=True).fill(password)
    page.get_by_role("button", name=words["sign_up"], exact=True).click()


def sign_up_and_verify(page: Page, mailbox: MailCollector, language: str, email: str) -> None:
    """Fill allauth's sign-up form, open the link of the verification email, confirm (a POST, by design)."""
    fill_sign_up(page, language, email)
    expect(page).to_have_url(at("account_email_verification_sent", language))

    link = mailbox.link_in(email, r"/accounts/confirm-email/[^/]+/")
    assert urlparse(link).path.startswith(f"/{language}/"), "the email links to the language of the sign-up"
    assert mailbox.wait_for(email).subject.startswith("[Tandem] ")
    assert not User.objects.get(email=email).emailaddress_set.get().verified

    page.goto(link)
    assert_no_axe_violations(page, AXE_SCRIPT)  # the confirmation page needs a key, so it is checked here
    page.get_by_role("button", name=WORDS[language]["confirm"], exact=True).click()
    # ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION: confirming signs the person in and lands on their journey.
    expect(page).to_have_url(at("applications:journey", language))
    assert User.objects.get(email=email).emailaddress_set.get().verified


def sign_in_with_form(page: Page, language: str, email: str, password: str) -> None:
    words = WORDS[language]
    page.goto(url("account_login", language))
    page.get_by_label(words["email"], exact=True).fill(email)
    page.get_by_label(words["password"], exact=True).fill(password)
    page.get_by_role("button", name=words["sign_in"], exact=True).click()
    expect(page).to_have_url(at("applications:journey", language))


def reauthenticate_if_asked(page: Page, language: str, password: str) -> None:
    """allauth asks for the password again before sensitive pages (e.g. adding an authenticator)."""
    if urlparse(page.url).path != url("account_reauthenticate", language):
        return
    words = WORDS[language]
    page.get_by_label(words["password"], exact=True).fill(password)
    page.get_by_role("button", name=words["confirm"], exact=True).click()
    expect(page).not_to_have_url(at("account_reauthenticate", language))
