"""
Every part of a strategy page is inside a landmark, so that screen reader users who move by landmark
miss nothing (axe's "region" rule). The browser tests run the rule on every page as well
(tests/browser/test_reflow.py); this finds the same fault without a browser.
"""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from strategies.models import Status
from tests.strategies.helpers import move_to

pytestmark = pytest.mark.django_db

LANDMARKS = {"header", "nav", "main", "footer", "aside"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class BackLinks(HTMLParser):
    """The landmark elements around each GOV.UK back link."""

    def __init__(self):
        super().__init__()
        self.open: list[str] = []
        self.found: list[list[str]] = []

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if tag == "a" and "govuk-back-link" in classes:
            self.found.append([t for t in self.open if t in LANDMARKS])
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag):
        if tag in self.open:
            while self.open.pop() != tag:
                pass


@pytest.fixture
def worked(strategy, officer):
    return move_to(strategy, Status.FINAL_DRAFT, by=officer)


def pages(strategy) -> list[str]:
    domain = strategy.domains.order_by("position").first()
    priority = domain.priorities.order_by("position").first()
    return [
        reverse("strategies:create"),
        reverse("strategies:edit", args=[strategy.pk]),
        reverse("strategies:transition", args=[strategy.pk]),
        reverse("strategies:history", args=[strategy.pk]),
        reverse("strategies:revision", args=[strategy.pk, 1]),
        reverse("strategies:compare", args=[strategy.pk]),
        reverse("strategies:domain_edit", args=[domain.pk]),
        reverse("strategies:domain_delete", args=[domain.pk]),
        reverse("strategies:priority_edit", args=[priority.pk]),
        reverse("strategies:priority_delete", args=[priority.pk]),
    ]


class TestBackLinks:
    def test_every_back_link_is_inside_a_navigation_landmark(self, worked, officer_client):
        for url in pages(worked):
            parser = BackLinks()
            parser.feed(officer_client.get(url).content.decode())

            assert parser.found, f"{url} has no back link"
            for landmarks in parser.found:
                assert "nav" in landmarks, f"The back link of {url} is outside a landmark"
