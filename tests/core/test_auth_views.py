import pytest
from django.test import Client, override_settings
from django.urls import reverse

from tests.factories import PASSWORD

LOGIN = reverse("login")


@pytest.mark.django_db
class TestSignIn:
    def test_an_officer_signs_in_and_lands_on_their_strategies(self, officer):
        client = Client()

        response = client.post(LOGIN, {"username": officer.username, "password": PASSWORD})

        assert response.status_code == 302
        assert response["Location"] == reverse("strategies:manage_list")

    def test_a_wrong_password_is_refused_and_the_user_name_kept(self, officer):
        response = Client().post(LOGIN, {"username": officer.username, "password": "not-the-password"})

        assert response.status_code == 200
        assert "Please enter a correct username and password" in response.text
        assert f'value="{officer.username}"' in response.text

    @override_settings(LOGIN_RATE="3/m")
    def test_repeated_attempts_on_one_user_name_are_throttled(self, officer):
        client = Client()
        for _ in range(3):
            client.post(LOGIN, {"username": officer.username, "password": "guess"})

        response = client.post(LOGIN, {"username": officer.username, "password": PASSWORD})

        assert response.status_code == 429
        assert "Too many attempts" in response.text
        assert "_auth_user_id" not in client.session

    @override_settings(LOGIN_RATE="3/m")
    def test_throttling_one_user_name_leaves_others_alone_from_elsewhere(self, officer, board_admin):
        for _ in range(3):
            Client(REMOTE_ADDR="10.0.0.1").post(LOGIN, {"username": officer.username, "password": "guess"})

        response = Client(REMOTE_ADDR="10.0.0.2").post(
            LOGIN, {"username": board_admin.username, "password": PASSWORD}
        )

        assert response.status_code == 302


@pytest.mark.django_db
class TestSignOut:
    def test_signing_out_needs_a_post(self, officer_client):
        assert officer_client.get(reverse("logout")).status_code == 405

    def test_signing_out_ends_the_session_and_says_so(self, officer_client):
        response = officer_client.post(reverse("logout"), follow=True)

        assert "You have signed out." in response.text
        assert "_auth_user_id" not in officer_client.session
