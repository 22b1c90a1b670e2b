from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessLog
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.urls import reverse

from core.signin import client_address
from tests.factories import PASSWORD

LOGIN, ADMIN_LOGIN = reverse("login"), reverse("admin:login")
OFFICE, ELSEWHERE = "198.51.100.7", "203.0.113.9"


def sign_in(username: str, password: str = PASSWORD, *, address: str = OFFICE, url: str = LOGIN):
    """A fresh browser at `address` posts the form once: (the client, the response)."""
    client = Client(REMOTE_ADDR=address)
    return client, client.post(url, {"username": username, "password": password})


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.django_db
class TestSignIn:
    def test_an_officer_signs_in_and_lands_on_their_strategies(self, officer):
        _, response = sign_in(officer.username)

        assert response.status_code == 302
        assert response["Location"] == reverse("strategies:manage_list")

    def test_a_wrong_password_is_refused_and_the_user_name_kept(self, officer):
        _, response = sign_in(officer.username, "not-the-password")

        assert response.status_code == 200
        assert "Enter a correct username and password" in response.text
        assert "Please enter" not in response.text and "case-sensitive" not in response.text
        assert f'value="{officer.username}"' in response.text

    def test_empty_fields_are_asked_for_in_plain_words(self):
        response = Client().post(reverse("login"), {"username": "", "password": ""})

        assert "Enter your username" in response.text and "Enter your password" in response.text
        assert "This field is required" not in response.text


@pytest.mark.django_db
class TestSignInThrottling:
    """Failures only, per user name and per address, each against its own limit, on every login form."""

    @pytest.fixture(autouse=True)
    def limits(self, settings):
        settings.SIGN_IN_FAILURE_LIMITS = {"username": 3, "ip_address": 5}

    def test_successful_sign_ins_do_not_count(self, officer):
        clients = [sign_in(officer.username)[0] for _ in range(12)]

        assert all(signed_in(client) for client in clients)
        assert not AccessAttempt.objects.exists()

    def test_successful_sign_ins_leave_no_record_of_the_address(self, officer):
        client, _ = sign_in(officer.username)
        client.post(reverse("logout"))

        assert not AccessLog.objects.exists()

    def test_failures_on_one_user_name_lock_it_out_from_any_address(self, officer):
        for address in ("192.0.2.1", "192.0.2.2", "192.0.2.3"):
            sign_in(officer.username, "guess", address=address)

        client, response = sign_in(officer.username, address=ELSEWHERE)

        assert response.status_code == 429
        assert not signed_in(client)

    def test_the_lock_out_page_says_when_to_try_again_and_who_to_ask(self, officer, settings):
        settings.AXES_COOLOFF_TIME = timedelta(minutes=15)
        for _ in range(3):
            sign_in(officer.username, "guess")

        _, response = sign_in(officer.username)

        assert response.status_code == 429
        assert response["Retry-After"] == "900"
        assert "You cannot sign in at the moment" in response.text
        assert "Wait 15 minutes, then try again" in response.text
        assert "contact the portal's site administrator" in response.text

    def test_one_locked_user_name_leaves_other_people_in_the_office_alone(self, officer, board_admin):
        for _ in range(3):
            sign_in(officer.username, "guess", address=OFFICE)

        client, response = sign_in(board_admin.username, address=OFFICE)

        assert response.status_code == 302
        assert signed_in(client)

    def test_failures_from_one_address_lock_it_out_for_every_name(self, board_admin):
        for name in ("ann", "bob", "cat", "dan", "eve"):
            sign_in(name, "guess", address=OFFICE)

        _, from_the_office = sign_in(board_admin.username, address=OFFICE)
        _, from_elsewhere = sign_in(board_admin.username, address=ELSEWHERE)

        assert from_the_office.status_code == 429
        assert from_elsewhere.status_code == 302

    def test_a_success_clears_that_user_names_failures(self, officer):
        for _ in range(2):
            sign_in(officer.username, "guess")
        sign_in(officer.username)
        for _ in range(2):
            sign_in(officer.username, "guess")

        client, _ = sign_in(officer.username)

        assert signed_in(client)

    def test_a_success_leaves_the_failures_of_other_names_from_the_same_address(self, officer, board_admin):
        for name in ("ann", "bob", "cat", "dan"):
            sign_in(name, "guess", address=OFFICE)
        sign_in(officer.username, address=OFFICE)  # Their own account: it must not wipe the guesses.

        sign_in("eve", "guess", address=OFFICE)
        _, response = sign_in(board_admin.username, address=OFFICE)

        assert response.status_code == 429

    def test_the_admin_login_is_throttled_too(self, site_admin):
        for _ in range(3):
            sign_in(site_admin.username, "guess", url=ADMIN_LOGIN)

        client, response = sign_in(site_admin.username, url=ADMIN_LOGIN)

        assert response.status_code == 429
        assert not signed_in(client)

    def test_failures_on_one_form_count_on_the_other(self, site_admin):
        for url in (LOGIN, ADMIN_LOGIN, LOGIN):
            sign_in(site_admin.username, "guess", url=url)

        _, response = sign_in(site_admin.username, url=ADMIN_LOGIN)

        assert response.status_code == 429

    def test_attempts_while_locked_out_are_refused_without_counting(self, officer):
        for _ in range(3):
            sign_in(officer.username, "guess")

        for _ in range(4):
            sign_in(officer.username, "guess")

        assert AccessAttempt.objects.get(username=officer.username).failures_since_start == 3

    def test_the_lock_out_ends_after_the_cool_off(self, officer, settings):
        settings.AXES_COOLOFF_TIME = timedelta(minutes=15)
        for _ in range(3):
            sign_in(officer.username, "guess")
        last = AccessAttempt.objects.get(username=officer.username).attempt_time
        AccessAttempt.objects.update(attempt_time=last - timedelta(minutes=16))

        client, _ = sign_in(officer.username)

        assert signed_in(client)

    def test_an_administrator_unlocks_a_user_name_with_the_management_command(self, officer):
        for _ in range(3):
            sign_in(officer.username, "guess")

        call_command("axes_reset_username", officer.username)
        client, _ = sign_in(officer.username)

        assert signed_in(client)

    def test_a_site_administrator_unlocks_a_user_name_in_the_admin(self, officer, site_admin_client):
        for _ in range(3):
            sign_in(officer.username, "guess")
        attempts = AccessAttempt.objects.filter(username=officer.username)

        site_admin_client.post(
            reverse("admin:axes_accessattempt_changelist"),
            {"action": "delete_selected", "_selected_action": [a.pk for a in attempts], "post": "yes"},
        )
        client, _ = sign_in(officer.username)

        assert signed_in(client)


class TestClientAddress:
    def test_is_the_peer_unless_behind_a_proxy(self, settings):
        settings.BEHIND_PROXY = False
        request = RequestFactory().post(LOGIN, REMOTE_ADDR=OFFICE, HTTP_X_FORWARDED_FOR="192.0.2.99")

        assert client_address(request) == OFFICE

    def test_behind_the_proxy_is_the_address_it_added_not_one_the_client_sent(self, settings):
        settings.BEHIND_PROXY = True
        request = RequestFactory().post(
            LOGIN, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=f"192.0.2.99, {OFFICE}"
        )

        assert client_address(request) == OFFICE

    def test_behind_the_proxy_without_the_header_is_the_peer(self, settings):
        settings.BEHIND_PROXY = True
        request = RequestFactory().post(LOGIN, REMOTE_ADDR="10.0.0.2")

        assert client_address(request) == "10.0.0.2"


@pytest.mark.django_db
class TestSignOut:
    def test_signing_out_needs_a_post(self, officer_client):
        assert officer_client.get(reverse("logout")).status_code == 405

    def test_signing_out_ends_the_session_and_says_so(self, officer_client):
        response = officer_client.post(reverse("logout"), follow=True)

        assert "You have signed out." in response.text
        assert "_auth_user_id" not in officer_client.session
