"""Managing a board: the pages (boards/views/board_admin.py), with and without htmx."""

import datetime
import html
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from boards.models import BoardRole, Membership
from boards.services import board_admin as services
from boards.services import board_people as people
from core.formtokens import new_token
from core.models import AuditEntry
from tests.factories import BoardRoleFactory, MembershipFactory, OrganisationFactory, UserFactory
from tests.strategies.helpers import pdf_bytes

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def url(name, board, *args):
    return reverse(f"boards:{name}", args=[board.slug, *args])


def text(response) -> str:
    """The page's HTML with entities decoded and whitespace collapsed."""
    return re.sub(r"\s+", " ", html.unescape(response.content.decode()))


@pytest.fixture
def council(board):
    organisation = OrganisationFactory(name="Thurrock Council")
    board.organisations.add(organisation)
    return organisation


class TestManagePage:
    def test_lists_the_boards_set_up(self, board, council, board_admin, officer, board_admin_client):
        today = timezone.localdate()
        MembershipFactory(board=board, organisation=council, name="Cllr Chair", role="chair", user=None)
        MembershipFactory(board=board, organisation=council, name="Future Member", future=True, user=None)
        MembershipFactory(board=board, organisation=council, name="Past Member", ended=True, user=None)
        MembershipFactory(
            board=board,
            organisation=council,
            name="Leaving Soon",
            ends_on=today + datetime.timedelta(10),
            user=None,
        )

        page = text(board_admin_client.get(url("manage", board)))

        assert (
            "Cllr Chair" in page
            and "Members whose term has not started" in page
            and "Past members (1)" in page
        )
        assert "Leaving Soon’s term as voting member ends on" in page and "in 10 days" in page
        assert "Thurrock Council" in page and "3 current or future members" in page
        assert officer.email in page and "Edits strategies, consultations and meetings" in page
        assert "The terms of reference have not been uploaded." in page

    @pytest.mark.parametrize(
        "client", ["officer_client", "board_member_client", "other_officer_client", "resident_client"]
    )
    def test_is_only_for_the_boards_administrators(self, request, board, client):
        response = request.getfixturevalue(client).get(url("manage", board))

        assert response.status_code in (302, 404)
        assert response.status_code == 404 or "/accounts/login/" in response["Location"]

    def test_another_boards_administrator_gets_a_404(self, board, other_board):
        client = Client()
        client.force_login(BoardRoleFactory(board=other_board, administrator=True).user)

        assert client.get(url("manage", board)).status_code == 404

    @pytest.mark.parametrize("size", [2, 20])
    def test_queries_do_not_grow_with_the_board(
        self, board, board_admin, board_admin_client, size, django_assert_max_num_queries
    ):
        organisations = OrganisationFactory.create_batch(size)
        board.organisations.add(*organisations)
        OrganisationFactory.create_batch(size)  # Not the board's: offered in the list to add.
        for n in range(size):
            MembershipFactory(board=board, organisation=organisations[n], ended=n % 3 == 0)
            BoardRoleFactory(board=board)

        # 4 for the session, the user and their roles; the board, its memberships, its roles, its
        # organisations (with their seats), and the others: whether there are any, and the list (read
        # twice by Django's Select, which looks at the first choice to decide on `required`).
        with django_assert_max_num_queries(11):
            assert board_admin_client.get(url("manage", board)).status_code == 200
        with django_assert_max_num_queries(5):
            assert board_admin_client.get(reverse("boards:manage_list")).status_code == 200

    def test_the_navigation_offers_it_to_administrators_only(self, board, board_admin_client, officer_client):
        assert ">Boards<" in text(board_admin_client.get(reverse("boards:manage_list"))).replace(" ", "")
        assert "Boards" not in text(officer_client.get(reverse("strategies:manage_list"))).split("<main")[0]
        assert officer_client.get(reverse("boards:manage_list")).status_code == 404

    def test_the_list_counts_terms_ending_soon(self, board, council, board_admin_client):
        MembershipFactory(
            board=board, organisation=council, ends_on=timezone.localdate() + datetime.timedelta(5)
        )

        page = text(board_admin_client.get(reverse("boards:manage_list")))

        assert board.name in page and "1 term ends within 60 days" in page


class TestDetails:
    def test_saves_and_goes_back(self, board, board_admin_client):
        response = board_admin_client.post(
            url("details_edit", board),
            {
                "contact_email": "hwb@thurrock.gov.uk",
                "description": "We meet **quarterly**.",
                "quorum": "5",
                "version": "1",
            },
        )

        assert response.status_code == 302 and response["Location"].endswith("#details")
        board.refresh_from_db()
        assert (board.quorum, board.contact_email) == (5, "hwb@thurrock.gov.uk")
        assert "<strong>quarterly</strong>" in text(Client().get(board.get_absolute_url()))

    def test_an_error_is_shown_beside_the_field_and_what_was_typed_is_kept(self, board, board_admin_client):
        response = board_admin_client.post(
            url("details_edit", board),
            {
                "contact_email": "not an address",
                "description": "Kept text",
                "quorum": "three",
                "version": "1",
            },
        )

        page = text(response)
        assert response.status_code == 200 and "<title>Error:" in page
        assert 'id="id_quorum_error"' in page and "Enter the quorum as a whole number, like 3" in page
        assert "Enter an email address in the correct format" in page
        assert "Kept text" in page and 'value="three"' in page
        board.refresh_from_db()
        assert board.quorum == 3

    def test_a_stale_form_shows_what_was_saved_meanwhile(self, board, board_admin_client, site_admin):
        services.board_update(board=board, by=site_admin, version=1, quorum=4)

        response = board_admin_client.post(url("details_edit", board), {"quorum": "7", "version": "1"})

        page = text(response)
        assert "Someone else saved this board's details while you were editing it" in page
        board.refresh_from_db()
        assert board.quorum == 4


class TestOrganisations:
    def test_adds_one_without_javascript(self, board, board_admin_client):
        healthwatch = OrganisationFactory(name="Healthwatch Thurrock")

        response = board_admin_client.post(
            url("organisation_add", board), {"organisation": healthwatch.pk}, follow=True
        )

        assert response.redirect_chain[-1][0].endswith("#organisations")
        assert "Added Healthwatch Thurrock to the board's organisations." in text(response)
        assert list(board.organisations.all()) == [healthwatch]

    def test_adds_one_with_htmx_and_answers_with_the_section(self, board, board_admin_client):
        healthwatch = OrganisationFactory(name="Healthwatch Thurrock")

        response = board_admin_client.post(
            url("organisation_add", board), {"organisation": healthwatch.pk}, headers=HTMX
        )

        page = text(response)
        assert response.status_code == 200
        assert page.lstrip().startswith('<div id="organisations">')
        assert "Healthwatch Thurrock" in page and "<h1" not in page
        # The success banner comes out of band (core.middleware).
        assert 'id="notifications" hx-swap-oob="innerHTML"' in page and "Added Healthwatch Thurrock" in page

    def test_a_removal_refused_says_why_in_the_section(self, board, council, board_admin_client):
        MembershipFactory(board=board, organisation=council, name="Cllr Pat Jones")

        response = board_admin_client.post(url("organisation_remove", board, council.pk), headers=HTMX)

        page = text(response)
        assert 'id="organisations-error"' in page
        assert "Thurrock Council cannot be removed: Cllr Pat Jones sits on the board for it." in page
        assert "There is a problem: Thurrock Council cannot be removed" in page  # Announced.
        assert list(board.organisations.all()) == [council]

    def test_a_removal_refused_without_javascript_comes_back_with_the_page(
        self, board, council, board_admin_client
    ):
        MembershipFactory(board=board, organisation=council, name="Cllr Pat Jones")

        response = board_admin_client.post(url("organisation_remove", board, council.pk))

        page = text(response)
        assert response.status_code == 200 and "<title>Error:" in page
        assert 'href="#organisations-error"' in page and 'class="govuk-error-summary"' in page

    def test_removes_one_with_htmx(self, board, council, board_admin_client):
        response = board_admin_client.post(url("organisation_remove", board, council.pk), headers=HTMX)

        assert "Removed Thurrock Council" in text(response)
        assert not board.organisations.exists()

    def test_creates_a_new_one(self, board, board_admin_client):
        data = {
            "form_token": new_token(),
            "name": "Essex Police",
            "kind": "police",
            "website": "essex.police.uk",
        }

        response = board_admin_client.post(url("organisation_create", board), data)
        again = board_admin_client.post(url("organisation_create", board), data)

        assert response.status_code == again.status_code == 302
        [organisation] = board.organisations.all()
        assert (organisation.name, organisation.website) == ("Essex Police", "https://essex.police.uk")

    def test_a_name_already_known_is_refused_beside_the_name(self, board, board_admin_client):
        OrganisationFactory(name="Essex Police")

        response = board_admin_client.post(
            url("organisation_create", board),
            {"form_token": new_token(), "name": "essex police", "kind": "police"},
        )

        page = text(response)
        assert 'id="id_name_error"' in page and "is already in the portal" in page
        assert 'value="essex police"' in page


class TestMemberships:
    def form(self, council, **overrides):
        data = {
            "form_token": new_token(),
            "name": "Councillor Pat Jones",
            "job_title": "Leader of the Council",
            "organisation": council.pk,
            "role": "chair",
            "on_behalf_of": "",
            "starts_on_day": "20",
            "starts_on_month": "5",
            "starts_on_year": "2024",
            "ends_on_day": "",
            "ends_on_month": "",
            "ends_on_year": "",
            "account_email": "",
        }
        return data | overrides

    def test_adds_a_member(self, board, council, board_admin_client):
        response = board_admin_client.post(url("membership_add", board), self.form(council), follow=True)

        [membership] = Membership.objects.filter(board=board, name="Councillor Pat Jones")
        assert (membership.role, membership.starts_on, membership.ends_on) == (
            "chair",
            datetime.date(2024, 5, 20),
            None,
        )
        assert "Added Councillor Pat Jones as chair." in text(response)

    def test_the_same_form_sent_twice_adds_one(self, board, council, board_admin_client):
        data = self.form(council)

        board_admin_client.post(url("membership_add", board), data)
        board_admin_client.post(url("membership_add", board), data)

        assert Membership.objects.filter(board=board, name="Councillor Pat Jones").count() == 1

    def test_an_end_before_the_start_is_refused_beside_the_end_with_the_form_kept(
        self, board, council, board_admin_client
    ):
        data = self.form(
            council, ends_on_day="19", ends_on_month="5", ends_on_year="2024", account_email="pat@example.org"
        )

        response = board_admin_client.post(url("membership_add", board), data)

        page = text(response)
        assert response.status_code == 200
        assert 'id="id_ends_on_error"' in page
        assert "The end of the term must be on or after its start, 20 May 2024" in page
        assert 'href="#id_ends_on_day"' in page  # The error summary links to the date's first box.
        assert 'value="Councillor Pat Jones"' in page and 'value="pat@example.org"' in page
        assert not Membership.objects.filter(name="Councillor Pat Jones").exists()
        assert not get_user_model().objects.filter(email="pat@example.org").exists()

    def test_edits_a_member_and_links_a_new_account(
        self, board, council, board_admin_client, mailoutbox, django_capture_on_commit_callbacks
    ):
        membership = MembershipFactory(board=board, organisation=council, user=None, name="Pat Jones")
        data = self.form(council, version="1", name="Pat Jones", account_email="pat@example.org")
        del data["form_token"]

        with django_capture_on_commit_callbacks(execute=True):
            response = board_admin_client.post(url("membership_edit", board, membership.pk), data)

        assert response.status_code == 302
        membership.refresh_from_db()
        assert membership.user.email == "pat@example.org" and membership.role == "chair"
        assert [m.to for m in mailoutbox] == [["pat@example.org"]]

    def test_ends_a_term(self, board, council, board_admin_client):
        membership = MembershipFactory(
            board=board, organisation=council, starts_on=datetime.date(2024, 5, 20)
        )

        response = board_admin_client.post(
            url("membership_end", board, membership.pk),
            {"ends_on_day": "31", "ends_on_month": "3", "ends_on_year": "2026", "version": "1"},
        )

        assert response.status_code == 302
        membership.refresh_from_db()
        assert membership.ends_on == datetime.date(2026, 3, 31)

    def test_a_member_of_another_board_is_a_404(self, board, other_board, board_admin_client):
        elsewhere = MembershipFactory(board=other_board)

        assert board_admin_client.get(url("membership_edit", board, elsewhere.pk)).status_code == 404
        assert board_admin_client.get(url("membership_edit", other_board, elsewhere.pk)).status_code == 404


class TestPeople:
    def test_gives_someone_new_access_and_emails_them(
        self, board, board_admin_client, mailoutbox, django_capture_on_commit_callbacks
    ):
        data = {
            "form_token": new_token(),
            "email": "sam@thurrock.gov.uk",
            "name": "Sam Patel",
            "role": "officer",
        }

        with django_capture_on_commit_callbacks(execute=True):
            response = board_admin_client.post(url("role_add", board), data, follow=True)

        page = text(response)
        assert (
            "Sam Patel is now an officer. We have emailed sam@thurrock.gov.uk a link to set a password."
            in page
        )
        assert "Has not set a password yet." in page
        [message] = mailoutbox
        assert message.to == ["sam@thurrock.gov.uk"]

    def test_the_emailed_link_sets_a_password_and_then_they_sign_in(
        self, board, board_admin, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            people.board_role_grant(
                board=board, by=board_admin, email="sam@thurrock.gov.uk", name="Sam Patel", role="officer"
            )
        link = re.search(r"http://localhost:8000(/accounts/set-password/\S+/)", mailoutbox[0].body)[1]
        client = Client()

        form_page = client.get(link, follow=True)
        assert "Set your password" in text(form_page) and "sam@thurrock.gov.uk" in text(form_page)
        where = form_page.redirect_chain[-1][0]
        mismatch = client.post(where, {"new_password1": "cobalt-harbour-lantern", "new_password2": "other"})
        assert "The passwords do not match" in text(mismatch)
        weak = client.post(where, {"new_password1": "password", "new_password2": "password"})
        assert weak.context["form"].errors.keys() == {"new_password1"}  # Beside the rules, not the repeat.
        assert "too common" in text(weak)
        done = client.post(
            where,
            {"new_password1": "cobalt-harbour-lantern", "new_password2": "cobalt-harbour-lantern"},
            follow=True,
        )

        assert "Your password is set." in text(done)
        signed_in = Client().post(
            reverse("login"), {"username": "sam@thurrock.gov.uk", "password": "cobalt-harbour-lantern"}
        )
        assert signed_in.status_code == 302 and signed_in["Location"] == reverse("strategies:manage_list")
        assert "This link does not work" in text(Client().get(link, follow=True))  # Used once.

    def test_a_link_that_is_not_one_says_so(self, board):
        page = text(Client().get(reverse("boards:set_password", args=["MQ", "not-a-token"]), follow=True))

        assert "This link does not work" in page

    def test_changes_a_role_with_htmx(self, board, officer, board_admin_client):
        role = BoardRole.objects.get(board=board, user=officer)

        response = board_admin_client.post(
            url("role_change", board, role.pk), {f"role-{role.pk}-role": "administrator"}, headers=HTMX
        )

        page = text(response)
        assert page.lstrip().startswith('<div id="people">')
        assert "is now an administrator." in page
        role.refresh_from_db()
        assert role.role == "administrator"

    def test_the_last_administrator_demoting_themselves_is_refused_beside_the_select(
        self, board, board_admin, board_admin_client
    ):
        role = BoardRole.objects.get(board=board, user=board_admin)

        response = board_admin_client.post(
            url("role_change", board, role.pk), {f"role-{role.pk}-role": "officer"}, headers=HTMX
        )

        page = text(response)
        assert f'id="id_role-{role.pk}-role_error"' in page
        assert "You are the board's only administrator" in page
        role.refresh_from_db()
        assert role.role == "administrator"

    def test_an_administrator_who_steps_down_leaves_the_manage_pages(
        self, board, board_admin, board_admin_client
    ):
        BoardRoleFactory(board=board, administrator=True)
        role = BoardRole.objects.get(board=board, user=board_admin)

        response = board_admin_client.post(url("role_remove", board, role.pk))

        assert response.status_code == 302 and response["Location"] == reverse("strategies:manage_list")
        assert board_admin_client.get(url("manage", board)).status_code == 404

    def test_removing_asks_first(self, board, officer, board_admin_client):
        role = BoardRole.objects.get(board=board, user=officer)

        page = text(board_admin_client.get(url("role_remove", board, role.pk)))

        assert f"Remove {officer.get_full_name()}?" in page
        assert BoardRole.objects.filter(pk=role.pk).exists()

    def test_sends_the_link_again(
        self, board, board_admin, board_admin_client, mailoutbox, django_capture_on_commit_callbacks
    ):
        role = people.board_role_grant(
            board=board, by=board_admin, email="sam@example.org", name="Sam", role="officer"
        )

        with django_capture_on_commit_callbacks(execute=True):
            response = board_admin_client.post(
                url("invitation_resend", board, role.user.pk), {"section": "people"}
            )

        assert response["Location"].endswith("#people")
        assert [m.to for m in mailoutbox] == [["sam@example.org"]]

    def test_not_to_someone_unconnected_with_the_board(self, board, board_admin_client):
        stranger = UserFactory()

        assert board_admin_client.post(url("invitation_resend", board, stranger.pk)).status_code == 404


class TestTermsOfReference:
    def test_uploaded_then_downloaded_by_anyone_from_the_board_page(self, board, board_admin_client):
        upload = SimpleUploadedFile("ToR.pdf", pdf_bytes(), content_type="application/pdf")

        response = board_admin_client.post(url("terms_of_reference_upload", board), {"file": upload})

        assert response.status_code == 302
        public = Client()
        assert url("terms_of_reference", board) in text(public.get(board.get_absolute_url()))
        download = public.get(url("terms_of_reference", board))
        assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
        assert b"".join(download.streaming_content).startswith(b"%PDF-")

    def test_not_a_pdf_is_refused_beside_the_field(self, board, board_admin_client):
        upload = SimpleUploadedFile("ToR.pdf", b"GIF89a", content_type="application/pdf")

        page = text(board_admin_client.post(url("terms_of_reference_upload", board), {"file": upload}))

        assert 'id="id_file_error"' in page and "The selected file must be a PDF" in page

    def test_none_uploaded_is_a_404(self, board, resident_client):
        assert resident_client.get(url("terms_of_reference", board)).status_code == 404


class TestBoardPage:
    @pytest.fixture
    def leaving(self, board, council):
        return MembershipFactory(
            board=board,
            organisation=council,
            name="Dr Leaving Soon",
            role="vice_chair",
            ends_on=timezone.localdate() + datetime.timedelta(days=30),
            user=None,
        )

    @pytest.mark.parametrize(
        "client", ["board_member_client", "officer_client", "board_admin_client", "site_admin_client"]
    )
    def test_warns_the_boards_readers_of_a_term_ending_soon(self, request, board, leaving, client):
        page = text(request.getfixturevalue(client).get(board.get_absolute_url()))

        assert "govuk-warning-text" in page
        assert "Dr Leaving Soon’s term as vice-chair ends on" in page and "in 30 days" in page

    @pytest.mark.parametrize("client", ["resident_client", "other_officer_client"])
    def test_everyone_else_sees_the_plain_list(self, request, board, leaving, client):
        page = text(request.getfixturevalue(client).get(board.get_absolute_url()))

        assert "Dr Leaving Soon" in page
        assert "govuk-warning-text" not in page

    def test_offers_administrators_the_manage_page(self, board, board_admin_client, officer_client):
        assert url("manage", board) in text(board_admin_client.get(board.get_absolute_url()))
        assert url("manage", board) not in text(officer_client.get(board.get_absolute_url()))


class TestHistory:
    def test_lists_the_changes_newest_first(self, board, board_admin, board_admin_client):
        services.board_update(board=board, by=board_admin, quorum=4)
        services.organisation_create(board=board, by=board_admin, name="Essex Police", kind="police")

        page = text(board_admin_client.get(url("history", board)))

        assert page.index("Essex Police") < page.index("Quorum")
        assert AuditEntry.objects.for_scope(board).count() == 3
