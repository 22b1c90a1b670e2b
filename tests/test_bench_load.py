"""
The pieces of `make bench`'s h) and i) that can be wrong without the bench saying so
(scripts/benchlib): the percentile its latencies are read with, the wrk script that asks for many
pages in turn, the form a simulated person sends (as a browser would), and the list of public pages:
every one of them public, and nothing that is not.
"""

import importlib
import math
import sys
from pathlib import Path

import pytest
from django.test import Client

from strategies.models import Status
from tests.factories import (
    AgendaItemFactory,
    AgendaPublicationFactory,
    DecisionFactory,
    MeetingFactory,
    PriorityFactory,
    StrategyFactory,
)
from tests.strategies.helpers import move_to

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"


def bench(module: str):
    sys.path.insert(0, str(SCRIPTS))
    try:
        return importlib.import_module(f"benchlib.{module}")
    finally:
        sys.path.remove(str(SCRIPTS))


class TestPercentile:
    def test_reads_the_value_at_the_share_of_the_sorted_values(self):
        load = bench("load")
        values = [float(n) for n in range(1, 101)]

        assert load.percentile(values, 0.5) == 50.0
        assert load.percentile(values, 0.99) == 99.0
        assert load.percentile(values, 1.0) == 100.0
        assert load.percentile([7.0], 0.99) == 7.0

    def test_is_not_a_number_without_values(self):
        assert math.isnan(bench("load").percentile([], 0.5))


class TestRoundRobinScript:
    def test_lists_every_path_once_quoted_for_lua(self):
        script = bench("load").round_robin_script(["/", '/a"b/', "/c\\d/"])

        assert '  "/",\n  "/a\\"b/",\n  "/c\\\\d/"\n}' in script
        assert "return wrk.format(nil, paths[i])" in script


FORM = """<!DOCTYPE html><html><body>
<form method="post" action="/accounts/logout/">
  <input type="hidden" name="csrfmiddlewaretoken" value="t">
</form>
<form method="post" action="/manage/meetings/5/items/add/">
  <input type="hidden" name="csrfmiddlewaretoken" value="t">
  <input type="text" name="new-item-title">
  <textarea name="new-item-notes">Kept</textarea>
  <select name="new-item-lead">
    <option value="">None</option><option value="7" selected>Police</option>
  </select>
  <select name="new-item-exempt"><option value="">Public</option><option value="1">Exempt</option></select>
  <input type="radio" name="new-item-purpose" value="decision">
  <input type="radio" name="new-item-purpose" value="information" checked>
  <input type="checkbox" name="new-item-urgent" value="yes">
  <input type="checkbox" name="new-item-late" checked>
  <input type="file" name="new-item-paper">
  <input type="hidden" name="new-item-form_token" value="abc">
  <button type="submit" name="save" value="add">Add the item</button>
  <button type="submit" name="other" value="no">Not this one</button>
</form></body></html>"""


class TestFormFields:
    def test_sends_what_a_browser_sends_of_the_form_with_the_field(self):
        action, fields = bench("mixed").form_fields(FORM, "form_token")

        assert action == "/manage/meetings/5/items/add/"
        assert fields == [
            ("csrfmiddlewaretoken", "t"),
            ("new-item-title", ""),
            ("new-item-notes", "Kept"),
            ("new-item-lead", "7"),
            ("new-item-exempt", ""),
            ("new-item-purpose", "information"),
            ("new-item-late", "on"),
            ("new-item-form_token", "abc"),
            ("save", "add"),
        ]

    def test_finds_no_form_without_the_field(self):
        assert bench("mixed").form_fields(FORM, "version") == (None, [])

    def test_sets_a_prefixed_field_or_adds_one_the_form_left_out(self):
        mixed = bench("mixed")
        _, fields = mixed.form_fields(FORM, "form_token")

        changed = mixed.with_value(fields, "title", "Budget")
        added = mixed.with_value(fields, "extra", "1")

        assert ("new-item-title", "Budget") in changed
        assert len(changed) == len(fields)
        assert added[-1] == ("extra", "1")


@pytest.mark.django_db
class TestPublicUrls:
    def test_lists_public_pages_each_answering_anyone_and_nothing_private(self, board, officer, board_admin):
        published = StrategyFactory(board=board, slug="published")
        PriorityFactory(domain__strategy=published)
        move_to(published, Status.PUBLISHED, by=board_admin)
        draft = StrategyFactory(board=board, slug="draft")
        draft_priority = PriorityFactory(domain__strategy=draft)
        meeting = MeetingFactory(board=board)
        agenda = AgendaPublicationFactory(meeting=meeting, published_by=officer)
        public = DecisionFactory(agenda_item=AgendaItemFactory(meeting=meeting, number=1, publication=agenda))
        exempt = DecisionFactory(
            agenda_item=AgendaItemFactory(meeting=meeting, number=2, publication=agenda, exempt_paragraph=3)
        )

        urls = bench("public_pages").public_urls()

        paths = [path for _, path in urls]
        assert len(paths) == len(set(paths))
        assert f"/boards/{board.slug}/strategies/published/" in paths
        assert f"/boards/{board.slug}/strategies/published/dashboard/" in paths
        assert any(f"/meetings/{meeting.pk}/decisions/{public.pk}/" in path for path in paths)
        assert not any("/strategies/draft/" in path for path in paths)
        assert not any(path.endswith(f"/priorities/{draft_priority.pk}/") for path in paths)
        assert not any(f"/decisions/{exempt.pk}/" in path for path in paths)
        anyone = Client()
        answers = {path: anyone.get(path).status_code for path in paths}
        assert {path: status for path, status in answers.items() if status != 200} == {}
