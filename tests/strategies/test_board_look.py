"""
A board's new or removed logo reaches its pages that anonymous visitors share through the page cache
(boards.signals.board_look_changed): none keeps the old header, or points at a logo file that is gone.
"""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from boards.services import board_setup
from tests.images import png_upload, upload

pytestmark = pytest.mark.django_db


def test_a_new_or_removed_logo_reaches_the_cached_strategy_page_and_dashboard(
    board, board_admin, published, client, django_capture_on_commit_callbacks
):
    pages = [
        reverse(name, args=[board.slug, published.slug])
        for name in ("strategies:detail", "delivery:dashboard")
    ]
    for url in pages:
        first = client.get(url)
        assert first.status_code == 200 and "app-header__logo" not in first.content.decode()
        assert client.get(url)["ETag"] == first["ETag"]  # Served from the cache from now on.

    with django_capture_on_commit_callbacks(execute=True):
        board = board_setup.board_logo_set(board=board, by=board_admin, file=png_upload())

    for url in pages:
        assert f'src="{board.logo_url}"' in client.get(url).content.decode(), url

    with django_capture_on_commit_callbacks(execute=True):
        board = board_setup.board_logo_remove(board=board, by=board_admin)

    for url in pages:
        assert "app-header__logo" not in client.get(url).content.decode(), url


def test_a_logo_refused_changes_nothing_and_forgets_nothing(
    board, board_admin, published, client, django_capture_on_commit_callbacks
):
    url = reverse("strategies:detail", args=[board.slug, published.slug])
    first = client.get(url)

    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(ValidationError):
        board_setup.board_logo_set(
            board=board, by=board_admin, file=upload("logo.png", b"not an image", "image/png")
        )

    assert callbacks == []
    assert client.get(url)["ETag"] == first["ETag"]
