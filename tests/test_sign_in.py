"""Accounts bound to the identity provider's issuer and subject: e-mail matching only for the first
binding and only when the provider has verified the address; every refusal a sentence."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from streamlit.testing.v1 import AppTest

from dashboard.access.auth import COMMAND_LINE
from dashboard.access.users import Identity, add_user, list_users, set_active, sign_in, unbind
from dashboard.cli import main
from dashboard.enums import Role
from dashboard.errors import InvalidInput, PermissionDenied
from dashboard.store.db import session_scope
from dashboard.store.models import AuditEntry, User
from dashboard.ui.identity import auth_problem
from tests.apptest import APP, ISSUER, TIMEOUT, texts

EMAIL = "anna.berg@example.eu"


def _identity(subject="s-anna", email=EMAIL, verified=True, issuer=ISSUER) -> Identity:
    return Identity(issuer, subject, email, verified)


@pytest.fixture
def registered(engine):
    with session_scope(engine) as s:
        add_user(s, COMMAND_LINE, EMAIL, "Anna Berg", Role.EXPERT)
    return engine


def _sign_in(engine, identity: Identity):
    with session_scope(engine) as s:
        return sign_in(s, identity)


def _binding(engine, email=EMAIL) -> tuple[str | None, str | None]:
    with session_scope(engine) as s:
        row = s.scalar(select(User).where(User.email == email))
        return row.oidc_issuer, row.oidc_subject


def test_the_first_verified_sign_in_binds_the_account_and_is_audited(registered):
    outcome = _sign_in(registered, _identity())
    assert outcome.user is not None and outcome.user.email == EMAIL and outcome.user.role is Role.EXPERT
    assert _binding(registered) == (ISSUER, "s-anna")
    with session_scope(registered) as s:
        entry = s.scalar(select(AuditEntry).where(AuditEntry.action == "bind_identity"))
        assert entry.entity_key == EMAIL and "s-anna" in entry.new_value


def test_a_bound_account_is_found_by_issuer_and_subject_whatever_the_e_mail_says(registered):
    _sign_in(registered, _identity())
    renamed = _sign_in(registered, _identity(email="anna.berg-new@example.eu", verified=False))
    assert renamed.user is not None and renamed.user.email == EMAIL


def test_another_person_with_the_same_e_mail_cannot_take_a_bound_account(registered):
    _sign_in(registered, _identity())
    other = _sign_in(registered, _identity(subject="s-mallory"))
    assert other.user is None
    assert other.refusal == (
        f"The account {EMAIL} is already linked to another sign-in. "
        "Ask the secretariat to check your account."
    )
    elsewhere = _sign_in(registered, _identity(issuer="https://other-idp.example.org"))
    assert elsewhere.user is None and "already linked to another sign-in" in elsewhere.refusal
    assert _binding(registered) == (ISSUER, "s-anna")


@pytest.mark.parametrize("verified", [False, None, "false", ""])
def test_an_unverified_e_mail_never_binds(registered, verified):
    claims = {"iss": ISSUER, "sub": "s-anna", "email": EMAIL}
    if verified is not None:
        claims["email_verified"] = verified
    outcome = _sign_in(registered, Identity.from_claims(claims))
    assert outcome.user is None
    assert outcome.refusal == (
        f"Your identity provider has not verified the e-mail address {EMAIL}, so it cannot be matched "
        "to a registered account. Ask the secretariat to check your account."
    )
    assert _binding(registered) == (None, None)


def test_claims_are_read_as_providers_send_them():
    claims = {"iss": ISSUER, "sub": "s-anna", "email": " Anna.Berg@Example.EU ", "email_verified": "true"}
    assert Identity.from_claims(claims) == Identity(ISSUER, "s-anna", EMAIL, True)
    assert Identity.from_claims({"sub": "x"}, fallback_issuer="provider:default").issuer == "provider:default"


def test_an_unregistered_person_is_told_to_ask_the_secretariat(registered):
    outcome = _sign_in(registered, _identity(subject="s-x", email="stranger@example.org"))
    assert outcome.user is None
    assert outcome.refusal == (
        "stranger@example.org is not registered for this dashboard. Ask the secretariat to add you."
    )


def test_a_deactivated_account_is_refused_bound_or_not(registered):
    with session_scope(registered) as s:
        set_active(s, COMMAND_LINE, EMAIL, False)
    unbound = _sign_in(registered, _identity())
    assert unbound.user is None and unbound.refusal.startswith(f"The account {EMAIL} has been deactivated")
    assert _binding(registered) == (None, None)  # a deactivated account is not bound either
    with session_scope(registered) as s:
        set_active(s, COMMAND_LINE, EMAIL, True)
    assert _sign_in(registered, _identity()).user is not None
    with session_scope(registered) as s:
        set_active(s, COMMAND_LINE, EMAIL, False)
    bound = _sign_in(registered, _identity())
    assert bound.user is None and "has been deactivated. Ask the secretariat" in bound.refusal


@pytest.mark.parametrize(
    ("identity", "refusal"),
    [
        (Identity(ISSUER, "", EMAIL, True), "The identity provider did not say who you are."),
        (Identity("", "s-anna", EMAIL, True), "The identity provider did not say who you are."),
        (Identity(ISSUER, "s" * 300, EMAIL, True), "The identity provider's account id is too long"),
    ],
)
def test_a_token_without_a_usable_subject_is_refused_in_words(registered, identity, refusal):
    outcome = _sign_in(registered, identity)
    assert outcome.user is None and outcome.refusal.startswith(refusal)


def test_the_secretariat_unlinks_an_account_so_the_next_verified_sign_in_binds_it_again(registered):
    _sign_in(registered, _identity())
    with session_scope(registered) as s:
        expert = _sign_in(registered, _identity()).user
        with pytest.raises(PermissionDenied):
            unbind(s, expert, EMAIL)
    with session_scope(registered) as s:
        assert list_users(s, COMMAND_LINE).set_index("E-mail").loc[EMAIL, "Sign-in linked"]
        assert unbind(s, COMMAND_LINE, EMAIL)
        with pytest.raises(InvalidInput, match="is not linked to a sign-in yet"):
            unbind(s, COMMAND_LINE, EMAIL)
    assert not _binding(registered)[1]
    assert _sign_in(registered, _identity(subject="s-anna-2")).user is not None
    assert _binding(registered) == (ISSUER, "s-anna-2")


def test_the_database_refuses_two_accounts_bound_to_one_identity(registered):
    with session_scope(registered) as s:
        add_user(s, COMMAND_LINE, "second@example.eu", "Second", Role.VIEWER)
    _sign_in(registered, _identity())
    with pytest.raises(IntegrityError), session_scope(registered) as s:
        row = s.scalar(select(User).where(User.email == "second@example.eu"))
        row.oidc_issuer, row.oidc_subject = ISSUER, "s-anna"
        s.flush()


def test_users_unbind_on_the_command_line(registered, db_url, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", db_url)
    _sign_in(registered, _identity())
    assert main(["users", "unbind", EMAIL]) == 0
    assert "anna.berg@example.eu is unlinked" in capsys.readouterr().out
    assert main(["users", "unbind", EMAIL]) == 2
    assert "is not linked to a sign-in yet" in capsys.readouterr().err


GOOD_AUTH = {
    "redirect_uri": "https://dashboard.example.eu/oauth2callback",
    "cookie_secret": "k" * 48,
    "client_id": "dashboard",
    "client_secret": "secret",
    "server_metadata_url": "https://idp.example.eu/.well-known/openid-configuration",
}


@pytest.mark.parametrize(
    ("auth", "problem"),
    [
        (GOOD_AUTH, ""),
        (
            {k: v for k, v in GOOD_AUTH.items() if k != "cookie_secret"},
            "`[auth]` lacks `cookie_secret`",
        ),
        (
            GOOD_AUTH | {"cookie_secret": "short"},
            "`[auth] cookie_secret` is shorter than 32 characters; use a long random string, the same "
            "on every replica",
        ),
        (
            {
                "redirect_uri": GOOD_AUTH["redirect_uri"],
                "cookie_secret": "k" * 40,
                "eulogin": {"client_id": "x"},
            },
            "`[auth]` lacks `client_secret`, `server_metadata_url`",
        ),
        (
            {
                "redirect_uri": GOOD_AUTH["redirect_uri"],
                "cookie_secret": "k" * 40,
                "eulogin": {k: GOOD_AUTH[k] for k in ("client_id", "client_secret", "server_metadata_url")},
            },
            "",
        ),
    ],
    ids=["complete", "no-cookie-secret", "short-cookie-secret", "provider-incomplete", "named-provider"],
)
def test_sign_in_settings_are_checked_in_words(auth, problem):
    assert auth_problem(auth) == problem


def test_a_server_without_a_cookie_secret_says_so_instead_of_offering_sign_in(app, monkeypatch):
    monkeypatch.delenv("DASHBOARD_DEMO")
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.secrets["auth"] = {k: v for k, v in GOOD_AUTH.items() if k != "cookie_secret"}
    at.run()
    assert "Sign-in is misconfigured: `[auth]` lacks `cookie_secret` (README, 'Sign-in')." in texts(at)
    assert not [b for b in at.button if b.label == "Sign in"]
