"""The news's writes (news/services.py): who may make them, what they record, and what is public when."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.models import AuditEntry
from core.versions import EditConflict
from news import services
from news.models import NewsItem, NewsStatus
from tests.factories import NewsItemFactory, StrategyFactory

pytestmark = pytest.mark.django_db

TEXT = {"title": "Board meets in March", "summary": "The Board meets on 4 March.", "body": "Come along."}


def _create(board, by, **extra):
    return services.news_create(board=board, by=by, **(TEXT | extra))


class TestNewsCreate:
    def test_a_draft_is_never_public(self, board, officer):
        item = _create(board, officer)

        assert item.status == NewsStatus.DRAFT and item.publish_at is None
        assert not NewsItem.objects.public().exists()
        assert item.state == "Draft"

    def test_published_without_a_time_is_published_now(self, board, officer):
        before = timezone.now()

        item = _create(board, officer, status=NewsStatus.PUBLISHED)

        assert before <= item.publish_at <= timezone.now()
        assert list(NewsItem.objects.public()) == [item]

    def test_a_time_to_come_schedules_it_and_the_time_alone_makes_it_public(self, board, officer):
        at = timezone.now() + timedelta(hours=2)

        item = _create(board, officer, status=NewsStatus.PUBLISHED, publish_at=at)

        assert item.state == "Scheduled"
        assert not NewsItem.objects.public().exists()
        assert list(NewsItem.objects.public(now=at)) == [item]
        with mock.patch("django.utils.timezone.now", return_value=at + timedelta(seconds=1)):
            assert NewsItem.objects.get(pk=item.pk).is_public

    def test_is_audited_in_the_boards_history(self, board, officer):
        item = _create(board, officer)

        entry = AuditEntry.objects.get(target_id=item.pk, action=AuditEntry.Action.CREATED)
        assert entry.actor == officer and entry.scope_id == board.pk
        assert entry.changes["title"] == [None, TEXT["title"]]

    def test_the_markdown_is_sanitised(self, board, officer):
        item = _create(board, officer, body="Hi <script>alert(1)</script> [x](javascript:alert(1)) **bold**")

        html = str(item.body_html)
        assert "<script" not in html and 'href="javascript' not in html and "<strong>bold</strong>" in html

    def test_refuses_a_strategy_of_another_board(self, board, other_board, officer):
        strategy = StrategyFactory(board=other_board)

        with pytest.raises(ValidationError) as refused:
            _create(board, officer, strategy=strategy)

        assert "strategy" in refused.value.message_dict
        assert not NewsItem.objects.exists()

    def test_refuses_an_empty_title(self, board, officer):
        with pytest.raises(ValidationError) as refused:
            _create(board, officer, title="   ")

        assert "title" in refused.value.message_dict

    @pytest.mark.parametrize("who", ["board_member", "other_officer", "nobody"])
    def test_refuses_anyone_but_the_boards_officers(self, request, board, who):
        user = request.getfixturevalue(who)

        with pytest.raises(PermissionDenied):
            _create(board, user)

        assert not NewsItem.objects.exists()

    @pytest.mark.parametrize("who", ["board_admin", "site_admin"])
    def test_administrators_may_write(self, request, board, who):
        assert _create(board, request.getfixturevalue(who)).pk


class TestNewsUpdate:
    def test_changes_the_text_counts_the_version_and_audits(self, board, officer):
        item = _create(board, officer)

        item = services.news_update(item=item, by=officer, version=item.version, title="Board meets in April")

        assert item.title == "Board meets in April" and item.version == 2
        entry = AuditEntry.objects.get(target_id=item.pk, action=AuditEntry.Action.UPDATED)
        assert entry.changes["title"] == ["Board meets in March", "Board meets in April"]

    def test_a_stale_version_is_refused_and_the_newer_save_kept(self, board, officer, board_admin):
        item = _create(board, officer)
        services.news_update(item=item, by=board_admin, version=1, title="Theirs")

        with pytest.raises(EditConflict) as conflict:
            services.news_update(item=item, by=officer, version=1, title="Mine")

        assert conflict.value.version == 2
        assert NewsItem.objects.get(pk=item.pk).title == "Theirs"

    def test_publishing_a_draft_later_publishes_it_now(self, board, officer):
        item = _create(board, officer)

        item = services.news_update(
            item=item, by=officer, version=1, status=NewsStatus.PUBLISHED, publish_at=None
        )

        assert item.is_public

    def test_a_published_update_edited_keeps_its_time(self, board, officer):
        item = _create(
            board, officer, status=NewsStatus.PUBLISHED, publish_at=timezone.now() - timedelta(days=3)
        )
        was = item.publish_at

        item = services.news_update(
            item=item, by=officer, version=1, status=NewsStatus.PUBLISHED, publish_at=None
        )

        assert item.publish_at == was

    @pytest.mark.parametrize("who", ["board_member", "other_officer"])
    def test_refuses_anyone_but_the_boards_officers(self, request, board, officer, who):
        item = _create(board, officer)

        with pytest.raises(PermissionDenied):
            services.news_update(item=item, by=request.getfixturevalue(who), version=1, title="Hijacked")

        assert NewsItem.objects.get(pk=item.pk).title == TEXT["title"]


class TestNewsUnpublishAndDelete:
    def test_unpublish_makes_it_a_draft_again_once(self, board, officer):
        item = _create(board, officer, status=NewsStatus.PUBLISHED)

        services.news_unpublish(item=item, by=officer)
        item = services.news_unpublish(item=item, by=officer)

        assert item.status == NewsStatus.DRAFT and not NewsItem.objects.public().exists()
        assert AuditEntry.objects.filter(target_id=item.pk, action=AuditEntry.Action.UPDATED).count() == 1

    def test_delete_removes_it_and_records_it(self, board, officer):
        item = _create(board, officer, status=NewsStatus.PUBLISHED)

        services.news_delete(item=item, by=officer)
        services.news_delete(item=item, by=officer)

        assert not NewsItem.objects.exists()
        assert AuditEntry.objects.filter(target_id=item.pk, action=AuditEntry.Action.DELETED).count() == 1

    @pytest.mark.parametrize("who", ["board_member", "other_officer"])
    def test_refused_to_anyone_but_the_boards_officers(self, request, board, who):
        item = NewsItemFactory(board=board)
        user = request.getfixturevalue(who)

        with pytest.raises(PermissionDenied):
            services.news_unpublish(item=item, by=user)
        with pytest.raises(PermissionDenied):
            services.news_delete(item=item, by=user)

        assert NewsItem.objects.public().get() == item
