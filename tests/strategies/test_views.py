import datetime
import html
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import dateformat, timezone

from boards.models import Decision
from core.formtokens import new_token
from core.models import AuditEntry, Document
from strategies import services
from strategies.models import Domain, Priority, Status, Strategy
from tests.factories import BoardRoleFactory, DomainFactory, PriorityFactory, StrategyFactory
from tests.strategies.helpers import FAKE_PDF, approving_decision, move_to

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}
SLUG_TAKEN = "Another strategy of this board already uses this web address name. Choose another"


def text(response) -> str:
    """The page as a reader sees its characters (entities decoded)."""
    return html.unescape(response.content.decode())


def urls_of(strategy) -> dict[str, str]:
    """The strategy's own pages, for a strategy with no domains."""
    pk = strategy.pk
    return {
        name: reverse(f"strategies:{name}", args=[pk]) for name in ("manage", "edit", "transition", "history")
    }


def urls(strategy) -> dict[str, str]:
    domain = strategy.domains.order_by("position").first()
    priority = domain.priorities.order_by("position").first()
    pk = strategy.pk
    return {
        "manage": reverse("strategies:manage", args=[pk]),
        "edit": reverse("strategies:edit", args=[pk]),
        "transition": reverse("strategies:transition", args=[pk]),
        "document": reverse("core:document", args=[services.PDF_KIND, pk]),
        "history": reverse("strategies:history", args=[pk]),
        "revision": reverse("strategies:revision", args=[pk, 1]),
        "compare": reverse("strategies:compare", args=[pk]),
        "domain_add": reverse("strategies:domain_add", args=[pk]),
        "domains_reorder": reverse("strategies:domains_reorder", args=[pk]),
        "domain_edit": reverse("strategies:domain_edit", args=[domain.pk]),
        "domain_delete": reverse("strategies:domain_delete", args=[domain.pk]),
        "priority_add": reverse("strategies:priority_add", args=[domain.pk]),
        "priorities_reorder": reverse("strategies:priorities_reorder", args=[domain.pk]),
        "priority_edit": reverse("strategies:priority_edit", args=[priority.pk]),
        "priority_delete": reverse("strategies:priority_delete", args=[priority.pk]),
        "detail": strategy.get_absolute_url(),
        "pdf": reverse("core:document_download", args=[services.PDF_KIND, pk]),
    }


def version_url(strategy, number: int) -> str:
    return reverse("core:document_version", args=[services.PDF_KIND, strategy.pk, number])


def valid_posts(strategy) -> dict[str, dict]:
    """For each POST endpoint, data that an editor's request would succeed with."""
    domain = strategy.domains.order_by("position").first()
    priority = domain.priorities.order_by("position").first()
    domain_ids = list(strategy.domains.order_by("position").values_list("pk", flat=True))
    priority_ids = list(domain.priorities.order_by("position").values_list("pk", flat=True))
    return {
        "edit": strategy_form_data(title="Taken over"),
        "transition": {
            "to_status": Status.APPROVED,
            "reason": "Approved by the Board.",
            "decision": approving_decision(strategy.board, Decision.Effect.STRATEGY).pk,
        },
        "document": {},
        "domain_add": tokened("new-domain", title="Sneaked in"),
        "domains_reorder": {"seen": _ids(domain_ids), "order": _ids(domain_ids[::-1])},
        "domain_edit": versioned(domain, title="Renamed"),
        "domain_delete": {},
        "priority_add": tokened(f"new-priority-{domain.pk}", title="Sneaked in"),
        "priorities_reorder": {"seen": _ids(priority_ids), "move": f"{priority_ids[0]}:down"},
        "priority_edit": versioned(priority, title="Renamed"),
        "priority_delete": {},
    }


def tokened(prefix: str, **fields) -> dict:
    """An add form's data as the page sends it: its fields under `prefix`, with a fresh one-time token."""
    return {f"{prefix}-{name}": value for name, value in {**fields, "form_token": new_token()}.items()}


def versioned(item, **fields) -> dict:
    """A domain's or priority's edit form data as the page sends it: with the version it was loaded from."""
    prefix = f"{item._meta.model_name}-{item.pk}"
    return {f"{prefix}-{name}": value for name, value in {**fields, "version": item.version}.items()}


def _ids(ids) -> str:
    return ",".join(str(i) for i in ids)


def strategy_form_data(**overrides) -> dict:
    data = {
        "title": "Joint Health and Wellbeing Strategy 2022 to 2026",
        "slug": "jhws-2022-2026",
        "start_year": "2022",
        "end_year": "2026",
        "summary": "How Thurrock's partners will improve health.",
        "vision": "Everyone in Thurrock lives a longer, healthier life.",
        "domain_label": "domain",
        "domain_label_plural": "domains",
        "predecessor": "",
        "form_token": new_token(),  # Read by the create form only,
        "version": "1",  # and this by the edit form: the version of a strategy no one has edited yet.
    }
    return {**data, **overrides}


def state(strategy) -> tuple:
    """Everything a forbidden request could have changed."""
    strategy.refresh_from_db()
    return (
        strategy.status,
        strategy.snapshot(),
        AuditEntry.objects.count(),
        strategy.revisions.count(),
        list(Document.objects.values_list("pk", "status", "requested_by")),
    )


@pytest.fixture
def worked(strategy, officer):
    """A final draft: its text is editable, and it has two revisions to read."""
    return move_to(strategy, Status.FINAL_DRAFT, by=officer)


@pytest.fixture
def posted_to(request, page):
    """
    The strategy a POST test sends `page` to: one the request would change if it were allowed. The
    PDF can be generated again only for a published strategy; everything else changes a final draft.
    """
    return request.getfixturevalue("published" if page == "document" else "worked")


def _order(items) -> list[int]:
    return list(items.order_by("position").values_list("pk", flat=True))


def before_posting(strategy) -> dict:
    """What the POSTs act on, noted before they do (the first domain and priority, and their orders)."""
    domain = strategy.domains.order_by("position").first()
    return {
        "domain": domain,
        "domains": _order(strategy.domains),
        "priority": domain.priorities.order_by("position").first(),
        "priorities": _order(domain.priorities),
    }


def _latest_move(strategy) -> tuple:
    change = strategy.status_changes.order_by("at", "pk").last()
    return change.to_status, change.by.username


def _document(strategy) -> tuple:
    document = Document.objects.get(kind=services.PDF_KIND, object_id=strategy.pk)
    return document.status, document.requested_by.username


# What each POST of valid_posts() does when it succeeds: (read back afterwards, what that must be).
# `s` is the strategy, refreshed; `b` is before_posting(s).
EFFECTS = {
    "edit": lambda s, b: (s.title, "Taken over"),
    "transition": lambda s, b: ((s.status, _latest_move(s)), (Status.APPROVED, (Status.APPROVED, "officer"))),
    "document": lambda s, b: (_document(s), (Document.Status.PENDING, "officer")),
    "domain_add": lambda s, b: (list(s.domains.values_list("title", flat=True))[-1], "Sneaked in"),
    "domains_reorder": lambda s, b: (_order(s.domains), b["domains"][::-1]),
    "domain_edit": lambda s, b: (Domain.objects.get(pk=b["domain"].pk).title, "Renamed"),
    "domain_delete": lambda s, b: (Domain.objects.filter(pk=b["domain"].pk).exists(), False),
    "priority_add": lambda s, b: (
        list(b["domain"].priorities.values_list("title", flat=True))[-1],
        "Sneaked in",
    ),
    "priorities_reorder": lambda s, b: (
        _order(b["domain"].priorities),
        [b["priorities"][1], b["priorities"][0], *b["priorities"][2:]],
    ),
    "priority_edit": lambda s, b: (Priority.objects.get(pk=b["priority"].pk).title, "Renamed"),
    "priority_delete": lambda s, b: (Priority.objects.filter(pk=b["priority"].pk).exists(), False),
}


EDIT_PAGES = [
    "manage",
    "edit",
    "transition",
    "domain_edit",
    "domain_delete",
    "priority_edit",
    "priority_delete",
]
READ_PAGES = ["history", "revision", "compare"]
POSTS = [
    "edit",
    "transition",
    "document",
    "domain_add",
    "domains_reorder",
    "domain_edit",
    "domain_delete",
    "priority_add",
    "priorities_reorder",
    "priority_edit",
    "priority_delete",
]


class TestWhoSeesWhat:
    @pytest.mark.parametrize("page", EDIT_PAGES + READ_PAGES)
    @pytest.mark.parametrize("client", ["officer_client", "board_admin_client", "site_admin_client"])
    def test_editors_and_site_admin_open_every_page(self, request, worked, client, page):
        response = request.getfixturevalue(client).get(urls(worked)[page])

        assert response.status_code == 200

    @pytest.mark.parametrize("page", EDIT_PAGES + READ_PAGES + ["document", "detail"])
    def test_officer_of_another_board_gets_404(self, worked, other_officer_client, page):
        response = other_officer_client.get(urls(worked)[page])

        assert response.status_code == 404

    @pytest.mark.parametrize("page", POSTS)
    def test_officer_of_another_board_cannot_post(self, posted_to, other_officer_client, page):
        before = state(posted_to)

        response = other_officer_client.post(urls(posted_to)[page], valid_posts(posted_to)[page])

        assert response.status_code == 404
        assert state(posted_to) == before

    @pytest.mark.parametrize("page", POSTS)
    def test_officer_posts_succeed(self, posted_to, officer_client, page):
        """The control for the refusals: the same requests, by the right person, do what they say."""
        before = before_posting(posted_to)

        response = officer_client.post(urls(posted_to)[page], valid_posts(posted_to)[page])

        posted_to.refresh_from_db()
        now, wanted = EFFECTS[page](posted_to, before)
        assert response.status_code == 302
        assert response["Location"].startswith(posted_to.get_manage_url())
        assert now == wanted

    def test_every_post_has_an_effect_to_check(self):
        assert set(EFFECTS) == set(POSTS)

    def test_board_member_reads_the_draft_of_their_board(self, worked, board_member_client):
        response = board_member_client.get(urls(worked)["detail"])

        assert response.status_code == 200
        assert "This is a final draft, not a published strategy." in text(response)
        assert "Manage this strategy" not in text(response)

    @pytest.mark.parametrize("page", READ_PAGES)
    def test_board_member_reads_history_and_revisions(self, worked, board_member_client, page):
        response = board_member_client.get(urls(worked)[page])

        assert response.status_code == 200

    @pytest.mark.parametrize("page", EDIT_PAGES + ["document"])
    def test_board_member_gets_404_on_edit_pages(self, worked, board_member_client, page):
        response = board_member_client.get(urls(worked)[page])

        assert response.status_code == 404

    @pytest.mark.parametrize("page", POSTS)
    def test_board_member_cannot_post(self, posted_to, board_member_client, page):
        before = state(posted_to)

        response = board_member_client.post(urls(posted_to)[page], valid_posts(posted_to)[page])

        assert response.status_code == 404
        assert state(posted_to) == before

    def test_board_member_cannot_create_a_strategy(self, board, board_member_client):
        response = board_member_client.post(reverse("strategies:create"), strategy_form_data(board=board.pk))

        assert response.status_code == 404
        assert not Strategy.objects.exists()

    @pytest.mark.parametrize("page", ["detail", "pdf"])
    def test_resident_gets_404_on_a_draft(self, worked, resident_client, page):
        response = resident_client.get(urls(worked)[page])

        assert response.status_code == 404

    @pytest.mark.parametrize("page", EDIT_PAGES + READ_PAGES + ["document"])
    def test_resident_is_sent_to_sign_in(self, worked, resident_client, page):
        url = urls(worked)[page]

        response = resident_client.get(url)

        assert response.status_code == 302
        assert response["Location"] == f"{reverse('login')}?next={url}"

    @pytest.mark.parametrize("page", POSTS)
    def test_resident_cannot_post(self, posted_to, resident_client, page):
        before = state(posted_to)

        response = resident_client.post(urls(posted_to)[page], valid_posts(posted_to)[page])

        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
        assert state(posted_to) == before

    @pytest.mark.parametrize("page", ["manage_list", "create"])
    def test_resident_is_sent_to_sign_in_from_the_manage_list(self, resident_client, page):
        response = resident_client.get(reverse(f"strategies:{page}"))

        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))

    def test_officer_of_another_board_cannot_read_a_published_strategys_history(
        self, published, other_officer_client
    ):
        response = other_officer_client.get(urls(published)["history"])

        assert response.status_code == 404


class PostForms(HTMLParser):
    """Each POST form of a page: whether it has novalidate, and whether it has a field to fill in."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self.forms.append(
                {"action": attrs.get("action"), "novalidate": "novalidate" in attrs, "fields": 0}
            )
        elif self.forms and tag in ("input", "textarea", "select") and attrs.get("type") != "hidden":
            self.forms[-1]["fields"] += 1


class TestBrowserValidationIsOff:
    """The GOV.UK error summary, not the browser's own "Please fill out this field" bubbles."""

    @pytest.mark.parametrize(
        "page", ["create", "edit", "transition", "manage", "domain_edit", "priority_edit"]
    )
    def test_every_form_with_fields_has_novalidate(self, strategy, officer_client, page):
        url = reverse("strategies:create") if page == "create" else urls(strategy)[page]
        parser = PostForms()

        parser.feed(text(officer_client.get(url)))

        with_fields = [form for form in parser.forms if form["fields"]]
        assert with_fields
        assert [form["action"] for form in with_fields if not form["novalidate"]] == []


class TestManageList:
    @pytest.fixture
    def strategies(self, board, other_board):
        return {
            "own_draft": StrategyFactory(board=board, title="Own draft"),
            "own_published": StrategyFactory(board=board, title="Own published", status=Status.PUBLISHED),
            "other_draft": StrategyFactory(board=other_board, title="Other draft"),
            "other_published": StrategyFactory(
                board=other_board, title="Other published", status=Status.PUBLISHED
            ),
        }

    def test_officer_sees_only_their_boards_strategies(self, strategies, officer_client):
        page = text(officer_client.get(reverse("strategies:manage_list")))

        assert "Own draft" in page and "Own published" in page
        assert "Other draft" not in page and "Other published" not in page
        assert strategies["own_draft"].get_manage_url() in page
        assert "Create a strategy" in page

    def test_board_member_sees_their_board_read_only(self, strategies, board_member_client):
        page = text(board_member_client.get(reverse("strategies:manage_list")))

        assert "Own draft" in page
        assert "Other draft" not in page
        assert strategies["own_draft"].get_manage_url() not in page
        assert strategies["own_draft"].get_absolute_url() in page
        assert "Create a strategy" not in page

    def test_site_admin_sees_every_board(self, strategies, site_admin_client):
        page = text(site_admin_client.get(reverse("strategies:manage_list")))

        for strategy in strategies.values():
            assert strategy.get_manage_url() in page


class TestStrategyCreate:
    def test_creates_a_draft_on_the_officers_board(self, board, officer, officer_client):
        response = officer_client.post(
            reverse("strategies:create"), strategy_form_data(board=board.pk, slug="")
        )

        strategy = Strategy.objects.get()
        assert response.status_code == 302
        assert response["Location"] == strategy.get_manage_url()
        assert (strategy.board, strategy.created_by, strategy.status) == (board, officer, Status.DRAFT)
        assert strategy.slug == "joint-health-and-wellbeing-strategy-2022-to-2026"

    @pytest.mark.parametrize(
        ("overrides", "message"),
        [
            ({"title": ""}, "Enter a title"),
            ({"title": "T" * 201}, "A title must be 200 characters or fewer"),
            (
                {"start_year": "2030", "end_year": "2026"},
                "The end year must be the same as or after the start year",
            ),
            ({"end_year": ""}, "Enter the year the strategy ends"),
        ],
        ids=["empty-title", "long-title", "end-before-start", "no-end"],
    )
    def test_shows_the_error_and_keeps_what_was_typed(self, board, officer_client, overrides, message):
        data = strategy_form_data(board=board.pk, summary="Typed with care.", **overrides)

        response = officer_client.post(reverse("strategies:create"), data)

        page = text(response)
        assert response.status_code == 200
        assert "There is a problem" in page
        assert message in page
        assert "Typed with care." in page
        for name in ("title", "start_year", "end_year"):
            if data[name]:
                assert f'value="{data[name]}"' in page
        assert not Strategy.objects.exists()

    @pytest.mark.parametrize(
        ("year", "message"),
        [
            ("1999", "The start year must be 2000 or later"),
            ("2101", "The start year must be 2100 or earlier"),
        ],
    )
    def test_explains_a_start_year_out_of_range_in_plain_words(self, board, officer_client, year, message):
        data = strategy_form_data(board=board.pk, start_year=year, end_year="2101")

        response = officer_client.post(reverse("strategies:create"), data)

        assert message in text(response)
        assert "Ensure this value" not in text(response)

    def test_refuses_a_slug_the_board_already_uses(self, board, strategy, officer_client):
        response = officer_client.post(reverse("strategies:create"), strategy_form_data(board=board.pk))

        assert response.status_code == 200
        assert response.context["form"].errors["slug"] == [SLUG_TAKEN]
        assert Strategy.objects.count() == 1

    def test_a_made_slug_that_is_taken_is_shown_in_the_field_with_the_error(
        self, board, strategy, officer_client
    ):
        data = strategy_form_data(board=board.pk, slug="", title="Joint Health and Wellbeing Strategy")
        StrategyFactory(board=board, slug="joint-health-and-wellbeing-strategy-2022-2026")

        response = officer_client.post(reverse("strategies:create"), data)

        assert response.context["form"].errors["slug"] == [SLUG_TAKEN]
        assert 'value="joint-health-and-wellbeing-strategy-2022-2026"' in text(response)
        assert Strategy.objects.count() == 2

    def test_the_same_form_sent_twice_creates_once_and_shows_the_first(self, board, officer_client):
        data = strategy_form_data(board=board.pk, slug="")

        first = officer_client.post(reverse("strategies:create"), data)
        second = officer_client.post(reverse("strategies:create"), data, follow=True)

        strategy = Strategy.objects.get()
        assert first["Location"] == strategy.get_manage_url()
        assert second.redirect_chain == [(strategy.get_manage_url(), 302)]
        assert f"“{strategy.title}” was already created. Here it is." in text(second)

    def test_a_refused_form_can_be_corrected_and_sent_with_the_same_token(self, board, officer_client):
        data = strategy_form_data(board=board.pk, title="")
        refused = officer_client.post(reverse("strategies:create"), data)

        response = officer_client.post(reverse("strategies:create"), {**data, "title": "Corrected"})

        assert f'value="{data["form_token"]}"' in text(refused)
        assert response.status_code == 302
        assert Strategy.objects.get().title == "Corrected"

    def test_a_form_without_its_token_is_refused_and_kept(self, board, officer_client):
        data = strategy_form_data(board=board.pk, summary="Typed with care.")
        del data["form_token"]

        response = officer_client.post(reverse("strategies:create"), data)

        assert response.context["form"].non_field_errors() == [
            "The page was sent incomplete. Reload the page and try again"
        ]
        assert "Typed with care." in text(response)
        assert "Hidden field" not in text(response)
        assert not Strategy.objects.exists()

    def test_refuses_a_forged_board(self, other_board, officer_client):
        response = officer_client.post(reverse("strategies:create"), strategy_form_data(board=other_board.pk))

        assert response.status_code == 200
        assert "Choose one of your own boards" in text(response)
        assert not Strategy.objects.exists()

    @pytest.mark.parametrize(
        "board_id", ["²", "١", "9" * 20, str(2**63), "-1", "1e3", " "], ids=lambda value: repr(value)
    )
    def test_a_board_id_that_is_not_an_id_is_the_forms_error(self, board, officer_client, board_id):
        response = officer_client.post(reverse("strategies:create"), strategy_form_data(board=board_id))

        assert response.status_code == 200
        # The officer's one board is a hidden field: its errors are the form's own (HiddenErrorsMixin).
        assert response.context["form"].non_field_errors() == ["Choose one of your own boards"]
        assert not Strategy.objects.exists()

    @pytest.mark.parametrize("predecessor_id", ["²", "9" * 20], ids=["superscript", "20-digits"])
    def test_a_predecessor_id_that_is_not_an_id_is_the_forms_error(
        self, board, officer_client, predecessor_id
    ):
        data = strategy_form_data(board=board.pk, predecessor=predecessor_id)

        response = officer_client.post(reverse("strategies:create"), data)

        assert response.status_code == 200
        assert "predecessor" in response.context["form"].errors
        assert not Strategy.objects.exists()

    def test_offers_only_the_officers_own_boards(self, board, other_board, officer_client):
        page = text(officer_client.get(reverse("strategies:create")))

        assert board.name in page
        assert other_board.name not in page

    def test_an_officer_of_one_board_is_told_it_not_asked(self, board, officer_client):
        page = text(officer_client.get(reverse("strategies:create")))

        assert f'<input type="hidden" name="board" value="{board.pk}"' in page
        assert '<select name="board"' not in page
        assert page.index(f"This strategy will be for the {board.name}.") < page.index(">Title<")

    def test_an_officer_of_two_boards_chooses_first_from_a_list_without_a_blank(
        self, board, other_board, officer, client
    ):
        BoardRoleFactory(board=other_board, user=officer)
        client.force_login(officer)

        page = text(client.get(reverse("strategies:create")))

        assert page.index('<select name="board"') < page.index('name="title"')
        assert f'<option value="{other_board.pk}">{other_board.name}</option>' in page
        assert '<option value="">' not in page.split('name="board"')[1].split("</select>")[0]

    def test_a_missing_board_is_explained_in_plain_words(self, board, other_board, officer, client):
        BoardRoleFactory(board=other_board, user=officer)
        client.force_login(officer)
        data = strategy_form_data()

        response = client.post(reverse("strategies:create"), data)

        assert response.context["form"].errors["board"] == ["Choose the board the strategy is for"]
        assert "This field is required" not in text(response)

    def test_a_missing_hidden_board_asks_to_reload(self, board, officer_client):
        response = officer_client.post(reverse("strategies:create"), strategy_form_data())

        assert response.context["form"].non_field_errors() == [
            "The page was sent incomplete. Reload the page and try again"
        ]

    def test_the_empty_choice_of_replaces_reads_none(self, board, officer_client):
        page = text(officer_client.get(reverse("strategies:create")))

        assert '<option value="" selected>None</option>' in page
        assert "Select an option" not in page


class TestStrategyEdit:
    def test_saves_and_goes_back_to_the_strategy(self, strategy, officer_client):
        response = officer_client.post(urls(strategy)["edit"], strategy_form_data(title="Healthier Thurrock"))

        strategy.refresh_from_db()
        assert response.status_code == 302
        assert response["Location"] == strategy.get_manage_url()
        assert strategy.title == "Healthier Thurrock"

    def test_refuses_a_slug_another_strategy_uses(self, board, strategy, officer_client):
        StrategyFactory(board=board, slug="taken")

        response = officer_client.post(urls(strategy)["edit"], strategy_form_data(slug="taken"))

        assert response.context["form"].errors["slug"] == [SLUG_TAKEN]
        strategy.refresh_from_db()
        assert strategy.slug == "jhws-2022-2026"

    def test_refuses_a_predecessor_from_another_board(self, other_board, strategy, officer_client):
        foreign = StrategyFactory(board=other_board, status=Status.PUBLISHED)

        response = officer_client.post(urls(strategy)["edit"], strategy_form_data(predecessor=foreign.pk))

        assert response.context["form"].errors["predecessor"] == [
            "Choose a published strategy of the same board"
        ]
        strategy.refresh_from_db()
        assert strategy.predecessor is None

    def test_refuses_a_predecessor_that_another_strategy_already_replaces(
        self, board, strategy, officer_client
    ):
        old = StrategyFactory(board=board, status=Status.PUBLISHED, slug="old")
        StrategyFactory(board=board, predecessor=old, slug="its-successor")

        response = officer_client.post(urls(strategy)["edit"], strategy_form_data(predecessor=old.pk))

        assert response.status_code == 200
        assert "There is a problem" in text(response)
        strategy.refresh_from_db()
        assert strategy.predecessor is None

    def test_offers_only_published_strategies_of_the_board_as_predecessors(
        self, board, strategy, officer_client
    ):
        published = StrategyFactory(board=board, status=Status.PUBLISHED, title="The 2016 strategy")
        StrategyFactory(board=board, title="Another working draft")

        form = officer_client.get(urls(strategy)["edit"]).context["form"]

        assert list(form.fields["predecessor"].queryset) == [published]

    def test_refuses_a_draft_as_predecessor(self, board, strategy, officer_client):
        draft = StrategyFactory(board=board, title="Another working draft", slug="another")

        response = officer_client.post(urls(strategy)["edit"], strategy_form_data(predecessor=draft.pk))

        assert response.context["form"].errors["predecessor"] == [
            "Choose a published strategy of the same board"
        ]
        strategy.refresh_from_db()
        assert strategy.predecessor is None

    def test_a_predecessor_that_no_longer_qualifies_stays_selected_with_the_models_reason(
        self, board, strategy, officer_client
    ):
        draft = StrategyFactory(board=board, title="Chosen before the rule", slug="old-draft")
        Strategy.objects.filter(pk=strategy.pk).update(predecessor=draft)

        response = officer_client.post(urls(strategy)["edit"], strategy_form_data(predecessor=draft.pk))

        assert response.context["form"].errors["predecessor"] == [
            "The strategy this one replaces must be published or superseded"
        ]
        assert f'<option value="{draft.pk}" selected>' in text(response)

    def test_the_models_period_message_is_shown_against_the_end_year(self, strategy, officer_client):
        response = officer_client.post(
            urls(strategy)["edit"], strategy_form_data(start_year="2026", end_year="2022")
        )

        assert response.context["form"].errors == {
            "end_year": ["The end year must be the same as or after the start year"]
        }

    @pytest.mark.parametrize("year", ["40000", "99999999999999999999"])
    def test_a_year_far_out_of_range_gets_the_models_message(self, strategy, officer_client, year):
        response = officer_client.post(urls(strategy)["edit"], strategy_form_data(end_year=year))

        assert response.status_code == 200
        assert response.context["form"].errors["end_year"] == ["The end year must be 2100 or earlier"]

    def test_a_slug_in_the_wrong_form_gets_the_models_message(self, strategy, officer_client):
        response = officer_client.post(urls(strategy)["edit"], strategy_form_data(slug="JHWS_2022"))

        assert response.context["form"].errors["slug"] == [
            "The web address name must only include lower-case letters a to z, numbers and single hyphens "
            "between them, for example jhws-2022-2026"
        ]

    def test_a_frozen_strategy_sends_the_officer_back(self, strategy, officer, officer_client):
        move_to(strategy, Status.IN_CONSULTATION, by=officer)

        response = officer_client.post(
            urls(strategy)["edit"], strategy_form_data(title="Too late"), follow=True
        )

        assert "This strategy's text can no longer be changed." in text(response)
        strategy.refresh_from_db()
        assert strategy.title != "Too late"


class TestDeleteDraft:
    def test_the_workspace_offers_deleting_a_draft(self, strategy, officer_client):
        page = text(officer_client.get(urls(strategy)["manage"]))

        assert f'href="{reverse("strategies:delete", args=[strategy.pk])}">Delete this draft</a>' in page

    def test_but_not_once_it_has_moved_on(self, strategy, officer, officer_client):
        move_to(strategy, Status.IN_CONSULTATION, by=officer)

        assert "Delete this draft" not in text(officer_client.get(urls(strategy)["manage"]))

    def test_confirm_then_back_to_the_list_with_a_message(self, strategy, officer_client):
        url = reverse("strategies:delete", args=[strategy.pk])
        confirm = text(officer_client.get(url))

        response = officer_client.post(url, follow=True)

        assert "Delete the draft “Joint Health and Wellbeing Strategy 2022 to 2026”?" in confirm
        assert "Its 2 domains and 4 priorities will be deleted too. You cannot undo this." in confirm
        assert response.redirect_chain == [(reverse("strategies:manage_list"), 302)]
        assert "Deleted the draft “Joint Health and Wellbeing Strategy 2022 to 2026”." in text(response)
        assert not Strategy.objects.filter(pk=strategy.pk).exists()

    def test_a_strategy_that_moved_on_is_explained_and_kept(self, strategy, officer, officer_client):
        move_to(strategy, Status.IN_CONSULTATION, by=officer)
        url = reverse("strategies:delete", args=[strategy.pk])

        page = text(officer_client.get(url))
        response = officer_client.post(url, follow=True)

        assert "You cannot delete this strategy" in page and "Delete the draft</button>" not in page
        assert (
            "This strategy is in consultation. Only a draft that has never moved on can be deleted"
            in text(response)
        )
        assert Strategy.objects.filter(pk=strategy.pk).exists()

    @pytest.mark.parametrize("client", ["board_member_client", "other_officer_client"])
    def test_others_get_404(self, request, strategy, client):
        url = reverse("strategies:delete", args=[strategy.pk])

        assert request.getfixturevalue(client).post(url).status_code == 404
        assert Strategy.objects.filter(pk=strategy.pk).exists()


class TestManagePage:
    def test_shows_domains_and_priorities_in_order(self, strategy, officer_client):
        page = text(officer_client.get(urls(strategy)["manage"]))

        assert (
            page.index("Domain 1, priority 1") < page.index("Domain 1, priority 2") < page.index("Domain 2")
        )

    def test_htmx_request_gets_the_domains_fragment_only(self, strategy, officer_client):
        response = officer_client.get(urls(strategy)["manage"], headers=HX)

        page = text(response)
        assert response.status_code == 200
        assert page.lstrip().startswith('<div id="domains">')
        assert "<html" not in page
        assert "Domain 2, priority 2" in page
        assert "PDF for residents" not in page
        assert "HX-Request" in response["Vary"]

    def test_history_restore_request_gets_the_whole_page(self, strategy, officer_client):
        response = officer_client.get(
            urls(strategy)["manage"], headers={**HX, "HX-History-Restore-Request": "true"}
        )

        assert "<html" in text(response)


class TestDomainAdd:
    def test_plain_post_redirects_to_the_list(self, strategy, officer_client):
        response = officer_client.post(urls(strategy)["domain_add"], tokened("new-domain", title="Housing"))

        assert response.status_code == 302
        assert response["Location"] == strategy.get_manage_url() + "#domains"
        assert strategy.domains.filter(title="Housing").exists()

    def test_htmx_post_returns_the_new_list(self, strategy, officer_client):
        response = officer_client.post(
            urls(strategy)["domain_add"], tokened("new-domain", title="Housing"), headers=HX
        )

        page = text(response)
        assert response.status_code == 200
        assert "<html" not in page
        assert "Housing" in page
        assert "Added domain “Housing”." in page  # The announcement for screen readers.

    @pytest.mark.parametrize("headers", [{}, HX], ids=["plain", "htmx"])
    def test_the_same_form_sent_twice_adds_once(self, strategy, officer_client, headers):
        data = tokened("new-domain", title="Housing")
        officer_client.post(urls(strategy)["domain_add"], data, headers=headers)

        response = officer_client.post(urls(strategy)["domain_add"], data, headers=headers, follow=True)

        assert strategy.domains.filter(title="Housing").count() == 1
        assert "Already added domain “Housing”." in text(response)

    def test_the_new_list_comes_with_a_fresh_token(self, strategy, officer_client):
        data = tokened("new-domain", title="Housing")

        response = officer_client.post(urls(strategy)["domain_add"], data, headers=HX)

        fresh = response.context["add_domain_form"]["form_token"].value()
        assert fresh and fresh != data["new-domain-form_token"]

    @pytest.mark.parametrize("headers", [{}, HX], ids=["plain", "htmx"])
    def test_empty_title_keeps_the_description(self, strategy, officer_client, headers):
        data = tokened("new-domain", title="", description="Typed description.")

        response = officer_client.post(urls(strategy)["domain_add"], data, headers=headers)

        page = text(response)
        assert response.status_code == 200
        assert "Enter a title for the domain" in page
        assert "Typed description." in page
        assert strategy.domains.count() == 2

    def test_over_long_title_is_refused(self, strategy, officer_client):
        response = officer_client.post(
            urls(strategy)["domain_add"], tokened("new-domain", title="D" * 201), headers=HX
        )

        assert "The title must be 200 characters or fewer" in text(response)
        assert "D" * 201 in text(response)
        assert strategy.domains.count() == 2

    @pytest.mark.parametrize("headers", [{}, HX], ids=["plain", "htmx"])
    def test_a_strategy_frozen_meanwhile_says_why(self, strategy, officer, officer_client, headers):
        page_drawn_while_draft = urls(strategy)["domain_add"]
        move_to(strategy, Status.IN_CONSULTATION, by=officer)  # A colleague starts the consultation.

        response = officer_client.post(
            page_drawn_while_draft, tokened("new-domain", title="Late"), headers=headers
        )

        assert "its text can no longer be changed" in text(response)
        assert not strategy.domains.filter(title="Late").exists()


class TestPriorityAdd:
    def test_htmx_post_adds_under_the_domain(self, strategy, domains, officer_client):
        url = urls(strategy)["priority_add"]

        response = officer_client.post(
            url, tokened(f"new-priority-{domains[0].pk}", title="Fewer falls"), headers=HX
        )

        assert response.status_code == 200
        assert "<html" not in text(response)
        assert domains[0].priorities.filter(title="Fewer falls").exists()

    @pytest.mark.parametrize("headers", [{}, HX], ids=["plain", "htmx"])
    def test_the_same_form_sent_twice_adds_once(self, strategy, domains, officer_client, headers):
        data = tokened(f"new-priority-{domains[0].pk}", title="Fewer falls")
        officer_client.post(urls(strategy)["priority_add"], data, headers=headers)

        response = officer_client.post(urls(strategy)["priority_add"], data, headers=headers, follow=True)

        assert domains[0].priorities.filter(title="Fewer falls").count() == 1
        assert "Already added priority “Fewer falls”." in text(response)

    def test_empty_title_shows_the_error_under_its_domain(self, strategy, domains, officer_client):
        data = tokened(f"new-priority-{domains[0].pk}", title="", description="Kept.")

        response = officer_client.post(urls(strategy)["priority_add"], data, headers=HX)

        page = text(response)
        assert "Enter a title for the priority" in page
        assert "Kept." in page
        assert domains[0].priorities.count() == 2


class TestItemEdit:
    def test_htmx_get_returns_the_form_fragment(self, strategy, domains, officer_client):
        response = officer_client.get(urls(strategy)["domain_edit"], headers=HX)

        page = text(response)
        assert page.lstrip().startswith(f'<div id="domain-{domains[0].pk}-edit"')
        assert "<html" not in page
        assert 'value="Domain 1"' in page

    def test_plain_post_saves_and_redirects(self, strategy, domains, officer_client):
        response = officer_client.post(
            urls(strategy)["domain_edit"], versioned(domains[0], title="Start well")
        )

        assert response.status_code == 302
        domains[0].refresh_from_db()
        assert domains[0].title == "Start well"

    def test_htmx_error_is_shown_where_the_user_is_typing(self, strategy, domains, officer_client):
        data = versioned(domains[0], title="", description="Half-typed.")

        response = officer_client.post(urls(strategy)["domain_edit"], data, headers=HX)

        assert response["HX-Retarget"] == f"#domain-{domains[0].pk}-edit"
        assert response["HX-Reswap"] == "outerHTML"
        assert "Enter a title for the domain" in text(response)
        assert "Half-typed." in text(response)
        domains[0].refresh_from_db()
        assert domains[0].title == "Domain 1"

    def test_priority_title_may_be_as_long_as_the_model_allows(self, strategy, domains, officer_client):
        priority = domains[0].priorities.first()

        officer_client.post(urls(strategy)["priority_edit"], versioned(priority, title="P" * 250))

        priority.refresh_from_db()
        assert priority.title == "P" * 250

    def test_priority_title_over_the_limit_is_refused(self, strategy, domains, officer_client):
        priority = domains[0].priorities.first()

        response = officer_client.post(urls(strategy)["priority_edit"], versioned(priority, title="P" * 301))

        assert "The title must be 300 characters or fewer" in text(response)
        priority.refresh_from_db()
        assert priority.title == "Domain 1, priority 1"


class TestItemDelete:
    def test_confirmation_page_warns_about_priorities(self, strategy, officer_client):
        page = text(officer_client.get(urls(strategy)["domain_delete"]))

        assert "Its 2 priorities will be deleted too." in page

    def test_plain_post_deletes_and_redirects(self, strategy, domains, officer_client):
        response = officer_client.post(urls(strategy)["domain_delete"])

        assert response.status_code == 302
        assert not Domain.objects.filter(pk=domains[0].pk).exists()

    def test_htmx_post_returns_the_list_without_it(self, strategy, domains, officer_client):
        priority = domains[0].priorities.first()

        response = officer_client.post(urls(strategy)["priority_delete"], headers=HX)

        assert "<html" not in text(response)
        assert f'id="priority-{priority.pk}"' not in text(response)
        assert f"Deleted “{priority.title}”." in text(response)
        assert not Priority.objects.filter(pk=priority.pk).exists()


class TestReorder:
    def test_move_down_swaps_two_domains(self, strategy, domains, officer_client):
        data = {"seen": _ids(d.pk for d in domains), "move": f"{domains[0].pk}:down"}

        response = officer_client.post(urls(strategy)["domains_reorder"], data)

        assert response.status_code == 302
        assert list(strategy.domains.values_list("title", flat=True)) == ["Domain 2", "Domain 1"]

    def test_stale_list_is_refused_with_a_message(self, strategy, domains, officer_client):
        seen = _ids(d.pk for d in domains)
        DomainFactory(strategy=strategy, title="Added by a colleague", position=9)

        response = officer_client.post(
            urls(strategy)["domains_reorder"], {"seen": seen, "move": f"{domains[0].pk}:down"}, headers=HX
        )

        assert "The list has changed since you opened this page" in text(response)
        assert list(strategy.domains.values_list("title", flat=True)) == [
            "Domain 1",
            "Domain 2",
            "Added by a colleague",
        ]

    def test_stale_priority_list_shows_the_error_under_its_domain(self, strategy, domains, officer_client):
        ids = list(domains[0].priorities.values_list("pk", flat=True))
        PriorityFactory(domain=domains[0], position=0)

        response = officer_client.post(
            urls(strategy)["priorities_reorder"], {"seen": _ids(ids), "move": f"{ids[0]}:down"}, headers=HX
        )

        assert f'id="domain-{domains[0].pk}-priorities-error"' in text(response)

    def test_garbage_is_refused_politely(self, strategy, officer_client):
        response = officer_client.post(
            urls(strategy)["domains_reorder"], {"seen": "a,b", "move": "1:up"}, headers=HX
        )

        assert response.status_code == 200
        assert "The order sent was not a list of items" in text(response)


class TestTransitionPage:
    def test_offers_only_the_next_status_and_the_decisions_that_can_make_it(
        self, strategy, decision, consultation_decision, other_decision, officer_client
    ):
        page = text(officer_client.get(urls(strategy)["transition"]))

        assert 'value="in_consultation"' in page
        assert 'value="published"' not in page
        assert f'value="{consultation_decision.pk}"' in page
        assert consultation_decision.agenda_item.title in page
        assert f'value="{decision.pk}"' not in page  # It approves a final strategy: not this move.
        assert f'value="{other_decision.pk}"' not in page

    def test_the_approval_offers_the_boards_approvals_of_a_final_strategy(
        self, strategy, officer, decision, consultation_decision, officer_client
    ):
        move_to(strategy, Status.FINAL_DRAFT, by=officer, decision=consultation_decision)

        page = text(officer_client.get(urls(strategy)["transition"]))

        assert f'value="{decision.pk}"' in page
        assert f'value="{consultation_decision.pk}"' not in page

    def test_moves_the_strategy_with_a_decision(
        self, strategy, officer, consultation_decision, officer_client
    ):
        data = {
            "to_status": Status.IN_CONSULTATION,
            "reason": "Approved for consultation.",
            "decision": consultation_decision.pk,
        }

        response = officer_client.post(urls(strategy)["transition"], data)

        assert response.status_code == 302
        change = strategy.status_changes.get()
        assert (change.by, change.decision, change.to_status) == (
            officer,
            consultation_decision,
            Status.IN_CONSULTATION,
        )

    def test_refuses_consultation_without_a_decision_beside_the_field(self, strategy, officer_client):
        data = {"to_status": Status.IN_CONSULTATION, "reason": "Typed reason."}

        response = officer_client.post(urls(strategy)["transition"], data)

        page = text(response)
        message = "Choose the Board decision that approved the draft for consultation"
        assert f'id="id_decision_error"><span class="govuk-visually-hidden">Error:</span> {message}' in page
        assert f'<a href="#id_decision">{message}' in page  # The error summary links to the field.
        assert "Typed reason." in page
        strategy.refresh_from_db()
        assert strategy.status == Status.DRAFT
        assert not strategy.revisions.exists()

    def test_says_when_the_board_has_no_decision_to_make_the_move(self, strategy, officer_client):
        page = text(officer_client.get(urls(strategy)["transition"]))

        assert (
            "No decision of the Thurrock Health and Wellbeing Board approves the draft for consultation yet"
            in page
        )
        assert "None recorded yet" in page

    def test_refuses_a_decision_that_does_not_approve_the_move(self, strategy, decision, officer_client):
        """A forged choice: the page offers only the decisions that can make the move."""
        data = {"to_status": Status.IN_CONSULTATION, "reason": "Typed reason.", "decision": decision.pk}

        response = officer_client.post(urls(strategy)["transition"], data)

        assert "Choose a decision of this strategy's board that can make this move" in text(response)
        strategy.refresh_from_db()
        assert strategy.status == Status.DRAFT

    def test_refuses_a_forged_decision(self, strategy, other_decision, officer_client):
        data = {"to_status": Status.IN_CONSULTATION, "reason": "Typed reason.", "decision": other_decision.pk}

        response = officer_client.post(urls(strategy)["transition"], data)

        page = text(response)
        assert "Choose a decision of this strategy's board" in page
        assert "Typed reason." in page
        strategy.refresh_from_db()
        assert strategy.status == Status.DRAFT

    def test_refuses_an_illegal_move_with_the_reason(self, strategy, board_admin_client):
        data = {"to_status": Status.PUBLISHED, "reason": "Skip ahead."}

        response = board_admin_client.post(urls(strategy)["transition"], data)

        assert "A draft strategy cannot become published; it can move on to in consultation." in text(
            response
        )
        strategy.refresh_from_db()
        assert strategy.status == Status.DRAFT
        assert not strategy.revisions.exists()

    def test_refuses_publishing_by_an_officer_who_is_not_an_administrator(
        self, strategy, officer, officer_client
    ):
        move_to(strategy, Status.APPROVED, by=officer)

        response = officer_client.post(
            urls(strategy)["transition"], {"to_status": Status.PUBLISHED, "reason": "Go."}
        )

        assert "Only a board administrator can publish a strategy" in text(response)
        strategy.refresh_from_db()
        assert strategy.status == Status.APPROVED
        assert not Document.objects.exists()

    def test_board_administrator_publishes(self, strategy, officer, board_admin_client):
        move_to(strategy, Status.APPROVED, by=officer)

        response = board_admin_client.post(
            urls(strategy)["transition"], {"to_status": Status.PUBLISHED, "reason": "Go."}
        )

        assert response.status_code == 302
        strategy.refresh_from_db()
        assert strategy.status == Status.PUBLISHED
        assert (
            Document.objects.get(kind=services.PDF_KIND, object_id=strategy.pk).status
            == Document.Status.PENDING
        )

    def test_requires_a_reason(self, strategy, officer_client):
        response = officer_client.post(urls(strategy)["transition"], {"to_status": Status.IN_CONSULTATION})

        assert "Enter the reason for this change" in text(response)


class TestHistoryAndRevisions:
    def test_history_lists_moves_and_text_changes(
        self, strategy, domains, officer, consultation_decision, officer_client
    ):
        services.domain_update(domain=domains[0], by=officer, title="Best start")
        move_to(
            strategy,
            Status.IN_CONSULTATION,
            by=officer,
            decision=consultation_decision,
            reason="Consult for eight weeks.",
        )

        page = text(officer_client.get(urls(strategy)["history"]))

        assert "Draft to In consultation" in page
        assert "Consult for eight weeks." in page
        assert consultation_decision.agenda_item.title in page
        assert "Best start" in page and "Domain 1" in page
        assert "Revision 1" in page

    def test_history_names_fields_as_the_forms_do(self, strategy, officer, officer_client):
        services.strategy_update(strategy=strategy, by=officer, start_year=2023, slug="jhws-2023-2026")

        page = text(officer_client.get(urls(strategy)["history"]))

        assert "<dt>Start year</dt>" in page
        assert "<dt>Web address name</dt>" in page
        assert "Start_year" not in page and "<dt>Slug</dt>" not in page

    def test_history_calls_domains_what_the_strategy_calls_them(self, strategy, officer, officer_client):
        services.strategy_update(
            strategy=strategy,
            by=officer,
            domain_label="life-course outcome",
            domain_label_plural="life-course outcomes",
        )
        services.domain_create(strategy=strategy, by=officer, title="Dying well")

        page = text(officer_client.get(urls(strategy)["history"]))

        assert "Created life-course outcome “Dying well”" in page
        assert "Created domain" not in page

    def test_history_says_what_was_added_and_removed_to_screen_readers(
        self, strategy, officer, officer_client
    ):
        services.strategy_update(strategy=strategy, by=officer, summary="A new summary.")

        page = text(officer_client.get(urls(strategy)["history"]))

        old, new = strategy.summary, "A new summary."
        assert (
            f'<del><span class="govuk-visually-hidden">[removed: </span>{old}'
            '<span class="govuk-visually-hidden">]</span></del>'
        ) in page
        assert (
            f'<ins><span class="govuk-visually-hidden">[added: </span>{new}'
            '<span class="govuk-visually-hidden">]</span></ins>'
        ) in page

    def test_revision_shows_the_frozen_text(self, worked, domains, officer, officer_client):
        services.domain_update(domain=domains[0], by=officer, title="Rewritten later")

        page = text(officer_client.get(urls(worked)["revision"]))

        assert "Domain 1" in page
        assert "Rewritten later" not in page

    def test_unknown_revision_is_404(self, worked, officer_client):
        response = officer_client.get(reverse("strategies:revision", args=[worked.pk, 99]))

        assert response.status_code == 404

    def test_compare_marks_words_added_and_removed(self, worked, domains, officer, officer_client):
        services.domain_update(domain=domains[0], by=officer, title="Domain one, rewritten")

        response = officer_client.get(urls(worked)["compare"], {"from": "1", "to": "current"})

        page = text(response)
        assert "[added: </span>one, rewritten" in page
        assert "[removed: </span>1" in page

    def test_compare_explains_an_unknown_revision(self, worked, officer_client):
        response = officer_client.get(urls(worked)["compare"], {"from": "42"})

        assert "Choose one of this strategy's revisions" in text(response)

    @pytest.mark.parametrize("number", ["²", "٣", "9" * 20, "-1", ""], ids=repr)
    def test_compare_explains_a_revision_number_that_is_not_a_number(
        self, worked, board_member_client, number
    ):
        response = board_member_client.get(urls(worked)["compare"], {"from": number})

        assert response.status_code == 200
        assert "Choose one of this strategy's revisions" in text(response)


class TestRevisionCompare:
    """The comparison by section (issue 5: it listed every line, 170 px a row, Markdown raw)."""

    def test_by_default_it_shows_a_change_not_two_identical_revisions(
        self, strategy, officer, board_admin, client
    ):
        """Approved then published freezes the same text twice: the default skips back to a real change."""
        move_to(strategy, Status.FINAL_DRAFT, by=officer)
        priority = strategy.domains.first().priorities.first()
        services.priority_update(priority=priority, by=officer, title="Changed after consultation")
        move_to(strategy, Status.PUBLISHED, by=board_admin)
        client.force_login(officer)

        response = client.get(urls(strategy)["compare"])

        numbers = [r.number for r in strategy.revisions.order_by("number")]
        assert (response.context["older"].number, response.context["newer"].number) == (
            numbers[-3],
            numbers[-1],
        )
        assert "Changed after consultation" in text(response)

    def test_while_editing_it_shows_the_text_against_its_last_revision(
        self, strategy, officer, officer_client
    ):
        move_to(strategy, Status.FINAL_DRAFT, by=officer)
        services.strategy_update(strategy=strategy, by=officer, summary="Edited since.")

        response = officer_client.get(urls(strategy)["compare"])

        assert response.context["current"] is True
        assert response.context["older"].number == strategy.revisions.count()

    def test_changes_are_grouped_by_section_and_unchanged_sections_take_one_line(
        self, worked, domains, officer, officer_client
    ):
        priority = domains[1].priorities.order_by("position").first()
        services.priority_update(priority=priority, by=officer, description="Meet *every* month.")

        page = text(officer_client.get(urls(worked)["compare"], {"from": "1", "to": "current"}))

        link = f'<a class="govuk-link" href="#compare-domain-{domains[1].pk}">Domain 2, Domain 2</a>'
        assert "1 of 4 sections changed" in page
        assert f"{link}: 1 priority changed" in page
        for line in ("Strategy details", "Vision", "Domain 1, Domain 1", "Priority 2, Domain 2, priority 2"):
            assert f"<li>{line}: no changes</li>" in page
        assert '<em><ins><span class="govuk-visually-hidden">[added: </span>every' in page

    def test_markdown_is_rendered_with_word_marks_not_shown_raw(self, worked, officer, officer_client):
        worked.refresh_from_db()
        services.strategy_update(
            strategy=worked, by=officer, vision="Everyone in Thurrock lives a **longer, happier** life."
        )

        page = text(officer_client.get(urls(worked)["compare"], {"from": "1", "to": "current"}))

        assert (
            '<p class="govuk-body">Everyone in Thurrock lives a <strong>longer, '
            '<del><span class="govuk-visually-hidden">[removed: </span>healthier'
            '<span class="govuk-visually-hidden">]</span></del>'
            '<ins><span class="govuk-visually-hidden">[added: </span>happier'
            '<span class="govuk-visually-hidden">]</span></ins></strong> life.</p>'
        ) in page
        assert "**" not in page

    def test_a_moved_domain_is_said_to_have_moved(self, worked, domains, officer, officer_client):
        services.domains_reorder(strategy=worked, by=officer, order=[domains[1].pk, domains[0].pk])

        page = text(officer_client.get(urls(worked)["compare"], {"from": "1", "to": "current"}))

        assert "Moved from domain 2 to domain 1." in page
        assert "<li>Domain 2, Domain 1: no changes</li>" in page

    def test_the_same_text_says_so(self, worked, officer_client):
        page = text(officer_client.get(urls(worked)["compare"], {"from": "1", "to": "2"}))

        assert "Revision 1 compared with revision 2" in page
        assert "The two texts are the same." in page

    def test_a_single_revision_is_compared_with_the_current_text(
        self, strategy, domains, officer, officer_client
    ):
        move_to(strategy, Status.IN_CONSULTATION, by=officer)
        Domain.objects.filter(pk=domains[0].pk).update(title="Changed since")

        page = text(officer_client.get(urls(strategy)["compare"]))

        assert "Revision 1 compared with the current text" in page
        assert '<option value="current" selected>' in page
        assert "Changed since" in page

    def test_explains_an_unknown_revision_beside_the_field(self, worked, officer_client):
        page = text(officer_client.get(urls(worked)["compare"], {"from": "1", "to": "42"}))

        assert '<a href="#compare-to">Choose one of this strategy\'s revisions</a>' in page
        assert 'aria-describedby="compare-to-error"' in page
        assert "Revision 1 compared with revision 2" in page

    def test_board_member_compares_revisions(self, worked, board_member_client):
        response = board_member_client.get(urls(worked)["compare"], {"from": "1", "to": "2"})

        assert response.status_code == 200
        assert "The two texts are the same." in text(response)


class TestPublicPage:
    @pytest.fixture
    def predecessor(self, board, board_admin):
        old = StrategyFactory(
            board=board, title="Strategy 2016 to 2021", slug="jhws-2016", start_year=2016, end_year=2021
        )
        return move_to(old, Status.PUBLISHED, by=board_admin)

    @pytest.fixture
    def successor_of(self, strategy, predecessor, publish):
        Strategy.objects.filter(pk=strategy.pk).update(predecessor=predecessor)
        return publish(strategy)

    def test_shows_vision_domains_priorities_approval_and_predecessor(
        self, successor_of, predecessor, decision, resident_client
    ):
        response = resident_client.get(successor_of.get_absolute_url())

        page = text(response)
        meeting_day = dateformat.format(timezone.localtime(decision.agenda_item.meeting.starts_at), "j F Y")
        assert response.status_code == 200
        assert "Joint Health and Wellbeing Strategy 2022 to 2026" in page
        assert "<strong>longer, healthier</strong>" in page
        assert "Domain 2" in page and "Domain 2, priority 2" in page
        assert f"By the Thurrock Health and Wellbeing Board at its meeting on {meeting_day}" in page
        assert "Published" in page
        assert f'href="{predecessor.get_absolute_url()}">Strategy 2016 to 2021</a>' in page
        assert '>PDF<span class="govuk-visually-hidden"> of the full strategy</span>, ' in page

    def test_a_draft_predecessor_is_never_named_to_residents(self, board, strategy, publish, resident_client):
        draft = StrategyFactory(board=board, title="Working title of the next plan", slug="next")
        Strategy.objects.filter(pk=strategy.pk).update(predecessor=draft)  # Chosen before the rule existed.

        publish(strategy)

        page = text(resident_client.get(strategy.get_absolute_url()))
        assert "Working title of the next plan" not in page
        assert "Replaces" not in page

    def test_a_draft_predecessor_is_never_named_in_the_pdf(self, board, strategy, publish, fake_pdf):
        draft = StrategyFactory(board=board, title="Working title of the next plan", slug="next")
        Strategy.objects.filter(pk=strategy.pk).update(predecessor=draft)

        publish(strategy)

        assert fake_pdf.calls == 2  # The full text and its summary: neither names the draft.
        assert not any("Working title of the next plan" in html for html in fake_pdf.html)

    def test_the_pdf_names_a_published_predecessor(self, successor_of, predecessor, fake_pdf):
        assert "It replaces Strategy 2016 to 2021." in fake_pdf.html[-1]

    def test_superseded_strategy_points_to_its_successor(self, successor_of, predecessor, resident_client):
        page = text(resident_client.get(predecessor.get_absolute_url()))

        assert "This strategy has been replaced by" in page
        assert successor_of.get_absolute_url() in page

    def test_shows_the_text_frozen_at_publishing(self, published, domains, resident_client):
        Domain.objects.filter(pk=domains[0].pk).update(title="Changed behind the Board's back")

        page = text(resident_client.get(published.get_absolute_url()))

        assert "Domain 1" in page
        assert "Changed behind the Board's back" not in page

    def test_officer_reads_the_draft_with_a_warning(self, strategy, officer_client):
        page = text(officer_client.get(strategy.get_absolute_url()))

        assert "This is a draft, not a published strategy." in page
        assert "Manage this strategy" in page

    def test_board_member_gets_a_link_to_the_history(self, worked, board_member_client):
        page = text(board_member_client.get(worked.get_absolute_url()))

        assert (
            f'<a class="govuk-link" href="{urls(worked)["history"]}">History of changes and revisions</a>'
            in page
        )
        assert "Manage this strategy" not in page

    def test_anonymous_visitors_never_get_the_history_link(
        self, published, board_member_client, officer_client, resident_client
    ):
        history = urls(published)["history"]
        member_page = text(board_member_client.get(published.get_absolute_url()))
        officer_page = text(officer_client.get(published.get_absolute_url()))

        first = text(resident_client.get(published.get_absolute_url()))
        cached = text(resident_client.get(published.get_absolute_url()))

        assert history in member_page and history in officer_page
        assert history not in first and history not in cached
        assert "History of changes" not in cached

    def test_unknown_board_is_404(self, published, resident_client):
        response = resident_client.get(
            reverse("strategies:detail", kwargs={"board_slug": "nowhere", "slug": published.slug})
        )

        assert response.status_code == 404


class TestPublicPageCaching:
    def test_anonymous_visitor_gets_an_etag_and_a_304(self, published, resident_client):
        first = resident_client.get(published.get_absolute_url())

        second = resident_client.get(published.get_absolute_url(), headers={"If-None-Match": first["ETag"]})

        assert first.status_code == 200
        assert first["ETag"].startswith('"')
        assert "public" in first["Cache-Control"] and "no-cache" in first["Cache-Control"]
        assert second.status_code == 304
        assert second.content == b""
        assert second["ETag"] == first["ETag"]

    def test_a_browser_that_accepts_gzip_gets_the_page_compressed(self, published, resident_client):
        import gzip

        plain = resident_client.get(published.get_absolute_url())
        zipped = resident_client.get(published.get_absolute_url(), headers={"Accept-Encoding": "gzip, br"})
        again = resident_client.get(
            published.get_absolute_url(), headers={"Accept-Encoding": "gzip", "If-None-Match": zipped["ETag"]}
        )
        refused = resident_client.get(published.get_absolute_url(), headers={"Accept-Encoding": "gzip;q=0"})

        assert zipped["Content-Encoding"] == "gzip" and gzip.decompress(zipped.content) == plain.content
        assert zipped["ETag"] != plain["ETag"] and "Accept-Encoding" in zipped["Vary"]
        assert again.status_code == 304
        assert not refused.has_header("Content-Encoding") and refused.content == plain.content

    def test_a_different_etag_gets_the_page(self, published, resident_client):
        response = resident_client.get(published.get_absolute_url(), headers={"If-None-Match": '"stale"'})

        assert response.status_code == 200
        assert b"Domain 1" in response.content

    def test_a_signed_in_reader_gets_a_private_page(self, published, officer_client):
        response = officer_client.get(published.get_absolute_url())

        assert "ETag" not in response
        assert "private" in response["Cache-Control"]
        assert "Manage this strategy" in text(response)

    def test_not_cached_until_the_pdf_is_ready(self, strategy, board_admin, resident_client):
        move_to(strategy, Status.PUBLISHED, by=board_admin)  # The PDF task has not run.

        response = resident_client.get(strategy.get_absolute_url())

        assert response.status_code == 200
        assert "ETag" not in response
        assert "Download" not in text(response)
        assert resident_client.get(urls(strategy)["pdf"]).status_code == 404

    def test_served_from_the_cache_without_the_database(
        self, published, resident_client, django_assert_num_queries
    ):
        first = resident_client.get(published.get_absolute_url())

        with django_assert_num_queries(0):
            second = resident_client.get(published.get_absolute_url())

        assert second.content == first.content

    def test_cache_is_forgotten_when_the_strategy_moves(self, board, published, publish, resident_client):
        before = resident_client.get(published.get_absolute_url())
        successor = StrategyFactory(board=board, slug="jhws-2026-2030", predecessor=published)
        DomainFactory(strategy=successor)
        publish(successor)

        after = resident_client.get(published.get_absolute_url(), headers={"If-None-Match": before["ETag"]})

        assert "This strategy has been replaced" not in text(before)
        assert after.status_code == 200
        assert "This strategy has been replaced by" in text(after)
        assert after["ETag"] != before["ETag"]

    def test_one_visitors_message_is_not_cached_for_everyone(
        self, published, officer_client, resident_client
    ):
        # LogoutView honours ?next=, so "You have signed out." lands on the public page.
        officer_client.post(reverse("logout"), {"next": published.get_absolute_url()}, follow=True)

        page = text(resident_client.get(published.get_absolute_url()))

        assert "You have signed out." not in page


class TestPdfDownload:
    def test_404_until_the_pdf_is_ready_then_the_stored_file(
        self, strategy, board_admin, resident_client, django_capture_on_commit_callbacks, fake_pdf
    ):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            move_to(strategy, Status.PUBLISHED, by=board_admin)
        url = urls(strategy)["pdf"]
        waiting = resident_client.get(url)
        for callback in callbacks:
            callback()

        ready = resident_client.get(url)

        assert waiting.status_code == 404
        assert ready.status_code == 200
        assert b"".join(ready.streaming_content) == FAKE_PDF
        assert ready["Content-Type"] == "application/pdf"
        assert ready["Content-Disposition"] == (
            'attachment; filename="thurrock-health-and-wellbeing-board-jhws-2022-2026.pdf"'
        )

    def test_no_pdf_for_a_draft_even_if_one_was_stored(self, published, resident_client, officer_client):
        Strategy.objects.filter(pk=published.pk).update(status=Status.DRAFT)

        assert resident_client.get(urls(published)["pdf"]).status_code == 404
        assert officer_client.get(urls(published)["pdf"]).status_code == 404
        assert officer_client.get(version_url(published, 1)).status_code == 404

    def test_the_public_page_links_to_the_download_once(self, published, resident_client):
        page = text(resident_client.get(published.get_absolute_url()))

        # In "Versions of this strategy", beside the summary's and the easy read version's PDFs.
        assert page.count(f'href="{urls(published)["pdf"]}"') == 1
        assert f'<a class="govuk-link" href="{urls(published)["pdf"]}" download>PDF' in page

    @pytest.mark.parametrize(
        ("client", "latest", "older"),
        [
            ("resident_client", 200, 302),  # Sent to sign in.
            ("board_member_client", 200, 404),
            ("other_officer_client", 200, 404),
            ("officer_client", 200, 200),
            ("board_admin_client", 200, 200),
            ("site_admin_client", 200, 200),
        ],
    )
    def test_older_versions_are_for_the_boards_officers(
        self, request, published, board, officer, client, latest, older, django_capture_on_commit_callbacks
    ):
        board.colour = "#1d70b8"  # On the cover: the next render is a new version.
        board.save()
        with django_capture_on_commit_callbacks(execute=True):
            services.strategy_render_pdf(strategy=published, by=officer)
        browser = request.getfixturevalue(client)

        assert browser.get(urls(published)["pdf"]).status_code == latest
        assert browser.get(version_url(published, 2)).status_code == latest
        assert browser.get(version_url(published, 1)).status_code == older


class TestDocumentPartial:
    def test_htmx_poll_returns_the_progress_fragment(self, strategy, board_admin, officer_client):
        move_to(strategy, Status.PUBLISHED, by=board_admin)

        response = officer_client.get(urls(strategy)["document"], headers=HX)

        page = text(response)
        assert page.lstrip().startswith(f'<div id="document-strategy-pdf-{strategy.pk}"')
        assert "<html" not in page
        assert 'hx-trigger="every 1s"' in page

    def test_ready_fragment_stops_polling_and_links_the_pdf(self, published, officer_client):
        page = text(officer_client.get(urls(published)["document"], headers=HX))

        assert "every 1s" not in page
        assert urls(published)["pdf"] in page

    def test_retry_while_busy_is_refused(self, strategy, board_admin, officer_client):
        move_to(strategy, Status.PUBLISHED, by=board_admin)

        response = officer_client.post(urls(strategy)["document"], follow=True)

        assert "The PDF is already being generated. Wait for it to finish." in text(response)

    def test_retry_after_a_failure_queues_it_again(self, published, officer_client):
        Document.objects.filter(object_id=published.pk).update(
            status=Document.Status.FAILED, error="OSError: full"
        )

        response = officer_client.post(urls(published)["document"], headers=HX)

        assert response.status_code == 200
        assert (
            Document.objects.get(kind=services.PDF_KIND, object_id=published.pk).status
            == Document.Status.PENDING
        )


SCRIPTED_VISION = (
    'Hello <script>alert("vision")</script>\n\n'
    "[click me](javascript:alert(1))\n\n"
    '<a href="javascript:alert(2)">raw link</a>\n\n'
    '<img src="x" onerror="alert(3)">'
)


class Elements(HTMLParser):
    """The elements a browser would build: scripts' text and every attribute (escaped text is not markup)."""

    def __init__(self):
        super().__init__()
        self.scripts, self.attrs, self._in_script = [], [], False

    def handle_starttag(self, tag, attrs):
        self.attrs += [(tag, name, value or "") for name, value in attrs]
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


class TestSanitising:
    @pytest.fixture
    def scripted(self, strategy, domains):
        Strategy.objects.filter(pk=strategy.pk).update(vision=SCRIPTED_VISION)
        Domain.objects.filter(pk=domains[0].pk).update(
            description="[x](JaVaScRiPt:alert(4)) <script>alert(5)</script>"
        )
        strategy.refresh_from_db()
        return strategy

    @staticmethod
    def assert_harmless(response):
        elements = Elements()
        elements.feed(response.content.decode())
        assert response.status_code == 200
        assert not [code for code in elements.scripts if "alert" in code]
        assert not [v for _, name, v in elements.attrs if name in ("href", "src") and "script:" in v.lower()]
        assert not [name for _, name, _ in elements.attrs if name.startswith("on")]

    def test_draft_page(self, scripted, officer_client):
        self.assert_harmless(officer_client.get(scripted.get_absolute_url()))

    def test_manage_page(self, scripted, officer_client):
        self.assert_harmless(officer_client.get(scripted.get_manage_url()))

    def test_published_page(self, scripted, publish, resident_client):
        publish(scripted)

        self.assert_harmless(resident_client.get(scripted.get_absolute_url()))

    def test_the_words_survive_as_text(self, scripted, officer_client):
        page = text(officer_client.get(scripted.get_absolute_url()))

        assert "Hello" in page
        assert "click me" in page


class TestSecurityHeaders:
    @pytest.mark.parametrize("cached", [False, True], ids=["rendered", "from-cache"])
    def test_public_page_has_a_strict_csp(self, published, resident_client, cached):
        if cached:
            resident_client.get(published.get_absolute_url())

        response = resident_client.get(published.get_absolute_url())

        csp = response["Content-Security-Policy"]
        assert "script-src 'self'" in csp
        assert "style-src 'self'" in csp
        assert "'unsafe-inline'" not in csp
        assert "'unsafe-eval'" not in csp

    def test_manage_partial_has_a_strict_csp(self, strategy, officer_client):
        response = officer_client.get(strategy.get_manage_url(), headers=HX)

        assert "'unsafe-inline'" not in response["Content-Security-Policy"]

    def test_pages_have_no_inline_script_or_style(self, published, officer_client):
        content = officer_client.get(published.get_manage_url()).content.decode()

        assert "<script>" not in content
        assert "<style" not in content
        assert " style=" not in content

    def test_settings_forbid_inline_code(self):
        assert "'unsafe-inline'" not in str(settings.SECURE_CSP)


def on(day="", month="", year="") -> dict:
    """The transition form's date, as its three boxes send it."""
    return {"on_day": day, "on_month": month, "on_year": year}


class TestHistoricMoveDates:
    def url(self, strategy):
        return reverse("strategies:transition", args=[strategy.pk])

    def move(self, client, strategy, **date):
        # The Board's approval, at its meeting of 23 September 2021: before any day these tests move on.
        decision = approving_decision(
            strategy.board,
            Decision.Effect.CONSULTATION,
            agenda_item__meeting__starts_at=timezone.make_aware(datetime.datetime(2021, 9, 23, 14)),
        )
        data = {
            "to_status": Status.IN_CONSULTATION,
            "reason": "Opened.",
            "decision": decision.pk,
            **on(**date),
        }
        return client.post(self.url(strategy), data)

    def test_the_date_is_the_govuk_date_input(self, strategy, officer_client):
        page = text(officer_client.get(self.url(strategy)))

        assert '<fieldset class="govuk-fieldset" role="group"' in page
        for part, width in [("day", 2), ("month", 2), ("year", 4)]:
            box = f'id="id_on_{part}" name="on_{part}" type="text" inputmode="numeric"'
            assert f'govuk-input--width-{width}" {box}' in page

    def test_a_move_made_before_the_portal_is_recorded_on_its_day(self, strategy, officer_client):
        response = self.move(officer_client, strategy, day="4", month="10", year="2021")

        assert response.status_code == 302
        change = strategy.status_changes.get()
        assert timezone.localtime(change.at).date().isoformat() == "2021-10-04"
        assert change.revision.created_at == change.at

    def test_a_month_may_be_written_as_a_name(self, strategy, officer_client):
        self.move(officer_client, strategy, day="04", month="Oct", year="2021")

        assert timezone.localtime(strategy.status_changes.get().at).date().isoformat() == "2021-10-04"

    def test_todays_date_is_accepted_in_the_morning(self, strategy, officer_client, monkeypatch):
        """Issue 5: today was recorded at noon, which is in the future all morning."""
        morning = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time(8, 30)))
        monkeypatch.setattr(timezone, "now", lambda: morning)

        response = self.move(
            officer_client, strategy, day=morning.day, month=morning.month, year=morning.year
        )

        assert response.status_code == 302
        assert strategy.status_changes.get().at == morning

    @pytest.mark.parametrize(
        ("date", "message", "marked"),
        [
            (
                {"day": "1", "month": "1", "year": "0001"},
                "The date of the move must be after 1 January 2000",
                ["day", "month", "year"],
            ),
            (
                {"day": "1", "month": "1", "year": "2000"},
                "The date of the move must be after 1 January 2000",
                ["day", "month", "year"],
            ),
            (
                {"day": "1", "month": "1", "year": "2099"},
                "The date of the move must be today or in the past",
                ["day", "month", "year"],
            ),
            (
                {"day": "31", "month": "2", "year": "2021"},
                "The date of the move must be a real date",
                ["day", "month", "year"],
            ),
            (
                {"day": "12", "month": "13", "year": "2021"},
                "The date of the move must be a real date",
                ["month"],
            ),
            ({"day": "²", "month": "6", "year": "2021"}, "The date of the move must be a real date", ["day"]),
            (
                {"day": "12", "month": "", "year": "2021"},
                "The date of the move must include a month",
                ["month"],
            ),
            (
                {"day": "", "month": "", "year": "2021"},
                "The date of the move must include a day and month",
                ["day", "month"],
            ),
            ({"day": "12", "month": "6", "year": "21"}, "Year must include 4 numbers", ["year"]),
        ],
        ids=[
            "year-one",
            "the-first-day-of-2000",
            "future",
            "31-february",
            "month-13",
            "unicode-digit",
            "no-month",
            "year-only",
            "short-year",
        ],
    )
    def test_a_wrong_date_is_explained_marked_and_kept(self, strategy, officer_client, date, message, marked):
        response = self.move(officer_client, strategy, **date)

        page = text(response)
        assert response.status_code == 200
        assert response.context["form"].errors["on"] == [message]
        assert f'<a href="#id_on_{marked[0]}">{message}</a>' in page
        for part in ("day", "month", "year"):
            box = page[page.index(f'id="id_on_{part}"') - 120 : page.index(f'id="id_on_{part}"')]
            assert ("govuk-input--error" in box) is (part in marked), part
            if date[part]:
                assert f'name="on_{part}" type="text" inputmode="numeric" value="{date[part]}"' in page
        strategy.refresh_from_db()
        assert strategy.status == Status.DRAFT
        assert not strategy.status_changes.exists()

    def test_a_date_before_the_last_move_is_explained_against_the_date(
        self, strategy, officer, officer_client
    ):
        move_to(strategy, Status.IN_CONSULTATION, by=officer)

        response = officer_client.post(
            self.url(strategy),
            {"to_status": Status.FINAL_DRAFT, "reason": "Closed.", **on("4", "10", "2021")},
        )

        assert response.context["form"].errors["on"] == [
            "A move cannot be recorded before the strategy's last move."
        ]


class TestTransitionChoices:
    def test_an_officer_is_not_offered_publishing(self, strategy, officer, officer_client):
        move_to(strategy, Status.APPROVED, by=officer)

        response = officer_client.get(urls(strategy)["transition"])

        page = text(response)
        assert response.context["form"].moves == {}
        assert 'value="published"' not in page
        assert "Only a board administrator can publish it." in page
        assert "Change status</button>" not in page

    def test_a_board_administrator_is(self, strategy, officer, board_admin_client):
        move_to(strategy, Status.APPROVED, by=officer)

        page = text(board_admin_client.get(urls(strategy)["transition"]))

        assert 'value="published"' in page

    def test_a_forged_publish_by_an_officer_is_still_refused(self, strategy, officer, officer_client):
        move_to(strategy, Status.APPROVED, by=officer)

        response = officer_client.post(
            urls(strategy)["transition"], {"to_status": "published", "reason": "Go."}
        )

        assert "Only a board administrator can publish a strategy" in text(response)
        strategy.refresh_from_db()
        assert strategy.status == Status.APPROVED

    @pytest.mark.parametrize(
        ("status", "sentence"),
        [
            (Status.DRAFT, "This strategy is a draft."),
            (Status.IN_CONSULTATION, "This strategy is in consultation."),
            (Status.FINAL_DRAFT, "This strategy is a final draft."),
            (Status.APPROVED, "This strategy is approved."),
            (Status.SUPERSEDED, "This strategy is superseded."),
        ],
    )
    def test_the_status_is_said_in_plain_english(self, board, board_admin_client, status, sentence):
        strategy = StrategyFactory(board=board, status=status)

        page = text(board_admin_client.get(urls_of(strategy)["transition"]))

        assert sentence in page

    def test_optional_fields_say_so_once(self, strategy, officer, officer_client):
        move_to(strategy, Status.IN_CONSULTATION, by=officer)  # Closing the consultation needs no decision.

        page = text(officer_client.get(urls(strategy)["transition"]))

        assert "Board decision (optional)" in page
        assert "Date of the move (optional)" in page
        assert "(optional) (optional)" not in page

    def test_a_decision_needed_is_not_called_optional(self, strategy, officer_client):
        page = text(officer_client.get(urls(strategy)["transition"]))

        assert "Board decision (optional)" not in page
        assert ">Board decision</label>" in page

    def test_the_success_message_is_a_sentence(self, strategy, officer, officer_client):
        move_to(strategy, Status.IN_CONSULTATION, by=officer)

        response = officer_client.post(
            urls(strategy)["transition"], {"to_status": Status.FINAL_DRAFT, "reason": "Closed."}, follow=True
        )

        assert "This strategy is now a final draft." in text(response)


class TestEditConflicts:
    """
    Issue 5: two people edit the same text and the second save silently reverted the first. Now the
    second is refused with the saved text beside their own, which stays in the form, and a second
    save after reading is accepted.
    """

    CONFLICT = "Someone else saved this strategy while you were editing it"

    def test_a_stale_strategy_save_shows_both_texts_and_keeps_the_users(
        self, strategy, officer_client, board_admin_client
    ):
        mine = officer_client.get(urls(strategy)["edit"]).context["form"]["version"].value()
        board_admin_client.post(
            urls(strategy)["edit"], strategy_form_data(vision="Their vision, saved first.")
        )

        response = officer_client.post(
            urls(strategy)["edit"], strategy_form_data(version=mine, vision="My vision, typed meanwhile.")
        )

        page = text(response)
        assert response.status_code == 200
        assert '<div class="govuk-error-summary"' in page
        assert f'<a href="#conflict">{self.CONFLICT}</a>' in page
        assert 'id="conflict"' in page and "Their vision, saved first." in page
        assert "My vision, typed meanwhile.</textarea>" in page
        assert response.context["form"]["version"].value() == 2
        strategy.refresh_from_db()
        assert strategy.vision == "Their vision, saved first."

    def test_saving_again_after_reading_is_accepted(self, strategy, officer_client, board_admin_client):
        board_admin_client.post(urls(strategy)["edit"], strategy_form_data(vision="Their vision."))
        refused = officer_client.post(urls(strategy)["edit"], strategy_form_data(vision="My vision."))
        data = {**strategy_form_data(vision="My vision, having read theirs.")}
        data["version"] = refused.context["form"]["version"].value()

        response = officer_client.post(urls(strategy)["edit"], data)

        assert response.status_code == 302
        strategy.refresh_from_db()
        assert (strategy.vision, strategy.version) == ("My vision, having read theirs.", 3)

    def test_only_the_fields_that_differ_are_compared(self, strategy, officer_client, board_admin_client):
        board_admin_client.post(urls(strategy)["edit"], strategy_form_data(summary="Their summary."))

        response = officer_client.post(urls(strategy)["edit"], strategy_form_data(title="My title"))

        rows = response.context["conflict"].rows
        assert [row["label"] for row in rows] == ["Title", "Summary"]
        assert rows[1] == {"label": "Summary", "saved": "Their summary.", "yours": strategy.summary}

    def test_an_edit_without_its_version_is_refused(self, strategy, officer_client):
        data = strategy_form_data(title="No version")
        del data["version"]

        response = officer_client.post(urls(strategy)["edit"], data)

        assert response.context["form"].non_field_errors() == [
            "The page was sent incomplete. Reload the page and try again"
        ]
        strategy.refresh_from_db()
        assert strategy.title != "No version"

    @pytest.mark.parametrize("kind", ["domain", "priority"])
    def test_a_stale_inline_save_without_javascript_shows_the_page_with_both_texts(
        self, strategy, domains, officer_client, board_admin_client, kind
    ):
        item = domains[0] if kind == "domain" else domains[0].priorities.first()
        loaded = versioned(item, title="My title")
        board_admin_client.post(urls(strategy)[f"{kind}_edit"], versioned(item, title="Their title"))

        response = officer_client.post(urls(strategy)[f"{kind}_edit"], loaded)

        page = text(response)
        assert response.status_code == 200
        assert f'<a href="#{kind}-{item.pk}-conflict">Someone else saved this {kind} while you were' in page
        assert "Their title" in page and 'value="My title"' in page
        item.refresh_from_db()
        assert (item.title, item.version) == ("Their title", 2)
        again = {**loaded, f"{kind}-{item.pk}-version": "2"}
        assert officer_client.post(urls(strategy)[f"{kind}_edit"], again).status_code == 302
        item.refresh_from_db()
        assert item.title == "My title"

    @pytest.mark.parametrize("kind", ["domain", "priority"])
    def test_a_stale_inline_save_with_htmx_shows_both_texts_where_the_user_is_typing(
        self, strategy, domains, officer_client, board_admin_client, kind
    ):
        item = domains[0] if kind == "domain" else domains[0].priorities.first()
        loaded = versioned(item, title="My title", description="My words.")
        board_admin_client.post(
            urls(strategy)[f"{kind}_edit"],
            versioned(item, title=item.title, description="Their words."),
            headers=HX,
        )

        response = officer_client.post(urls(strategy)[f"{kind}_edit"], loaded, headers=HX)

        page = text(response)
        assert response["HX-Retarget"] == f"#{kind}-{item.pk}-edit"
        assert page.lstrip().startswith(f'<div id="{kind}-{item.pk}-edit"')
        assert f"There is a problem: Someone else saved this {kind} while you were editing it" in page
        assert "Their words." in page and "My words.</textarea>" in page
        assert f'name="{kind}-{item.pk}-version" value="2"' in page
        again = {**loaded, f"{kind}-{item.pk}-version": "2"}
        saved = officer_client.post(urls(strategy)[f"{kind}_edit"], again, headers=HX)
        assert "Saved “My title”." in text(saved)
