"""
No input answers a server error: generated requests to every URL the resolver knows, as every role.

The URLs come from the resolver itself (Django's own admin aside), their ids filled with the test
data's real objects, so a new page is covered without editing this file. Each example picks a URL,
a role, GET or POST, with or without htmx, and sends generated data: the form's own fields as the
page renders them (tokens and versions included, so the request gets past them) with some values
replaced, plus fields of other forms, under the names the pages use. The values are what broke
the portal before: unicode digits ("²" passes str.isdigit()), numbers past a bigint, empty and
very long strings, other boards' ids. Any 5xx, or an exception the view lets out, fails the test.

A second test sends every field of every kind of form the worst values in turn, deterministically,
so what the random search might miss in its budget (a field of one form among many) is still tried.

The data, and a signed-in client for each role, are built once for the module (about 25 seconds on an
idle 2-core machine); each request runs in a savepoint rolled back afterwards, with its client's cookies
as they were, so every one starts from the same data and session.
"""

import copy
import itertools
import re
from html.parser import HTMLParser
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.db import transaction
from django.test import Client, TestCase
from django.urls import NoReverseMatch, Resolver404, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boards.services import board_setup
from consultations import responding, resume, subscribers
from consultations import services as consultation_services
from consultations.models import Status as ConsultationStatus
from core import documents
from core.formtokens import new_token
from delivery.models import Indicator
from strategies.models import Priority, Status
from tests.factories import (
    AgendaItemFactory,
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
    PlanFactory,
    PriorityFactory,
    StrategyFactory,
    UserFactory,
)
from tests.images import png_upload
from tests.strategies.helpers import FAKE_PDF, move_to

pytestmark = pytest.mark.django_db

ROLES = ["resident", "board_member", "officer", "other_officer", "board_admin", "site_admin"]
NASTY = [
    "",
    " ",
    "²",
    "١٢",
    "٣:up",
    "0",
    "-1",
    "1e3",
    "1.5",
    "9" * 20,
    str(2**63),
    str(2**31),
    "1,2,²",
    ",,,",
    "1:sideways",
    "published",
    "superseded",
    "archived",
    "null",
    "\x00",
    "<script>alert(1)</script>",
    "a" * 300,
    "b" * 25_000,
    "31",
    "13",
    "0001",
    "June",
    "later",  # The question pages' "Save and come back later" (their buttons are named "then").
]


def routes(resolver=None, namespace: str = ""):
    """Every named URL pattern the resolver knows, as (name for reverse(), pattern); not the admin."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if not str(entry.pattern).startswith("admin/"):  # Django's own admin is not our forms.
                yield from routes(entry, entry.namespace or namespace)
        elif entry.name:
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), entry


class Forms(HTMLParser):
    """
    The forms of a page (for each action, the data a browser would send as the page stands), and
    the page's own links, form actions and htmx URLs (to find URLs whose arguments the test data
    cannot name, such as a document's kind).
    """

    def __init__(self, page_url: str):
        super().__init__(convert_charrefs=True)
        self.page_url, self.forms, self.names, self.links = page_url, {}, set(), set()
        self._form, self._textarea, self._select = None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for attribute in ("href", "action", "hx-get", "hx-post"):
            link = urlsplit(attrs.get(attribute) or "").path
            if link.startswith("/") and not link.startswith(("//", "/static/", "/admin/")):
                self.links.add(link)
        if tag == "form" and (attrs.get("method") or "get").lower() == "post":
            self._form = {}
            self.forms.setdefault(attrs.get("action") or self.page_url, self._form)
            return
        if self._form is None:
            return
        if tag == "option" and self._select:
            if "selected" in attrs or self._select not in self._form:
                self._form[self._select] = attrs.get("value") or ""
            return
        if not attrs.get("name"):
            return
        name = attrs["name"]
        self.names.add(name)
        if tag == "input" and attrs.get("type") not in ("radio", "checkbox", "submit"):
            self._form.setdefault(name, attrs.get("value") or "")
        elif tag == "input" and ("checked" in attrs or name not in self._form):
            self._form[name] = attrs.get("value") or ""
        elif tag == "button":
            self._form.setdefault(name, attrs.get("value") or "")
        elif tag == "textarea":
            self._textarea = name
            self._form[name] = ""
        elif tag == "select":
            self._select = name

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            self._form[self._textarea] += data.lstrip("\n")

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """
    Strategies at several points of the lifecycle on two boards, someone in each role, and the URLs
    and forms that reach them: built once for this module's tests, in a transaction rolled back at
    the end (each test's own transaction, and each example's savepoint, nest inside it).
    """
    with django_db_blocker.unblock(), transaction.atomic():
        yield _build_world()
        transaction.set_rollback(True)


def _build_world() -> dict:
    board = BoardFactory(slug="thurrock")
    other_board = BoardFactory(slug="essex")
    users = {
        "resident": None,
        "board_member": MembershipFactory(board=board).user,
        "officer": BoardRoleFactory(board=board).user,
        "other_officer": BoardRoleFactory(board=other_board).user,
        "board_admin": BoardRoleFactory(board=board, administrator=True).user,
        "site_admin": UserFactory(site_admin=True),
    }
    draft = StrategyFactory(board=board, slug="draft")
    for d in range(2):
        PriorityFactory.create_batch(2, domain=DomainFactory(strategy=draft, position=d + 1))
    DecisionFactory(agenda_item__meeting__board=board)
    # A meeting held last week, with the record its officers' pages show: members, a line of the
    # attendance, a declaration and a resolution on its item.
    meeting = MeetingFactory(board=board)
    item = AgendaItemFactory(meeting=meeting)
    MembershipFactory.create_batch(2, board=board, user=None)
    proceedings = [
        meeting,
        item,
        AttendanceFactory(meeting=meeting, membership=None, name="Jo Bright", status="in_attendance"),
        DeclarationFactory(item=item),
        DecisionFactory(agenda_item=item, outcome="noted"),
    ]
    approved = move_to(StrategyFactory(board=board, slug="approved"), Status.APPROVED, by=users["officer"])
    DomainFactory(strategy=approved)
    # Its PDF rendered (a stand-in for WeasyPrint), so the pages link to the download URLs too.
    # (html_to_pdf moves to core.documents.rendering with the document jobs work.)
    renderer = getattr(documents, "rendering", documents)
    with mock.patch.object(renderer, "html_to_pdf", lambda html, **kwargs: FAKE_PDF):
        with TestCase.captureOnCommitCallbacks(execute=True):
            published = move_to(
                StrategyFactory(board=board, slug="published"), Status.PUBLISHED, by=users["board_admin"]
            )
    elsewhere = move_to(
        StrategyFactory(board=other_board, slug="elsewhere"), Status.FINAL_DRAFT, by=users["other_officer"]
    )
    # An open consultation with a general question of each kind, and a response started on it that
    # every client's session carries, so the survey's pages show their forms (not the way to the start).
    consultation = ConsultationFactory(
        strategy__board=board, slug="have-your-say", created_by=users["officer"]
    )
    for kind, options in (("text", []), ("single", ["Housing", "Jobs"]), ("multiple", ["GP", "Dentist"])):
        consultation_services.question_create(
            consultation=consultation,
            by=users["officer"],
            text=f"A {kind} question",
            kind=kind,
            options=options,
        )
    for to_status in (ConsultationStatus.SCHEDULED, ConsultationStatus.OPEN):
        consultation = consultation_services.consultation_transition(
            consultation=consultation, to_status=to_status, by=users["officer"]
        )
    # An event with a comment and a response entered from paper, so the officers' pages for them show
    # their forms too.
    event = consultation_services.event_create(
        consultation=consultation, by=users["officer"], title="Drop-in", held_on=timezone.localdate()
    )
    consultation_services.event_comment_add(event=event, by=users["officer"], text="More buses.")
    entered = consultation_services.response_enter(
        consultation=consultation,
        by=users["officer"],
        form_key=new_token(),
        channel="paper",
        received_on=timezone.localdate(),
    )
    # A closed consultation with a "you said, we did" change, so the report's pages show their forms.
    closed = ConsultationFactory(strategy__board=board, slug="closed", created_by=users["officer"])
    for to_status in (ConsultationStatus.SCHEDULED, ConsultationStatus.OPEN, ConsultationStatus.CLOSED):
        closed = consultation_services.consultation_transition(
            consultation=closed, to_status=to_status, by=users["officer"]
        )
    consultation_services.change_add(consultation=closed, by=users["officer"], you_said="A", we_did="B")
    started = responding.response_start(consultation=consultation, form_key=new_token())
    # A subscriber, for the forms of their links (confirm, unsubscribe).
    subscriber = subscribers.subscriber_add(email="subscriber@example.com", consultation=consultation)
    session = {f"consultations.response.{consultation.pk}": started.resume_key}
    # A plan that priorities support, so that its pages and the priorities' plans show their forms.
    plan = PlanFactory(board=board, slug="integrated-care-strategy", created_by=users["officer"])
    # The board's news: a published update and a draft, so that their pages show their forms.
    news = [
        NewsItemFactory(board=board, created_by=users["officer"]),
        NewsItemFactory(board=board, status="draft", publish_at=None, created_by=users["officer"]),
    ]
    # Indicators of the published strategy, a local one with a figure, so that its pages show their forms.
    indicator = Indicator.objects.create(
        strategy=published, title="Carers assessed", source="local", unit="%", created_by=users["officer"]
    )
    Indicator.objects.create(
        strategy=published, title="Smoking", fingertips_id=92443, created_by=users["officer"]
    )

    # A logo, so that its address (boards:logo) has a version to fill, and the details page its forms.
    board = board_setup.board_logo_set(board=board, by=users["board_admin"], file=png_upload())

    # Candidates for each kind of URL argument: one object of each sort, tried in turn (a pattern
    # takes the first few that are not a 404: a domain's id where a strategy's goes, say). Arguments
    # not named here are filled from the links of the pages found.
    candidates = {
        "pk": [
            draft.pk,
            approved.pk,
            published.pk,
            elsewhere.pk,
            draft.domains.first().pk,
            approved.domains.first().pk,
            Priority.objects.filter(domain__strategy=draft).first().pk,
            entered.pk,  # The respondent's personal data pages (no page links to them without a search).
            closed.pk,
            plan.pk,
            *(item.pk for item in news),
            indicator.pk,
            *(record.pk for record in proceedings),
        ],
        "meeting": [meeting.pk],
        "indicator": [indicator.pk],
        # The open data API's JSON 404 for anything under api/ it lacks (opendata.views.api_not_found).
        "url": ["v2/boards"],
        "number": [1, 2],
        "board_slug": [board.slug, other_board.slug],
        "version": [board.logo_version, "0" * 16],
        "extension": ["png", "svg"],
        "slug": [draft.slug, approved.slug, published.slug, consultation.slug, closed.slug, plan.slug],
        "domain_id": [domain["id"] for domain in consultation.domains()],
        # A link to come back to the started response, and one that is not ours.
        "token": [
            resume.resume_path(started).rstrip("/").rsplit("/", 1)[1],
            subscribers.signed_token(subscriber),
            "not-a-link",
        ],
    }
    admin = Client()
    admin.force_login(users["site_admin"])
    with_session(admin, session)
    urls, forms, names, links = {}, {}, set(), set()

    def visit(name: str, url: str) -> None:
        """Keep `url` for pattern `name` unless it is a 404 or the pattern has enough; read its forms."""
        if len(urls.get(name, ())) >= 3 or url in urls.get(name, ()):
            return
        response = admin.get(url)
        if response.status_code == 404:
            return  # Not a real object for this pattern (a domain's id where a strategy's goes).
        urls.setdefault(name, []).append(url)
        if "text/html" in response.get("Content-Type", ""):
            page = Forms(url)
            page.feed(response.content.decode())
            for action, data in page.forms.items():
                forms.setdefault(action, data)
            names.update(page.names)
            links.update(page.links)

    patterns, first_tried = dict(routes()), {}

    def try_arguments(name: str, pool: dict) -> None:
        arguments = list(patterns[name].pattern.converters)
        # The first few dozen combinations: most are 404s (a domain's id where a strategy's goes), and
        # a pattern of three arguments has hundreds. What they miss, the pages' own links find below.
        combos = itertools.product(*(pool.get(a) or [None] for a in arguments))
        for combo in itertools.islice(combos, 24):
            try:
                url = reverse(name, kwargs=dict(zip(arguments, combo, strict=True)))
            except NoReverseMatch:
                return  # An argument no candidate names (yet).
            first_tried.setdefault(name, url)
            visit(name, url)

    for name in patterns:
        try_arguments(name, candidates)
    while links:  # What the pages link to, for patterns not reached above (and a few more of each).
        link = links.pop()
        try:
            match = resolve(link)
        except Resolver404:
            continue
        if match.view_name in patterns:
            visit(match.view_name, link)
    # Arguments the test data cannot name (a document's kind) as the URLs found so far use them.
    seen = {}
    for found in urls.values():
        for url in found:
            for argument, value in resolve(url).kwargs.items():
                seen.setdefault(argument, set()).add(value)
    for name in set(patterns) - set(urls):
        try_arguments(name, {**{a: sorted(v, key=str) for a, v in seen.items()}, **candidates})
    for name, url in first_tried.items():
        urls.setdefault(name, [url])  # Only 404s (a PDF not yet rendered): its lookup is still worth a try.
    unreached = sorted(set(patterns) - set(urls))
    assert not unreached, f"no URL of these patterns could be found to fuzz: {unreached}"
    assert len(forms) > 10, "the URL discovery found too few forms to fuzz"
    survey = {resolve(action).url_name for action in forms if "/respond/" in action}
    assert survey >= {
        f"respond_{page}" for page in ("start", "domain", "questions", "about", "equality", "check", "save")
    }
    offline = {resolve(action).url_name for action in forms}
    assert offline >= {
        "response_enter",
        "response_edit",
        "response_delete",
        "event_create",
        "event_edit",
        "event_delete",
        "event_comment_add",
        "event_comment_delete",
        "respondent",
        "respondent_download",
        "subscription_confirm",
        "unsubscribe",
        # A new board (site administrators), and a board's logo.
        "create",
        "logo_upload",
        "logo_remove",
    }
    assert {resolve(action).view_name for action in forms} >= {
        "news:add",
        "news:edit",
        "news:delete",
        "news:unpublish",
        "news:subscription",
    }
    names.discard("csrfmiddlewaretoken")
    # A client for each role, signed in once (its session is in the database, beside the data): each
    # request starts from its cookies as they are now (send).
    clients = {}
    for role, user in users.items():
        client = Client()
        if user is not None:
            client.force_login(user)
        with_session(client, session)
        clients[role] = (client, copy.deepcopy(client.cookies))
    return {"urls": urls, "forms": forms, "names": sorted(names), "users": users, "clients": clients}


def with_session(client: Client, values: dict) -> None:
    """Put `values` in the client's session (made for it, if it has none yet)."""
    session = client.session
    session.update(values)
    session.save()


def send(world, *, url: str, role: str, method: str = "post", data: dict, headers=None, raise_errors=True):
    """
    One request as `role`, in a savepoint rolled back afterwards, with the role's cookies as they were
    (its session among the data rolled back to): the next starts from the same data and session.
    """
    client, cookies = world["clients"][role]
    client.cookies = copy.deepcopy(cookies)
    client.raise_request_exception = raise_errors
    with transaction.atomic():
        response = getattr(client, method)(url, data, headers=headers or {})
        transaction.set_rollback(True)
    return response


values = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=40),
    st.text(alphabet=st.characters(categories=["Nd", "No"]), min_size=1, max_size=6),  # Unicode digits.
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.integers(min_value=1, max_value=60).map(str),  # Ids of real objects, on any board.
    st.builds(new_token),
)


@settings(
    max_examples=250,
    deadline=None,
    database=None,  # Nothing written into the working tree; a failure prints how to reproduce it.
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(data=st.data())
def test_no_generated_request_answers_a_server_error(world, data):
    """Any URL, any role, GET or POST, htmx or not: the page's own form with generated changes."""
    pattern = data.draw(st.sampled_from(sorted(world["urls"])), label="pattern")
    url = data.draw(st.sampled_from(world["urls"][pattern]), label="url")
    role = data.draw(st.sampled_from(ROLES), label="role")
    form = world["forms"].get(url, {})
    method = data.draw(
        st.sampled_from(["post", "post", "post", "get"] if form else ["get", "post"]), label="method"
    )
    headers = data.draw(st.sampled_from([{}, {"HX-Request": "true"}]), label="headers")
    payload = dict(form) if data.draw(st.integers(0, 4), label="from the form") else {}
    own = st.sampled_from(sorted(form)) if form else st.nothing()
    names = own | own | st.sampled_from(world["names"] + ["page", "from", "to"]) | st.text(max_size=10)
    payload |= data.draw(st.dictionaries(names, values, min_size=1, max_size=4), label="changed")

    response = send(world, url=url, role=role, method=method, data=payload, headers=headers)

    assert response.status_code < 500, f"{method.upper()} {url} as {role}: {response.status_code}"


KILLERS = ["²", "9" * 20, "\x00"]


def test_every_field_of_every_form_takes_the_worst_values(world):
    """
    The deterministic companion of the test above: each form as the page renders it (one of each
    kind), with each field in turn given each of the values that broke things before, sent by the
    site administrator, whom no permission stops before the form and the service.
    """
    kinds = {}
    for url, form in world["forms"].items():
        # One of each view with the same fields: a board's form on its page and another board's take
        # the same code (the random test above tries each URL).
        kind = (resolve(url).view_name, frozenset(re.sub(r"\d+", "N", name) for name in form))
        kinds.setdefault(kind, (url, form))
    failures = []
    for url, form in kinds.values():
        # A page with "Save and come back later" is sent both ways: its two buttons share the name.
        pressed = [form, {**form, "then": "later"}] if "then" in form else [form]
        # Not the CSRF token: the test client does not check it, so no value of it reaches a view.
        fields = [field for field in form if field != "csrfmiddlewaretoken"]
        for sent, field, value in itertools.product(pressed, fields, KILLERS):
            response = send(
                world, url=url, role="site_admin", data={**sent, field: value}, raise_errors=False
            )
            if response.status_code >= 500:
                failures.append(f"{url} {field}={value[:20]!r}: {response.status_code}")

    assert failures == []
