"""
Who gets what from every URL (docs/decisions/0005-permissions.md): every URL pattern the resolver
knows, requested as each role, for an object of their own board and of another board, compared with
one table, ROWS. A URL with no row fails test_every_url_has_a_row, which prints the row to add; a row
for a URL that no longer exists fails too.

The data is made once for the module (in a transaction rolled back at the end), and every request
runs in a savepoint that is rolled back, with the client's cookies put back after it: a POST that
deletes, moves or signs out changes nothing for the next request.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from types import SimpleNamespace
from unittest import mock
from urllib.parse import parse_qs, urlsplit

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone

from boards.models import Board, BoardRole, Decision, Membership, Paper
from boards.services import board_admin as board_admin_services
from boards.services import board_setup as board_setup_services
from boards.services import papers as paper_services
from consultations import services as consultation_services
from consultations import subscribers
from consultations.models import Campaign, Email, Question, Response, Subscriber
from consultations.models import Status as ConsultationStatus
from core import documents
from core.formtokens import new_token
from core.models import Document
from core.tasks import render_document
from delivery.models import Indicator, IndicatorImport
from strategies import services
from strategies.models import Priority, Revision, Status, SupportingDocument
from tests.boards.agenda_helpers import add_items, scheduled_meeting
from tests.delivery.test_fingertips import HEADER as FINGERTIPS_HEADER
from tests.factories import (
    PASSWORD,
    ActionFactory,
    AgendaItemFactory,
    AgendaPublicationFactory,
    AttendanceFactory,
    BoardFactory,
    BoardRoleFactory,
    ConsultationFactory,
    DecisionFactory,
    DeclarationFactory,
    DomainFactory,
    MeetingFactory,
    MembershipFactory,
    NewsItemFactory,
    OrganisationFactory,
    PaperFactory,
    PlanFactory,
    PriorityFactory,
    StrategyFactory,
    UserFactory,
)
from tests.images import png_bytes
from tests.strategies.helpers import FAKE_PDF, move_to, pdf_bytes

pytestmark = pytest.mark.django_db

# The columns of every status string in ROWS, in this order.
ROLES = ("resident", "board_member", "officer", "board_admin", "other_officer", "site_admin")
# Objects that belong to a board: their rows have the six columns twice, "own board | another board".
BOARD_OBJECTS = (
    "board",
    "strategy",
    "published",
    "domain",
    "priority",
    "revision",
    "published_document",
    "draft_document",
    "consultation",
    "open_consultation",
    "question",
    "event",
    "event_comment",
    "entered_response",
    "closed_consultation",
    "published_report",
    "change",
    "campaign",
    "theme",
    # Managing the board (boards.views.board_admin): an organisation of the board, a seat, an officer's
    # role, and an account made for someone who has not set its password yet.
    "board_organisation",
    "membership",
    "board_role",
    "board_account",
    "meeting",
    "agenda_item",
    "paper",
    # Meetings (public pages): a held meeting whose published agenda has a public and an exempt item.
    "held_meeting",
    "public_paper",
    "exempt_paper",
    "public_decision",
    "exempt_decision",
    # Proceedings: a held meeting, its item, a line of its attendance, a declaration and a resolution.
    "record_meeting",
    "record_item",
    "attendance",
    "declaration",
    "resolution",
    # The delivery plan: an action under a priority of the final draft.
    "action",
    # The dashboard: an indicator of the published strategy, and an upload of data into the final draft's.
    "indicator",
    "indicator_import",
    # A plan that priorities support, recorded by the board's officer (plans are shared by every board).
    "plan",
    # The board's news: a published update, a draft, and one scheduled for tomorrow.
    "news_item",
    "draft_news",
    "scheduled_news",
)


@dataclass(frozen=True)
class Row:
    """What one URL answers each role. `of` names the object its parameters are filled from."""

    url: str  # The URL's name ("strategies:manage"), or the route of a pattern that has none.
    of: str | None  # One of BOARD_OBJECTS, a model label ("auth.group": its first row), or None.
    get: str
    post: str | None = None  # Only for views that take POST.

    @property
    def id(self) -> str:
        return f"{self.url} [{self.of}]" if self.of else self.url


# The table. Columns, in this order: res(ident, not signed in), (board) mem(ber), off(icer), (board)
# adm(inistrator), oth(er board's officer), site (administrator). Where the URL names an object of a
# board, the six columns come twice: for an object of the board that the member, officer and
# administrator sit on, then, after "|", for an object of another board (the one the other board's
# officer works on). Codes: a status code (302 is a redirect anywhere but a sign-in page); "login", a
# redirect to the sign-in page that comes back to this URL; "alogin", the same to the admin's
# sign-in page. POST bodies come from post_data() (default: empty).
# fmt: off
ROWS = [
    #         res    mem    off    adm    oth    site   | res    mem    off    adm    oth    site
    # Public pages
    Row("home", None,
        get= "200    200    200    200    200    200"),
    Row("healthz", None,
        get= "200    200    200    200    200    200"),
    Row("healthz_live", None,
        get= "200    200    200    200    200    200"),
    # Site search: everything public, the same for everyone (tests/test_search_public_only.py).
    Row("core:search", None,
        get= "200    200    200    200    200    200"),
    Row("boards:detail", "board",
        get= "200    200    200    200    200    200    | 200    200    200    200    200    200"),
    Row("boards:brand_css", "board",
        get= "200    200    200    200    200    200    | 200    200    200    200    200    200"),
    Row("boards:logo", "board",
        get= "200    200    200    200    200    200    | 200    200    200    200    200    200",
        post="405    405    405    405    405    405    | 405    405    405    405    405    405"),
    Row("strategies:summary", "published",
        get= "200    200    200    200    200    200    | 200    200    200    200    200    200"),
    Row("strategies:easy_read", "published",
        get= "200    200    200    200    200    200    | 200    200    200    200    200    200"),
    Row("strategies:supporting_document_file", "published_document",
        get= "200    200    200    200    200    200    | 200    200    200    200    200    200"),
    Row("strategies:supporting_document_file", "draft_document",
        get= "404    200    200    200    404    200    | 404    404    404    404    200    200"),
    Row("strategies:detail", "published",
        get= "200    200    200    200    200    200    | 200    200    200    200    200    200"),
    Row("strategies:detail", "strategy",
        get= "404    200    200    200    404    200    | 404    404    404    404    200    200"),
    Row("consultations:detail", "open_consultation",
        get= "200    200    200    200    200    200    | 200    200    200    200    200    200"),
    Row("consultations:detail", "consultation",
        get= "404    200    200    200    404    200    | 404    404    404    404    200    200"),
    # The resident's survey: a page without a started response (in the session) goes to the start.
    Row("consultations:respond_start", "open_consultation",
        get= "200    200    200    200    200    200    | 200    200    200    200    200    200",
        post="302    302    302    302    302    302    | 302    302    302    302    302    302"),
    Row("consultations:respond_start", "consultation",
        get= "404    404    404    404    404    404    | 404    404    404    404    404    404",
        post="404    404    404    404    404    404    | 404    404    404    404    404    404"),
    Row("consultations:respond_domain", "open_consultation",
        get= "302    302    302    302    302    302    | 302    302    302    302    302    302",
        post="302    302    302    302    302    302    | 302    302    302    302    302    302"),
    Row("consultations:respond_domain", "consultation",
        get= "404    404    404    404    404    404    | 404    404    404    404    404    404",
        post="404    404    404    404    404    404    | 404    404    404    404    404    404"),
    Row("consultations:respond_questions", "open_consultation",
        get= "404    404    404    404    404    404    | 404    404    404    404    404    404",
        post="404    404    404    404    404    404    | 404    404    404    404    404    404"),
    Row("consultations:respond_questions", "consultation",
        get= "404    404    404    404    404    404    | 404    404    404    404    404    404",
        post="404    404    404    404    404    404    | 404    404    404    404    404    404"),
    Row("consultations:respond_about", "open_consultation",
        get= "302    302    302    302    302    302    | 302    302    302    302    302    302",
        post="302    302    302    302    302    302    | 302    302    302    302    302    302"),
    Row("consultations:respond_about", "consultation",
        get= "404    404    404    404    404    404    | 404    404    404    404    404    404",
        post="404    404    404    404    404    404    | 404    404    404    404    404    404"),
    Row("consultations:respond_equality", "open_consultation",
        get= "302    302    302    302    302    302    | 302    302    302    302    302    302",
        post="302    302    302    302    302    302    | 302    302    302    302    302    302"),
    Row("consultations:respond_equality", "consultation",
        get= "404    404    404    404    404    404    | 404    404    404    404    404    404",
        post="404    404    404    404    404    404    | 404    404    404    404    404    404"),
    Row("consultations:respond_check", "open_consultation",
        get= "302    302    302    302    302    302    | 302    302    302    302    302    302",
        post="302    302    302    302    302    302    | 302    302    302    302    302    302"),
    Row("consultations:respond_check", "consultation",
        get= "404    404    404    404    404    404    | 404    404    404    404    404    404",
        post="404    404    404    404    404    404    | 404    404    404    404    404    404"),
    Row("consultations:respond_confirmation", "open_consultation",
        get= "302    302    302    302    302    302    | 302    302    302    302    302    302"),
    Row("consultations:respond_confirmation", "consultation",
        get= "404    404    404    404    404    404    | 404    404    404    404    404    404"),
    # Save and come back later: the pages need a started response; a link that is not ours is a 404.
    Row("consultations:respond_save", "open_consultation",
        get= "302    302    302    302    302    302    | 302    302    302    302    302    302",
        post="302    302    302    302    302    302    | 302    302    302    302    302    302"),
    Row("consultations:respond_save", "consultation",
        get= "404    404    404    404    404    404    | 404    404    404    404    404    404",
        post="404    404    404    404    404    404    | 404    404    404    404    404    404"),
    Row("consultations:respond_saved", "open_consultation",
        get= "302    302    302    302    302    302    | 302    302    302    302    302    302"),
    Row("consultations:respond_saved", "consultation",
        get= "404    404    404    404    404    404    | 404    404    404    404    404    404"),
    Row("consultations:respond_resume", "open_consultation",
        get= "404    404    404    404    404    404    | 404    404    404    404    404    404"),
    Row("consultations:respond_resume", "consultation",
        get= "404    404    404    404    404    404    | 404    404    404    404    404    404"),
    # A strategy's PDF (core's document views, kind strategy_pdf): its only version is the latest.
    Row("core:document_download", "published",
        get= "200    200    200    200    200    200    | 200    200    200    200    200    200"),
    Row("core:document_download", "strategy",
        get= "404    404    404    404    404    404    | 404    404    404    404    404    404"),
    Row("core:document_version", "published",
        get= "200    200    200    200    200    200    | 200    200    200    200    200    200"),
    Row("core:document_version", "strategy",
        get= "login  404    404    404    404    404    | login  404    404    404    404    404"),
    # Public meeting pages (boards/views/meetings.py): exempt papers and decisions for the board's readers.
    Row("boards:all_meetings", None,
        get= "200    200    200    200    200    200"),
    Row("boards:meetings", "board",
        get= "200    200    200    200    200    200    | 200    200    200    200    200    200"),
    Row("boards:board_calendar", "board",
        get= "200    200    200    200    200    200    | 200    200    200    200    200    200"),
    Row("boards:meeting", "held_meeting",
        get= "200    200    200    200    200    200    | 200    200    200    200    200    200"),
    Row("boards:meeting_calendar", "held_meeting",
        get= "200    200    200    200    200    200    | 200    200    200    200    200    200"),
    Row("boards:decision", "public_decision",
        get= "200    200    200    200    200    200    | 200    200    200    200    200    200"),
    Row("boards:decision", "exempt_decision",
        get= "404    200    200    200    404    200    | 404    404    404    404    200    200"),
    Row("boards:paper", "public_paper",
        get= "200    200    200    200    200    200    | 200    200    200    200    200    200"),
    Row("boards:paper", "exempt_paper",
        get= "404    200    200    200    404    200    | 404    404    404    404    200    200"),
    # Open data (opendata/): the API answers every role alike, with public data only; POST is refused.
    Row("opendata:api", None,
        get= "200    200    200    200    200    200",
        post="405    405    405    405    405    405"),
    # Anything else under api/ (another version, a mistyped endpoint): a JSON 404, whatever the method.
    Row("opendata:not_found", None,
        get= "404    404    404    404    404    404",
        post="404    404    404    404    404    404"),
    Row("api-v1:openapi-json", None,
        get= "200    200    200    200    200    200",
        post="405    405    405    405    405    405"),
    Row("api-v1:index", None,
        get= "200    200    200    200    200    200",
        post="405    405    405    405    405    405"),
    # django-ninja's own root pattern, after ours at the same address: the index answers.
    Row("api-v1:api-root", None,
        get= "200    200    200    200    200    200",
        post="405    405    405    405    405    405"),
    Row("api-v1:board_list", None,
        get= "200    200    200    200    200    200",
        post="405    405    405    405    405    405"),
    Row("api-v1:board_detail", "board",
        get= "200    200    200    200    200    200    | 200    200    200    200    200    200",
        post="405    405    405    405    405    405    | 405    405    405    405    405    405"),
    Row("api-v1:strategy_list", None,
        get= "200    200    200    200    200    200",
        post="405    405    405    405    405    405"),
    Row("api-v1:strategy_detail", "published",
        get= "200    200    200    200    200    200    | 200    200    200    200    200    200",
        post="405    405    405    405    405    405    | 405    405    405    405    405    405"),
    # A draft is not in the API, even for its board's officers.
    Row("api-v1:strategy_detail", "strategy",
        get= "404    404    404    404    404    404    | 404    404    404    404    404    404"),
    Row("api-v1:meeting_list", None,
        get= "200    200    200    200    200    200",
        post="405    405    405    405    405    405"),
    Row("api-v1:meeting_detail", "held_meeting",
        get= "200    200    200    200    200    200    | 200    200    200    200    200    200",
        post="405    405    405    405    405    405    | 405    405    405    405    405    405"),
    Row("api-v1:decision_list", None,
        get= "200    200    200    200    200    200",
        post="405    405    405    405    405    405"),
    Row("api-v1:consultation_list", None,
        get= "200    200    200    200    200    200",
        post="405    405    405    405    405    405"),
    Row("api-v1:consultation_detail", "published_report",
        get= "200    200    200    200    200    200    | 200    200    200    200    200    200",
        post="405    405    405    405    405    405    | 405    405    405    405    405    405"),
    Row("api-v1:consultation_detail", "open_consultation",
        get= "200    200    200    200    200    200    | 200    200    200    200    200    200"),
    # Being set up: private, even to its board.
    Row("api-v1:consultation_detail", "consultation",
        get= "404    404    404    404    404    404    | 404    404    404    404    404    404"),
    Row("api-v1:indicator_list", None,
        get= "200    200    200    200    200    200",
        post="405    405    405    405    405    405"),
    # News: a published update; never a draft or a scheduled one, even for its board's officers.
    Row("api-v1:news_list", None,
        get= "200    200    200    200    200    200",
        post="405    405    405    405    405    405"),
    Row("api-v1:news_detail", "news_item",
        get= "200    200    200    200    200    200    | 200    200    200    200    200    200",
        post="405    405    405    405    405    405    | 405    405    405    405    405    405"),
    Row("api-v1:news_detail", "draft_news",
        get= "404    404    404    404    404    404    | 404    404    404    404    404    404"),
    Row("api-v1:news_detail", "scheduled_news",
        get= "404    404    404    404    404    404    | 404    404    404    404    404    404"),
    Row("api-v1:indicators_csv", None,
        get= "200    200    200    200    200    200",
        post="405    405    405    405    405    405"),
    Row("api-v1:decisions_csv", None,
        get= "200    200    200    200    200    200",
        post="405    405    405    405    405    405"),
    # Signing in and out
    Row("login", None,
        get= "200    302    302    302    302    302",
        post="302    302    302    302    302    302"),
    Row("logout", None,
        get= "405    405    405    405    405    405",
        post="302    302    302    302    302    302"),
    # The officers' pages
    Row("strategies:manage_list", None,
        get= "login  200    200    200    200    200"),
    Row("strategies:create", None,
        get= "login  404    200    200    200    200",
        post="login  404    302    302    200    302"),
    Row("strategies:manage", "strategy",
        get= "login  404    200    200    404    200    | login  404    404    404    200    200"),
    Row("strategies:edit", "strategy",
        get= "login  404    200    200    404    200    | login  404    404    404    200    200",
        post="login  404    302    302    404    302    | login  404    404    404    302    302"),
    Row("strategies:delete", "strategy",
        get= "login  404    200    200    404    200    | login  404    404    404    200    200",
        post="login  404    302    302    404    302    | login  404    404    404    302    302"),
    Row("strategies:transition", "strategy",
        get= "login  404    200    200    404    200    | login  404    404    404    200    200",
        post="login  404    302    302    404    302    | login  404    404    404    302    302"),
    Row("core:document", "published",
        get= "login  404    302    302    404    302    | login  404    404    404    302    302",
        post="login  404    302    302    404    302    | login  404    404    404    302    302"),
    Row("core:document", "strategy",
        get= "login  404    404    404    404    404    | login  404    404    404    404    404",
        post="login  404    404    404    404    404    | login  404    404    404    404    404"),
    Row("strategies:history", "strategy",
        get= "login  200    200    200    404    200    | login  404    404    404    200    200"),
    Row("strategies:revision", "revision",
        get= "login  200    200    200    404    200    | login  404    404    404    200    200"),
    Row("strategies:compare", "strategy",
        get= "login  200    200    200    404    200    | login  404    404    404    200    200"),
    Row("strategies:supporting_document_add", "strategy",
        get= "login  404    302    302    404    302    | login  404    404    404    302    302",
        post="login  404    302    302    404    302    | login  404    404    404    302    302"),
    Row("strategies:supporting_document_remove", "draft_document",
        get= "login  404    200    200    404    200    | login  404    404    404    200    200",
        post="login  404    302    302    404    302    | login  404    404    404    302    302"),
    Row("strategies:domain_add", "strategy",
        get= "login  405    405    405    405    405    | login  405    405    405    405    405",
        post="login  404    302    302    404    302    | login  404    404    404    302    302"),
    Row("strategies:domains_reorder", "strategy",
        get= "login  405    405    405    405    405    | login  405    405    405    405    405",
        post="login  404    302    302    404    302    | login  404    404    404    302    302"),
    Row("strategies:domain_edit", "domain",
        get= "login  404    200    200    404    200    | login  404    404    404    200    200",
        post="login  404    302    302    404    302    | login  404    404    404    302    302"),
    Row("strategies:domain_delete", "domain",
        get= "login  404    200    200    404    200    | login  404    404    404    200    200",
        post="login  404    302    302    404    302    | login  404    404    404    302    302"),
    Row("strategies:priority_add", "domain",
        get= "login  405    405    405    405    405    | login  405    405    405    405    405",
        post="login  404    302    302    404    302    | login  404    404    404    302    302"),
    Row("strategies:priorities_reorder", "domain",
        get= "login  405    405    405    405    405    | login  405    405    405    405    405",
        post="login  404    302    302    404    302    | login  404    404    404    302    302"),
    # The delivery plan (delivery/views.py): the public page of a published strategy's plan, the officers'.
    Row("delivery:plan", "published",
        get= "200    200    200    200    200    200    | 200    200    200    200    200    200"),
    Row("delivery:plan", "strategy",
        get= "404    404    404    404    404    404    | 404    404    404    404    404    404"),
    Row("delivery:plan_manage", "strategy",
        get= "login  200    200    200    404    200    | login  404    404    404    200    200"),
    Row("delivery:action_add", "priority",
        get= "login  404    200    200    404    200    | login  404    404    404    200    200",
        post="login  404    200    200    404    200    | login  404    404    404    200    200"),
    Row("delivery:action_manage", "action",
        get= "login  200    200    200    404    200    | login  404    404    404    200    200",
        post="login  404    200    200    404    200    | login  404    404    404    200    200"),
    Row("delivery:action_edit", "action",
        get= "login  404    200    200    404    200    | login  404    404    404    200    200",
        post="login  404    200    200    404    200    | login  404    404    404    200    200"),
    Row("delivery:action_delete", "action",
        get= "login  404    200    200    404    200    | login  404    404    404    200    200",
        post="login  404    302    302    404    302    | login  404    404    404    302    302"),
    # The performance dashboard and the indicators' data (delivery/views/dashboard.py, indicators.py).
    # A priority's page: public once its strategy is; before, its board's (the priority of the final draft).
    Row("delivery:priority", "priority",
        get= "404    200    200    200    404    200    | 404    404    404    404    200    200"),
    Row("delivery:dashboard", "published",
        get= "200    200    200    200    200    200    | 200    200    200    200    200    200"),
    Row("delivery:dashboard", "strategy",
        get= "404    404    404    404    404    404    | 404    404    404    404    404    404"),
    Row("delivery:dashboard_manage", "strategy",
        get= "login  200    200    200    404    200    | login  404    404    404    200    200"),
    Row("delivery:data", "published",
        get= "200    200    200    200    200    200    | 200    200    200    200    200    200"),
    Row("delivery:data", "strategy",
        get= "404    404    404    404    404    404    | 404    404    404    404    404    404"),
    Row("delivery:data_manage", "strategy",
        get= "login  200    200    200    404    200    | login  404    404    404    200    200"),
    Row("delivery:indicator_data", "indicator",
        get= "200    200    200    200    200    200    | 200    200    200    200    200    200"),
    Row("delivery:indicator_data_manage", "indicator",
        get= "login  200    200    200    404    200    | login  404    404    404    200    200"),
    Row("delivery:indicator_add", "strategy",
        get= "login  404    200    200    404    200    | login  404    404    404    200    200",
        post="login  404    302    302    404    302    | login  404    404    404    302    302"),
    Row("delivery:indicator_manage", "indicator",
        get= "login  200    200    200    404    200    | login  404    404    404    200    200",
        post="login  404    302    302    404    302    | login  404    404    404    302    302"),
    Row("delivery:indicator_edit", "indicator",
        get= "login  404    200    200    404    200    | login  404    404    404    200    200",
        post="login  404    302    302    404    302    | login  404    404    404    302    302"),
    Row("delivery:indicator_delete", "indicator",
        get= "login  404    200    200    404    200    | login  404    404    404    200    200",
        post="login  404    302    302    404    302    | login  404    404    404    302    302"),
    Row("delivery:import_start", "strategy",
        get= "login  404    200    200    404    200    | login  404    404    404    200    200",
        post="login  404    302    302    404    302    | login  404    404    404    302    302"),
    Row("delivery:import_detail", "indicator_import",
        get= "login  404    200    200    404    200    | login  404    404    404    200    200",
        post="login  404    302    302    404    302    | login  404    404    404    302    302"),
    # Plans that priorities support (delivery/views/alignment.py): public pages; a plan is recorded by any
    # board's officer, changed by those of the board that recorded it; a priority's plans by its board's.
    Row("delivery:plans", None,
        get= "200    200    200    200    200    200"),
    Row("delivery:plan_detail", "plan",
        get= "200    200    200    200    200    200    | 200    200    200    200    200    200"),
    Row("delivery:plan_add", None,
        get= "login  404    200    200    200    200",
        post="login  404    302    302    302    302"),
    Row("delivery:plan_edit", "plan",
        get= "login  404    200    200    404    200    | login  404    404    404    200    200",
        post="login  404    302    302    404    302    | login  404    404    404    302    302"),
    Row("delivery:plan_delete", "plan",
        get= "login  404    200    200    404    200    | login  404    404    404    200    200",
        post="login  404    302    302    404    302    | login  404    404    404    302    302"),
    Row("delivery:priority_plans", "priority",
        get= "login  404    200    200    404    200    | login  404    404    404    200    200",
        post="login  404    302    302    404    302    | login  404    404    404    302    302"),
    # A board's news (news/views.py): public once published (a draft is the board's officers' preview);
    # written, changed, unpublished and deleted by the board's officers; a subscriber's choice by their link.
    Row("news:list", "board",
        get= "200    200    200    200    200    200    | 200    200    200    200    200    200"),
    Row("news:detail", "news_item",
        get= "200    200    200    200    200    200    | 200    200    200    200    200    200"),
    Row("news:detail", "draft_news",
        get= "404    404    200    200    404    200    | 404    404    404    404    200    200"),
    Row("news:feed", "board",
        get= "200    200    200    200    200    200    | 200    200    200    200    200    200",
        post="405    405    405    405    405    405    | 405    405    405    405    405    405"),
    Row("news:strategy_feed", "published",
        get= "200    200    200    200    200    200    | 200    200    200    200    200    200"),
    Row("news:strategy_feed", "strategy",
        get= "404    404    404    404    404    404    | 404    404    404    404    404    404"),
    Row("news:subscription", "consultations.subscriber",
        get= "200    200    200    200    200    200",
        post="200    200    200    200    200    200"),
    Row("news:manage_list", None,
        get= "login  404    200    200    200    200"),
    Row("news:add", None,
        get= "login  404    200    200    200    200",
        post="login  404    302    302    302    302"),
    Row("news:edit", "news_item",
        get= "login  404    200    200    404    200    | login  404    404    404    200    200",
        post="login  404    302    302    404    302    | login  404    404    404    302    302"),
    Row("news:unpublish", "news_item",
        get= "login  405    405    405    405    405    | login  405    405    405    405    405",
        post="login  404    302    302    404    302    | login  404    404    404    302    302"),
    Row("news:delete", "news_item",
        get= "login  404    200    200    404    200    | login  404    404    404    200    200",
        post="login  404    302    302    404    302    | login  404    404    404    302    302"),
    Row("strategies:priority_edit", "priority",
        get= "login  404    200    200    404    200    | login  404    404    404    200    200",
        post="login  404    302    302    404    302    | login  404    404    404    302    302"),
    Row("strategies:priority_delete", "priority",
        get= "login  404    200    200    404    200    | login  404    404    404    200    200",
        post="login  404    302    302    404    302    | login  404    404    404    302    302"),
    # The officers' meeting pages (boards/views/agenda.py, agenda_items.py)
    Row("boards:meeting_manage_list", None,
        get= "login  200    200    200    200    200"),
    Row("boards:meeting_create", None,
        get= "login  404    200    200    200    200",
        post="login  404    302    302    200    302"),
    Row("boards:meeting_manage", "meeting",
        get= "login  404    200    200    404    200    | login  404    404    404    200    200"),
    Row("boards:meeting_history", "meeting",
        get= "login  404    200    200    404    200    | login  404    404    404    200    200"),
    Row("boards:meeting_edit", "meeting",
        get= "login  404    200    200    404    200    | login  404    404    404    200    200",
        post="login  404    302    302    404    302    | login  404    404    404    302    302"),
    Row("boards:meeting_transition", "meeting",
        get= "login  404    200    200    404    200    | login  404    404    404    200    200",
        post="login  404    302    302    404    302    | login  404    404    404    302    302"),
    Row("boards:agenda_publish", "meeting",
        get= "login  404    200    200    404    200    | login  404    404    404    200    200",
        post="login  404    302    302    404    302    | login  404    404    404    302    302"),
    Row("boards:item_add", "meeting",
        get= "login  405    405    405    405    405    | login  405    405    405    405    405",
        post="login  404    302    302    404    302    | login  404    404    404    302    302"),
    Row("boards:items_reorder", "meeting",
        get= "login  405    405    405    405    405    | login  405    405    405    405    405",
        post="login  404    302    302    404    302    | login  404    404    404    302    302"),
    Row("boards:item_edit", "agenda_item",
        get= "login  404    200    200    404    200    | login  404    404    404    200    200",
        post="login  404    302    302    404    302    | login  404    404    404    302    302"),
    Row("boards:item_remove", "agenda_item",
        get= "login  404    200    200    404    200    | login  404    404    404    200    200",
        post="login  404    302    302    404    302    | login  404    404    404    302    302"),
    Row("boards:item_make_public", "agenda_item",
        get= "login  404    200    200    404    200    | login  404    404    404    200    200",
        post="login  404    302    302    404    302    | login  404    404    404    302    302"),
    Row("boards:paper_add", "agenda_item",
        get= "login  404    200    200    404    200    | login  404    404    404    200    200",
        post="login  404    302    302    404    302    | login  404    404    404    302    302"),
    Row("boards:papers_reorder", "agenda_item",
        get= "login  405    405    405    405    405    | login  405    405    405    405    405",
        post="login  404    302    302    404    302    | login  404    404    404    302    302"),
    Row("boards:paper_remove", "paper",
        get= "login  404    200    200    404    200    | login  404    404    404    200    200",
        post="login  404    302    302    404    302    | login  404    404    404    302    302"),
    # The officers' consultation pages
    Row("consultations:manage_list", None,
        get= "login  200    200    200    200    200"),
    Row("consultations:create", None,
        get= "login  404    200    200    200    200",
        post="login  404    200    200    200    200"),
    Row("consultations:manage", "consultation",
        get= "login  404    200    200    404    200    | login  404    404    404    200    200"),
    Row("consultations:edit", "consultation",
        get= "login  404    200    200    404    200    | login  404    404    404    200    200",
        post="login  404    200    200    404    200    | login  404    404    404    200    200"),
    # The monitoring figures: the board's members and officers (aggregates only).
    Row("consultations:monitor", "consultation",
        get= "login  200    200    200    404    200    | login  404    404    404    200    200"),
    Row("consultations:monitor", "open_consultation",
        get= "login  200    200    200    404    200    | login  404    404    404    200    200"),
    # Every response as CSV: the board's officers.
    Row("consultations:export", "open_consultation",
        get= "login  404    200    200    404    200    | login  404    404    404    200    200"),
    Row("consultations:transition", "consultation",
        get= "login  405    405    405    405    405    | login  405    405    405    405    405",
        post="login  404    302    302    404    302    | login  404    404    404    302    302"),
    Row("consultations:question_add", "consultation",
        get= "login  405    405    405    405    405    | login  405    405    405    405    405",
        post="login  404    200    200    404    200    | login  404    404    404    200    200"),
    Row("consultations:questions_reorder", "consultation",
        get= "login  405    405    405    405    405    | login  405    405    405    405    405",
        post="login  404    200    200    404    200    | login  404    404    404    200    200"),
    Row("consultations:question_edit", "question",
        get= "login  404    200    200    404    200    | login  404    404    404    200    200",
        post="login  404    200    200    404    200    | login  404    404    404    200    200"),
    Row("consultations:question_delete", "question",
        get= "login  404    200    200    404    200    | login  404    404    404    200    200",
        post="login  404    302    302    404    302    | login  404    404    404    302    302"),
    # Offline responses and engagement events: the board's officers only
    Row("consultations:responses", "open_consultation",
        get= "login  404    200    200    404    200    | login  404    404    404    200    200"),
    Row("consultations:response_enter", "open_consultation",
        get= "login  404    200    200    404    200    | login  404    404    404    200    200",
        post="login  404    302    302    404    302    | login  404    404    404    302    302"),
    Row("consultations:response_enter", "consultation",
        get= "login  404    200    200    404    200    | login  404    404    404    200    200",
        post="login  404    200    200    404    200    | login  404    404    404    200    200"),
    Row("consultations:response_edit", "entered_response",
        get= "login  404    200    200    404    200    | login  404    404    404    200    200",
        post="login  404    302    302    404    302    | login  404    404    404    302    302"),
    Row("consultations:response_delete", "entered_response",
        get= "login  404    200    200    404    200    | login  404    404    404    200    200",
        post="login  404    302    302    404    302    | login  404    404    404    302    302"),
    Row("consultations:events", "open_consultation",
        get= "login  404    200    200    404    200    | login  404    404    404    200    200"),
    Row("consultations:event_create", "open_consultation",
        get= "login  404    200    200    404    200    | login  404    404    404    200    200",
        post="login  404    302    302    404    302    | login  404    404    404    302    302"),
    Row("consultations:event", "event",
        get= "login  404    200    200    404    200    | login  404    404    404    200    200"),
    Row("consultations:event_edit", "event",
        get= "login  404    200    200    404    200    | login  404    404    404    200    200",
        post="login  404    302    302    404    302    | login  404    404    404    302    302"),
    Row("consultations:event_delete", "event",
        get= "login  404    200    200    404    200    | login  404    404    404    200    200",
        post="login  404    302    302    404    302    | login  404    404    404    302    302"),
    Row("consultations:event_comment_add", "event",
        get= "login  405    405    405    405    405    | login  405    405    405    405    405",
        post="login  404    302    302    404    302    | login  404    404    404    302    302"),
    Row("consultations:event_comment_delete", "event_comment",
        get= "login  404    200    200    404    200    | login  404    404    404    200    200",
        post="login  404    302    302    404    302    | login  404    404    404    302    302"),
    # Subject access and erasure: the board's officers only
    Row("consultations:respondent_search", "open_consultation",
        get= "login  404    200    200    404    200    | login  404    404    404    200    200"),
    Row("consultations:respondent", "entered_response",
        get= "login  404    200    200    404    200    | login  404    404    404    200    200",
        post="login  404    302    302    404    302    | login  404    404    404    302    302"),
    Row("consultations:respondent_download", "entered_response",
        get= "login  405    405    405    405    405    | login  405    405    405    405    405",
        post="login  404    200    200    404    200    | login  404    404    404    200    200"),
    # A subscriber's links: anyone holding the signed link; a changed link is a 404 page
    Row("consultations:subscription_confirm", "consultations.subscriber",
        get= "200    200    200    200    200    200",
        post="200    200    200    200    200    200"),
    Row("consultations:subscription_confirm", "open_consultation",
        get= "404    404    404    404    404    404    | 404    404    404    404    404    404"),
    Row("consultations:unsubscribe", "consultations.subscriber",
        get= "200    200    200    200    200    200",
        post="200    200    200    200    200    200"),
    Row("consultations:unsubscribe", "open_consultation",
        get= "404    404    404    404    404    404    | 404    404    404    404    404    404"),
    # "You said, we did" and the report: the board's officers; the report public once published, a preview
    # for the board's members and officers before.
    Row("consultations:report", "published_report",
        get= "200    200    200    200    200    200    | 200    200    200    200    200    200"),
    Row("consultations:report", "closed_consultation",
        get= "404    200    200    200    404    200    | 404    404    404    404    200    200"),
    Row("consultations:report_manage", "closed_consultation",
        get= "login  404    200    200    404    200    | login  404    404    404    200    200",
        post="login  404    302    302    404    302    | login  404    404    404    302    302"),
    Row("consultations:report_publication", "closed_consultation",
        get= "login  405    405    405    405    405    | login  405    405    405    405    405",
        post="login  404    302    302    404    302    | login  404    404    404    302    302"),
    # What changed since the consultation, and why: the board's members and officers, as the report preview.
    Row("consultations:changes_compare", "closed_consultation",
        get= "login  200    200    200    404    200    | login  404    404    404    200    200"),
    Row("consultations:changes_reorder", "closed_consultation",
        get= "login  405    405    405    405    405    | login  405    405    405    405    405",
        post="login  404    200    200    404    200    | login  404    404    404    200    200"),
    Row("consultations:change_edit", "change",
        get= "login  404    200    200    404    200    | login  404    404    404    200    200",
        post="login  404    200    200    404    200    | login  404    404    404    200    200"),
    Row("consultations:change_delete", "change",
        get= "login  404    200    200    404    200    | login  404    404    404    200    200",
        post="login  404    302    302    404    302    | login  404    404    404    302    302"),
    # Coding comments with themes: the board's officers only.
    Row("consultations:coding", "open_consultation",
        get= "login  404    200    200    404    200    | login  404    404    404    200    200"),
    Row("consultations:comment_code", "event_comment",
        get= "login  405    405    405    405    405    | login  405    405    405    405    405",
        post="login  404    302    302    404    302    | login  404    404    404    302    302"),
    # Duplicates and campaigns: the board's officers only.
    Row("consultations:response_duplicate", "entered_response",
        get= "login  404    200    200    404    200    | login  404    404    404    200    200",
        post="login  404    302    302    404    302    | login  404    404    404    302    302"),
    Row("consultations:campaigns", "open_consultation",
        get= "login  404    200    200    404    200    | login  404    404    404    200    200",
        post="login  404    302    302    404    302    | login  404    404    404    302    302"),
    Row("consultations:campaign_review", "campaign",
        get= "login  405    405    405    405    405    | login  405    405    405    405    405",
        post="login  404    302    302    404    302    | login  404    404    404    302    302"),
    # What the report quotes: the board's officers only.
    Row("consultations:comment_quote", "event_comment",
        get= "login  405    405    405    405    405    | login  405    405    405    405    405",
        post="login  404    302    302    404    302    | login  404    404    404    302    302"),
    Row("consultations:coding_suggest", "open_consultation",
        get= "login  405    405    405    405    405    | login  405    405    405    405    405",
        post="login  404    302    302    404    302    | login  404    404    404    302    302"),
    Row("consultations:suggestion_reject", "event_comment",
        get= "login  405    405    405    405    405    | login  405    405    405    405    405",
        post="login  404    302    302    404    302    | login  404    404    404    302    302"),
    Row("consultations:coding_agreement", "open_consultation",
        get= "login  404    200    200    404    200    | login  404    404    404    200    200"),
    Row("consultations:themes", "open_consultation",
        get= "login  404    200    200    404    200    | login  404    404    404    200    200"),
    Row("consultations:theme_rename", "theme",
        get= "login  405    405    405    405    405    | login  405    405    405    405    405",
        post="login  404    302    302    404    302    | login  404    404    404    302    302"),
    Row("consultations:theme_merge", "theme",
        get= "login  404    200    200    404    200    | login  404    404    404    200    200",
        post="login  404    302    302    404    302    | login  404    404    404    302    302"),
    # Managing the board: the board's administrators, and site administrators (boards.views.board_admin).
    # The terms of reference are public; a set-password link that is not one says so to anyone.
    Row("boards:terms_of_reference", "board",
        get= "200    200    200    200    200    200    | 200    200    200    200    200    200"),
    Row("boards:set_password", None,
        get= "200    200    200    200    200    200",
        post="200    200    200    200    200    200"),
    Row("boards:manage_list", None,
        get= "login  404    404    200    404    200"),
    # Creating a board: site administrators only (boards.views.board_setup).
    Row("boards:create", None,
        get= "login  404    404    404    404    200",
        post="login  404    404    404    404    302"),
    Row("boards:logo_upload", "board",
        get= "login  405    405    405    405    405    | login  405    405    405    405    405",
        post="login  404    404    302    404    302    | login  404    404    404    404    302"),
    Row("boards:logo_remove", "board",
        get= "login  405    405    405    405    405    | login  405    405    405    405    405",
        post="login  404    404    302    404    302    | login  404    404    404    404    302"),
    Row("boards:manage", "board",
        get= "login  404    404    200    404    200    | login  404    404    404    404    200"),
    Row("boards:details_edit", "board",
        get= "login  404    404    200    404    200    | login  404    404    404    404    200",
        post="login  404    404    302    404    302    | login  404    404    404    404    302"),
    Row("boards:history", "board",
        get= "login  404    404    200    404    200    | login  404    404    404    404    200"),
    Row("boards:organisation_add", "board",
        get= "login  405    405    405    405    405    | login  405    405    405    405    405",
        post="login  404    404    302    404    302    | login  404    404    404    404    302"),
    Row("boards:organisation_create", "board",
        get= "login  404    404    200    404    200    | login  404    404    404    404    200",
        post="login  404    404    302    404    302    | login  404    404    404    404    302"),
    Row("boards:organisation_remove", "board_organisation",
        get= "login  405    405    405    405    405    | login  405    405    405    405    405",
        post="login  404    404    302    404    302    | login  404    404    404    404    302"),
    Row("boards:membership_add", "board",
        get= "login  404    404    200    404    200    | login  404    404    404    404    200",
        post="login  404    404    302    404    302    | login  404    404    404    404    302"),
    Row("boards:membership_edit", "membership",
        get= "login  404    404    200    404    200    | login  404    404    404    404    200",
        post="login  404    404    302    404    302    | login  404    404    404    404    302"),
    Row("boards:membership_end", "membership",
        get= "login  404    404    200    404    200    | login  404    404    404    404    200",
        post="login  404    404    302    404    302    | login  404    404    404    404    302"),
    Row("boards:role_add", "board",
        get= "login  404    404    200    404    200    | login  404    404    404    404    200",
        post="login  404    404    302    404    302    | login  404    404    404    404    302"),
    Row("boards:role_change", "board_role",
        get= "login  405    405    405    405    405    | login  405    405    405    405    405",
        post="login  404    404    302    404    302    | login  404    404    404    404    302"),
    Row("boards:role_remove", "board_role",
        get= "login  404    404    200    404    200    | login  404    404    404    404    200",
        post="login  404    404    302    404    302    | login  404    404    404    404    302"),
    Row("boards:invitation_resend", "board_account",
        get= "login  405    405    405    405    405    | login  405    405    405    405    405",
        post="login  404    404    302    404    302    | login  404    404    404    404    302"),
    Row("boards:terms_of_reference_upload", "board",
        get= "login  404    404    200    404    200    | login  404    404    404    404    200",
        post="login  404    404    302    404    302    | login  404    404    404    404    302"),
    # A meeting's record (attendance, declarations, minutes, decisions): the board's officers only.
    # A POST-only URL answers a GET with 405 before looking anything up, so it reveals nothing.
    Row("boards:proceedings", "record_meeting",
        get= "login  404    200    200    404    200    | login  404    404    404    200    200",
        post="login  405    405    405    405    405    | login  405    405    405    405    405"),
    Row("boards:attendance", "record_meeting",
        get= "login  404    200    200    404    200    | login  404    404    404    200    200",
        post="login  404    302    302    404    302    | login  404    404    404    302    302"),
    Row("boards:substitute_add", "record_meeting",
        get= "login  405    405    405    405    405    | login  405    405    405    405    405",
        post="login  404    302    302    404    302    | login  404    404    404    302    302"),
    Row("boards:in_attendance_add", "record_meeting",
        get= "login  405    405    405    405    405    | login  405    405    405    405    405",
        post="login  404    302    302    404    302    | login  404    404    404    302    302"),
    Row("boards:attendance_remove", "attendance",
        get= "login  405    405    405    405    405    | login  405    405    405    405    405",
        post="login  404    302    302    404    302    | login  404    404    404    302    302"),
    Row("boards:declarations", "record_item",
        get= "login  404    200    200    404    200    | login  404    404    404    200    200",
        post="login  404    302    302    404    302    | login  404    404    404    302    302"),
    Row("boards:declaration_remove", "declaration",
        get= "login  405    405    405    405    405    | login  405    405    405    405    405",
        post="login  404    302    302    404    302    | login  404    404    404    302    302"),
    Row("boards:item_minutes", "record_item",
        get= "login  404    200    200    404    200    | login  404    404    404    200    200",
        post="login  404    302    302    404    302    | login  404    404    404    302    302"),
    Row("boards:item_decisions", "record_item",
        get= "login  404    200    200    404    200    | login  404    404    404    200    200",
        post="login  404    302    302    404    302    | login  404    404    404    302    302"),
    Row("boards:decision_edit", "resolution",
        get= "login  404    200    200    404    200    | login  404    404    404    200    200",
        post="login  404    302    302    404    302    | login  404    404    404    302    302"),
    Row("boards:decision_remove", "resolution",
        get= "login  404    200    200    404    200    | login  404    404    404    200    200",
        post="login  404    302    302    404    302    | login  404    404    404    302    302"),
    # The admin: site administrators only
    Row("admin:index", None,
        get= "alogin alogin alogin alogin alogin 200"),
    Row("admin:login", None,
        get= "200    200    200    200    200    302",
        post="200    200    200    200    200    200"),
    Row("admin:logout", None,
        get= "302    302    302    302    302    405",
        post="302    302    302    302    302    302"),
    Row("admin:password_change", None,
        get= "alogin alogin alogin alogin alogin 200",
        post="alogin alogin alogin alogin alogin 200"),
    Row("admin:password_change_done", None,
        get= "alogin alogin alogin alogin alogin 200"),
    Row("admin:autocomplete", None,
        get= "alogin alogin alogin alogin alogin 403"),
    Row("admin:jsi18n", None,
        get= "alogin alogin alogin alogin alogin 200"),
    Row("admin:view_on_site", "strategies.strategy",
        get= "alogin alogin alogin alogin alogin 302"),
    Row("admin:app_list", "strategies.strategy",
        get= "alogin alogin alogin alogin alogin 200"),
    Row("admin/(?P<url>.*)$", None,
        get= "alogin alogin alogin alogin alogin 404"),
    Row("admin:auth_group_changelist", None,
        get= "alogin alogin alogin alogin alogin 200",
        post="alogin alogin alogin alogin alogin 200"),
    Row("admin:auth_group_add", None,
        get= "alogin alogin alogin alogin alogin 200",
        post="alogin alogin alogin alogin alogin 200"),
    Row("admin:auth_group_history", "auth.group",
        get= "alogin alogin alogin alogin alogin 200"),
    Row("admin:auth_group_delete", "auth.group",
        get= "alogin alogin alogin alogin alogin 200",
        post="alogin alogin alogin alogin alogin 200"),
    Row("admin:auth_group_change", "auth.group",
        get= "alogin alogin alogin alogin alogin 200",
        post="alogin alogin alogin alogin alogin 200"),
    Row("admin/auth/group/<path:object_id>/", "auth.group",
        get= "alogin alogin alogin alogin alogin 302"),
    Row("admin:auth_user_changelist", None,
        get= "alogin alogin alogin alogin alogin 200",
        post="alogin alogin alogin alogin alogin 200"),
    Row("admin:auth_user_add", None,
        get= "alogin alogin alogin alogin alogin 200",
        post="alogin alogin alogin alogin alogin 200"),
    Row("admin:auth_user_history", "auth.user",
        get= "alogin alogin alogin alogin alogin 200"),
    Row("admin:auth_user_delete", "auth.user",
        get= "alogin alogin alogin alogin alogin 200",
        post="alogin alogin alogin alogin alogin 200"),
    Row("admin:auth_user_change", "auth.user",
        get= "alogin alogin alogin alogin alogin 200",
        post="alogin alogin alogin alogin alogin 200"),
    Row("admin/auth/user/<path:object_id>/", "auth.user",
        get= "alogin alogin alogin alogin alogin 302"),
    Row("admin:auth_user_password_change", "auth.user",
        get= "alogin alogin alogin alogin alogin 200",
        post="alogin alogin alogin alogin alogin 200"),
    Row("admin:core_auditentry_changelist", None,
        get= "alogin alogin alogin alogin alogin 200",
        post="alogin alogin alogin alogin alogin 200"),
    Row("admin:core_auditentry_add", None,
        get= "alogin alogin alogin alogin alogin 403",
        post="alogin alogin alogin alogin alogin 403"),
    Row("admin:core_auditentry_history", "core.auditentry",
        get= "alogin alogin alogin alogin alogin 200"),
    Row("admin:core_auditentry_delete", "core.auditentry",
        get= "alogin alogin alogin alogin alogin 403",
        post="alogin alogin alogin alogin alogin 403"),
    Row("admin:core_auditentry_change", "core.auditentry",
        get= "alogin alogin alogin alogin alogin 200",
        post="alogin alogin alogin alogin alogin 403"),
    Row("admin/core/auditentry/<path:object_id>/", "core.auditentry",
        get= "alogin alogin alogin alogin alogin 302"),
    Row("admin:consultations_email_changelist", None,
        get= "alogin alogin alogin alogin alogin 200",
        post="alogin alogin alogin alogin alogin 200"),
    Row("admin:consultations_email_add", None,
        get= "alogin alogin alogin alogin alogin 403",
        post="alogin alogin alogin alogin alogin 403"),
    Row("admin:consultations_email_history", "consultations.email",
        get= "alogin alogin alogin alogin alogin 200"),
    Row("admin:consultations_email_delete", "consultations.email",
        get= "alogin alogin alogin alogin alogin 403",
        post="alogin alogin alogin alogin alogin 403"),
    Row("admin:consultations_email_change", "consultations.email",
        get= "alogin alogin alogin alogin alogin 200",
        post="alogin alogin alogin alogin alogin 403"),
    Row("admin/consultations/email/<path:object_id>/", "consultations.email",
        get= "alogin alogin alogin alogin alogin 302"),
    Row("admin:core_document_changelist", None,
        get= "alogin alogin alogin alogin alogin 200",
        post="alogin alogin alogin alogin alogin 200"),
    Row("admin:core_document_add", None,
        get= "alogin alogin alogin alogin alogin 403",
        post="alogin alogin alogin alogin alogin 403"),
    Row("admin:core_document_history", "core.document",
        get= "alogin alogin alogin alogin alogin 200"),
    Row("admin:core_document_delete", "core.document",
        get= "alogin alogin alogin alogin alogin 403",
        post="alogin alogin alogin alogin alogin 403"),
    Row("admin:core_document_change", "core.document",
        get= "alogin alogin alogin alogin alogin 200",
        post="alogin alogin alogin alogin alogin 403"),
    Row("admin/core/document/<path:object_id>/", "core.document",
        get= "alogin alogin alogin alogin alogin 302"),
    Row("admin:core_documentversion_changelist", None,
        get= "alogin alogin alogin alogin alogin 200",
        post="alogin alogin alogin alogin alogin 200"),
    Row("admin:core_documentversion_add", None,
        get= "alogin alogin alogin alogin alogin 403",
        post="alogin alogin alogin alogin alogin 403"),
    Row("admin:core_documentversion_history", "core.documentversion",
        get= "alogin alogin alogin alogin alogin 200"),
    Row("admin:core_documentversion_delete", "core.documentversion",
        get= "alogin alogin alogin alogin alogin 403",
        post="alogin alogin alogin alogin alogin 403"),
    Row("admin:core_documentversion_change", "core.documentversion",
        get= "alogin alogin alogin alogin alogin 200",
        post="alogin alogin alogin alogin alogin 403"),
    Row("admin/core/documentversion/<path:object_id>/", "core.documentversion",
        get= "alogin alogin alogin alogin alogin 302"),
    Row("admin:boards_organisation_changelist", None,
        get= "alogin alogin alogin alogin alogin 200",
        post="alogin alogin alogin alogin alogin 200"),
    Row("admin:boards_organisation_add", None,
        get= "alogin alogin alogin alogin alogin 200",
        post="alogin alogin alogin alogin alogin 200"),
    Row("admin:boards_organisation_history", "boards.organisation",
        get= "alogin alogin alogin alogin alogin 200"),
    Row("admin:boards_organisation_delete", "boards.organisation",
        get= "alogin alogin alogin alogin alogin 200",
        post="alogin alogin alogin alogin alogin 200"),
    Row("admin:boards_organisation_change", "boards.organisation",
        get= "alogin alogin alogin alogin alogin 200",
        post="alogin alogin alogin alogin alogin 200"),
    Row("admin/boards/organisation/<path:object_id>/", "boards.organisation",
        get= "alogin alogin alogin alogin alogin 302"),
    Row("admin:boards_board_changelist", None,
        get= "alogin alogin alogin alogin alogin 200",
        post="alogin alogin alogin alogin alogin 200"),
    Row("admin:boards_board_add", None,
        get= "alogin alogin alogin alogin alogin 200",
        post="alogin alogin alogin alogin alogin 200"),
    Row("admin:boards_board_history", "boards.board",
        get= "alogin alogin alogin alogin alogin 200"),
    Row("admin:boards_board_delete", "boards.board",
        get= "alogin alogin alogin alogin alogin 200",
        post="alogin alogin alogin alogin alogin 200"),
    Row("admin:boards_board_change", "boards.board",
        get= "alogin alogin alogin alogin alogin 200",
        post="alogin alogin alogin alogin alogin 200"),
    Row("admin/boards/board/<path:object_id>/", "boards.board",
        get= "alogin alogin alogin alogin alogin 302"),
    Row("admin:boards_membership_changelist", None,
        get= "alogin alogin alogin alogin alogin 200",
        post="alogin alogin alogin alogin alogin 200"),
    Row("admin:boards_membership_add", None,
        get= "alogin alogin alogin alogin alogin 200",
        post="alogin alogin alogin alogin alogin 200"),
    Row("admin:boards_membership_history", "boards.membership",
        get= "alogin alogin alogin alogin alogin 200"),
    Row("admin:boards_membership_delete", "boards.membership",
        get= "alogin alogin alogin alogin alogin 200",
        post="alogin alogin alogin alogin alogin 200"),
    Row("admin:boards_membership_change", "boards.membership",
        get= "alogin alogin alogin alogin alogin 200",
        post="alogin alogin alogin alogin alogin 200"),
    Row("admin/boards/membership/<path:object_id>/", "boards.membership",
        get= "alogin alogin alogin alogin alogin 302"),
    Row("admin:boards_meeting_changelist", None,
        get= "alogin alogin alogin alogin alogin 200",
        post="alogin alogin alogin alogin alogin 200"),
    Row("admin:boards_meeting_add", None,
        get= "alogin alogin alogin alogin alogin 200",
        post="alogin alogin alogin alogin alogin 200"),
    Row("admin:boards_meeting_history", "boards.meeting",
        get= "alogin alogin alogin alogin alogin 200"),
    Row("admin:boards_meeting_delete", "boards.meeting",
        get= "alogin alogin alogin alogin alogin 200",
        post="alogin alogin alogin alogin alogin 200"),
    Row("admin:boards_meeting_change", "boards.meeting",
        get= "alogin alogin alogin alogin alogin 200",
        post="alogin alogin alogin alogin alogin 200"),
    Row("admin/boards/meeting/<path:object_id>/", "boards.meeting",
        get= "alogin alogin alogin alogin alogin 302"),
    Row("admin:boards_decision_changelist", None,
        get= "alogin alogin alogin alogin alogin 200",
        post="alogin alogin alogin alogin alogin 200"),
    Row("admin:boards_decision_add", None,
        get= "alogin alogin alogin alogin alogin 200",
        post="alogin alogin alogin alogin alogin 200"),
    Row("admin:boards_decision_history", "boards.decision",
        get= "alogin alogin alogin alogin alogin 200"),
    Row("admin:boards_decision_delete", "boards.decision",
        get= "alogin alogin alogin alogin alogin 200",
        post="alogin alogin alogin alogin alogin 200"),
    Row("admin:boards_decision_change", "boards.decision",
        get= "alogin alogin alogin alogin alogin 200",
        post="alogin alogin alogin alogin alogin 200"),
    Row("admin/boards/decision/<path:object_id>/", "boards.decision",
        get= "alogin alogin alogin alogin alogin 302"),
    Row("admin:strategies_strategy_changelist", None,
        get= "alogin alogin alogin alogin alogin 200",
        post="alogin alogin alogin alogin alogin 200"),
    Row("admin:strategies_strategy_add", None,
        get= "alogin alogin alogin alogin alogin 403",
        post="alogin alogin alogin alogin alogin 403"),
    Row("admin:strategies_strategy_history", "strategies.strategy",
        get= "alogin alogin alogin alogin alogin 200"),
    Row("admin:strategies_strategy_delete", "strategies.strategy",
        get= "alogin alogin alogin alogin alogin 403",
        post="alogin alogin alogin alogin alogin 403"),
    Row("admin:strategies_strategy_change", "strategies.strategy",
        get= "alogin alogin alogin alogin alogin 200",
        post="alogin alogin alogin alogin alogin 403"),
    Row("admin/strategies/strategy/<path:object_id>/", "strategies.strategy",
        get= "alogin alogin alogin alogin alogin 302"),
    Row("admin:strategies_revision_changelist", None,
        get= "alogin alogin alogin alogin alogin 200",
        post="alogin alogin alogin alogin alogin 200"),
    Row("admin:strategies_revision_add", None,
        get= "alogin alogin alogin alogin alogin 403",
        post="alogin alogin alogin alogin alogin 403"),
    Row("admin:strategies_revision_history", "strategies.revision",
        get= "alogin alogin alogin alogin alogin 200"),
    Row("admin:strategies_revision_delete", "strategies.revision",
        get= "alogin alogin alogin alogin alogin 403",
        post="alogin alogin alogin alogin alogin 403"),
    Row("admin:strategies_revision_change", "strategies.revision",
        get= "alogin alogin alogin alogin alogin 200",
        post="alogin alogin alogin alogin alogin 403"),
    Row("admin/strategies/revision/<path:object_id>/", "strategies.revision",
        get= "alogin alogin alogin alogin alogin 302"),

    # django-axes (sign-in throttling): its records, for site administrators
    Row("admin:axes_accessattempt_changelist", None,
        get= "alogin alogin alogin alogin alogin 200",
        post="alogin alogin alogin alogin alogin 200"),
    Row("admin:axes_accessattempt_add", None,
        get= "alogin alogin alogin alogin alogin 403",
        post="alogin alogin alogin alogin alogin 403"),
    Row("admin:axes_accessattempt_history", "axes.accessattempt",
        get= "alogin alogin alogin alogin alogin 200",
        post="alogin alogin alogin alogin alogin 200"),
    Row("admin:axes_accessattempt_delete", "axes.accessattempt",
        get= "alogin alogin alogin alogin alogin 200",
        post="alogin alogin alogin alogin alogin 200"),
    Row("admin:axes_accessattempt_change", "axes.accessattempt",
        get= "alogin alogin alogin alogin alogin 200",
        post="alogin alogin alogin alogin alogin 302"),
    Row("admin/axes/accessattempt/<path:object_id>/", "axes.accessattempt",
        get= "alogin alogin alogin alogin alogin 302",
        post="alogin alogin alogin alogin alogin 302"),
    Row("admin:axes_accesslog_changelist", None,
        get= "alogin alogin alogin alogin alogin 200",
        post="alogin alogin alogin alogin alogin 200"),
    Row("admin:axes_accesslog_add", None,
        get= "alogin alogin alogin alogin alogin 403",
        post="alogin alogin alogin alogin alogin 403"),
    Row("admin:axes_accesslog_history", "axes.accesslog",
        get= "alogin alogin alogin alogin alogin 200",
        post="alogin alogin alogin alogin alogin 200"),
    Row("admin:axes_accesslog_delete", "axes.accesslog",
        get= "alogin alogin alogin alogin alogin 200",
        post="alogin alogin alogin alogin alogin 200"),
    Row("admin:axes_accesslog_change", "axes.accesslog",
        get= "alogin alogin alogin alogin alogin 200",
        post="alogin alogin alogin alogin alogin 302"),
    Row("admin/axes/accesslog/<path:object_id>/", "axes.accesslog",
        get= "alogin alogin alogin alogin alogin 302",
        post="alogin alogin alogin alogin alogin 302"),
    Row("admin:axes_accessfailurelog_changelist", None,
        get= "alogin alogin alogin alogin alogin 200",
        post="alogin alogin alogin alogin alogin 200"),
    Row("admin:axes_accessfailurelog_add", None,
        get= "alogin alogin alogin alogin alogin 403",
        post="alogin alogin alogin alogin alogin 403"),
    Row("admin:axes_accessfailurelog_history", "axes.accessfailurelog",
        get= "alogin alogin alogin alogin alogin 200",
        post="alogin alogin alogin alogin alogin 200"),
    Row("admin:axes_accessfailurelog_delete", "axes.accessfailurelog",
        get= "alogin alogin alogin alogin alogin 200",
        post="alogin alogin alogin alogin alogin 200"),
    Row("admin:axes_accessfailurelog_change", "axes.accessfailurelog",
        get= "alogin alogin alogin alogin alogin 200",
        post="alogin alogin alogin alogin alogin 302"),
    Row("admin/axes/accessfailurelog/<path:object_id>/", "axes.accessfailurelog",
        get= "alogin alogin alogin alogin alogin 302",
        post="alogin alogin alogin alogin alogin 302"),
]
# fmt: on


def post_data(url: str, o: SimpleNamespace) -> dict:
    """The body of a POST to `url`, for objects `o`: what an allowed user's request succeeds with."""
    if url == "login":
        return {"username": o.officer.username, "password": PASSWORD}
    strategy, domain = o.strategy, o.domain
    domain_ids = [str(pk) for pk in strategy.domains.order_by("position").values_list("pk", flat=True)]
    priority_ids = [str(pk) for pk in domain.priorities.order_by("position").values_list("pk", flat=True)]
    today = timezone.localdate()
    received = {
        "received_on_day": today.day,
        "received_on_month": today.month,
        "received_on_year": today.year,
    }
    held = {"held_on_day": today.day, "held_on_month": today.month, "held_on_year": today.year}
    meeting, item = o.meeting, o.agenda_item
    day = timezone.localdate() + timedelta(days=20)
    when = {"date_day": day.day, "date_month": day.month, "date_year": day.year, "starts": "2pm"}
    item_ids = [str(pk) for pk in meeting.items.order_by("number").values_list("pk", flat=True)]
    paper_ids = [str(pk) for pk in item.papers.order_by("position").values_list("pk", flat=True)]
    return {
        "boards:meeting_create": {"board": o.board.pk, "form_token": new_token(), "venue": "Hall", **when},
        "boards:meeting_edit": {"version": meeting.version, "venue": "Room 2", **when},
        "boards:meeting_transition": {"to_status": "cancelled", "reason": "Not quorate."},
        "boards:item_add": {
            "new-item-title": "Any other business",
            "new-item-purpose": "information",
            "new-item-form_token": new_token(),
        },
        "boards:items_reorder": {"seen": ",".join(item_ids), "move": f"{item_ids[0]}:down"},
        "boards:item_edit": {"title": "Renamed", "purpose": "decision", "version": item.version},
        "delivery:import_start": {"file": Rereadable("export.csv", FINGERTIPS_HEADER.encode())},
        "delivery:import_detail": {"do": "retry"},
        "delivery:indicator_add": {
            "form_token": new_token(),
            "title": "Carers assessed within 28 days",
            "source": "local",
            "unit": "%",
            "polarity": "higher_is_better",
            "owner": o.officer.pk,
            "update_every": "3",
        },
        "delivery:indicator_manage": {"do": "checked"},
        "delivery:indicator_edit": {
            "version": o.indicator.version,
            "title": "Adults who smoke",
            "source": "fingertips",
            "fingertips_id": "92443",
            "polarity": "lower_is_better",
            "owner": o.officer.pk,
            "update_every": "12",
        },
        "boards:paper_add": {
            "form_token": new_token(),
            "role": "appendix",
            "file": Rereadable("a.pdf", pdf_bytes()),
        },
        "boards:papers_reorder": {"seen": ",".join(paper_ids), "move": f"{paper_ids[0]}:down"},
        "consultations:response_enter": {"form_token": new_token(), "channel": "paper", **received},
        "consultations:response_edit": {"channel": "email", "reason": "It came by email.", **received},
        "consultations:response_delete": {"reason": "Entered twice."},
        "consultations:response_duplicate": {"reason": "Sent twice."},
        "consultations:campaign_review": {"status": "confirmed"},
        "consultations:event_create": {"form_token": new_token(), "kind": "workshop", "title": "W", **held},
        "consultations:event_edit": {"kind": "workshop", "title": "Renamed", **held},
        "consultations:event_comment_add": {"text": "More buses, please."},
        "consultations:report_manage": {
            "new-change-form_token": new_token(),
            "new-change-priority": "whole",
            "new-change-you_said": "Too long.",
            "new-change-we_did": "Shortened it.",
        },
        "consultations:report_publication": {"action": "publish"},
        "consultations:suggestion_reject": {"theme": o.theme.pk},
        "consultations:comment_quote": {"action": "withhold"},
        "consultations:theme_rename": {f"theme-{o.theme.pk}-name": "Renamed"},
        "consultations:theme_merge": {"into": o.merge_into.pk},
        **_board_admin_post_data(o),
        "strategies:create": {
            "board": o.board.pk,
            "title": "Joint Health and Wellbeing Strategy 2027 to 2031",
            "slug": "jhws-2027-2031",
            "start_year": "2027",
            "end_year": "2031",
            "domain_label": "domain",
            "domain_label_plural": "domains",
            "form_token": new_token(),
        },
        "strategies:edit": {
            "version": str(strategy.version),
            "title": "Renamed",
            "slug": strategy.slug,
            "start_year": "2022",
            "end_year": "2026",
            "domain_label": "domain",
            "domain_label_plural": "domains",
        },
        "consultations:respond_start": {"form_token": new_token(), "website": ""},
        "strategies:transition": {
            "to_status": Status.APPROVED,
            "reason": "Approved by the Board.",
            "decision": o.approval.pk,
        },
        "strategies:domain_add": {"new-domain-title": "Housing", "new-domain-form_token": new_token()},
        "strategies:supporting_document_add": {
            "supporting-title": "Better Care Together",
            "supporting-url": "https://example.org/better-care",
            "supporting-form_token": new_token(),
        },
        "strategies:domains_reorder": {"seen": ",".join(domain_ids), "order": ",".join(domain_ids[::-1])},
        "strategies:domain_edit": {
            f"domain-{domain.pk}-title": "Renamed",
            f"domain-{domain.pk}-version": domain.version,
        },
        "strategies:priority_add": {
            f"new-priority-{domain.pk}-title": "Fewer falls",
            f"new-priority-{domain.pk}-form_token": new_token(),
        },
        "strategies:priorities_reorder": {"seen": ",".join(priority_ids), "move": f"{priority_ids[0]}:down"},
        "strategies:priority_edit": {
            f"priority-{o.priority.pk}-title": "Renamed",
            f"priority-{o.priority.pk}-version": o.priority.version,
        },
        "boards:attendance": {f"member-{o.member.pk}": "present"},
        "boards:substitute_add": {
            "substitute-form_token": new_token(),
            "substitute-substitute_for": o.absent.pk,
            "substitute-name": "Pat Deputy",
        },
        "boards:in_attendance_add": {"other-form_token": new_token(), "other-name": "Kim Presenter"},
        "boards:declarations": {
            "declaration-form_token": new_token(),
            "declaration-membership": o.absent.pk,
            "declaration-interest": "registrable",
            "declaration-description": "Trustee of a carers' charity.",
            "declaration-action": "no_part",
        },
        "boards:item_minutes": {"minutes": "The Board noted the plan.", "version": o.record_item.version},
        "boards:item_decisions": {
            "decision-form_token": new_token(),
            "decision-text": "That the plan be approved.",
            "decision-outcome": "approved",
        },
        "delivery:plan_add": {
            "form_token": new_token(),
            "board": o.board.pk,
            "title": "Mid and South Essex Joint Forward Plan",
            "kind": "joint_forward_plan",
            "owner": "NHS Mid and South Essex Integrated Care Board",
            "area": "Mid and South Essex",
        },
        "delivery:plan_edit": {
            "version": o.plan.version,
            "title": "Renamed",
            "slug": o.plan.slug,
            "kind": o.plan.kind,
            "owner": o.plan.owner,
            "area": o.plan.area,
        },
        "delivery:priority_plans": {f"plan-{o.plan.pk}": "on", f"note-{o.plan.pk}": "Through the PCNs."},
        "news:add": {
            "form_token": new_token(),
            "board": o.board.pk,
            "title": "Board meets in March",
            "summary": "The Board meets on 4 March.",
            "body": "Come along.",
            "status": "published",
        },
        "news:edit": {
            "version": o.news_item.version,
            "title": "Renamed",
            "summary": "The Board meets on 4 March.",
            "body": "Come along.",
            "status": "published",
        },
        "news:subscription": {"news": "yes"},
        "boards:decision_edit": {
            "text": "That the plan be noted, with thanks.",
            "outcome": "noted",
            "effect": "",
            "version": o.resolution.version,
        },
    }.get(url, {})


class RereadableUpload(SimpleUploadedFile):
    """An upload the test client can send more than once: it reads the file to encode each request."""

    def read(self, *args):
        self.seek(0)
        return super().read(*args)


def _board_admin_post_data(o: SimpleNamespace) -> dict:
    """The bodies of the POSTs that manage a board (boards.views.board_admin)."""
    board = Board.objects.get(pk=o.board.pk)
    membership = Membership.objects.get(pk=o.membership.pk)
    starts = {"starts_on_day": "1", "starts_on_month": "6", "starts_on_year": "2024"}
    seat = {"name": "Pat Jones", "organisation": o.board_organisation.pk, "role": "voting", **starts}
    return {
        "boards:details_edit": {"quorum": "4", "version": board.version},
        "boards:organisation_add": {"organisation": o.spare_organisation.pk},
        "boards:organisation_create": {
            "form_token": new_token(),
            "name": f"New {board.slug}",
            "kind": "other",
        },
        "boards:membership_add": {"form_token": new_token(), **seat},
        "boards:membership_edit": {"version": membership.version, **seat},
        "boards:membership_end": {
            "ends_on_day": "31",
            "ends_on_month": "3",
            "ends_on_year": "2026",
            "version": membership.version,
        },
        "boards:role_add": {
            "form_token": new_token(),
            "email": "new@example.org",
            "name": "New",
            "role": "officer",
        },
        "boards:role_change": {f"role-{o.board_role.pk}-role": "administrator"},
        "boards:invitation_resend": {"section": "people"},
        "boards:terms_of_reference_upload": {
            "file": RereadableUpload("terms.pdf", pdf_bytes(), content_type="application/pdf")
        },
        "boards:logo_upload": {"logo": RereadableUpload("logo.png", png_bytes(), content_type="image/png")},
        "boards:create": {
            "form_token": new_token(),
            "name": "Southend Health and Wellbeing Board",
            "area": "Southend-on-Sea",
            "area_code": "E06000033",
            "colour": "#1d4f91",
            "administrators-TOTAL_FORMS": "1",
            "administrators-INITIAL_FORMS": "0",
            "administrators-0-name": "Pat Jones",
            "administrators-0-email": "pat@southend.example.org",
        },
    }


# The URL patterns ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    key: str  # What a Row's `url` says: the qualified name, or the route when there is none.
    name: str | None
    route: str
    params: tuple[str, ...]


def _join(route: str, more: str) -> str:
    # As django.urls.resolvers does for ResolverMatch.route.
    return route + more.removeprefix("^") if route else more


def _walk(patterns, route: str = "", namespace: str = "", params: tuple = ()) -> Iterator[Pattern]:
    for entry in patterns:
        here = _join(route, str(entry.pattern))
        found = params + tuple(entry.pattern.regex.groupindex)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else entry.namespace
            yield from _walk(entry.url_patterns, here, inner or namespace, found)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield Pattern(key=name or here, name=name, route=here, params=found)


def url_patterns() -> dict[str, Pattern]:
    return {pattern.key: pattern for pattern in _walk(get_resolver().url_patterns)}


PATTERNS = url_patterns()


def _value(param: str, obj, params: tuple = ()) -> object:
    """A URL parameter's value, taken from the object the row names."""
    if param == "url":  # The admin's catch-all.
        return "no-such-page/"
    if obj is None and param in ("uidb64", "token"):  # A link to set a password: one that is not ours.
        return "not-a-link"
    if obj is None:
        raise LookupError(f"the URL has a parameter {param!r}: name the object to fill it from")
    if isinstance(obj, Paper | Decision) and param in ("board_slug", "meeting"):  # Its meeting's.
        meeting = obj.item.meeting if isinstance(obj, Paper) else obj.agenda_item.meeting
        return meeting.board.slug if param == "board_slug" else meeting.pk
    if isinstance(obj, SupportingDocument) and param in ("board_slug", "slug"):
        obj = obj.strategy  # A supporting document's public address is its strategy's, then its own id.
    if isinstance(obj, Indicator) and "indicator" in params:  # Its strategy's address, then its own id.
        if param == "indicator":
            return obj.pk
        obj = obj.strategy
    if isinstance(obj, Priority) and param in ("board_slug", "slug"):  # Its strategy's address, then its id.
        obj = obj.domain.strategy
    if param == "board_slug":
        return obj.slug if isinstance(obj, Board) else obj.board.slug
    if param == "version" and isinstance(obj, Board):  # Its logo's (boards:logo), as stored.
        return Board.objects.get(pk=obj.pk).logo_version
    if param == "extension" and isinstance(obj, Board):
        return Board.objects.get(pk=obj.pk).logo.name.rsplit(".", 1)[-1]
    if param == "slug":
        return obj.slug
    if param == "token" and isinstance(obj, Subscriber):  # A subscriber's link, signed.
        return subscribers.signed_token(obj)
    if param == "token":  # A link to come back to a response, or a subscriber's: one that is not ours.
        return "not-a-link"
    if param == "domain_id":  # A consultation's survey page: its first domain's.
        return obj.domains()[0]["id"]
    if param == "meeting":  # The meeting of a part of its record (an item, a line, a declaration...).
        return (
            obj.meeting_id
            if hasattr(obj, "meeting_id")
            else (obj.item if hasattr(obj, "item") else obj).meeting.pk
        )
    if param == "pk":
        return obj.strategy_id if isinstance(obj, Revision) else obj.pk
    if param == "kind":  # core's document views: the strategy's PDF.
        return services.PDF_KIND
    if param == "number":
        return obj.number if isinstance(obj, Revision) else 1  # A revision, or a document's version.
    if param in ("object_id", "id"):
        return obj.pk
    if param == "content_type_id":
        return ContentType.objects.get_for_model(obj).pk
    if param == "app_label":
        return obj._meta.app_label
    raise LookupError(f"no rule fills the parameter {param!r} (add one to _value)")


def build_url(pattern: Pattern, obj) -> str:
    kwargs = {param: _value(param, obj, pattern.params) for param in pattern.params}
    if pattern.name:
        return reverse(pattern.name, kwargs=kwargs)
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(kwargs[m.group(1)]), pattern.route)
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(kwargs[m.group(1)]), path)
    url = "/" + path.removeprefix("^").removesuffix("$")
    assert resolve(url).route == pattern.route, f"{url} does not reach {pattern.route}"
    return url


# The data, once for the module --------------------------------------------------------------------


class Rereadable:
    """A file the test client can send in every role's request (it reads a file without seeking back)."""

    def __init__(self, name: str, content: bytes):
        self.name, self.content = name, content

    def read(self) -> bytes:
        return self.content


def _meeting_objects(board, *, officer) -> dict:
    """A scheduled meeting with two items not yet published, the first with two papers."""
    meeting = scheduled_meeting(board)
    item, _ = add_items(meeting, officer, "Minutes of the last meeting", "Strategy")
    for title in ("Report", "Appendix"):
        paper = paper_services.paper_add(
            item=item,
            by=officer,
            title=title,
            file=SimpleUploadedFile(f"{title}.pdf", pdf_bytes(), content_type="application/pdf"),
        )
    return {"meeting": meeting, "agenda_item": item, "paper": paper}


def _fake_pdf(html, *, on_laid_out=None) -> bytes:
    return FAKE_PDF


def _board_objects(board, *, officer, admin) -> SimpleNamespace:
    """A final draft with two revisions, two domains of two priorities, and a published strategy."""
    strategy = StrategyFactory(board=board, title="Strategy 2022 to 2026", slug="draft")
    for d in range(1, 3):
        domain = DomainFactory(strategy=strategy, title=f"Domain {d}", position=d)
        for p in range(1, 3):
            PriorityFactory(domain=domain, title=f"Domain {d}, priority {p}", position=p)
    services.strategy_update(strategy=strategy, by=officer, summary="Edited.")  # An entry in its history.
    move_to(strategy, Status.FINAL_DRAFT, by=officer)
    decision = DecisionFactory(agenda_item__meeting__board=board)
    published = StrategyFactory(
        board=board, title="Strategy 2016 to 2021", slug="published", easy_read="Our plan for health."
    )
    DomainFactory(strategy=published)
    published_document = services.supporting_document_add(
        strategy=published,
        by=officer,
        title="Case for change",
        file=SimpleUploadedFile("case.pdf", pdf_bytes(), content_type="application/pdf"),
    )
    draft_document = services.supporting_document_add(
        strategy=strategy,
        by=officer,
        title="Joint Forward Plan",
        file=SimpleUploadedFile("plan.pdf", pdf_bytes(), content_type="application/pdf"),
    )
    move_to(published, Status.PUBLISHED, by=admin, decision=decision)
    with mock.patch.object(documents.rendering, "html_to_pdf", _fake_pdf):
        render_document(Document.objects.get(kind=services.PDF_KIND, object_id=published.pk).pk)
    domain = strategy.domains.order_by("position").first()
    consultation = ConsultationFactory(strategy__board=board, slug="being-set-up", created_by=officer)
    open_consultation = ConsultationFactory(strategy__board=board, slug="open", created_by=officer)
    for to_status in (ConsultationStatus.SCHEDULED, ConsultationStatus.OPEN):
        consultation_services.consultation_transition(
            consultation=open_consultation, to_status=to_status, by=officer
        )
    question = Question.objects.create(consultation=consultation, text="Anything else?", position=1)
    event = consultation_services.event_create(
        consultation=open_consultation, by=officer, title="Drop-in", held_on=timezone.localdate()
    )
    # A subscriber to the open consultation, for their links.
    Subscriber.objects.create(consultation=open_consultation, email=f"subscriber@{board.slug}.example")
    # An email to a respondent of the open consultation, for the admin's pages.
    Email.objects.create(
        key=f"confirmation:{board.slug}",
        kind=Email.Kind.CONFIRMATION,
        response=Response.objects.create(consultation=open_consultation),
    )
    # Themes of the open consultation: one to rename, suggest or merge, and one to merge it into.
    opened = type(open_consultation).objects.get(pk=open_consultation.pk)  # Its status, now open.
    theme = consultation_services.theme_create(consultation=opened, by=officer, name="Transport")
    merge_into = consultation_services.theme_create(consultation=opened, by=officer, name="Buses")
    board_admin_objects = _board_admin_objects(board, officer=officer, admin=admin)
    return SimpleNamespace(
        **_proceedings_objects(board, officer=officer),
        campaign=Campaign.objects.create(
            consultation=open_consultation, fingerprint="0" * 64, label="Campaign 1", text="Keep it open."
        ),
        theme=theme,
        merge_into=merge_into,
        event=event,
        event_comment=consultation_services.event_comment_add(event=event, by=officer, text="More buses."),
        entered_response=consultation_services.response_enter(
            consultation=open_consultation,
            by=officer,
            form_key=new_token(),
            channel="paper",
            received_on=timezone.localdate(),
        ),
        question=question,
        consultation=consultation,
        open_consultation=open_consultation,
        board=board,
        strategy=strategy,
        published=published,
        domain=domain,
        priority=domain.priorities.order_by("position").first(),
        action=ActionFactory(priority=domain.priorities.order_by("position").first(), created_by=officer),
        indicator=Indicator.objects.create(
            strategy=published, title="Smoking prevalence", fingertips_id=92443, created_by=officer
        ),
        indicator_import=IndicatorImport.objects.create(
            strategy=strategy,
            file=ContentFile(FINGERTIPS_HEADER.encode(), name="export.csv"),
            file_name="export.csv",
            size=len(FINGERTIPS_HEADER),
            sha256="0" * 64,
            status="checked",
            uploaded_by=officer,
        ),
        plan=PlanFactory(board=board, title=f"Integrated Care Strategy of {board.slug}", created_by=officer),
        news_item=NewsItemFactory(board=board, title=f"News of {board.slug}", created_by=officer),
        draft_news=NewsItemFactory(board=board, status="draft", publish_at=None, created_by=officer),
        scheduled_news=NewsItemFactory(
            board=board, publish_at=timezone.now() + timedelta(days=1), created_by=officer
        ),
        revision=strategy.revisions.get(number=1),
        published_document=published_document,
        draft_document=draft_document,
        officer=officer,
        **_report_objects(board, officer=officer),
        **board_admin_objects,
        **_meeting_objects(board, officer=officer),
        **_public_meeting_objects(board, officer=officer),
    )


def _board_admin_objects(board, *, officer, admin) -> dict:
    """
    For managing the board: an organisation of the board nobody sits for (to remove), one not on it (to
    add), a seat, the officer's role, an account not yet used, and the terms of reference (to download).
    """
    organisation = OrganisationFactory(name=f"Council of {board.slug}")
    board.organisations.add(organisation)
    invited = UserFactory(username=f"invited-{board.slug}", email=f"invited@{board.slug}.example")
    invited.set_unusable_password()
    invited.save()
    seat_for = OrganisationFactory(name=f"NHS of {board.slug}")
    board.organisations.add(seat_for)
    board_admin_services.terms_of_reference_upload(
        board=board,
        by=admin,
        file=SimpleUploadedFile("terms.pdf", pdf_bytes(), content_type="application/pdf"),
    )
    board_setup_services.board_logo_set(
        board=board, by=admin, file=SimpleUploadedFile("logo.png", png_bytes(), content_type="image/png")
    )
    return {
        "board_organisation": SimpleNamespace(pk=organisation.pk, board=board),
        "spare_organisation": OrganisationFactory(name=f"Spare of {board.slug}"),
        "membership": MembershipFactory(board=board, organisation=seat_for, user=invited, name="Sam Seat"),
        "board_role": BoardRole.objects.get(board=board, user=officer),
        "board_account": SimpleNamespace(pk=invited.pk, board=board),
    }


def _proceedings_objects(board, *, officer) -> dict:
    """A meeting held last week: an item with a declaration and a resolution, two members, one line."""
    meeting = MeetingFactory(board=board)
    item = AgendaItemFactory(meeting=meeting, number=1, title="Better Care Fund plan")
    member = MembershipFactory(board=board, user=None, name="Cllr Ann Chair", role="chair")
    absent = MembershipFactory(board=board, user=None, name="Dr Bo Voting")
    return {
        "record_meeting": meeting,
        "record_item": item,
        "member": member,
        "absent": absent,
        "attendance": AttendanceFactory(
            meeting=meeting, membership=None, name="Jo Bright", status="in_attendance"
        ),
        "declaration": DeclarationFactory(item=item, membership=member),
        "resolution": DecisionFactory(agenda_item=item, outcome="noted", text="That the plan be noted."),
        # The Board's approval of the final strategy: what moving the final draft on needs.
        "approval": DecisionFactory(strategy=True, agenda_item__meeting__board=board),
    }


def _report_objects(board, *, officer) -> dict:
    """A closed consultation with a "you said, we did" change, and one whose report is published."""
    found = {}
    for name in ("closed_consultation", "published_report"):
        consultation = ConsultationFactory(
            strategy__board=board, slug=name.replace("_", "-"), created_by=officer
        )
        for to_status in (ConsultationStatus.SCHEDULED, ConsultationStatus.OPEN, ConsultationStatus.CLOSED):
            consultation = consultation_services.consultation_transition(
                consultation=consultation, to_status=to_status, by=officer
            )
        found[name] = consultation
    found["change"] = consultation_services.change_add(
        consultation=found["closed_consultation"],
        by=officer,
        you_said="More buses.",
        we_did="Added transport.",
    )
    consultation_services.report_publish(consultation=found["published_report"], by=officer)
    return found


def _public_meeting_objects(board, *, officer) -> dict:
    """A held meeting's published agenda: a public and an exempt item, each with a paper and a decision."""
    meeting = MeetingFactory(board=board)
    agenda = AgendaPublicationFactory(meeting=meeting, published_by=officer)
    public = AgendaItemFactory(meeting=meeting, number=1, title="Strategy", publication=agenda)
    exempt = AgendaItemFactory(
        meeting=meeting, number=2, title="Contract", publication=agenda, exempt_paragraph=3
    )
    return {
        "held_meeting": meeting,
        "public_paper": PaperFactory(item=public, created_by=officer),
        "exempt_paper": PaperFactory(item=exempt, created_by=officer),
        "public_decision": DecisionFactory(agenda_item=public),
        "exempt_decision": DecisionFactory(agenda_item=exempt),
    }


def _client(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        own, other = BoardFactory(slug="thurrock"), BoardFactory(slug="essex")
        users = {
            "resident": None,
            "board_member": MembershipFactory(board=own, user__username="member").user,
            "officer": BoardRoleFactory(board=own, user__username="officer").user,
            "board_admin": BoardRoleFactory(board=own, administrator=True, user__username="admin").user,
            "other_officer": BoardRoleFactory(board=other, user__username="other-officer").user,
            "site_admin": UserFactory(username="site-admin", site_admin=True),
        }
        other_admin = BoardRoleFactory(board=other, administrator=True).user
        Group.objects.create(name="Editors")
        # django-axes' records, for its admin pages (not "officer": signing in clears that name's attempts).
        seen = {"username": "someone", "ip_address": "192.0.2.1", "user_agent": "", "http_accept": ""}
        AccessAttempt.objects.create(**seen, path_info="/", get_data="", post_data="", failures_since_start=1)
        AccessLog.objects.create(**seen, path_info="/")
        AccessFailureLog.objects.create(**seen, path_info="/")
        yield SimpleNamespace(
            own=_board_objects(own, officer=users["officer"], admin=users["board_admin"]),
            other=_board_objects(other, officer=users["other_officer"], admin=other_admin),
            clients={role: _client(user) for role, user in users.items()},
        )
        transaction.set_rollback(True)


# Asking and comparing -----------------------------------------------------------------------------


def code_of(response: HttpResponse, url: str) -> str:
    """The response as the table writes it."""
    if response.status_code not in (301, 302, 303, 307, 308):
        return str(response.status_code)
    location = urlsplit(response["Location"])
    back_here = parse_qs(location.query).get("next") == [url]
    if location.path == reverse("login") and back_here:
        return "login"
    if location.path == reverse("admin:login") and back_here:
        return "alogin"
    return str(response.status_code)


def ask(client: Client, method: str, url: str, data: dict) -> str:
    """One request, whose every effect (database rows, cookies) is undone afterwards."""
    cookies = client.cookies
    client.cookies = type(cookies)()
    client.cookies.update(cookies)
    try:
        with transaction.atomic():
            response = client.post(url, data) if method == "POST" else client.get(url)
            transaction.set_rollback(True)
    finally:
        client.cookies = cookies
    return code_of(response, url)


def target(of: str | None, objects: SimpleNamespace):
    """The object a row names: one of this board's, or the first row of a model."""
    if of is None:
        return None
    if of in BOARD_OBJECTS:
        return getattr(objects, of)
    first = apps.get_model(of)._base_manager.order_by("pk").first()
    if first is None:
        raise LookupError(f"the test data has no {of}: make one in world()")
    return first


def answers(world, pattern: Pattern, of: str | None, method: str) -> list[list[str]]:
    """What the URL answers each role: one list of codes, or two (own board, another board)."""
    groups = (world.own, world.other) if of in BOARD_OBJECTS else (world.own,)
    found = []
    for objects in groups:
        url = build_url(pattern, target(of, objects))
        data = post_data(pattern.key, objects) if method == "POST" else {}
        found.append([ask(world.clients[role], method, url, data) for role in ROLES])
    return found


def parse(expected: str) -> list[list[str]]:
    return [group.split() for group in expected.split("|")]


def written(groups: list[list[str]]) -> str:
    """Codes as the table writes them, in columns seven characters wide."""
    return "| ".join("".join(code.ljust(7) for code in group) for group in groups).rstrip()


def row_source(url: str, of: str | None, get: str, post: str | None) -> str:
    of_source = f'"{of}"' if of else "None"
    source = f'    Row("{url}", {of_source},\n        get= "{get}"'
    if post:
        source += f',\n        post="{post}"'
    return source + "),"


# The tests ----------------------------------------------------------------------------------------


def test_the_table_is_well_formed():
    ids = [row.id for row in ROWS]
    problems = [f"{twice} is in the table twice" for twice in sorted({i for i in ids if ids.count(i) > 1})]

    for row in ROWS:
        for method, expected in (("get", row.get), ("post", row.post)):
            groups = parse(expected) if expected is not None else []
            if expected is not None and len(groups) != (2 if row.of in BOARD_OBJECTS else 1):
                problems.append(f"{row.id} {method}: {len(groups)} groups of columns")
            if any(len(group) != len(ROLES) for group in groups):
                problems.append(f"{row.id} {method}: each group needs {len(ROLES)} codes, one per role")

    assert not problems, "\n".join(problems)


def test_every_row_names_a_url_that_exists():
    stale = [row.url for row in ROWS if row.url not in PATTERNS]

    assert not stale, f"ROWS names URLs the resolver no longer knows (remove the rows): {stale}"


def _guess_object(pattern: Pattern) -> str | None:
    """For the suggested row: which object a new URL's parameters most likely come from."""
    params = set(pattern.params) - {"url"}
    admin_model = re.match(r"admin:(\w+?)_(\w+?)_\w+$", pattern.name or "") or re.match(
        r"admin/(\w+)/(\w+)/", pattern.route
    )
    if not params:
        return None
    if admin_model:
        return f"{admin_model.group(1)}.{admin_model.group(2)}"
    if "number" in params:
        return "revision"
    if "slug" in params:
        return "published"
    if params == {"board_slug"}:
        return "board"
    before_pk = re.search(r"(\w+)/<int:pk>", pattern.route)
    nouns = {"strategies": "strategy", "domains": "domain", "priorities": "priority"}
    return nouns.get(before_pk.group(1) if before_pk else "", "strategy")


def test_every_url_has_a_row(world):
    covered = {row.url for row in ROWS}
    missing = [pattern for key, pattern in PATTERNS.items() if key not in covered]

    if missing:
        suggestions = []
        for pattern in missing:
            of = _guess_object(pattern)
            try:
                get, post = (written(answers(world, pattern, of, method)) for method in ("GET", "POST"))
            except Exception as error:  # noqa: BLE001 - a suggestion, not the test
                get = post = f"?? ({error})"
            suggestions.append(row_source(pattern.key, of, get, post))
        pytest.fail(
            f"{len(missing)} URL(s) have no row in ROWS (tests/test_url_matrix.py). Add:\n\n"
            + "\n".join(suggestions)
            + "\n\nThe codes are what each URL answers today, so check every one before pasting: "
            "another board's private objects are a 404, signed-out visitors to officers' pages go to "
            '"login". Keep post= only if the view takes POST (and give its body in post_data()), and '
            "check the object each URL was filled from.",
            pytrace=False,
        )


@pytest.mark.parametrize("row", ROWS, ids=[row.id for row in ROWS])
def test_each_role_gets_what_the_table_says(world, row):
    pattern = PATTERNS[row.url]
    wrong = []

    for method, expected in (("GET", row.get), ("POST", row.post)):
        if expected is None:
            continue
        want, got = parse(expected), answers(world, pattern, row.of, method)
        for board, (want_group, got_group) in enumerate(zip(want, got, strict=True)):
            whose = " (another board's object)" if board else ""
            wrong += [
                f"{method} as {role}{whose}: the table says {code}, the URL answered {answer}"
                for role, code, answer in zip(ROLES, want_group, got_group, strict=True)
                if code != answer
            ]
        if want != got:
            wrong.append(f'    {method.lower()}="{written(got)}"  is what it answers now')

    if wrong:
        pytest.fail(f"{row.id}:\n" + "\n".join(wrong), pytrace=False)
