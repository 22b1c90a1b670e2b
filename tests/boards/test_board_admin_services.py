"""Managing a board: its details, organisations, memberships, roles and terms of reference (services)."""

import datetime
import re
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from boards.models import BoardRole, Membership
from boards.services import board_admin as services
from boards.services import board_people as people
from core.models import AuditEntry
from core.versions import EditConflict
from tests.factories import BoardRoleFactory, MembershipFactory, OrganisationFactory, UserFactory
from tests.strategies.helpers import pdf_bytes

pytestmark = pytest.mark.django_db

User = get_user_model()
TODAY = datetime.date(2026, 3, 2)


def entries(board):
    return list(AuditEntry.objects.for_scope(board).order_by("pk"))


@pytest.fixture
def other_admin(other_board):
    return BoardRoleFactory(board=other_board, administrator=True, user__username="other-admin").user


@pytest.fixture
def council(board):
    organisation = OrganisationFactory(name="Thurrock Council")
    board.organisations.add(organisation)
    return organisation


def pdf_upload(name="terms.pdf", content=None):
    return SimpleUploadedFile(
        name, pdf_bytes() if content is None else content, content_type="application/pdf"
    )


class TestWhoMayManage:
    """Only the board's administrators and site administrators: anyone else is refused, nothing written."""

    CALLS = {
        "board_update": lambda w: services.board_update(board=w.board, by=w.by, quorum=5),
        "organisation_add": lambda w: services.organisation_add(board=w.board, organisation=w.spare, by=w.by),
        "organisation_create": lambda w: services.organisation_create(
            board=w.board, by=w.by, name="Essex Police", kind="police"
        ),
        "organisation_remove": lambda w: services.organisation_remove(
            board=w.board, organisation=w.council, by=w.by
        ),
        "membership_create": lambda w: people.membership_create(
            board=w.board,
            by=w.by,
            name="Pat Jones",
            organisation=w.council,
            role="voting",
            starts_on=TODAY,
            account_email="pat@example.org",
        ),
        "membership_update": lambda w: people.membership_update(membership=w.membership, by=w.by, name="P"),
        "membership_end": lambda w: people.membership_end(membership=w.membership, by=w.by, ends_on=TODAY),
        "board_role_grant": lambda w: people.board_role_grant(
            board=w.board, by=w.by, email="new@example.org", name="New Person", role="officer"
        ),
        "board_role_change": lambda w: people.board_role_change(
            board_role=w.officer_role, by=w.by, role="administrator"
        ),
        "board_role_remove": lambda w: people.board_role_remove(board_role=w.officer_role, by=w.by),
        "invitation_resend": lambda w: people.invitation_resend(board=w.board, user=w.invited, by=w.by),
        "terms_of_reference_upload": lambda w: services.terms_of_reference_upload(
            board=w.board, by=w.by, file=pdf_upload()
        ),
    }

    @pytest.fixture
    def world(self, board, council, officer, board_admin):
        invited = UserFactory(username="invited@example.org", email="invited@example.org")
        invited.set_unusable_password()
        invited.save()
        seat_for = OrganisationFactory(name="Essex County Council")
        board.organisations.add(seat_for)
        return SimpleNamespace(
            board=board,
            council=council,
            spare=OrganisationFactory(name="Healthwatch Thurrock"),
            membership=MembershipFactory(board=board, organisation=seat_for, user=invited),
            officer_role=BoardRole.objects.get(user=officer, board=board),
            invited=invited,
        )

    @pytest.mark.parametrize("call", sorted(CALLS))
    @pytest.mark.parametrize("who", ["officer", "board_member", "other_admin", "other_officer", "nobody"])
    def test_refuses_anyone_but_the_boards_administrators(
        self, request, world, call, who, django_capture_on_commit_callbacks
    ):
        world.by = request.getfixturevalue(who)
        before = AuditEntry.objects.count(), Membership.objects.count(), BoardRole.objects.count()

        with django_capture_on_commit_callbacks() as callbacks, pytest.raises(PermissionDenied):
            self.CALLS[call](world)

        assert (AuditEntry.objects.count(), Membership.objects.count(), BoardRole.objects.count()) == before
        assert callbacks == []

    @pytest.mark.parametrize("call", sorted(CALLS))
    @pytest.mark.parametrize("who", ["board_admin", "site_admin"])
    def test_the_boards_administrators_and_site_administrators_may(self, request, world, call, who):
        world.by = request.getfixturevalue(who)
        before = len(entries(world.board))

        self.CALLS[call](world)

        assert len(entries(world.board)) > before, "every change is in the board's history"


class TestBoardUpdate:
    def test_saves_and_audits_what_changed(self, board, board_admin):
        services.board_update(
            board=board, by=board_admin, version=board.version, quorum=6, contact_email="hwb@thurrock.gov.uk"
        )

        board.refresh_from_db()
        assert (board.quorum, board.contact_email, board.version) == (6, "hwb@thurrock.gov.uk", 2)
        [entry] = entries(board)
        assert entry.action == AuditEntry.Action.UPDATED and entry.actor == board_admin
        assert entry.changes["quorum"] == [3, 6]

    def test_text_sent_again_with_the_browsers_line_endings_is_no_change(self, board, board_admin):
        services.board_update(board=board, by=board_admin, description="Who we are.\n\nWhat we do.")

        services.board_update(board=board, by=board_admin, description="Who we are.\r\n\r\nWhat we do.")

        board.refresh_from_db()
        assert board.description == "Who we are.\n\nWhat we do." and board.version == 2
        assert len(entries(board)) == 1

    def test_refuses_a_save_over_someone_elses_newer_one(self, board, board_admin, site_admin):
        loaded = board.version
        services.board_update(board=board, by=site_admin, version=loaded, quorum=5)

        with pytest.raises(EditConflict):
            services.board_update(board=board, by=board_admin, version=loaded, quorum=7)

        board.refresh_from_db()
        assert board.quorum == 5

    def test_refuses_a_quorum_of_nobody(self, board, board_admin):
        with pytest.raises(ValidationError) as refused:
            services.board_update(board=board, by=board_admin, quorum=0)

        assert refused.value.message_dict == {"quorum": ["The quorum must be at least 1"]}

    def test_the_name_is_not_theirs_to_change(self, board, board_admin):
        with pytest.raises(ValueError):
            services.board_update(board=board, by=board_admin, name="Renamed")


class TestOrganisations:
    def test_adds_one_the_portal_knows_once(self, board, board_admin):
        healthwatch = OrganisationFactory(name="Healthwatch Thurrock")

        services.organisation_add(board=board, organisation=healthwatch, by=board_admin)
        services.organisation_add(board=board, organisation=healthwatch, by=board_admin)

        assert list(board.organisations.all()) == [healthwatch]
        [entry] = entries(board)
        assert entry.changes == {"organisations": [None, "Healthwatch Thurrock"]}

    def test_creates_a_new_one_and_adds_it(self, board, board_admin):
        organisation = services.organisation_create(
            board=board,
            by=board_admin,
            name="  Essex   Police ",
            kind="police",
            website="https://essex.police.uk",
        )

        assert organisation.name == "Essex Police"
        assert list(board.organisations.all()) == [organisation]
        assert [e.action for e in entries(board)] == [AuditEntry.Action.CREATED, AuditEntry.Action.UPDATED]

    def test_refuses_a_name_already_in_the_portal_whatever_its_case(self, board, board_admin):
        OrganisationFactory(name="Healthwatch Thurrock")

        with pytest.raises(ValidationError) as refused:
            services.organisation_create(
                board=board, by=board_admin, name="healthwatch thurrock", kind="other"
            )

        assert "“Healthwatch Thurrock” is already in the portal" in refused.value.message_dict["name"][0]
        assert not board.organisations.exists()

    def test_removes_one_no_current_member_belongs_to(self, board, council, board_admin):
        MembershipFactory(board=board, organisation=council, ended=True)

        services.organisation_remove(board=board, organisation=council, by=board_admin)

        assert not board.organisations.exists()
        assert entries(board)[-1].changes == {"organisations": ["Thurrock Council", None]}

    @pytest.mark.parametrize("when", ["current", "future"])
    def test_refuses_to_remove_one_a_member_sits_for(self, board, council, board_admin, when):
        MembershipFactory(board=board, organisation=council, name="Cllr Pat Jones", future=when == "future")

        with pytest.raises(ValidationError) as refused:
            services.organisation_remove(board=board, organisation=council, by=board_admin)

        assert refused.value.messages == [
            "Thurrock Council cannot be removed: Cllr Pat Jones sits on the board for it. End their term, "
            "or move them to another organisation, first."
        ]
        assert list(board.organisations.all()) == [council]
        assert entries(board) == []

    def test_a_member_of_another_board_does_not_stop_it(self, board, other_board, council, board_admin):
        other_board.organisations.add(council)
        MembershipFactory(board=other_board, organisation=council)

        services.organisation_remove(board=board, organisation=council, by=board_admin)

        assert not board.organisations.exists()


class TestMemberships:
    def arguments(self, council, **overrides):
        return {
            "name": "Councillor Pat Jones",
            "organisation": council,
            "role": Membership.Role.CHAIR,
            "starts_on": datetime.date(2024, 5, 20),
            "ends_on": datetime.date(2028, 5, 19),
            "job_title": "Leader of the Council",
            "on_behalf_of": "",
            **overrides,
        }

    def test_adds_a_member_and_audits_it(self, board, council, board_admin):
        membership = people.membership_create(board=board, by=board_admin, **self.arguments(council))

        assert membership.board == board and membership.user is None
        [entry] = entries(board)
        assert entry.action == AuditEntry.Action.CREATED
        assert entry.changes["name"] == [None, "Councillor Pat Jones"]
        assert entry.changes["organisation"] == [None, "Thurrock Council"]

    def test_links_an_existing_account_by_its_address_in_any_case(
        self, board, council, board_admin, mailoutbox, django_capture_on_commit_callbacks
    ):
        pat = UserFactory(email="Pat.Jones@thurrock.gov.uk")

        with django_capture_on_commit_callbacks(execute=True):
            membership = people.membership_create(
                board=board,
                by=board_admin,
                account_email="pat.jones@THURROCK.gov.uk",
                **self.arguments(council),
            )

        assert membership.user == pat
        assert mailoutbox == []  # They can sign in already.

    def test_makes_an_account_for_a_new_address_and_emails_a_link(
        self, board, council, board_admin, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            membership = people.membership_create(
                board=board, by=board_admin, account_email="pat@thurrock.gov.uk", **self.arguments(council)
            )

        user = membership.user
        assert (user.username, user.email, user.get_full_name()) == (
            "pat@thurrock.gov.uk",
            "pat@thurrock.gov.uk",
            "Councillor Pat Jones",
        )
        assert not user.has_usable_password()
        assert people.awaiting_password(user)
        [message] = mailoutbox
        assert message.to == ["pat@thurrock.gov.uk"]
        assert board.name in message.subject
        assert "as a member of the board" in message.body
        assert re.search(r"http://localhost:8000/accounts/set-password/\w+/[\w-]+/", message.body)
        assert [e.target_type.model for e in entries(board)] == ["user", "membership"]

    def test_refuses_an_end_before_the_start_beside_the_end(self, board, council, board_admin):
        arguments = self.arguments(council, ends_on=datetime.date(2024, 5, 19))

        with pytest.raises(ValidationError) as refused:
            people.membership_create(
                board=board, by=board_admin, account_email="new@example.org", **arguments
            )

        assert refused.value.message_dict == {
            "ends_on": ["The end of the term must be on or after its start, 20 May 2024"]
        }
        assert not Membership.objects.exists()
        assert not User.objects.filter(email="new@example.org").exists()  # Nothing half-made.

    def test_the_database_refuses_an_end_before_the_start_too(self, board, council):
        membership = MembershipFactory(board=board, organisation=council)
        membership.ends_on = membership.starts_on - datetime.timedelta(days=1)

        with pytest.raises(IntegrityError), transaction.atomic():
            membership.save()

    def test_refuses_an_organisation_that_is_not_the_boards(self, board, council, board_admin):
        with pytest.raises(ValidationError) as refused:
            people.membership_create(
                board=board, by=board_admin, **self.arguments(council, organisation=OrganisationFactory())
            )

        assert refused.value.message_dict == {"organisation": ["Choose one of the board's organisations"]}

    def test_refuses_a_closed_account(self, board, council, board_admin, former_officer):
        with pytest.raises(ValidationError) as refused:
            people.membership_create(
                board=board, by=board_admin, account_email=former_officer.email, **self.arguments(council)
            )

        assert "has been closed" in refused.value.message_dict["account_email"][0]

    def test_edits_with_the_version_it_was_loaded_from(self, board, council, board_admin, site_admin):
        membership = MembershipFactory(board=board, organisation=council, user=None)
        people.membership_update(membership=membership, by=site_admin, version=1, job_title="Leader")

        with pytest.raises(EditConflict):
            people.membership_update(membership=membership, by=board_admin, version=1, job_title="Deputy")

        membership.refresh_from_db()
        assert (membership.job_title, membership.version) == ("Leader", 2)

    def test_an_edit_links_and_unlinks_the_account(self, board, council, board_admin):
        membership = MembershipFactory(board=board, organisation=council, user=None)
        pat = UserFactory(email="pat@example.org")

        people.membership_update(membership=membership, by=board_admin, account_email="pat@example.org")
        membership.refresh_from_db()
        assert membership.user == pat

        people.membership_update(membership=membership, by=board_admin, account_email="")
        membership.refresh_from_db()
        assert membership.user is None
        assert entries(board)[-1].changes == {"user": [pat.username, None]}

    def test_a_past_members_organisation_may_have_left_the_board(self, board, council, board_admin):
        membership = MembershipFactory(board=board, organisation=council, ended=True)
        board.organisations.remove(council)

        people.membership_update(membership=membership, by=board_admin, job_title="Former leader")

        membership.refresh_from_db()
        assert membership.job_title == "Former leader"

    def test_ends_a_term(self, board, council, board_admin):
        membership = MembershipFactory(board=board, organisation=council)

        people.membership_end(membership=membership, by=board_admin, ends_on=TODAY, version=1)

        membership.refresh_from_db()
        assert membership.ends_on == TODAY
        assert entries(board)[-1].changes == {"ends_on": [None, "2026-03-02"]}

    def test_a_term_cannot_end_before_it_starts(self, board, council, board_admin):
        membership = MembershipFactory(board=board, organisation=council, starts_on=TODAY)

        with pytest.raises(ValidationError) as refused:
            people.membership_end(
                membership=membership, by=board_admin, ends_on=TODAY - datetime.timedelta(1)
            )

        assert refused.value.message_dict == {
            "ends_on": ["The term cannot end before it starts, on 2 March 2026"]
        }


class TestRoles:
    def test_gives_an_existing_account_a_role_without_email(
        self, board, board_admin, other_officer, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            role = people.board_role_grant(
                board=board, by=board_admin, email=other_officer.email.upper(), role="officer"
            )

        assert (role.user, role.role) == (other_officer, "officer")
        assert mailoutbox == []
        assert entries(board)[-1].changes == {"user": [None, other_officer.email], "role": [None, "officer"]}

    def test_makes_an_account_for_a_new_address_and_emails_a_link(
        self, board, board_admin, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            role = people.board_role_grant(
                board=board,
                by=board_admin,
                email="sam@thurrock.gov.uk",
                name="Sam Patel",
                role="administrator",
            )

        assert role.user.get_full_name() == "Sam Patel" and not role.user.has_usable_password()
        [message] = mailoutbox
        assert "as a board administrator" in message.body

    def test_a_new_account_needs_a_name(self, board, board_admin):
        with pytest.raises(ValidationError) as refused:
            people.board_role_grant(board=board, by=board_admin, email="sam@thurrock.gov.uk", role="officer")

        assert list(refused.value.message_dict) == ["name"]
        assert not User.objects.filter(email="sam@thurrock.gov.uk").exists()

    def test_refuses_someone_who_has_a_role_already(self, board, board_admin, officer):
        with pytest.raises(ValidationError) as refused:
            people.board_role_grant(board=board, by=board_admin, email=officer.email, role="administrator")

        assert "is already an officer of this board" in refused.value.message_dict["email"][0]

    def test_refuses_a_role_that_is_not_one(self, board, board_admin):
        with pytest.raises(ValidationError):
            people.board_role_grant(
                board=board, by=board_admin, email="x@example.org", name="X", role="chair"
            )

    def test_changes_a_role(self, board, board_admin, officer):
        role = BoardRole.objects.get(board=board, user=officer)

        people.board_role_change(board_role=role, by=board_admin, role="administrator")

        role.refresh_from_db()
        assert role.role == "administrator"
        assert entries(board)[-1].changes == {"role": ["officer", "administrator"]}

    def test_the_last_administrator_cannot_demote_or_remove_themselves(self, board, board_admin):
        role = BoardRole.objects.get(board=board, user=board_admin)
        message = (
            "You are the board's only administrator, so you cannot stop being one. Make someone else an "
            "administrator first."
        )

        with pytest.raises(ValidationError) as demoting:
            people.board_role_change(board_role=role, by=board_admin, role="officer")
        with pytest.raises(ValidationError) as removing:
            people.board_role_remove(board_role=role, by=board_admin)

        assert demoting.value.messages == removing.value.messages == [message]
        assert BoardRole.objects.get(pk=role.pk).role == "administrator"

    def test_nor_may_a_site_administrator_leave_the_board_without_one(self, board, board_admin, site_admin):
        role = BoardRole.objects.get(board=board, user=board_admin)

        with pytest.raises(ValidationError) as refused:
            people.board_role_remove(board_role=role, by=site_admin)

        assert "is the board's only administrator" in refused.value.messages[0]

    def test_a_closed_account_does_not_count_as_another_administrator(self, board, board_admin):
        BoardRoleFactory(board=board, administrator=True, user__is_active=False)
        role = BoardRole.objects.get(board=board, user=board_admin)

        with pytest.raises(ValidationError):
            people.board_role_remove(board_role=role, by=board_admin)

    def test_with_another_administrator_they_may_step_down(self, board, board_admin):
        BoardRoleFactory(board=board, administrator=True)
        role = BoardRole.objects.get(board=board, user=board_admin)

        people.board_role_remove(board_role=role, by=board_admin)

        assert not BoardRole.objects.filter(pk=role.pk).exists()
        [entry] = entries(board)
        assert entry.action == AuditEntry.Action.DELETED
        assert entry.changes == {"user": [board_admin.email, None], "role": ["administrator", None]}


class TestInvitation:
    def test_sends_the_link_again_to_someone_who_has_not_used_it(
        self, board, board_admin, mailoutbox, django_capture_on_commit_callbacks
    ):
        role = people.board_role_grant(
            board=board, by=board_admin, email="sam@example.org", name="Sam", role="officer"
        )

        with django_capture_on_commit_callbacks(execute=True):
            people.invitation_resend(board=board, user=role.user, by=board_admin)

        assert [m.to for m in mailoutbox] == [["sam@example.org"]]
        assert entries(board)[-1].changes == {"set_password_link": [None, "Emailed again to sam@example.org"]}

    def test_not_to_someone_with_a_password(self, board, board_admin, officer):
        with pytest.raises(ValidationError) as refused:
            people.invitation_resend(board=board, user=officer, by=board_admin)

        assert "has set a password already" in refused.value.messages[0]

    def test_nothing_is_sent_once_the_password_is_set(self, board, board_admin, mailoutbox):
        from boards import emails

        role = people.board_role_grant(
            board=board, by=board_admin, email="sam@example.org", name="Sam", role="officer"
        )
        role.user.set_password("a-long-test-password-42")
        role.user.save()

        assert emails.invitation_send(role.user.pk, board.pk) is False
        assert mailoutbox == []


class TestTermsOfReference:
    def test_stores_a_pdf_and_audits_it(self, board, board_admin):
        services.terms_of_reference_upload(board=board, by=board_admin, file=pdf_upload("ToR 2024.pdf"))

        board.refresh_from_db()
        assert board.terms_of_reference.name.startswith("boards/terms-of-reference/")
        assert board.terms_of_reference.read().startswith(b"%PDF-")
        assert board.terms_of_reference_updated_at is not None
        assert entries(board)[-1].changes == {"terms_of_reference": [None, "ToR 2024.pdf (1 page)"]}

    def test_a_new_version_replaces_it_and_the_old_file_is_kept(self, board, board_admin):
        services.terms_of_reference_upload(board=board, by=board_admin, file=pdf_upload())
        board.refresh_from_db()
        first = board.terms_of_reference.name

        services.terms_of_reference_upload(board=board, by=board_admin, file=pdf_upload())

        board.refresh_from_db()
        assert board.terms_of_reference.name != first
        assert board.terms_of_reference.storage.exists(first)
        assert entries(board)[-1].changes["terms_of_reference"][0] == first

    @pytest.mark.parametrize(
        ("content", "message"),
        [
            (b"GIF89a not a pdf at all", "The selected file must be a PDF"),
            (b"%PDF-1.7 truncated", "The selected file is damaged or is not a PDF: it could not be read"),
            (pdf_bytes(password="secret"), "The selected file is protected by a password"),
        ],
        ids=["not a pdf", "corrupt", "encrypted"],
    )
    def test_refuses_what_is_not_a_readable_pdf_beside_the_file(self, board, board_admin, content, message):
        with pytest.raises(ValidationError) as refused:
            services.terms_of_reference_upload(
                board=board, by=board_admin, file=pdf_upload("terms.pdf", content)
            )

        assert refused.value.message_dict["file"][0].startswith(message)
        board.refresh_from_db()
        assert not board.terms_of_reference
        assert entries(board) == []

    def test_refuses_a_file_over_the_limit_in_the_settings(self, board, board_admin, settings):
        settings.TERMS_OF_REFERENCE_MAX_BYTES = 200

        with pytest.raises(ValidationError) as refused:
            services.terms_of_reference_upload(board=board, by=board_admin, file=pdf_upload())

        assert refused.value.message_dict["file"] == ["The selected file must be smaller than 1 KB"]


def test_terms_ending_lists_current_members_whose_term_ends_within_60_days(board):
    from boards.views.board_admin import terms_ending

    today = timezone.localdate()
    soon = MembershipFactory(board=board, name="Soon", ends_on=today + datetime.timedelta(days=60))
    MembershipFactory(board=board, name="Later", ends_on=today + datetime.timedelta(days=61))
    MembershipFactory(board=board, name="Open-ended")
    MembershipFactory(board=board, name="Ended", ended=True)
    ending_today = MembershipFactory(board=board, name="Today", ends_on=today)

    ending = terms_ending(board.memberships.all())

    assert [term.membership for term in ending] == [ending_today, soon]
    assert ending[0].when.startswith("today, ")
    assert ending[1].when.endswith("in 60 days")
