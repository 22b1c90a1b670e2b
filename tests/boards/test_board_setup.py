"""A new board in minutes: a site administrator creates a board with its first administrators, and a
board's administrators give it a logo (boards.services.board_setup, boards.views.board_setup)."""

import html as html_text
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.urls import reverse

from boards.models import Board, BoardRole, colour_problem
from boards.services import board_setup as services
from core.models import AuditEntry
from tests.factories import UserFactory
from tests.images import UNSAFE_SVGS, bomb_png, png_bytes, png_upload, svg_upload, truncated_png, upload

pytestmark = pytest.mark.django_db

User = get_user_model()


def create_arguments(**overrides) -> dict:
    arguments = {
        "name": "Southend Health and Wellbeing Board",
        "area": "Southend-on-Sea",
        "area_code": "E06000033",
        "colour": "#1d4f91",
        "contact_email": "hwb@southend.example.org",
        "administrators": [{"name": "Pat Jones", "email": "pat@southend.example.org"}],
    }
    return arguments | overrides


def stored_logos() -> list[str]:
    try:
        return sorted(default_storage.listdir("boards/logos")[1])
    except FileNotFoundError:
        return []


@pytest.fixture(autouse=True)
def _no_logos_yet():
    """The media folder is the session's: each test here starts with no logo files in it."""
    for name in stored_logos():
        default_storage.delete(f"boards/logos/{name}")


class TestColour:
    def test_white_text_needs_4_5_to_1_and_the_message_gives_the_ratio(self):
        assert colour_problem("#005a66") is None
        assert colour_problem("#ffcc00") == (
            "White text on #ffcc00 has a contrast of 1.5:1; it needs at least 4.5:1. Choose a darker colour"
        )

    def test_a_ratio_just_under_the_minimum_is_not_rounded_up_to_it(self):
        # #777777 gives white text 4.48:1: shown as 4.4, not as the 4.5 it fails to reach.
        assert "contrast of 4.4:1; it needs at least 4.5:1" in colour_problem("#777777")

    def test_a_very_dark_colour_passes_every_check(self):
        assert colour_problem("#0b0c0c") is None


class TestBoardCreate:
    def test_creates_the_board_its_administrators_and_their_accounts(
        self, site_admin, django_capture_on_commit_callbacks
    ):
        existing = UserFactory(username="sam", email="sam@example.org")

        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            board = services.board_create(
                by=site_admin,
                **create_arguments(
                    administrators=[
                        {"name": "Pat Jones", "email": "pat@southend.example.org"},
                        {"name": "", "email": ""},
                        {"name": "Sam", "email": "SAM@example.org"},
                    ]
                ),
            )

        assert (board.slug, board.area_code, board.colour) == (
            "southend-health-and-wellbeing-board",
            "E06000033",
            "#1d4f91",
        )
        roles = {role.user.email: role.role for role in board.roles.select_related("user")}
        assert roles == {"pat@southend.example.org": "administrator", "sam@example.org": "administrator"}
        pat = User.objects.get(email="pat@southend.example.org")
        assert (pat.first_name, pat.last_name, pat.has_usable_password()) == ("Pat", "Jones", False)
        assert board.roles.get(user=existing).role == BoardRole.Role.ADMINISTRATOR
        # One invitation, for the new account, queued for after the commit.
        assert len(callbacks) == 1

    def test_the_creation_is_in_the_boards_history(self, site_admin):
        board = services.board_create(by=site_admin, **create_arguments())

        entries = list(AuditEntry.objects.for_scope(board).order_by("pk"))
        assert [(entry.action, entry.target_type.model) for entry in entries] == [
            ("created", "board"),
            ("created", "user"),
            ("created", "boardrole"),
        ]
        assert entries[0].actor == site_admin
        assert entries[0].changes["area_code"] == [None, "E06000033"]

    def test_an_edited_web_address_is_kept(self, site_admin):
        board = services.board_create(by=site_admin, **create_arguments(slug="southend"))

        assert board.slug == "southend"

    @pytest.mark.parametrize("who", ["officer", "board_admin", "board_member", "nobody", "resident"])
    def test_only_a_site_administrator_may_create_a_board(self, who, request):
        user = request.getfixturevalue(who)
        boards = Board.objects.count()

        with pytest.raises(PermissionDenied):
            services.board_create(by=user, **create_arguments(logo=png_upload()))

        assert Board.objects.count() == boards
        assert stored_logos() == []

    def test_a_failing_administrator_leaves_nothing_half_written(
        self, site_admin, django_capture_on_commit_callbacks
    ):
        """The second address is a closed account's: found only once the board and the first
        administrator's account are written. All of it is undone, the logo file too, and nobody is emailed."""
        UserFactory(username="gone", email="gone@example.org", is_active=False)
        users, audit = User.objects.count(), AuditEntry.objects.count()

        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            with pytest.raises(ValidationError) as caught:
                services.board_create(
                    by=site_admin,
                    **create_arguments(
                        logo=png_upload(),
                        administrators=[
                            {"name": "Pat Jones", "email": "pat@southend.example.org"},
                            {"name": "Gone", "email": "gone@example.org"},
                        ],
                    ),
                )

        assert "has been closed" in caught.value.message_dict["administrators-1-email"][0]
        assert not Board.objects.filter(name__startswith="Southend").exists()
        assert (User.objects.count(), AuditEntry.objects.count()) == (users, audit)
        assert not User.objects.filter(email="pat@southend.example.org").exists()
        assert callbacks == []
        assert stored_logos() == []

    def test_every_problem_is_raised_at_once_against_its_field(self, site_admin, board):
        with pytest.raises(ValidationError) as caught:
            services.board_create(
                by=site_admin,
                **create_arguments(
                    name="THURROCK Health and Wellbeing Board",
                    slug="thurrock",
                    area_code="E07000066",
                    colour="#ffcc00",
                    logo=svg_upload(body="<script>alert(1)</script>"),
                    administrators=[
                        {"name": "Pat", "email": "pat@example.org"},
                        {"name": "Pat again", "email": "PAT@example.org"},
                    ],
                ),
            )

        errors = caught.value.message_dict
        assert errors["name"] == [
            "There is a board called “Thurrock Health and Wellbeing Board” already: choose another name"
        ]
        assert errors["slug"] == ["The web address /boards/thurrock/ is another board's: choose another"]
        assert "not an upper-tier council area" in errors["area_code"][0]
        assert "contrast of 1.5:1; it needs at least 4.5:1" in errors["colour"][0]
        assert "has a script" in errors["logo"][0]
        assert errors["administrators-1-email"] == [
            "You have entered PAT@example.org for administrator 1 already"
        ]

    @pytest.mark.parametrize(
        ("code", "message"),
        [
            ("", "Enter the area's ONS code, like E06000034"),
            ("E0600003", "Enter the area's ONS code, like E06000034"),
            ("X06000034", "Enter the area's ONS code, like E06000034"),
            ("E12000006", "E12000006 is not an upper-tier council area"),
        ],
    )
    def test_refuses_a_bad_ons_code(self, site_admin, code, message):
        with pytest.raises(ValidationError) as caught:
            services.board_create(by=site_admin, **create_arguments(area_code=code))

        assert caught.value.message_dict["area_code"][0].startswith(message)

    def test_needs_an_administrator(self, site_admin):
        with pytest.raises(ValidationError) as caught:
            services.board_create(
                by=site_admin, **create_arguments(administrators=[{"name": "", "email": ""}])
            )

        assert "first administrator" in caught.value.message_dict["administrators-0-email"][0]

    def test_stores_the_logo_under_its_version(self, site_admin):
        board = services.board_create(by=site_admin, **create_arguments(logo=png_upload()))

        assert re.fullmatch(
            r"boards/logos/southend-health-and-wellbeing-board-[0-9a-f]{16}\.png", board.logo.name
        )
        assert board.logo.name.endswith(f"-{board.logo_version}.png")
        with default_storage.open(board.logo.name, "rb") as stored:
            assert stored.read() == png_bytes()


class TestBoardLogo:
    def test_an_administrator_replaces_the_logo_and_the_old_file_goes_after_the_commit(
        self, board, board_admin, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            board = services.board_logo_set(board=board, by=board_admin, file=png_upload())
        first = board.logo.name

        with django_capture_on_commit_callbacks(execute=True):
            board = services.board_logo_set(board=board, by=board_admin, file=svg_upload())

        assert board.logo.name.endswith(".svg")
        assert not default_storage.exists(first)
        assert default_storage.exists(board.logo.name)
        changes = [entry.changes["logo"] for entry in AuditEntry.objects.for_scope(board).order_by("pk")]
        assert changes == [[None, "logo.png (PNG, 120 by 40 pixels)"], [first, "logo.svg (SVG)"]]

    def test_removing_it_deletes_the_file(self, board, board_admin, django_capture_on_commit_callbacks):
        board = services.board_logo_set(board=board, by=board_admin, file=png_upload())
        name = board.logo.name

        with django_capture_on_commit_callbacks(execute=True):
            board = services.board_logo_remove(board=board, by=board_admin)

        assert (board.logo.name, board.logo_version, board.logo_url) == ("", "", "")
        assert not default_storage.exists(name)

    def test_an_officer_may_not_change_it(self, board, officer):
        with pytest.raises(PermissionDenied):
            services.board_logo_set(board=board, by=officer, file=png_upload())

        assert stored_logos() == []

    def test_a_refused_logo_is_not_stored(self, board, board_admin):
        with pytest.raises(ValidationError) as caught:
            services.board_logo_set(board=board, by=board_admin, file=upload("logo.png", truncated_png()))

        assert "damaged or incomplete" in caught.value.message_dict["logo"][0]
        assert stored_logos() == []


# The pages ----------------------------------------------------------------------------------------

CREATE = "/manage/boards/new/"


def form_data(client, **overrides) -> dict:
    page = client.get(CREATE)
    token = re.search(r'name="form_token" value="([^"]+)"', page.content.decode()).group(1)
    data = {
        "form_token": token,
        "name": "Southend Health and Wellbeing Board",
        "slug": "",
        "area": "Southend-on-Sea",
        "area_code": "E06000033",
        "colour": "#1d4f91",
        "contact_email": "hwb@southend.example.org",
        "administrators-TOTAL_FORMS": "3",
        "administrators-INITIAL_FORMS": "0",
        "administrators-MIN_NUM_FORMS": "0",
        "administrators-MAX_NUM_FORMS": "10",
        "administrators-0-name": "Pat Jones",
        "administrators-0-email": "pat@southend.example.org",
        "administrators-1-name": "",
        "administrators-1-email": "",
        "administrators-2-name": "",
        "administrators-2-email": "",
    }
    return data | overrides


def summary(response) -> list[str]:
    html = response.content.decode()
    listed = re.search(r'govuk-error-summary__list">(.*?)</ul>', html, re.S)
    found = re.findall(r'<a href="[^"]*">([^<]*)</a>', listed.group(1)) if listed else []
    return [html_text.unescape(text) for text in found]


class TestCreatePage:
    @pytest.mark.parametrize("who", ["officer_client", "board_admin_client", "board_member_client"])
    def test_is_a_404_for_anyone_but_a_site_administrator(self, who, request):
        client = request.getfixturevalue(who)

        assert client.get(CREATE).status_code == 404
        assert client.post(CREATE, {"name": "x"}).status_code == 404
        assert "Create a board" not in client.get("/manage/boards/").content.decode()

    def test_the_list_of_boards_offers_it_to_a_site_administrator(self, site_admin_client):
        assert (
            f'href="{CREATE}">Create a board</a>' in site_admin_client.get("/manage/boards/").content.decode()
        )

    def test_creates_the_board_and_goes_to_its_manage_page(
        self, site_admin_client, mailoutbox, django_capture_on_commit_callbacks
    ):
        data = form_data(site_admin_client, logo=png_upload())

        with django_capture_on_commit_callbacks(execute=True):
            response = site_admin_client.post(CREATE, data, follow=True)

        board = Board.objects.get(slug="southend-health-and-wellbeing-board")
        assert response.redirect_chain[-1][0] == reverse("boards:manage", args=[board.slug])
        html = response.content.decode()
        assert (
            "Created the Southend Health and Wellbeing Board. We have emailed pat@southend.example.org "
            "a link to set a password." in html
        )
        assert [message.to for message in mailoutbox] == [["pat@southend.example.org"]]
        assert "/accounts/set-password/" in mailoutbox[0].body
        # The new board's header shows its logo.
        assert f'<img class="app-header__logo" src="{board.logo_url}" alt="{board.name}">' in html

    def test_the_same_form_sent_twice_makes_one_board(self, site_admin_client):
        data = form_data(site_admin_client)

        site_admin_client.post(CREATE, data)
        again = site_admin_client.post(CREATE, data)

        assert again.status_code == 302
        assert Board.objects.filter(area="Southend-on-Sea").count() == 1

    @pytest.mark.parametrize(
        ("overrides", "expected"),
        [
            ({"name": ""}, "Enter the name of the board"),
            ({"colour": "#ffcc00"}, "White text on #ffcc00 has a contrast of 1.5:1; it needs at least 4.5:1"),
            ({"colour": "teal"}, "Enter the colour as # followed by six hex digits, like #005a66"),
            (
                {"area_code": "E0600003"},
                "Enter the area's ONS code, like E06000034: a letter and eight digits",
            ),
            (
                {"slug": "Not A Slug"},
                "Enter the web address with lower case letters, numbers and single hyphens",
            ),
            ({"contact_email": "not-an-address"}, "Enter an email address in the correct format"),
            ({"administrators-0-email": "pat@"}, "Enter an email address in the correct format"),
            (
                {"administrators-1-name": "Pat", "administrators-1-email": "PAT@southend.example.org"},
                "You have entered PAT@southend.example.org for administrator 1 already",
            ),
            ({"administrators-0-name": "", "administrators-0-email": ""}, "first administrator"),
            (
                {"logo": upload("logo.png", b"just text, renamed", "image/png")},
                "must be a PNG, JPEG, WebP or SVG",
            ),
            ({"logo": upload("logo.png", truncated_png(), "image/png")}, "damaged or incomplete"),
            ({"logo": upload("bomb.png", bomb_png(5000), "image/png")}, "5,000 by 5,000 pixels"),
            ({"logo": upload("logo.svg", UNSAFE_SVGS["script"][0], "image/svg+xml")}, "has a script"),
            ({"logo": upload("logo.svg", UNSAFE_SVGS["onload"][0], "image/svg+xml")}, "(onload)"),
            (
                {"logo": upload("logo.svg", UNSAFE_SVGS["external href"][0], "image/svg+xml")},
                "outside itself",
            ),
        ],
    )
    def test_bad_input_is_shown_beside_its_field_and_what_was_typed_is_kept(
        self, site_admin_client, overrides, expected
    ):
        data = form_data(site_admin_client, **overrides)

        response = site_admin_client.post(CREATE, data)

        assert response.status_code == 200
        assert any(expected in problem for problem in summary(response)), summary(response)
        html = response.content.decode()
        assert 'class="govuk-error-message"' in html
        assert 'value="Southend-on-Sea"' in html
        assert not Board.objects.filter(area="Southend-on-Sea").exists()
        assert stored_logos() == []

    def test_a_name_or_address_taken_is_refused_beside_the_field(self, site_admin_client, board):
        data = form_data(site_admin_client, name="Thurrock Health and Wellbeing Board", slug="thurrock")

        response = site_admin_client.post(CREATE, data)

        assert summary(response) == [
            "There is a board called “Thurrock Health and Wellbeing Board” already: choose another name",
            "The web address /boards/thurrock/ is another board's: choose another",
        ]

    def test_a_closed_account_refuses_the_board_and_keeps_the_form(self, site_admin_client):
        UserFactory(username="gone", email="gone@example.org", is_active=False)
        data = form_data(
            site_admin_client,
            **{"administrators-1-name": "Gone", "administrators-1-email": "gone@example.org"},
        )

        response = site_admin_client.post(CREATE, data)

        assert any("has been closed" in problem for problem in summary(response))
        assert 'value="gone@example.org"' in response.content.decode()
        assert not Board.objects.filter(area="Southend-on-Sea").exists()

    def test_add_another_administrator_adds_a_row_without_checking_the_form(self, site_admin_client):
        data = form_data(site_admin_client, name="", add_administrator="1")

        response = site_admin_client.post(CREATE, data)

        html = response.content.decode()
        assert summary(response) == []
        assert 'name="administrators-3-email"' in html
        assert 'value="pat@southend.example.org"' in html
        assert not Board.objects.exists()

    def test_a_logo_sent_with_a_problem_elsewhere_is_asked_for_again_at_its_field(self, site_admin_client):
        data = form_data(site_admin_client, area_code="E07000066", logo=png_upload())

        response = site_admin_client.post(CREATE, data)

        assert response.status_code == 200
        problems = summary(response)
        assert any("not an upper-tier council area" in problem for problem in problems)
        assert "Choose the logo again: a file is not kept when another answer has a problem" in problems
        assert not Board.objects.filter(area_code="E07000066").exists()

    def test_a_logo_with_no_problem_anywhere_is_not_asked_for_again(self, site_admin_client):
        response = site_admin_client.post(CREATE, form_data(site_admin_client, logo=png_upload()))

        assert response.status_code == 302
        assert Board.objects.get(area_code="E06000033").logo

    def test_a_tampered_formset_is_an_error_not_a_500(self, site_admin_client):
        data = form_data(site_admin_client, **{"administrators-TOTAL_FORMS": "x"})

        response = site_admin_client.post(CREATE, data)

        assert response.status_code == 200
        assert "The page was sent incomplete. Reload the page and try again" in summary(response)


@pytest.fixture
def board_with_logo(board, board_admin):
    return services.board_logo_set(board=board, by=board_admin, file=png_upload())


class TestLogoPages:
    def test_the_details_page_uploads_a_logo(self, board, board_admin_client):
        response = board_admin_client.post(
            reverse("boards:logo_upload", args=[board.slug]), {"logo": svg_upload()}, follow=True
        )

        board.refresh_from_db()
        assert board.logo.name.endswith(".svg")
        assert "Uploaded the board&#x27;s logo." in response.content.decode()

    @pytest.mark.parametrize("case", ["script", "onload", "external href"])
    def test_an_unsafe_svg_is_refused_on_the_details_page(self, board, board_admin_client, case):
        data, reason = UNSAFE_SVGS[case]

        response = board_admin_client.post(
            reverse("boards:logo_upload", args=[board.slug]), {"logo": upload("logo.svg", data)}
        )

        assert response.status_code == 200
        assert any(reason in problem for problem in summary(response))
        board.refresh_from_db()
        assert not board.logo

    def test_an_officer_cannot_upload_one(self, board, officer_client):
        response = officer_client.post(
            reverse("boards:logo_upload", args=[board.slug]), {"logo": png_upload()}
        )

        assert response.status_code == 404

    def test_the_details_page_removes_the_logo(self, board_with_logo, board_admin_client):
        board_admin_client.post(reverse("boards:logo_remove", args=[board_with_logo.slug]))

        board_with_logo.refresh_from_db()
        assert not board_with_logo.logo

    def test_the_header_shows_the_logo_named_by_the_board(self, board_with_logo, resident_client):
        html = resident_client.get(board_with_logo.get_absolute_url()).content.decode()

        assert (
            f'<img class="app-header__logo" src="{board_with_logo.logo_url}" alt="{board_with_logo.name}">'
            in html
        )
        assert '<span class="app-header__name" aria-hidden="true">' in html

    def test_a_board_without_a_logo_has_its_name_alone(self, board, resident_client):
        html = resident_client.get(board.get_absolute_url()).content.decode()

        assert "app-header__logo" not in html
        assert f'<span class="app-header__name">{board.name}</span>' in html


class TestServingTheLogo:
    def test_a_png_is_served_cached_for_a_year_with_its_type(self, board_with_logo, resident_client):
        response = resident_client.get(board_with_logo.logo_url)

        assert response.status_code == 200
        assert b"".join(response.streaming_content) == png_bytes()
        assert response["Content-Type"] == "image/png"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Cache-Control"] == "public, max-age=31536000, immutable"

    def test_an_svg_gets_a_policy_that_runs_and_loads_nothing(self, board, board_admin, resident_client):
        board = services.board_logo_set(board=board, by=board_admin, file=svg_upload())

        response = resident_client.get(board.logo_url)

        assert response["Content-Type"] == "image/svg+xml"
        assert response["X-Content-Type-Options"] == "nosniff"
        policy = response["Content-Security-Policy"]
        assert "default-src 'none'" in policy
        assert "script-src" not in policy

    def test_an_earlier_versions_address_leads_to_the_current_logo(self, board_with_logo, resident_client):
        old = board_with_logo.logo_url.replace(board_with_logo.logo_version, "0" * 16)

        response = resident_client.get(old)

        assert response.status_code == 302
        assert response["Location"] == board_with_logo.logo_url
        assert "immutable" not in response["Cache-Control"]

    def test_a_board_without_a_logo_has_none(self, board, resident_client):
        assert resident_client.get(f"/boards/{board.slug}/logo-{'0' * 16}.png").status_code == 404


class TestCreatePageTampered:
    def test_add_another_with_a_tampered_formset_starts_the_rows_again(self, site_admin_client):
        data = form_data(site_admin_client, add_administrator="1", **{"administrators-INITIAL_FORMS": "²"})

        response = site_admin_client.post(CREATE, data)

        assert response.status_code == 200
        assert 'name="administrators-2-email"' in response.content.decode()
