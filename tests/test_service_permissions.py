"""
Services check the rules too (docs/decisions/0005-permissions.md): whoever calls a service, a view,
a task or a management command, a `by` user who may not do the thing gets PermissionDenied, and
nothing is written.

The services are found, not listed: every public function taking `by` in the `services` module of
every app of ours (or its package's modules, or a module of the app it exports services from, such as
consultations/offline.py). Each needs an entry in CASES (the arguments an allowed user succeeds with, and
who is refused); a new service without one fails its own test here, with the entry to add.
"""

import importlib
import importlib.util
import inspect
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from boards.documents import MEMBERS_PACK, PUBLIC_PACK
from boards.models import AgendaItem, BoardRole
from boards.services import agenda as agenda_services
from boards.services import papers as paper_services
from consultations import services as consultation_services
from consultations.models import (
    Campaign,
    CampaignStatus,
    Channel,
    Comment,
    Consultation,
    Question,
    Respondent,
    Response,
    Theme,
)
from consultations.models import Status as ConsultationStatus
from core.formtokens import new_token
from core.models import Document
from strategies.models import Status, SupportingDocument
from tests.boards.agenda_helpers import add_items, scheduled_meeting
from tests.factories import (
    ActionFactory,
    AgendaItemFactory,
    AlignmentFactory,
    AttendanceFactory,
    BoardFactory,
    BoardRoleFactory,
    DecisionFactory,
    DeclarationFactory,
    DomainFactory,
    MeetingFactory,
    MembershipFactory,
    NewsItemFactory,
    OrganisationFactory,
    PlanFactory,
    PriorityFactory,
    StrategyFactory,
    UserFactory,
)
from tests.images import png_bytes, svg_bytes
from tests.strategies.helpers import pdf_bytes

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[1]


def find_services() -> dict[str, Callable]:
    """
    {"app.services.name": function} for each public function with a `by` parameter, in the `services`
    module of each app, in any public module of its `services` package, or in any other module of the
    app that `services` exports a function from. Each must also be importable from `app.services`
    itself, which is where views, tasks and tests take them from: a module exporting one service has
    all of its services checked.

    A `services` package that exports no service (boards': one module per area, imported as
    `from boards.services import meetings`) is used through its modules: its services are named
    "app.services.module.name".
    """
    found = {}
    for app in apps.get_app_configs():
        module_name = f"{app.name}.services"
        if not (ROOT / app.name).is_dir() or importlib.util.find_spec(module_name) is None:
            continue  # Not one of ours (Django's own apps), or an app with no services yet.
        package = importlib.import_module(module_name)
        modules = [package]
        if hasattr(package, "__path__"):
            modules += [
                importlib.import_module(f"{module_name}.{info.name}")
                for info in pkgutil.iter_modules(package.__path__)
                if not info.name.startswith("_")  # Shared helpers, not services.
            ]
        for name, function in inspect.getmembers(package, inspect.isfunction):
            home = function.__module__
            private = any(part.startswith("_") for part in home.split("."))  # Shared helpers again.
            if not name.startswith("_") and home.startswith(f"{app.name}.") and not private:
                if (module := importlib.import_module(home)) not in modules:
                    modules.append(module)
        exports = any(
            "by" in inspect.signature(function).parameters
            for _, function in inspect.getmembers(package, inspect.isfunction)
        )
        for module in modules:
            for name, function in inspect.getmembers(module, inspect.isfunction):
                if name.startswith("_") or function.__module__ != module.__name__:
                    continue  # Private helpers, and functions imported from elsewhere.
                if "by" in inspect.signature(function).parameters:
                    if not exports:
                        found[f"{module.__name__}.{name}"] = function
                        continue
                    assert getattr(package, name, None) is function, f"{module_name} does not export {name}"
                    found[f"{module_name}.{name}"] = function
    return found


SERVICES = find_services()

# Who may not edit a board's content: an anonymous resident, a signed-in user with no role, an
# officer whose account was deactivated, a member of the board (reads drafts, edits nothing) and an
# officer of another board.
MAY_NOT_EDIT = ("resident", "nobody", "former_officer", "board_member", "other_officer")


@dataclass(frozen=True)
class Case:
    """One way of calling a service: arguments with which `allowed` succeeds, and who is refused."""

    arguments: Callable[[SimpleNamespace], dict]
    allowed: str = "officer"
    refused: tuple[str, ...] = MAY_NOT_EDIT
    label: str = ""


def fingertips_export():
    """A one-row Fingertips export for the world's board's area (E06000034), of indicator 92443."""
    from tests.delivery.test_fingertips import csv_file, line

    return csv_file(line(indicator="92443"))


def ids(queryset) -> list[int]:
    return list(queryset.values_list("pk", flat=True))


# Services only the board's administrators may call.
BOARD_ADMIN = {"allowed": "board_admin", "refused": (*MAY_NOT_EDIT, "officer")}

# The objects (`w`) are built by the `world` fixture below: all on `board`, the board of the officer,
# the board administrator and the board member.
CASES: dict[str, list[Case]] = {
    "strategies.services.strategy_create": [
        Case(
            lambda w: {
                "board": w.board,
                "title": "Joint Health and Wellbeing Strategy 2026 to 2031",
                "slug": "jhws-2026-2031",
                "start_year": 2026,
                "end_year": 2031,
            }
        )
    ],
    "strategies.services.strategy_update": [Case(lambda w: {"strategy": w.draft, "title": "Renamed"})],
    "strategies.services.strategy_delete": [Case(lambda w: {"strategy": w.draft})],
    "strategies.services.domain_create": [Case(lambda w: {"strategy": w.draft, "title": "Housing"})],
    "strategies.services.domain_update": [Case(lambda w: {"domain": w.domain, "title": "Renamed"})],
    "strategies.services.domain_delete": [Case(lambda w: {"domain": w.domain})],
    "strategies.services.domains_reorder": [
        Case(lambda w: {"strategy": w.draft, "order": ids(w.draft.domains.all())[::-1]})
    ],
    "delivery.services.action_create": [
        Case(
            lambda w: {
                "priority": w.action.priority,
                "title": "Falls classes in libraries",
                "lead_organisation": w.action.lead_organisation,
                "lead_officer": "Jo Broadbent",
                "due_on": w.action.due_on,
            }
        )
    ],
    "delivery.services.action_update": [Case(lambda w: {"action": w.action, "title": "Renamed"})],
    "delivery.services.action_progress": [
        Case(lambda w: {"action": w.action, "status": "on_track", "narrative": "Started."})
    ],
    "delivery.services.action_delete": [Case(lambda w: {"action": w.action})],
    "delivery.services.indicator_import_upload": [
        Case(
            lambda w: {
                "strategy": w.action.priority.domain.strategy,
                "file": SimpleUploadedFile("export.csv", fingertips_export().getvalue()),
            }
        )
    ],
    "delivery.services.indicator_import_confirm": [Case(lambda w: {"upload": w.indicator_upload})],
    "delivery.services.indicator_import_retry": [Case(lambda w: {"upload": w.indicator_upload})],
    "delivery.services.indicators_import": [
        Case(lambda w: {"strategy": w.action.priority.domain.strategy, "handle": fingertips_export()})
    ],
    "delivery.services.indicator_create": [
        Case(
            lambda w: {
                "strategy": w.action.priority.domain.strategy,
                "title": "Physically active adults",
                "fingertips_id": 93014,
                "unit": "%",
                "polarity": "higher_is_better",
                "priorities": [w.action.priority],
            }
        )
    ],
    "delivery.services.indicator_update": [
        Case(
            lambda w: {
                "indicator": w.action.priority.domain.strategy.indicators.get(source="local"),
                "title": "Carers assessed within four weeks",
            }
        )
    ],
    "delivery.services.indicator_delete": [
        Case(lambda w: {"indicator": w.action.priority.domain.strategy.indicators.get(source="local")})
    ],
    "delivery.services.indicator_checked": [
        Case(lambda w: {"indicator": w.action.priority.domain.strategy.indicators.get(source="local")})
    ],
    "delivery.services.data_point_record": [
        Case(
            lambda w: {
                "indicator": w.action.priority.domain.strategy.indicators.get(source="local"),
                "period": "2024/25",
                "count": 158,
                "denominator": 257,
            }
        )
    ],
    # Plans that priorities support: any board's officer records one for their own board (the other
    # board's officer, here, is refused only because it is not theirs); the recording board's officers
    # change it; a priority's plans are changed by its board's officers.
    "delivery.services.plan_create": [
        Case(
            lambda w: {
                "board": w.board,
                "title": "Mid and South Essex Integrated Care Strategy",
                "kind": "integrated_care_strategy",
                "owner": "Mid and South Essex Integrated Care Partnership",
                "area": "Mid and South Essex",
            }
        )
    ],
    "delivery.services.plan_update": [Case(lambda w: {"plan": w.plan, "title": "Renamed"})],
    # A board's news: its officers write, change, unpublish and delete its updates.
    "news.services.news_create": [
        Case(
            lambda w: {
                "board": w.board,
                "title": "Board meets in March",
                "summary": "The Board meets on 4 March.",
                "body": "Come along.",
                "status": "published",
            }
        )
    ],
    "news.services.news_update": [Case(lambda w: {"item": w.news_item, "title": "Renamed"})],
    "news.services.news_unpublish": [Case(lambda w: {"item": w.news_item})],
    "news.services.news_delete": [Case(lambda w: {"item": w.news_item})],
    "delivery.services.plan_delete": [Case(lambda w: {"plan": w.plan})],
    "delivery.services.priority_align": [
        Case(lambda w: {"priority": w.action.priority, "plans": {w.plan: "Through the PCNs."}}),
        Case(lambda w: {"priority": w.aligned, "plans": []}, label="removing a priority's plans"),
    ],
    "strategies.services.priority_create": [Case(lambda w: {"domain": w.domain, "title": "Fewer falls"})],
    "strategies.services.priority_update": [Case(lambda w: {"priority": w.priority, "title": "Renamed"})],
    "strategies.services.priority_delete": [Case(lambda w: {"priority": w.priority})],
    "strategies.services.priorities_reorder": [
        Case(lambda w: {"domain": w.domain, "order": ids(w.domain.priorities.all())[::-1]})
    ],
    "strategies.services.strategy_transition": [
        Case(
            lambda w: {
                "strategy": w.draft,
                "to_status": Status.IN_CONSULTATION,
                "reason": "Consult.",
                "decision": w.decision_to_consult,
            },
            label="a move",
        ),
        # Publishing is the board administrator's: the board's own officer is refused too.
        Case(
            lambda w: {"strategy": w.approved, "to_status": Status.PUBLISHED, "reason": "Publish."},
            allowed="board_admin",
            refused=(*MAY_NOT_EDIT, "officer"),
            label="publishing",
        ),
    ],
    "strategies.services.strategy_render_pdf": [Case(lambda w: {"strategy": w.published})],
    "strategies.services.supporting_document_add": [
        Case(lambda w: {"strategy": w.draft, "title": "Joint Forward Plan", "url": "https://nhs.example/jfp"})
    ],
    "strategies.services.supporting_document_remove": [Case(lambda w: {"document": w.supporting_document})],
    "consultations.services.consultation_create": [
        Case(lambda w: {"strategy": w.second_draft, **consultation_fields(slug="second")})
    ],
    "consultations.services.consultation_update": [
        Case(lambda w: {"consultation": w.consultation, "title": "New"})
    ],
    "consultations.services.consultation_transition": [
        Case(lambda w: {"consultation": w.consultation, "to_status": ConsultationStatus.SCHEDULED}),
    ],
    "consultations.services.question_create": [
        Case(lambda w: {"consultation": w.consultation, "text": "Anything else?"})
    ],
    "consultations.services.question_update": [Case(lambda w: {"question": w.question, "text": "Renamed?"})],
    "consultations.services.question_delete": [Case(lambda w: {"question": w.question})],
    "consultations.services.questions_reorder": [
        Case(lambda w: {"consultation": w.consultation, "order": ids(w.consultation.questions.all())[::-1]})
    ],
    "consultations.services.response_enter": [
        Case(
            lambda w: {
                "consultation": w.opened,
                "form_key": new_token(),
                "channel": Channel.PAPER,
                "received_on": timezone.localdate(),
                "answers": {w.opened.priorities()[0]["id"]: (4, "Yes, and sooner.")},
            }
        )
    ],
    "consultations.services.response_update": [
        Case(
            lambda w: {
                "response": w.entered,
                "reason": "It came by email.",
                "channel": Channel.EMAIL,
                "received_on": timezone.localdate(),
            }
        )
    ],
    "consultations.services.response_delete": [
        Case(lambda w: {"response": w.entered, "reason": "Entered twice."})
    ],
    "consultations.services.event_create": [
        Case(lambda w: {"consultation": w.opened, "title": "Workshop", "held_on": timezone.localdate()})
    ],
    "consultations.services.event_update": [Case(lambda w: {"event": w.event, "title": "Renamed"})],
    "consultations.services.event_delete": [Case(lambda w: {"event": w.event})],
    "consultations.services.event_comment_add": [
        Case(
            lambda w: {
                "event": w.event,
                "text": "More benches in the park.",
                "priorities": [w.opened.priorities()[0]["id"]],
            }
        )
    ],
    "consultations.services.event_comment_delete": [Case(lambda w: {"comment": w.event_comment})],
    "consultations.services.respondent_export": [
        Case(lambda w: {"response": w.answered, "as_format": "json"})
    ],
    "consultations.services.respondent_erase": [Case(lambda w: {"response": w.answered})],
    "consultations.services.change_add": [
        Case(lambda w: {"consultation": w.closed, "you_said": "More buses.", "we_did": "Added a priority."})
    ],
    "consultations.services.change_update": [Case(lambda w: {"change": w.change, "we_did": "Rewrote it."})],
    "consultations.services.change_delete": [Case(lambda w: {"change": w.change})],
    "consultations.services.changes_reorder": [
        Case(lambda w: {"consultation": w.closed, "order": ids(w.closed.changes.all())[::-1]})
    ],
    "consultations.services.report_publish": [Case(lambda w: {"consultation": w.closed})],
    "consultations.services.report_withdraw": [Case(lambda w: {"consultation": w.published_report})],
    "consultations.services.theme_create": [Case(lambda w: {"consultation": w.opened, "name": "Transport"})],
    "consultations.services.theme_rename": [Case(lambda w: {"theme": w.theme, "name": "Bus routes"})],
    "consultations.services.theme_merge": [Case(lambda w: {"theme": w.theme, "into": w.other_theme})],
    "consultations.services.response_mark_duplicate": [
        Case(lambda w: {"response": w.answered, "reason": "Sent twice.", "duplicate_of": w.entered.reference})
    ],
    "consultations.services.response_unmark_duplicate": [Case(lambda w: {"response": w.marked})],
    "consultations.services.campaigns_detect": [Case(lambda w: {"consultation": w.opened})],
    "consultations.services.campaign_review": [
        Case(lambda w: {"campaign": w.campaign, "status": CampaignStatus.CONFIRMED})
    ],
    "consultations.services.comment_code": [
        Case(lambda w: {"comment": w.event_comment, "themes": [w.theme], "new_names": ["Parking"]})
    ],
    "consultations.services.suggestions_request": [Case(lambda w: {"consultation": w.opened})],
    "consultations.services.suggestion_reject": [
        Case(lambda w: {"comment": w.event_comment, "theme": w.theme})
    ],
    "consultations.services.comment_quote_withhold": [Case(lambda w: {"comment": w.event_comment})],
    # Managing the board: its administrators only (the board's officers are refused too).
    "boards.services.board_admin.board_update": [
        Case(lambda w: {"board": w.board, "quorum": 5}, **BOARD_ADMIN)
    ],
    "boards.services.board_admin.organisation_add": [
        Case(lambda w: {"board": w.board, "organisation": w.spare_organisation}, **BOARD_ADMIN)
    ],
    "boards.services.board_admin.organisation_create": [
        Case(lambda w: {"board": w.board, "name": "Essex Police", "kind": "police"}, **BOARD_ADMIN)
    ],
    "boards.services.board_admin.organisation_remove": [
        Case(lambda w: {"board": w.board, "organisation": w.unused_organisation}, **BOARD_ADMIN)
    ],
    "boards.services.board_people.membership_create": [
        Case(
            lambda w: {
                "board": w.board,
                "name": "Councillor Pat Jones",
                "organisation": w.unused_organisation,
                "role": "voting",
                "starts_on": timezone.localdate(),
                "account_email": "pat@example.org",
            },
            **BOARD_ADMIN,
        )
    ],
    "boards.services.board_people.membership_update": [
        Case(lambda w: {"membership": w.membership, "job_title": "Leader"}, **BOARD_ADMIN)
    ],
    "boards.services.board_people.membership_end": [
        Case(lambda w: {"membership": w.membership, "ends_on": timezone.localdate()}, **BOARD_ADMIN)
    ],
    "boards.services.board_people.board_role_grant": [
        Case(
            lambda w: {"board": w.board, "email": "sam@example.org", "name": "Sam Patel", "role": "officer"},
            **BOARD_ADMIN,
        )
    ],
    "boards.services.board_people.board_role_change": [
        Case(lambda w: {"board_role": w.officer_role, "role": "administrator"}, **BOARD_ADMIN)
    ],
    "boards.services.board_people.board_role_remove": [
        Case(lambda w: {"board_role": w.officer_role}, **BOARD_ADMIN)
    ],
    "boards.services.board_people.invitation_resend": [
        Case(lambda w: {"board": w.board, "user": w.invited}, **BOARD_ADMIN)
    ],
    "boards.services.board_admin.terms_of_reference_upload": [
        Case(
            lambda w: {
                "board": w.board,
                "file": SimpleUploadedFile("terms.pdf", pdf_bytes(), content_type="application/pdf"),
            },
            **BOARD_ADMIN,
        )
    ],
    # A new board: site administrators only. Its logo: the board's administrators.
    "boards.services.board_setup.board_create": [
        Case(
            lambda w: {
                "name": "Southend Health and Wellbeing Board",
                "area": "Southend-on-Sea",
                "area_code": "E06000033",
                "colour": "#1d4f91",
                "administrators": [{"name": "Pat Jones", "email": "pat@southend.example.org"}],
                "logo": SimpleUploadedFile("logo.png", png_bytes(), content_type="image/png"),
            },
            allowed="site_admin",
            refused=(*MAY_NOT_EDIT, "officer", "board_admin"),
        )
    ],
    "boards.services.board_setup.board_logo_set": [
        Case(
            lambda w: {"board": w.board, "file": SimpleUploadedFile("logo.svg", svg_bytes())},
            **BOARD_ADMIN,
        )
    ],
    "boards.services.board_setup.board_logo_remove": [Case(lambda w: {"board": w.board}, **BOARD_ADMIN)],
    # Meetings, their agendas and papers (boards/services/meetings.py, agenda.py, papers.py).
    "boards.services.meetings.meeting_create": [
        Case(
            lambda w: {
                "board": w.board,
                "starts_at": timezone.now() + timedelta(days=10),
                "venue": "Council Chamber",
            }
        )
    ],
    "boards.services.meetings.meeting_update": [Case(lambda w: {"meeting": w.meeting, "venue": "Room 2"})],
    "boards.services.meetings.meeting_transition": [
        Case(lambda w: {"meeting": w.meeting, "to_status": "cancelled", "reason": "Not quorate."})
    ],
    "boards.services.agenda.item_create": [
        Case(lambda w: {"meeting": w.meeting, "title": "Any other business"})
    ],
    "boards.services.agenda.item_update": [Case(lambda w: {"item": w.agenda_item, "title": "Renamed"})],
    "boards.services.agenda.item_make_public": [Case(lambda w: {"item": w.exempt_item})],
    "boards.services.agenda.item_remove": [Case(lambda w: {"item": w.agenda_item})],
    "boards.services.agenda.items_reorder": [
        Case(lambda w: {"meeting": w.meeting, "order": ids(w.meeting.items.order_by("number"))[::-1]})
    ],
    "boards.services.agenda.agenda_publish": [Case(lambda w: {"meeting": w.meeting})],
    "boards.services.papers.paper_add": [
        Case(
            lambda w: {
                "item": w.agenda_item,
                "file": SimpleUploadedFile("report.pdf", pdf_bytes(), content_type="application/pdf"),
            }
        )
    ],
    "boards.services.papers.paper_remove": [Case(lambda w: {"paper": w.paper})],
    # Board packs (boards/services/packs.py): asking for them again is the board's officers'.
    "boards.services.packs.pack_request": [Case(lambda w: {"publication": w.publication})],
    "boards.services.packs.packs_request_for_item": [
        Case(lambda w: {"item": AgendaItem.objects.get(pk=w.exempt_item.pk)})  # As published.
    ],
    "boards.services.packs.packs_request_for_meeting": [Case(lambda w: {"meeting": w.published_meeting})],
    "boards.services.papers.papers_reorder": [
        Case(lambda w: {"item": w.agenda_item, "order": ids(w.agenda_item.papers.order_by("position"))[::-1]})
    ],
    # Proceedings: a meeting's record, for the board's officers.
    "boards.services.attendance.attendance_record": [
        Case(lambda w: {"meeting": w.held_meeting, "statuses": {w.member.pk: "present"}})
    ],
    "boards.services.attendance.substitute_add": [
        Case(lambda w: {"meeting": w.held_meeting, "substitute_for": w.absent_member, "name": "Pat Jones"})
    ],
    "boards.services.attendance.in_attendance_add": [
        Case(lambda w: {"meeting": w.held_meeting, "name": "Jo Bright, Director of Public Health"})
    ],
    "boards.services.attendance.attendance_remove": [Case(lambda w: {"attendance": w.in_attendance})],
    "boards.services.attendance.declaration_add": [
        Case(
            lambda w: {
                "item": w.held_item,
                "membership": w.absent_member,
                "interest": "pecuniary",
                "description": "Owns shares in a care home company.",
                "action": "left",
            }
        )
    ],
    "boards.services.attendance.declaration_remove": [Case(lambda w: {"declaration": w.declaration})],
    "boards.services.proceedings.item_minutes_update": [
        Case(lambda w: {"item": w.held_item, "minutes": "The Board discussed the report."})
    ],
    "boards.services.proceedings.decision_add": [
        Case(lambda w: {"item": w.held_item, "text": "That the report be noted.", "outcome": "noted"})
    ],
    "boards.services.proceedings.decision_update": [
        Case(lambda w: {"decision": w.resolution, "text": "That the report be noted, with thanks."})
    ],
    "boards.services.proceedings.decision_remove": [Case(lambda w: {"decision": w.resolution})],
}


def agenda_world(board, officer) -> dict:
    """A scheduled meeting with two items, the first with two papers, and one with a published exempt item."""
    meeting = scheduled_meeting(board)
    first, _ = add_items(meeting, officer, "Minutes of the last meeting", "Strategy")
    for title in ("Report", "Appendix"):
        paper = paper_services.paper_add(
            item=first,
            by=officer,
            title=title,
            file=SimpleUploadedFile(f"{title}.pdf", pdf_bytes(), content_type="application/pdf"),
        )
    published = scheduled_meeting(board, days=40)
    exempt = agenda_services.item_create(meeting=published, by=officer, title="Contract", exempt_paragraph=3)
    publication = agenda_services.agenda_publish(meeting=published, by=officer)
    # Its packs rendered (publishing asked for them): asking again is a write, not a render under way.
    Document.objects.filter(object_id=publication.pk, kind__in=[MEMBERS_PACK, PUBLIC_PACK]).update(
        status=Document.Status.READY, progress=100
    )
    return {
        "published_meeting": published,
        "meeting": meeting,
        "agenda_item": first,
        "paper": paper,
        "exempt_item": exempt,
        "publication": publication,
    }


def consultation_fields(**overrides) -> dict:
    now = timezone.now()
    return {
        "title": "Have your say on the draft strategy",
        "slug": "draft-strategy",
        "opens_at": now + timedelta(days=1),
        "closes_at": now + timedelta(days=57),
        "privacy_notice": "We keep your answers for 12 months.",
        **overrides,
    }


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    """
    The objects every case takes its arguments from, built once for the module (a second each) in a
    transaction rolled back after its last test; each test's transaction is a savepoint inside it.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        board = BoardFactory(name="Thurrock Health and Wellbeing Board", slug="thurrock", area="Thurrock")
        other_board = BoardFactory(name="Essex Health and Wellbeing Board", slug="essex", area="Essex")
        yield build_world(
            board,
            officer=BoardRoleFactory(board=board, user__username="officer").user,
            board_admin=BoardRoleFactory(board=board, administrator=True, user__username="board-admin").user,
            board_member=MembershipFactory(board=board, user__username="board-member").user,
            other_officer=BoardRoleFactory(board=other_board, user__username="other-officer").user,
            site_admin=UserFactory(username="site-admin", site_admin=True),
            resident=AnonymousUser(),
            nobody=UserFactory(username="nobody"),
            former_officer=BoardRoleFactory(
                board=board, user__username="former-officer", user__is_active=False
            ).user,
        )
        transaction.set_rollback(True)


@pytest.fixture
def world(built, db) -> SimpleNamespace:
    """
    The module's objects, each read again from the database for this test: a test before it changed
    some (a transition, a rename), and its rollback put back the rows but not the objects in memory.
    """
    return SimpleNamespace(
        **{
            name: type(value)._base_manager.get(pk=value.pk) if isinstance(value, Model) else value
            for name, value in vars(built).items()
        }
    )


def build_world(
    board, *, officer, board_admin, board_member, other_officer, site_admin, resident, nobody, former_officer
):
    draft = StrategyFactory(board=board, slug="draft")
    for d in range(1, 3):
        domain = DomainFactory(strategy=draft, title=f"Domain {d}", position=d)
        for p in range(1, 3):
            PriorityFactory(domain=domain, title=f"Domain {d}, priority {p}", position=p)
    domain = draft.domains.order_by("position").first()
    supporting_document = SupportingDocument.objects.create(
        strategy=draft, title="Case for change", url="https://example.org/case", created_by=officer
    )
    consulted = StrategyFactory(board=board, slug="consulted")
    PriorityFactory(domain=DomainFactory(strategy=consulted))
    consultation = Consultation.objects.create(
        board=board, strategy=consulted, created_by=officer, **consultation_fields(decision=to_consult(board))
    )
    for text in ("What else matters to you?", "Where did you hear about this consultation?"):
        Question.objects.create(
            consultation=consultation, text=text, position=consultation.questions.count() + 1
        )
    # An open consultation, with an event, a comment captured there, and a response entered from paper.
    opened = Consultation.objects.create(
        board=board,
        strategy=StrategyFactory(board=board, slug="opened"),
        created_by=officer,
        **consultation_fields(slug="opened", decision=to_consult(board)),
    )
    PriorityFactory(domain=DomainFactory(strategy=opened.strategy))
    for to_status in (ConsultationStatus.SCHEDULED, ConsultationStatus.OPEN):
        opened = consultation_services.consultation_transition(
            consultation=opened, to_status=to_status, by=officer
        )
    event = consultation_services.event_create(
        consultation=opened, by=officer, title="Drop-in at the library", held_on=timezone.localdate()
    )
    # A resident's response with their address: for subject access and erasure.
    answered = Response.objects.create(consultation=opened, submitted_at=timezone.now())
    Respondent.objects.create(response=answered, email="resident@example.com")
    # A response marked as a duplicate; three with the same comment (a campaign to find), and one found.
    marked = Response.objects.create(
        consultation=opened,
        submitted_at=timezone.now(),
        duplicate_marked_at=timezone.now(),
        duplicate_reason="Sent twice.",
    )
    for _ in range(3):
        Comment.objects.create(
            consultation=opened,
            response=Response.objects.create(consultation=opened, submitted_at=timezone.now()),
            priority_id=opened.priorities()[0]["id"],
            text="Please keep the walk-in centre open, it is vital for older people.",
        )
    campaign = Campaign.objects.create(
        consultation=opened, fingerprint="0" * 64, label="Campaign 9", text="Keep the library open."
    )
    return SimpleNamespace(
        answered=answered,
        marked=marked,
        campaign=campaign,
        consultation=consultation,
        opened=opened,
        event=event,
        event_comment=consultation_services.event_comment_add(event=event, by=officer, text="More buses."),
        theme=Theme.objects.create(consultation=opened, name="Buses", created_by=officer),
        other_theme=Theme.objects.create(consultation=opened, name="Trains", created_by=officer),
        entered=consultation_services.response_enter(
            consultation=opened,
            by=officer,
            form_key=new_token(),
            channel=Channel.PAPER,
            received_on=timezone.localdate(),
        ),
        second_draft=StrategyFactory(board=board, slug="second-draft"),
        question=consultation.questions.first(),
        supporting_document=supporting_document,
        board=board,
        draft=draft,
        domain=domain,
        priority=domain.priorities.order_by("position").first(),
        # The delivery plan: an action of a published strategy of its own (the draft's are deleted in cases),
        # and a Fingertips indicator and a local one of that strategy, for the board's area, and a checked
        # upload of data into it.
        action=(action := delivered_action(board, officer)),
        indicator_upload=checked_upload(action.priority.domain.strategy, officer),
        **plan_world(board, officer),
        news_item=NewsItemFactory(board=board, created_by=officer),
        approved=with_text(StrategyFactory(board=board, slug="approved", status=Status.APPROVED)),
        published=StrategyFactory(board=board, slug="published", status=Status.PUBLISHED),
        officer=officer,
        board_admin=board_admin,
        board_member=board_member,
        other_officer=other_officer,
        site_admin=site_admin,
        resident=resident,
        nobody=nobody,
        former_officer=former_officer,
        **closed_world(board, officer),
        **board_admin_world(board, officer),
        **agenda_world(board, officer),
        **proceedings_world(board, board_member),
    )


def to_consult(board):
    """The Board's approval of a draft for consultation: a consultation opens only on one."""
    return DecisionFactory(consultation=True, agenda_item__meeting__board=board)


def checked_upload(strategy, officer):
    """An upload of a Fingertips export, checked: one new data point to import."""
    from delivery.models import IndicatorImport

    return IndicatorImport.objects.create(
        strategy=strategy,
        file=ContentFile(fingertips_export().getvalue(), name="export.csv"),
        file_name="export.csv",
        size=1000,
        sha256="0" * 64,
        status="checked",
        new=1,
        uploaded_by=officer,
    )


def delivered_action(board, officer):
    from delivery.models import Indicator

    board.area_code = "E06000034"
    board.save(update_fields=["area_code"])
    action = ActionFactory(
        priority=PriorityFactory(
            domain__strategy__board=board,
            domain__strategy__slug="delivered",
            domain__strategy__status=Status.PUBLISHED,
        ),
        created_by=officer,
    )
    Indicator.objects.create(
        strategy=action.priority.domain.strategy,
        title="Smoking prevalence",
        fingertips_id=92443,
        created_by=officer,
    )
    Indicator.objects.create(
        strategy=action.priority.domain.strategy,
        title="Carers assessed within 28 days",
        source="local",
        unit="%",
        created_by=officer,
    )
    return action


def plan_world(board, officer) -> dict:
    """A plan the board recorded that no priority supports yet, and a priority that supports another."""
    aligned = PriorityFactory(domain__strategy__board=board, domain__strategy__status=Status.PUBLISHED)
    AlignmentFactory(priority=aligned, plan=PlanFactory(board=board, title="Joint Forward Plan"))
    return {
        "plan": PlanFactory(board=board, title="Integrated Care Strategy", created_by=officer),
        "aligned": aligned,
    }


def proceedings_world(board, board_member) -> dict:
    """A meeting held last week: an item with a declaration and a resolution, and someone in attendance."""
    meeting = MeetingFactory(board=board)
    item = AgendaItemFactory(meeting=meeting, number=1, title="Better Care Fund plan")
    member = board_member.memberships.get()
    return {
        "held_meeting": meeting,
        "held_item": item,
        "member": member,
        "absent_member": MembershipFactory(board=board, user=None, name="Cllr Alex Reed"),
        "in_attendance": AttendanceFactory(
            meeting=meeting, membership=None, name="Jo Bright", status="in_attendance"
        ),
        "declaration": DeclarationFactory(item=item, membership=member),
        "resolution": DecisionFactory(agenda_item=item, outcome="noted"),
        "decision_to_consult": to_consult(board),
    }


def closed_world(board, officer) -> dict:
    """A closed consultation with two "you said, we did" changes, and one whose report is published."""
    result = {}
    for name in ("closed", "published_report"):
        consultation = Consultation.objects.create(
            board=board,
            strategy=with_text(StrategyFactory(board=board, slug=name.replace("_", "-"))),
            created_by=officer,
            **consultation_fields(slug=name.replace("_", "-"), decision=to_consult(board)),
        )
        for to_status in (ConsultationStatus.SCHEDULED, ConsultationStatus.OPEN, ConsultationStatus.CLOSED):
            consultation = consultation_services.consultation_transition(
                consultation=consultation, to_status=to_status, by=officer
            )
        result[name] = consultation
    for said, did in (("More buses.", "Added transport."), ("Too long.", "Shortened it.")):
        consultation_services.change_add(consultation=result["closed"], by=officer, you_said=said, we_did=did)
    result["change"] = result["closed"].changes.first()
    result["published_report"] = consultation_services.report_publish(
        consultation=result["published_report"], by=officer
    )
    return result


def board_admin_world(board, officer) -> dict:
    """For managing the board: organisations on it and off it, a seat, the officer's role, an unused login."""
    unused, seat_for = OrganisationFactory(name="Thurrock Council"), OrganisationFactory(name="NHS Thurrock")
    board.organisations.add(unused, seat_for)
    invited = UserFactory(username="invited", email="invited@example.org")
    invited.set_unusable_password()
    invited.save()
    # A logo (to remove), stored as the service stores one.
    board.logo.save(f"{board.slug}-{'0' * 16}.png", ContentFile(png_bytes()), save=False)
    board.logo_version = "0" * 16
    board.save(update_fields=["logo", "logo_version"])
    return {
        "unused_organisation": unused,
        "spare_organisation": OrganisationFactory(name="Healthwatch Thurrock"),
        "membership": MembershipFactory(board=board, organisation=seat_for, user=invited),
        "officer_role": BoardRole.objects.get(board=board, user=officer),
        "invited": invited,
    }


def with_text(strategy):
    PriorityFactory(domain=DomainFactory(strategy=strategy))
    return strategy


def database_state() -> dict[str, str | list]:
    """
    Every row of every model of ours, and of users: what a refused call must leave as it was. On
    PostgreSQL, a checksum of each table's rows, all read in one query (a test reads the state seven
    times); elsewhere, the rows themselves.
    """
    user_model = get_user_model()
    models = [
        model
        for model in apps.get_models(include_auto_created=True)
        if (ROOT / model._meta.app_config.name).is_dir() or model is user_model
    ]
    if connection.vendor != "postgresql":
        return {model._meta.label: sorted(model._base_manager.values_list(), key=repr) for model in models}
    quote = connection.ops.quote_name
    checksums = " UNION ALL ".join(
        f"SELECT %s, (SELECT md5(coalesce(string_agg(row::text, ',' ORDER BY row::text), '')) "
        f"FROM {quote(model._meta.db_table)} row)"
        for model in models
    )
    with connection.cursor() as cursor:
        cursor.execute(checksums, [model._meta.label for model in models])
        return dict(cursor.fetchall())


def missing_case(name: str) -> str:
    signature = inspect.signature(SERVICES[name])
    arguments = ", ".join(f'"{parameter}": w.???' for parameter in signature.parameters if parameter != "by")
    return (
        f"{name}{signature} takes `by` but has no entry in CASES ({Path(__file__).relative_to(ROOT)}). "
        f"Add one:\n\n"
        f'    "{name}": [Case(lambda w: {{{arguments}}})],\n\n'
        f"with arguments that the board's officer succeeds with (or say who may: allowed=...), and "
        f"refused=... if others than {', '.join(MAY_NOT_EDIT)} may not call it."
    )


class TestEveryService:
    def test_the_services_are_found(self):
        """The discovery itself can fail: it finds the services we know exist."""
        assert {"strategies.services.strategy_create", "strategies.services.strategy_transition"} <= set(
            SERVICES
        )
        assert "strategies.services.public_cache_key" not in SERVICES  # No `by`: not an action.

    def test_every_case_names_a_service_that_exists(self):
        stale = sorted(set(CASES) - set(SERVICES))

        assert not stale, f"CASES names services that no longer exist (remove them): {stale}"

    @pytest.mark.parametrize("name", sorted(SERVICES))
    def test_refuses_whoever_may_not_act_and_writes_nothing(
        self, name, world, subtests, django_capture_on_commit_callbacks
    ):
        if name not in CASES:
            pytest.fail(missing_case(name), pytrace=False)
        service = SERVICES[name]

        for case in CASES[name]:
            before = database_state()
            for role in case.refused:
                with subtests.test(case=case.label or name, refused=role):
                    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(PermissionDenied):
                        service(by=getattr(world, role), **case.arguments(world))

                    assert database_state() == before, f"{role}'s refused call wrote to the database"
                    assert callbacks == [], f"{role}'s refused call queued work for after the commit"

            # The control: the same call goes through for someone who may act, and does write.
            service(by=getattr(world, case.allowed), **case.arguments(world))
            assert database_state() != before, f"{case.allowed}'s call wrote nothing: the case proves nothing"
