"""A board's news in site search (news/search.py): found once public, never before, gone when taken back."""

from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from core import search
from core.models import SearchEntry
from news import search as news_search
from news import services, tasks
from news.models import NewsStatus
from news.search import source

pytestmark = pytest.mark.django_db

TEXT = {"title": "Orsett walk-in hours", "summary": "Longer opening hours.", "body": "Open **till eight**."}


def found(query: str) -> set[str]:
    return set(SearchEntry.objects.filter(pk__in=search.ranked(query)).values_list("source", flat=True))


def test_a_published_update_is_found_with_its_body_and_board(board, officer):
    item = services.news_create(board=board, by=officer, status=NewsStatus.PUBLISHED, **TEXT)

    assert found("eight") == {source(item.pk)}
    entry = SearchEntry.objects.get(source=source(item.pk))
    assert (entry.kind, entry.board_slug, entry.url) == ("news", board.slug, item.get_absolute_url())


def test_a_draft_and_a_scheduled_update_are_not_found_until_their_time(board, officer):
    services.news_create(board=board, by=officer, **TEXT)  # A draft.
    later = timezone.now() + timedelta(hours=2)
    scheduled = services.news_create(
        board=board, by=officer, status=NewsStatus.PUBLISHED, publish_at=later, **TEXT
    )
    tasks.news_announce_due()

    assert found("eight") == set()

    # Its time comes: the minute's beat task puts it in the index (once, however often it runs).
    type(scheduled).objects.filter(pk=scheduled.pk).update(publish_at=timezone.now() - timedelta(minutes=1))
    tasks.news_announce_due()
    tasks.news_announce_due()

    assert found("eight") == {source(scheduled.pk)}
    assert SearchEntry.objects.filter(source=source(scheduled.pk)).count() == 1


def test_unpublished_edited_and_deleted_updates_leave_or_change_the_index(board, officer):
    item = services.news_create(board=board, by=officer, status=NewsStatus.PUBLISHED, **TEXT)
    item = services.news_update(item=item, by=officer, version=item.version, body="Open till nine.")
    assert found("nine") == {source(item.pk)} and found("eight") == set()

    item = services.news_unpublish(item=item, by=officer)
    assert found("nine") == set()

    item = services.news_update(item=item, by=officer, version=item.version, status=NewsStatus.PUBLISHED)
    assert found("nine") == {source(item.pk)}

    services.news_delete(item=item, by=officer)
    assert not SearchEntry.objects.filter(source=source(item.pk)).exists()


def test_a_rebuild_holds_only_public_updates(board, officer):
    public = services.news_create(board=board, by=officer, status=NewsStatus.PUBLISHED, **TEXT)
    services.news_create(board=board, by=officer, **TEXT)
    SearchEntry.objects.all().delete()

    search.rebuild(["news"])

    assert set(SearchEntry.objects.values_list("source", flat=True)) == {source(public.pk)}


def test_the_minutes_run_reads_only_what_it_adds_however_many_updates_are_indexed(
    board, officer, django_assert_max_num_queries
):
    for _ in range(25):
        services.news_create(board=board, by=officer, status=NewsStatus.PUBLISHED, **TEXT)
    missing = services.news_create(board=board, by=officer, status=NewsStatus.PUBLISHED, **TEXT)
    SearchEntry.objects.filter(source=source(missing.pk)).delete()  # As if its time came a moment ago.

    with (
        mock.patch.object(news_search, "entry", wraps=news_search.entry) as made,
        django_assert_max_num_queries(5),  # The read, and the one insert in a savepoint.
    ):
        assert news_search.news_index_due() == 1

    assert [call.args[0].pk for call in made.call_args_list] == [missing.pk]
    assert SearchEntry.objects.filter(source=source(missing.pk)).exists()
