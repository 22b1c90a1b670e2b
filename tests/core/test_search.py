"""
Site search (core.search, core.views.site_search): the index's writes, ranking, highlighting,
filters, pages, bad input and query budgets. What reaches the index from each app, and what never
does, is in tests/test_search_public_only.py.

The tests run on PostgreSQL (full-text search); `simple_search` runs the same checks through the
SQLite path (word matching and marks made in Python), which works on PostgreSQL too.
"""

import datetime
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core import search
from core.models import SearchEntry

pytestmark = pytest.mark.django_db

URL = "/search/"


def entry(
    n: int, *, title: str = "", text: str = "", kind: str = "strategy", board: str = "thurrock", days=0
):
    return search.Entry(
        source=f"tests.thing:{n}",
        kind=kind,
        title=title or f"Thing {n}",
        url=f"/things/{n}/",
        text=text,
        context=f"Context {n}",
        board_id=1 if board == "thurrock" else 2,
        board_slug=board,
        board_name="Thurrock Health and Wellbeing Board" if board == "thurrock" else "Leicestershire Board",
        published_at=timezone.now() - datetime.timedelta(days=days),
    )


def titles(response) -> list[str]:
    return [hit.entry.title for hit in response.context["hits"]]


@pytest.fixture(params=["postgresql", "simple"])
def engine(request, monkeypatch):
    """Each test that takes it runs twice: PostgreSQL's full-text search, and the SQLite path."""
    if request.param == "simple":
        monkeypatch.setattr(search, "is_postgresql", lambda: False)
    return request.param


class TestIndexing:
    def test_sync_replaces_a_group_and_removes_what_is_gone(self):
        search.sync("tests.group:1", [entry(1, title="Alpha"), entry(2, title="Beta")])

        search.sync("tests.group:1", [entry(2, title="Beta again"), entry(3, title="Gamma")])

        rows = dict(SearchEntry.objects.values_list("source", "title"))
        assert rows == {"tests.thing:2": "Beta again", "tests.thing:3": "Gamma"}
        assert set(SearchEntry.objects.values_list("group", flat=True)) == {"tests.group:1"}

    def test_sync_with_nothing_takes_the_group_out_and_leaves_others(self):
        search.sync("tests.group:1", [entry(1)])
        search.index(entry(2))

        search.sync("tests.group:1", [])

        assert list(SearchEntry.objects.values_list("source", flat=True)) == ["tests.thing:2"]

    def test_index_and_unindex_one_thing(self):
        search.index(entry(1, title="Loneliness"))
        search.index(entry(1, title="Loneliness and isolation"))

        assert SearchEntry.objects.get().title == "Loneliness and isolation"

        search.unindex("tests.thing:1", "tests.thing:99")

        assert not SearchEntry.objects.exists()

    def test_stores_the_vector_on_postgresql(self):
        search.index(entry(1, title="Smoking", text="Quitting"))

        assert SearchEntry.objects.filter(vector__isnull=False).count() == 1

    def test_an_unregistered_kind_is_refused(self):
        with pytest.raises(ValueError, match="not a registered kind"):
            search.index(entry(1, kind="nonsense"))

        assert not SearchEntry.objects.exists()

    def test_nul_bytes_control_characters_and_our_marks_are_cleaned_before_storing(self):
        search.index(entry(1, title="Bad\x00title\ue000", text="line\x07one\ue001 two"))

        row = SearchEntry.objects.get()
        assert (row.title, row.text) == ("Bad title", "line one two")

    def test_rebuild_makes_the_index_from_the_providers(self, monkeypatch):
        calls = []

        def groups():
            calls.append(1)
            yield "tests.group:1", [entry(1, title="Rebuilt", kind="tests_kind")]

        monkeypatch.setattr(search, "_providers", dict(search._providers))
        monkeypatch.setattr(search, "_kinds", dict(search._kinds))
        search.register(search.Provider("tests", (search.Kind("tests_kind", "Test", "Tests"),), groups))
        search.index(entry(2, title="Stale", kind="tests_kind"))

        written = search.rebuild(["tests"])

        assert (written, calls) == (1, [1])
        assert list(SearchEntry.objects.values_list("title", flat=True)) == ["Rebuilt"]


class TestReindexCommand:
    def test_rebuilds_from_the_providers_and_says_how_many(self):
        search.index(entry(1, title="Stale strategy row"))  # Of a kind the strategies provider owns.
        out = StringIO()

        call_command("search_reindex", stdout=out)

        assert "Indexed 0 public things" in out.getvalue()
        assert not SearchEntry.objects.exists()

    def test_an_unknown_app_is_refused(self):
        with pytest.raises(CommandError, match="No search provider nonsense"):
            call_command("search_reindex", "--app", "nonsense")


class TestRanking:
    def test_a_title_match_ranks_above_a_match_in_the_text(self, client, engine):
        search.index(
            entry(1, title="Annual report", text="Smoking smoking smoking in pregnancy is falling."),
            entry(2, title="Smoking cessation", text="Help to stop.", days=400),
        )

        response = client.get(URL, {"q": "smoking"})

        assert titles(response) == ["Smoking cessation", "Annual report"]

    def test_finds_other_forms_of_a_word_on_postgresql(self, client):
        search.index(entry(1, title="Reducing loneliness", text="Older people who feel lonely."))

        response = client.get(URL, {"q": "reduce"})

        assert titles(response) == ["Reducing loneliness"]

    def test_every_word_must_match(self, client, engine):
        search.index(entry(1, title="Mental health"), entry(2, title="Physical health"))

        response = client.get(URL, {"q": "mental health"})

        assert titles(response) == ["Mental health"]

    def test_a_quoted_phrase_and_an_excluded_word_on_postgresql(self, client):
        search.index(
            entry(1, title="Healthy weight", text="Children's weight in schools."),
            entry(2, title="Weight of evidence", text="Healthy eating in schools."),
        )

        assert titles(client.get(URL, {"q": '"healthy weight"'})) == ["Healthy weight"]
        assert titles(client.get(URL, {"q": "weight -evidence"})) == ["Healthy weight"]


class TestHighlighting:
    def test_the_simple_search_matches_the_start_of_a_word_not_its_middle(self, client, monkeypatch):
        monkeypatch.setattr(search, "is_postgresql", lambda: False)  # The SQLite path, here on PostgreSQL.
        search.index(
            entry(1, title="Support for carers", text="Young carers."),
            entry(2, title="Oscar's story", text="A scar healed."),
        )

        [hit] = client.get(URL, {"q": "car"}).context["hits"]

        assert hit.entry.title == "Support for carers"
        assert "<mark>car</mark>ers" in hit.title and "s<mark>" not in hit.snippet

    def test_marks_the_matching_words_in_the_title_and_snippet(self, client, engine):
        search.index(entry(1, title="Dementia support", text="Memory cafés help people with dementia."))

        hit = client.get(URL, {"q": "dementia"}).context["hits"][0]

        assert "<mark>Dementia</mark> support" == str(hit.title)
        assert "<mark>dementia</mark>" in str(hit.snippet)

    def test_an_officers_markup_is_escaped_and_only_our_marks_are_html(self, client, engine):
        search.index(
            entry(
                1,
                title='<script>alert("x")</script> Carers',
                text='Carers <img src=x onerror=alert(1)> need <mark>breaks</mark> & "respite".',
            )
        )

        response = client.get(URL, {"q": "carers"})

        html = response.content.decode()
        hit = response.context["hits"][0]
        assert "<script>alert" not in html
        assert "<img src=x" not in html
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; <mark>Carers</mark>" == str(hit.title)
        assert "&lt;img src=x onerror=alert(1)&gt;" in str(hit.snippet)
        # The officer's own <mark> is text (SQLite's path), or dropped by ts_headline as a tag: never ours.
        assert "<mark>breaks</mark>" not in str(hit.snippet)
        assert "<mark>Carers</mark>" in str(hit.snippet)
        assert not re.search(r"<(?!/?mark>)", str(hit.title) + str(hit.snippet))

    def test_a_query_with_markup_is_shown_escaped(self, client, engine):
        response = client.get(URL, {"q": "<b>bold</b>"})

        html = response.content.decode()
        assert "<b>bold</b>" not in html
        assert "&lt;b&gt;bold&lt;/b&gt;" in html


class TestFilters:
    @pytest.fixture
    def things(self):
        search.index(
            entry(1, title="Obesity strategy", kind="strategy"),
            entry(2, title="Obesity priority", kind="priority"),
            entry(3, title="Obesity in Leicestershire", kind="strategy", board="leicestershire"),
        )

    def test_by_board(self, client, things, engine):
        response = client.get(URL, {"q": "obesity", "board": "leicestershire"})

        assert titles(response) == ["Obesity in Leicestershire"]
        assert "from Leicestershire Board" in response.content.decode()

    def test_by_kind(self, client, things, engine):
        response = client.get(URL, {"q": "obesity", "kind": "priority"})

        assert titles(response) == ["Obesity priority"]

    def test_the_board_options_are_the_boards_in_the_index(self, client, things):
        response = client.get(URL)

        assert response.context["boards"] == [
            ("leicestershire", "Leicestershire Board"),
            ("thurrock", "Thurrock Health and Wellbeing Board"),
        ]

    @pytest.mark.parametrize(
        "params, note",
        [
            ({"board": "atlantis"}, "There is no board by that name"),
            ({"kind": "spaceship"}, "There is no such kind of document"),
            ({"board": "x\x00y", "kind": "\U0001f600"}, "There is no board by that name"),
        ],
    )
    def test_an_unknown_filter_is_dropped_with_a_message(self, client, things, params, note):
        response = client.get(URL, {"q": "obesity", **params})

        assert response.status_code == 200
        assert note in response.content.decode()
        assert len(titles(response)) == 3


class TestPages:
    @pytest.fixture
    def many(self):
        search.index(*[entry(n, title=f"Asthma report {n}", days=n) for n in range(45)])

    def test_twenty_a_page_with_the_count_and_gov_uk_pagination(self, client, many, engine):
        response = client.get(URL, {"q": "asthma", "page": "2"})

        html = response.content.decode()
        assert len(titles(response)) == 20
        assert "<strong>45</strong> results" in html
        assert "page 2 of 3" in html
        assert 'class="govuk-pagination"' in html
        assert 'href="?q=asthma&amp;page=3" rel="next"' in html
        assert 'aria-current="page">2</a>' in html

    def test_more_matches_than_are_ranked_says_more_than(self, client, many, monkeypatch, engine):
        monkeypatch.setattr(search, "MAX_RANKED", 30)

        response = client.get(URL, {"q": "asthma"})

        assert "<strong>More than 30</strong> results" in response.content.decode()
        assert response.context["page"].paginator.count == 31

    @pytest.mark.parametrize("page, shown", [("999", 3), ("-1", 3), ("abc", 1), ("", 1), ("2.5", 1)])
    def test_a_page_out_of_range_or_not_a_number(self, client, many, page, shown):
        response = client.get(URL, {"q": "asthma", "page": page})

        assert response.status_code == 200
        assert response.context["page"].number == shown

    def test_the_filters_are_kept_in_the_page_links(self, client, many):
        html = client.get(URL, {"q": "asthma", "kind": "strategy", "board": "thurrock"}).content.decode()

        assert 'href="?q=asthma&amp;board=thurrock&amp;kind=strategy&amp;page=2"' in html


class TestBadInput:
    def test_no_query_shows_the_form_and_no_results_list(self, client):
        search.index(entry(1, title="Anything"))

        response = client.get(URL, {"q": "   "})

        html = response.content.decode()
        assert response.status_code == 200
        assert 'id="search-q"' in html
        assert "app-search-results" not in html
        assert "no-results" not in html

    def test_no_match_gives_the_no_results_page_with_tips(self, client, engine):
        search.index(entry(1, title="Anything"))

        html = client.get(URL, {"q": "xylophone"}).content.decode()

        assert "There are no matching results for “xylophone”" in html
        assert "checking your spelling" in html

    def test_a_very_long_query_is_cut_with_a_message(self, client, engine):
        search.index(entry(1, title="Diabetes care"))

        response = client.get(URL, {"q": "diabetes " + "x" * 10_000})

        html = response.content.decode()
        assert response.status_code == 200
        assert f"only its first {search.MAX_QUERY_CHARACTERS} characters" in html
        assert len(response.context["query"]) <= search.MAX_QUERY_CHARACTERS
        assert titles(response) == ["Diabetes care"]

    @pytest.mark.parametrize(
        "query",
        [
            '"',
            '"unbalanced',
            "-",
            "--",
            ":",
            "&|!",
            "!!!(((",
            "a:* & b",
            "<->",
            "or",
            "OR -",
            "'; DROP TABLE core_searchentry; --",
            "1' OR '1'='1",
            "%_\\",
            "\x00",
            "abc\x00def",
            "\U0001f3e5\U0001f9e0",
            "سلامت روان",
            "\u202eevil\u202c",
            "Ω≈ç√∫˜µ≤≥÷",
            "the and of",
        ],
    )
    def test_operators_quotes_sql_unicode_and_nul_never_fail(self, client, engine, query):
        search.index(entry(1, title="Health and wellbeing"))

        response = client.get(URL, {"q": query})

        assert response.status_code == 200
        assert SearchEntry.objects.count() == 1

    def test_a_nul_byte_becomes_a_space(self, client, engine):
        search.index(entry(1, title="Immunisation"))

        response = client.get(URL, {"q": "immun\x00isation"})

        assert response.status_code == 200
        assert response.context["query"] == "immun isation"


@pytest.mark.django_db
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(max_size=300), page=st.text(max_size=5), kind=st.text(max_size=8))
def test_fuzz_any_input_gives_a_page_on_postgresql(client, query, page, kind):
    """Whatever is typed (any Unicode, operators, NUL), the page answers 200; on PostgreSQL's parser too."""
    if not SearchEntry.objects.exists():
        search.index(entry(1, title="Health and wellbeing", text='Mental health & smoking: "quit" -now'))

    response = client.get(URL, {"q": query, "page": page, "kind": kind})

    assert response.status_code == 200


class TestQueryBudget:
    @pytest.mark.parametrize("engine_name", ["postgresql", "simple"])
    def test_a_results_page_costs_the_same_few_queries_however_much_is_indexed(
        self, client, django_assert_max_num_queries, monkeypatch, engine_name
    ):
        if engine_name == "simple":
            monkeypatch.setattr(search, "is_postgresql", lambda: False)
        search.index(*[entry(n, title=f"Sexual health {n}", text="Clinics. " * 20) for n in range(10)])
        with django_assert_max_num_queries(3):  # The boards, the ranked ids, the page with its headlines.
            client.get(URL, {"q": "sexual health", "page": "1"})

        search.index(*[entry(n, title=f"Sexual health {n}", text="Clinics. " * 20) for n in range(10, 300)])

        with django_assert_max_num_queries(3):
            response = client.get(URL, {"q": "sexual health", "page": "2"})
        assert len(titles(response)) == 20

    def test_the_empty_form_costs_one_query(self, client, django_assert_max_num_queries):
        with django_assert_max_num_queries(1):
            client.get(URL)


class TestHeader:
    def test_every_page_has_the_search_box(self, client):
        html = client.get(reverse("home")).content.decode()

        assert f'action="{URL}"' in html
        assert 'role="search"' in html
        assert 'name="q"' in html
