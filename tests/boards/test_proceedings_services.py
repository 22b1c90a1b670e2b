"""
The record of a meeting (boards.services.proceedings): attendance and the quorum, declarations of
interest, minutes and lettered decisions; what is refused, and the audit trail. Who may call the
services at all is tests/test_service_permissions.py's.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from boards.documents import MEMBERS_PACK, PUBLIC_PACK
from boards.models import Attendance, Decision, Declaration, Meeting, Membership
from boards.services import attendance, meetings, proceedings
from boards.services import board_admin as board_admin_services
from core.models import AuditEntry, Document
from core.versions import EditConflict
from strategies import services as strategy_services
from strategies.models import Status
from tests.factories import (
    AgendaItemFactory,
    AgendaPublicationFactory,
    AttendanceFactory,
    DecisionFactory,
    DeclarationFactory,
    MeetingFactory,
    MembershipFactory,
    OrganisationFactory,
    StrategyFactory,
)

pytestmark = pytest.mark.django_db

LOCKED = "The minutes of this meeting were approved as a correct record at the meeting on"


def days_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


@pytest.fixture
def meeting(board):
    """A meeting the board held a fortnight ago."""
    return MeetingFactory(board=board, starts_at=days_ago(14))


@pytest.fixture
def item(meeting):
    return AgendaItemFactory(meeting=meeting, number=5, title="Joint Health and Wellbeing Strategy")


@pytest.fixture
def later(board):
    """The board's next meeting, held yesterday, where the minutes of `meeting` come up."""
    return MeetingFactory(board=board, starts_at=days_ago(1))


@pytest.fixture
def later_item(later):
    return AgendaItemFactory(meeting=later, number=2, title="Minutes of the last meeting")


def member(board, name, role=Membership.Role.VOTING, **fields):
    return MembershipFactory(board=board, user=None, name=name, role=role, **fields)


def entries(meeting, action=None):
    found = AuditEntry.objects.for_scope(meeting).order_by("pk")
    return list(found.filter(action=action) if action else found)


def approve_minutes(of: Meeting, at_item, by) -> Decision:
    return proceedings.decision_add(
        item=at_item,
        by=by,
        text="That the minutes of the last meeting be approved as a correct record.",
        outcome=Decision.Outcome.APPROVED,
        effect=Decision.Effect.MINUTES,
        minutes_of=of,
    )


class TestAttendance:
    def test_records_each_members_attendance_and_audits_each_change(self, board, meeting, officer):
        chair = member(board, "Cllr Ann Chair", Membership.Role.CHAIR)
        voting = member(board, "Dr Bo Voting")

        attendance.attendance_record(
            meeting=meeting, by=officer, statuses={chair.pk: "present", voting.pk: "apologies"}
        )
        attendance.attendance_record(
            meeting=meeting, by=officer, statuses={chair.pk: "present", voting.pk: "absent"}
        )

        recorded = dict(meeting.attendance.values_list("membership__name", "status"))
        assert recorded == {"Cllr Ann Chair": "present", "Dr Bo Voting": "absent"}
        made = [entry.changes for entry in entries(meeting)]
        assert made == [
            {"status": [None, "Present"]},
            {"status": [None, "Apologies"]},
            {"status": ["Apologies", "Absent"]},  # The chair's unchanged line wrote nothing.
        ]

    def test_a_member_left_out_stays_as_recorded(self, board, meeting, officer):
        chair = member(board, "Cllr Ann Chair", Membership.Role.CHAIR)
        voting = member(board, "Dr Bo Voting")
        attendance.attendance_record(meeting=meeting, by=officer, statuses={chair.pk: "present"})

        attendance.attendance_record(meeting=meeting, by=officer, statuses={voting.pk: "present"})

        assert meeting.attendance.count() == 2

    def test_apologies_can_be_recorded_before_the_meeting(self, board, officer):
        upcoming = MeetingFactory(board=board, starts_at=days_ago(-7), status=Meeting.Status.SCHEDULED)
        voting = member(board, "Dr Bo Voting")

        attendance.attendance_record(meeting=upcoming, by=officer, statuses={voting.pk: "apologies"})

        assert upcoming.attendance.get().status == Attendance.Status.APOLOGIES

    @pytest.mark.parametrize("whose", ["another board's", "a past member's", "a future member's"])
    def test_only_members_at_the_time_of_the_meeting_are_recorded(
        self, board, other_board, meeting, officer, whose
    ):
        outsider = {
            "another board's": lambda: member(other_board, "Someone Else"),
            "a past member's": lambda: member(
                board,
                "Former Member",
                starts_on=datetime.date(2020, 1, 1),
                ends_on=timezone.localdate(meeting.starts_at) - datetime.timedelta(days=1),
            ),
            "a future member's": lambda: member(board, "New Member", starts_on=timezone.localdate()),
        }[whose]()

        with pytest.raises(ValidationError) as refused:
            attendance.attendance_record(meeting=meeting, by=officer, statuses={outsider.pk: "present"})

        assert refused.value.message_dict == {
            f"member-{outsider.pk}": ["That person was not a member of the board at the time of this meeting"]
        }
        assert not meeting.attendance.exists()

    def test_a_member_with_a_substitute_cannot_also_be_present(self, board, meeting, officer):
        voting = member(board, "Dr Bo Voting")
        attendance.substitute_add(meeting=meeting, by=officer, substitute_for=voting, name="Dr Cy Deputy")

        with pytest.raises(ValidationError) as refused:
            attendance.attendance_record(meeting=meeting, by=officer, statuses={voting.pk: "present"})

        assert refused.value.message_dict[f"member-{voting.pk}"] == [
            "Dr Bo Voting has a substitute at this meeting: remove the substitute first, or record apologies"
        ]
        assert meeting.attendance.get(membership=voting).status == Attendance.Status.APOLOGIES

    def test_a_status_that_is_not_a_members_is_refused(self, board, meeting, officer):
        voting = member(board, "Dr Bo Voting")

        with pytest.raises(ValidationError, match="Choose present, apologies or absent for Dr Bo Voting"):
            attendance.attendance_record(meeting=meeting, by=officer, statuses={voting.pk: "in_attendance"})

    def test_a_cancelled_meeting_has_no_attendance(self, board, officer):
        cancelled = MeetingFactory(
            board=board, status=Meeting.Status.CANCELLED, cancelled_reason="Not quorate."
        )
        voting = member(board, "Dr Bo Voting")

        with pytest.raises(ValidationError, match="The meeting was cancelled"):
            attendance.attendance_record(meeting=cancelled, by=officer, statuses={voting.pk: "apologies"})

        assert not cancelled.attendance.exists()


class TestQuorum:
    def test_counts_voting_members_present_and_substitutes_for_voting_members(self, board, meeting, officer):
        board.quorum = 4
        board.save()
        chair = member(board, "Chair", Membership.Role.CHAIR)
        vice = member(board, "Vice-chair", Membership.Role.VICE_CHAIR)
        voting = member(board, "Voting")
        away = member(board, "Voting, away")
        co_opted = member(board, "Co-opted", Membership.Role.CO_OPTED)
        observer = member(board, "Observer", Membership.Role.OBSERVER)
        present = {pk: "present" for pk in (chair.pk, vice.pk, co_opted.pk)}
        attendance.attendance_record(meeting=meeting, by=officer, statuses={**present, voting.pk: "absent"})
        attendance.substitute_add(meeting=meeting, by=officer, substitute_for=away, name="Deputy")
        attendance.substitute_add(
            meeting=meeting, by=officer, substitute_for=observer, name="Deputy observer"
        )
        attendance.in_attendance_add(meeting=meeting, by=officer, name="Director of Public Health")

        quorum = attendance.quorum(meeting)

        # The chair, the vice-chair and the voting member's substitute: not the co-opted member, the
        # observer's substitute, the officer in attendance, nor the absent voting member.
        assert (quorum.present, quorum.needed, quorum.quorate) == (3, 4, False)
        assert str(quorum) == "Not quorate: 3 of 4 needed"

    def test_says_quorate_with_how_many_of_how_many(self, board, meeting, officer):
        board.quorum = 3
        board.save()
        voting = [member(board, f"Voting {i}") for i in range(5)]
        attendance.attendance_record(meeting=meeting, by=officer, statuses={m.pk: "present" for m in voting})

        assert str(attendance.quorum(meeting)) == "Quorate: 5 of 3 needed"

    def test_a_held_meeting_keeps_the_quorum_of_its_day(self, board, officer, board_admin):
        before = board.quorum
        held = MeetingFactory(
            board=board, starts_at=timezone.now() - datetime.timedelta(days=1), status="scheduled"
        )
        meetings.meeting_transition(meeting=held, to_status="held", by=officer)
        coming = MeetingFactory(
            board=board, starts_at=timezone.now() + datetime.timedelta(days=30), status="scheduled"
        )

        board_admin_services.board_update(board=board, by=board_admin, quorum=before + 2)

        held.refresh_from_db()
        coming.refresh_from_db()
        assert attendance.quorum(held).needed == held.quorum == before
        assert attendance.quorum(coming).needed == before + 2

    def test_before_any_attendance_is_recorded_gives_no_verdict(self, board, meeting):
        board.quorum = 3
        board.save()
        member(board, "Voting 1")

        quorum = attendance.quorum(meeting)

        assert (quorum.present, quorum.recorded) == (0, False)
        assert str(quorum) == "No attendance recorded yet: 3 voting members make a quorum"


class TestSubstitutesAndOthers:
    def test_a_substitute_stands_in_for_a_member_who_sent_apologies(self, board, meeting, officer):
        voting = member(board, "Dr Bo Voting")

        substitute = attendance.substitute_add(
            meeting=meeting, by=officer, substitute_for=voting, name="  Dr Cy Deputy "
        )

        assert (substitute.name, substitute.status, substitute.substitute_for) == (
            "Dr Cy Deputy",
            "present",
            voting,
        )
        assert substitute.organisation == voting.organisation
        assert meeting.attendance.get(membership=voting).status == Attendance.Status.APOLOGIES
        assert entries(meeting)[-1].changes["substitute for"] == [None, "Dr Bo Voting"]

    def test_a_substitute_may_come_from_another_of_the_boards_organisations(self, board, meeting, officer):
        voting = member(board, "Dr Bo Voting")
        partner = OrganisationFactory(name="Thurrock CVS")
        board.organisations.add(partner)

        substitute = attendance.substitute_add(
            meeting=meeting, by=officer, substitute_for=voting, name="Cy", organisation=partner
        )

        assert substitute.organisation == partner

    def test_refusals_are_said_against_their_fields(self, board, meeting, officer):
        present = member(board, "Present Member")
        attendance.attendance_record(meeting=meeting, by=officer, statuses={present.pk: "present"})
        stranger = OrganisationFactory(name="Not a partner")

        with pytest.raises(ValidationError) as refused:
            attendance.substitute_add(
                meeting=meeting, by=officer, substitute_for=present, name=" ", organisation=stranger
            )

        assert refused.value.message_dict == {
            "name": ["Enter the substitute's name"],
            "substitute_for": [
                "Present Member is recorded as present: a substitute stands in for a member who is not there"
            ],
            "organisation": ["Choose one of the board's organisations"],
        }
        assert meeting.attendance.count() == 1

    def test_one_substitute_per_member(self, board, meeting, officer):
        voting = member(board, "Dr Bo Voting")
        attendance.substitute_add(meeting=meeting, by=officer, substitute_for=voting, name="First")

        with pytest.raises(ValidationError, match="already has a substitute at this meeting"):
            attendance.substitute_add(meeting=meeting, by=officer, substitute_for=voting, name="Second")

    def test_others_in_attendance_and_removing_a_line(self, meeting, officer):
        row = attendance.in_attendance_add(meeting=meeting, by=officer, name="Jo Bright")

        attendance.attendance_remove(attendance=row, by=officer)
        attendance.attendance_remove(attendance=row, by=officer)  # The same form sent twice: nothing more.

        assert not meeting.attendance.exists()
        assert [entry.action for entry in entries(meeting)] == ["created", "deleted"]
        assert entries(meeting)[-1].changes["person"] == ["Jo Bright", None]

    def test_someone_in_attendance_needs_a_name(self, meeting, officer):
        with pytest.raises(ValidationError) as refused:
            attendance.in_attendance_add(meeting=meeting, by=officer, name="")

        assert refused.value.message_dict == {"name": ["Enter the name of the person in attendance"]}


class TestDeclarations:
    def test_records_a_members_declaration_and_audits_it(self, board, item, officer):
        voting = member(board, "Dr Bo Voting")

        declaration = attendance.declaration_add(
            item=item,
            by=officer,
            membership=voting,
            interest=Declaration.Interest.PECUNIARY,
            description=" Owns shares in a care home company. ",
            action=Declaration.Action.LEFT,
        )

        assert declaration.description == "Owns shares in a care home company."
        assert entries(item.meeting)[-1].changes["interest"] == [None, "Disclosable pecuniary interest"]

    def test_once_per_member_and_item(self, board, item, officer):
        declared = DeclarationFactory(item=item, membership=member(board, "Dr Bo Voting"))

        with pytest.raises(ValidationError) as refused:
            attendance.declaration_add(
                item=item,
                by=officer,
                membership=declared.membership,
                interest="pecuniary",
                description="Again.",
                action="left",
            )

        assert refused.value.message_dict["membership"] == [
            "Dr Bo Voting has already declared an interest in this item: remove that declaration to record "
            "it differently"
        ]

    def test_every_field_is_checked(self, other_board, item, officer):
        with pytest.raises(ValidationError) as refused:
            attendance.declaration_add(
                item=item,
                by=officer,
                membership=member(other_board, "Elsewhere"),
                interest="bribe",
                description="  ",
                action="hid",
            )

        assert set(refused.value.message_dict) == {"membership", "interest", "description", "action"}
        assert not Declaration.objects.exists()

    def test_removing_one(self, item, officer):
        declaration = DeclarationFactory(item=item)

        attendance.declaration_remove(declaration=declaration, by=officer)

        assert not item.declarations.exists()
        assert entries(item.meeting)[-1].action == AuditEntry.Action.DELETED


class TestMinutes:
    def test_writes_an_items_minutes_with_an_edit_version(self, item, officer):
        saved = proceedings.item_minutes_update(
            item=item, by=officer, minutes="The Board **discussed**.", version=1
        )

        assert (saved.minutes, saved.version) == ("The Board **discussed**.", 2)
        assert entries(item.meeting)[-1].changes == {"minutes": ["", "The Board **discussed**."]}

    def test_the_next_meetings_published_packs_are_asked_for_again(
        self, board, meeting, item, officer, django_capture_on_commit_callbacks
    ):
        """Its agenda's packs print these draft minutes (boards.documents.previous_draft_minutes)."""
        upcoming = MeetingFactory(board=board, starts_at=days_ago(-10), status=Meeting.Status.SCHEDULED)
        publication = AgendaPublicationFactory(meeting=upcoming)
        much_later = MeetingFactory(board=board, starts_at=days_ago(-90), status=Meeting.Status.SCHEDULED)
        AgendaPublicationFactory(meeting=much_later)
        MeetingFactory(board=board, starts_at=days_ago(-40))  # Held in between: it prints its own minutes.

        with django_capture_on_commit_callbacks() as queued:
            proceedings.item_minutes_update(item=item, by=officer, minutes="As it happened.")

        asked = Document.objects.filter(kind__in=[MEMBERS_PACK, PUBLIC_PACK])
        assert sorted(asked.values_list("kind", "object_id")) == sorted(
            [(MEMBERS_PACK, publication.pk), (PUBLIC_PACK, publication.pk)]
        )
        assert len(queued) == 2

    def test_a_save_over_someone_elses_is_refused(self, item, officer, board_admin):
        proceedings.item_minutes_update(item=item, by=board_admin, minutes="Theirs.", version=1)

        with pytest.raises(EditConflict):
            proceedings.item_minutes_update(item=item, by=officer, minutes="Mine.", version=1)

        item.refresh_from_db()
        assert item.minutes == "Theirs."

    def test_waits_until_the_meeting_is_held(self, board, officer):
        scheduled = AgendaItemFactory(meeting=MeetingFactory(board=board, status=Meeting.Status.SCHEDULED))

        with pytest.raises(ValidationError) as refused:
            proceedings.item_minutes_update(item=scheduled, by=officer, minutes="Too early.")

        assert refused.value.messages == ["Record the meeting as held first."]

    def test_approved_minutes_are_locked_with_the_reason(self, meeting, item, later, later_item, officer):
        proceedings.item_minutes_update(item=item, by=officer, minutes="As it happened.")
        approve_minutes(meeting, later_item, officer)

        with pytest.raises(ValidationError) as refused:
            proceedings.item_minutes_update(item=item, by=officer, minutes="Rewritten later.")

        day = f"{timezone.localtime(later.starts_at):%-d %B %Y}"
        assert refused.value.messages == [f"{LOCKED} {day}, so its minutes can no longer change."]
        item.refresh_from_db()
        assert item.minutes == "As it happened."

    def test_the_whole_record_of_an_approved_meeting_is_locked(
        self, board, meeting, item, later_item, officer
    ):
        voting = member(board, "Dr Bo Voting")
        resolution = DecisionFactory(agenda_item=item)
        declaration = DeclarationFactory(item=item)
        approve_minutes(meeting, later_item, officer)

        attempts = [
            lambda: attendance.attendance_record(
                meeting=meeting, by=officer, statuses={voting.pk: "present"}
            ),
            lambda: attendance.substitute_add(meeting=meeting, by=officer, substitute_for=voting, name="Cy"),
            lambda: attendance.in_attendance_add(meeting=meeting, by=officer, name="Jo"),
            lambda: attendance.declaration_remove(declaration=declaration, by=officer),
            lambda: proceedings.decision_add(item=item, by=officer, text="Late.", outcome="noted"),
            lambda: proceedings.decision_update(decision=resolution, by=officer, text="Changed."),
            lambda: proceedings.decision_remove(decision=resolution, by=officer),
        ]
        for attempt in attempts:
            with pytest.raises(ValidationError, match=LOCKED):
                attempt()

        assert item.decisions.get() == resolution and item.declarations.get() == declaration

    def test_a_deferred_approval_does_not_lock_them(self, meeting, item, later_item, officer):
        proceedings.decision_add(
            item=later_item,
            by=officer,
            text="That the minutes be approved at the next meeting.",
            outcome=Decision.Outcome.DEFERRED,
            effect=Decision.Effect.MINUTES,
            minutes_of=meeting,
        )

        proceedings.item_minutes_update(item=item, by=officer, minutes="Still a draft.")

        assert proceedings.minutes_approval(meeting) is None


class TestDecisions:
    @pytest.mark.parametrize(
        ("index", "letter"), [(0, "a"), (1, "b"), (25, "z"), (26, "aa"), (27, "ab"), (701, "zz")]
    )
    def test_letters(self, index, letter):
        assert proceedings.letter_for(index) == letter

    def test_resolutions_are_lettered_in_order_and_audited(self, item, officer):
        made = [
            proceedings.decision_add(item=item, by=officer, text=text, outcome=outcome)
            for text, outcome in [
                ("That the report be noted.", "noted"),
                ("That it be approved.", "approved"),
            ]
        ]

        assert [(d.letter, d.outcome, d.recorded_by) for d in made] == [
            ("a", "noted", officer),
            ("b", "approved", officer),
        ]
        assert entries(item.meeting)[-1].changes["letter"] == [None, "b"]

    def test_refused_at_a_cancelled_meeting(self, board, officer):
        cancelled = AgendaItemFactory(
            meeting=MeetingFactory(board=board, status=Meeting.Status.CANCELLED, cancelled_reason="Snow.")
        )

        with pytest.raises(ValidationError) as refused:
            proceedings.decision_add(item=cancelled, by=officer, text="That it be noted.", outcome="noted")

        assert refused.value.messages == [
            "The meeting was cancelled: it has no attendance, minutes or decisions."
        ]
        assert not Decision.objects.exists()

    def test_refused_at_a_meeting_not_yet_held(self, board, officer):
        scheduled = AgendaItemFactory(meeting=MeetingFactory(board=board, status=Meeting.Status.SCHEDULED))

        with pytest.raises(ValidationError) as refused:
            proceedings.decision_add(item=scheduled, by=officer, text="That it be noted.", outcome="noted")

        assert refused.value.messages == ["Record the meeting as held first."]

    def test_the_text_and_outcome_are_needed(self, item, officer):
        with pytest.raises(ValidationError) as refused:
            proceedings.decision_add(item=item, by=officer, text="  ", outcome="adopted", effect="everything")

        assert refused.value.message_dict == {
            "text": ["Enter the resolution, as minuted"],
            "outcome": ["Choose the outcome"],
            "effect": ["Choose what the decision does"],
        }


class TestApprovingMinutes:
    def test_approves_an_earlier_meetings_minutes(self, meeting, later_item, officer):
        approval = approve_minutes(meeting, later_item, officer)

        assert proceedings.minutes_approval(meeting) == approval
        day = f"{timezone.localtime(meeting.starts_at):%-d %B %Y}"
        assert entries(later_item.meeting)[-1].changes["effect"] == [
            None,
            f"Approves the minutes of the meeting on {day}",
        ]

    def test_minutes_approved_twice_are_refused_with_when(self, board, meeting, later, later_item, officer):
        approve_minutes(meeting, later_item, officer)
        third = AgendaItemFactory(meeting=MeetingFactory(board=board, starts_at=days_ago(0)))

        with pytest.raises(ValidationError) as refused:
            approve_minutes(meeting, third, officer)

        first_day, later_day = (f"{timezone.localtime(m.starts_at):%-d %B %Y}" for m in (meeting, later))
        assert refused.value.message_dict == {
            "minutes_of": [
                f"The minutes of the meeting on {first_day} were already approved as a correct record at the "
                f"meeting on {later_day}"
            ]
        }
        assert Decision.objects.filter(minutes_of=meeting).count() == 1

    def test_the_database_allows_one_approval_of_a_meetings_minutes(self, meeting, later_item, officer):
        approve_minutes(meeting, later_item, officer)

        with pytest.raises(IntegrityError), transaction.atomic():
            Decision.objects.create(
                agenda_item=later_item,
                letter="b",
                text="Again.",
                outcome=Decision.Outcome.APPROVED,
                effect=Decision.Effect.MINUTES,
                minutes_of=meeting,
            )

    @pytest.mark.parametrize("which", ["the same", "a later", "another board's", "a cancelled", "no"])
    def test_only_an_earlier_held_meeting_of_the_board(
        self, board, other_board, meeting, item, officer, which
    ):
        named = {
            "the same": lambda: meeting,
            "a later": lambda: MeetingFactory(board=board, starts_at=days_ago(1)),
            "another board's": lambda: MeetingFactory(board=other_board, starts_at=days_ago(30)),
            "a cancelled": lambda: MeetingFactory(
                board=board, starts_at=days_ago(30), status="cancelled", cancelled_reason="Snow."
            ),
            "no": lambda: None,
        }[which]()

        with pytest.raises(ValidationError) as refused:
            approve_minutes(named, item, officer)

        assert list(refused.value.message_dict) == ["minutes_of"]
        earlier = "Choose an earlier meeting: a meeting approves the minutes of a meeting before it"
        cancelled_day = f"{timezone.localtime(days_ago(30)):%-d %B %Y}"
        assert (
            refused.value.message_dict["minutes_of"][0]
            == {
                "the same": earlier,
                "a later": earlier,
                "another board's": "Choose a meeting of this board",
                "a cancelled": f"The meeting on {cancelled_day} was not held, so it has no minutes to "
                "approve",
                "no": "Choose the meeting whose minutes it approves",
            }[which]
        )
        assert not Decision.objects.exists()

    def test_a_decision_of_another_effect_names_no_meeting(self, meeting, later_item, officer):
        with pytest.raises(ValidationError) as refused:
            proceedings.decision_add(
                item=later_item, by=officer, text="Noted.", outcome="noted", effect="", minutes_of=meeting
            )

        assert refused.value.message_dict == {
            "minutes_of": ["Only a decision that approves minutes names a meeting"]
        }


class TestChangingDecisions:
    def test_edits_a_resolution_with_an_edit_version(self, item, officer, board_admin):
        resolution = proceedings.decision_add(
            item=item, by=officer, text="That it be noted.", outcome="noted"
        )

        proceedings.decision_update(
            decision=resolution, by=officer, version=1, text="That it be noted, with thanks."
        )
        with pytest.raises(EditConflict):
            proceedings.decision_update(decision=resolution, by=board_admin, version=1, outcome="approved")

        resolution.refresh_from_db()
        assert (resolution.text, resolution.outcome, resolution.version) == (
            "That it be noted, with thanks.",
            "noted",
            2,
        )
        assert entries(item.meeting)[-1].changes == {
            "text": ["That it be noted.", "That it be noted, with thanks."]
        }

    def test_removing_one_moves_the_next_up_a_letter(self, item, officer):
        a, b, c = (
            proceedings.decision_add(item=item, by=officer, text=f"Resolution {n}.", outcome="noted")
            for n in (1, 2, 3)
        )

        proceedings.decision_remove(decision=a, by=officer)

        assert list(item.decisions.order_by("letter").values_list("letter", "text")) == [
            ("a", "Resolution 2."),
            ("b", "Resolution 3."),
        ]
        assert proceedings.decision_add(item=item, by=officer, text="Next.", outcome="noted").letter == "c"

    def test_a_decision_a_strategy_moved_on_keeps_its_outcome_and_effect(self, board, item, officer):
        approval = proceedings.decision_add(
            item=item,
            by=officer,
            text="That the draft strategy be approved for consultation.",
            outcome="approved",
            effect=Decision.Effect.CONSULTATION,
        )
        strategy = StrategyFactory(board=board)
        strategy_services.strategy_transition(
            strategy=strategy, to_status=Status.IN_CONSULTATION, by=officer, reason="Go.", decision=approval
        )

        with pytest.raises(ValidationError) as refused:
            proceedings.decision_update(decision=approval, by=officer, outcome="deferred")
        with pytest.raises(ValidationError, match="rests on this decision, so it cannot be removed"):
            proceedings.decision_remove(decision=approval, by=officer)
        proceedings.decision_update(
            decision=approval, by=officer, text="That the draft strategy be approved for public consultation."
        )

        assert refused.value.message_dict == {
            "outcome": [
                "A status change rests on this decision, so its outcome and effect can no longer change. Its "
                "wording can still be corrected."
            ]
        }
        approval.refresh_from_db()
        assert (approval.outcome, approval.text) == (
            "approved",
            "That the draft strategy be approved for public consultation.",
        )

    def test_withdrawing_an_approval_of_minutes_unlocks_them(self, meeting, item, later_item, officer):
        approval = approve_minutes(meeting, later_item, officer)

        proceedings.decision_update(decision=approval, by=officer, outcome="deferred")
        proceedings.item_minutes_update(item=item, by=officer, minutes="Corrected before approval.")

        assert proceedings.minutes_approval(meeting) is None


class TestMembersAtAMeeting:
    def test_a_member_recorded_stays_listed_after_their_term(self, board, meeting, officer):
        leaving = member(board, "Leaving Member")
        attendance.attendance_record(meeting=meeting, by=officer, statuses={leaving.pk: "present"})
        Membership.objects.filter(pk=leaving.pk).update(
            ends_on=timezone.localdate(meeting.starts_at) - datetime.timedelta(days=1)
        )

        assert list(attendance.members_at(meeting)) == [leaving]

    def test_factories_make_a_valid_record(self, meeting):
        """The factories the public pages' tests share make rows the services would accept."""
        row = AttendanceFactory(meeting=meeting)

        assert row.membership.board == meeting.board
        assert list(attendance.members_at(meeting)) == [row.membership]
