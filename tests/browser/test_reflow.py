"""
Every page fits a screen 320 CSS pixels wide without scrolling sideways (WCAG 2.2 1.4.10 Reflow: a
phone, or a desktop zoomed to 400%), with JavaScript on and off, and passes axe there too. Issue 5:
"at 375 px the board page's members table, /manage/ and the history scroll sideways".

The content is chosen to be hard to fit: long names, a long unbroken word and a long web address.
Each test collects every page that does not fit, so one run lists them all.
"""

from types import SimpleNamespace
from unittest import mock

import pytest
from playwright.sync_api import Page, expect

from core.documents import rendering
from tests.strategies.helpers import pdf_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 320
LONG_WORD = "Pneumonoultramicroscopicsilicovolcanoconiosis"
LONG_URL = (
    "https://www.thurrock.gov.uk/health-and-wellbeing-board/joint-health-and-wellbeing-strategy-2022-2026"
)

_OVERFLOWING = """
(width) => {
  const describe = (element) => `<${element.tagName.toLowerCase()} class="${element.className}">`;
  const found = [];
  for (const element of document.querySelectorAll("body *")) {
    if (element.closest(".govuk-visually-hidden, .govuk-skip-link, template")) continue;
    const right = element.getClientRects().length ? element.getBoundingClientRect().right : 0;
    if (right > width + 0.5) found.push(`${describe(element)} right edge at ${Math.round(right)}px`);
  }
  // Text can overflow a box that fits (a word too long for its line).
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  while (walker.nextNode()) {
    const parent = walker.currentNode.parentElement;
    if (!parent || parent.closest(".govuk-visually-hidden, .govuk-skip-link, template")) continue;
    range.selectNodeContents(walker.currentNode);
    const right = range.getBoundingClientRect().right;
    if (right > width + 0.5) {
      found.push(`text "${walker.currentNode.textContent.trim().slice(0, 40)}" in ${describe(parent)} `
        + `right edge at ${Math.round(right)}px`);
    }
  }
  return found.slice(0, 8);
}
"""

# The best-practice rule that finds content outside every landmark (not among the WCAG tags).
_AXE_REGION = """
async () => (await axe.run(document, {runOnly: {type: "rule", values: ["region"]}})).violations
  .flatMap((violation) => violation.nodes.map((node) => node.target.join(" ")))
"""


class Reflow:
    """Visits pages at 320 px, keeping what did not fit; axe checks each page as it is."""

    def __init__(self, checks, screenshot):
        self.checks = checks
        self.screenshot = screenshot
        self.problems: list[str] = []

    def visit(self, page: Page, url: str, where: str, *, status: int = 200) -> None:
        response = page.goto(url)
        assert response.status == status, f"{where}: {url} answered {response.status}"
        self.check(page, where)

    def check(self, page: Page, where: str) -> None:
        page.set_viewport_size({"width": WIDTH, "height": 800})
        self.checks.axe(page, f"{where} at {WIDTH}px")
        self.screenshot(page, f"reflow-{where}".replace(" ", "-").replace(",", ""))
        width = page.evaluate("() => document.documentElement.scrollWidth")
        if width > WIDTH:
            offenders = "\n      ".join(page.evaluate(_OVERFLOWING, WIDTH))
            self.problems.append(f"{where} ({page.url}) is {width}px wide:\n      {offenders}")
        if page.evaluate("() => typeof window.axe === 'object'"):
            outside = page.evaluate(_AXE_REGION)
            if outside:
                self.problems.append(f"{where}: content outside every landmark: {', '.join(outside)}")

    def assert_fits(self) -> None:
        assert not self.problems, f"Pages that do not reflow at {WIDTH}px:\n  " + "\n  ".join(self.problems)


@pytest.fixture
def reflow(browser_checks, screenshot) -> Reflow:
    return Reflow(browser_checks, screenshot)


@pytest.fixture
def content(public_strategies, officer, board_admin, build_strategy, membership_factory):
    """public_strategies, plus a full members table, a draft for consultation and long words."""
    from strategies import services
    from tests.browser.conftest import _move_strategy

    board = public_strategies.board
    members = [
        ("Cllr Georgette Polley-Worthington", "Cabinet Member for Adult Social Care", "Thurrock Council"),
        ("Dr Anand Ramaswamy-Fitzgerald", "Clinical Director", "NHS Mid and South Essex ICB Partnership"),
        ("Kim James", "Chief Executive", "Healthwatch Thurrock"),
    ]
    for name, job, organisation in members:
        membership_factory(board=board, user=None, name=name, job_title=job, organisation__name=organisation)
    consultation = build_strategy(
        board=board,
        by=officer,
        title="Thurrock Health and Wellbeing Strategy 2032 to 2036",
        start_year=2032,
        end_year=2036,
        vision=f"Read more at [{LONG_URL}]({LONG_URL}). {LONG_WORD}.",
        domains=[(f"Healthier environments {LONG_WORD}", [f"Priority {LONG_WORD}"])],
    )
    consultation = _move_strategy(consultation, to="in_consultation", by=officer)
    draft = public_strategies.draft
    domain = services.domain_create(
        strategy=draft, by=officer, title=f"Staying well {LONG_WORD}", description=f"See {LONG_URL}"
    )
    services.priority_create(domain=domain, by=officer, title=f"Cut smoking {LONG_WORD}")
    services.priority_create(domain=domain, by=officer, title="Get more people active")
    services.strategy_update(strategy=draft, by=officer, summary=f"Our plan {LONG_WORD}, at {LONG_URL}")
    public_strategies.consultation = consultation
    public_strategies.domain = domain
    return public_strategies


def public_pages(content) -> list[tuple[str, str, int]]:
    return [
        ("/", "home page", 200),
        (content.board.get_absolute_url(), "board page", 200),
        (content.current.get_absolute_url(), "published strategy", 200),
        (content.earlier.get_absolute_url(), "superseded strategy", 200),
        (content.consultation.get_absolute_url(), "draft for consultation", 200),
        ("/accounts/login/", "sign-in page", 200),
        ("/no-such-page/", "404 page", 404),
    ]


def officer_pages(content) -> list[tuple[str, str, int]]:
    current, draft, domain = content.current, content.draft, content.domain
    priority = domain.priorities.first()
    return [
        ("/", "home page, signed in", 200),
        (content.board.get_absolute_url(), "board page, signed in", 200),
        ("/manage/", "manage list", 200),
        ("/manage/strategies/new/", "create a strategy", 200),
        (draft.get_manage_url(), "workspace, draft", 200),
        (current.get_manage_url(), "workspace, published", 200),
        (f"/manage/strategies/{draft.pk}/edit/", "edit the strategy's details", 200),
        (f"/manage/strategies/{current.pk}/status/", "change the status", 200),
        (f"/manage/strategies/{current.pk}/history/", "history", 200),
        (f"/manage/strategies/{current.pk}/revisions/1/", "revision", 200),
        (f"/manage/strategies/{current.pk}/compare/?from=1&to=3", "compare revisions", 200),
        (f"/manage/domains/{domain.pk}/edit/", "edit a domain", 200),
        (f"/manage/domains/{domain.pk}/delete/", "delete a domain", 200),
        (f"/manage/priorities/{priority.pk}/edit/", "edit a priority", 200),
        (draft.get_absolute_url(), "draft, as the board reads it", 200),
        ("/manage/strategies/999999/", "404 page, signed in", 404),
    ]


class TestEveryPageFits320Pixels:
    def test_public_pages(self, page, browser_checks, content, reflow):
        for url, where, status in public_pages(content):
            reflow.visit(page, url, where, status=status)

        reflow.assert_fits()
        browser_checks.assert_clean()

    def test_officer_pages(self, page, browser_checks, content, officer, signed_in, hx, reflow):
        signed_in(page, officer)
        for url, where, status in officer_pages(content):
            reflow.visit(page, url, where, status=status)

        # States of pages: a form with errors, an item edited in place, an outcome banner.
        page.goto("/manage/strategies/new/")
        page.get_by_role("button", name="Create strategy").click()
        expect(page.locator(".govuk-error-summary")).to_be_visible()
        reflow.check(page, "create a strategy, with errors")
        page.goto(content.draft.get_manage_url())
        page.set_viewport_size({"width": WIDTH, "height": 800})
        hx(page, lambda: page.get_by_role("link", name=f"Edit Staying well {LONG_WORD}").click())
        reflow.check(page, "workspace, editing a domain in place")
        hx(page, lambda: page.get_by_role("button", name=f"Move down Cut smoking {LONG_WORD}").click())
        expect(page.locator("#notifications")).to_contain_text("Moved.")
        reflow.check(page, "workspace, with a banner")
        # The menu collapses behind GOV.UK's toggle, and opens.
        toggle = page.get_by_role("button", name="Menu")
        expect(toggle).to_be_visible()
        expect(page.get_by_role("link", name="Strategies", exact=True)).to_be_hidden()
        toggle.click()
        expect(page.get_by_role("link", name="Strategies", exact=True)).to_be_visible()
        reflow.check(page, "workspace, menu open")

        reflow.assert_fits()
        browser_checks.assert_clean()

    def test_pages_without_javascript(self, new_page, browser_checks, content, officer, signed_in, reflow):
        resident = new_page(javascript=False)
        for url, where, status in public_pages(content)[:5]:
            reflow.visit(resident, url, f"{where}, no JavaScript", status=status)
        page = new_page(javascript=False)
        signed_in(page, officer)
        for url, where, status in officer_pages(content)[2:9]:
            reflow.visit(page, url, f"{where}, no JavaScript", status=status)
        # Without JavaScript the menu is a plain list, every entry in reach.
        expect(page.get_by_role("link", name="Strategies", exact=True)).to_be_visible()
        expect(page.get_by_role("button", name="Sign out")).to_be_visible()

        reflow.assert_fits()
        browser_checks.assert_clean()


# The lines each status tag's text takes up.
_TAG_LINES = """
() => [...document.querySelectorAll("main .govuk-tag")].map((tag) => {
  const range = document.createRange();
  range.selectNodeContents(tag);
  const tops = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
  return [tag.textContent.trim(), tops.size];
})
"""


class TestStatusTagsOnWideScreens:
    def test_a_tag_stays_on_one_line_where_there_is_room(
        self, page, browser_checks, content, officer, signed_in
    ):
        page.set_viewport_size({"width": 1280, "height": 800})
        signed_in(page, officer)
        wrapped = []
        for url in [
            "/",
            content.board.get_absolute_url(),
            "/manage/",
            content.consultation.get_absolute_url(),
        ]:
            page.goto(url)
            tags = page.evaluate(_TAG_LINES)
            assert tags, f"no status tag on {url}"
            wrapped += [f"{url}: {text!r} on {lines} lines" for text, lines in tags if lines > 1]

        assert not wrapped, "\n".join(wrapped)
        browser_checks.assert_clean()


# Consultations (issue 6) -------------------------------------------------------------------------

CAMPAIGN = "Please keep the walk-in centre at Orsett Hospital open, it is vital for older people."


@pytest.fixture
def consultations(settings):
    """The demo's consultations (realistic figures: 300 responses, 45 themes), a campaign found in one."""
    from io import StringIO

    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from consultations.campaigns import campaigns_detect
    from consultations.models import Consultation
    from tests.consultations.helpers import make_response

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The demo's PDFs are rendered as it loads (a dozen seconds of WeasyPrint); these pages only link to them.
    with mock.patch.object(rendering, "html_to_pdf", lambda html, **kwargs: pdf_bytes()):
        call_command("load_demo", stdout=StringIO(), stderr=StringIO())
    users = get_user_model().objects
    closed = Consultation.objects.get(board__slug="thurrock")
    opened = Consultation.objects.get(board__slug="leicestershire")
    first = opened.priorities()[0]["id"]
    for name in ("Jane", "Bob", "Ali"):
        make_response(opened, comments={first: f"Dear Sir or Madam,\n{CAMPAIGN}\nYours faithfully,\n{name}"})
    officer = users.get(username="leics.officer")
    campaigns_detect(consultation=opened, by=officer)
    return SimpleNamespace(
        closed=closed,
        opened=opened,
        closed_officer=users.get(username="thurrock.officer"),
        opened_officer=officer,
    )


def consultation_pages(consultations) -> list[tuple[str, str]]:
    """The officer pages of issue 6: the open consultation's, then the closed one's (other officers)."""
    from django.urls import reverse

    closed, opened = consultations.closed.pk, consultations.opened.pk
    theme = consultations.opened.themes.order_by("pk").first()
    response = consultations.opened.responses.submitted().order_by("pk").first()
    return [
        (reverse("consultations:coding", args=[opened]), "coding"),
        (reverse("consultations:coding_agreement", args=[opened]), "coding agreement"),
        (reverse("consultations:themes", args=[opened]), "themes"),
        (reverse("consultations:theme_merge", args=[theme.pk]), "merge a theme"),
        (reverse("consultations:campaigns", args=[opened]), "campaigns"),
        (reverse("consultations:responses", args=[opened]), "responses"),
        (reverse("consultations:response_duplicate", args=[response.pk]), "mark a duplicate"),
        (reverse("consultations:monitor", args=[opened]), "monitor"),
    ], [
        (reverse("consultations:report_manage", args=[closed]), "report, manage"),
        (reverse("consultations:changes_compare", args=[closed]), "changes compared"),
        (reverse("consultations:coding", args=[closed]), "coding, closed"),
    ]


class TestConsultationPagesFit320Pixels:
    # One test for both modes, not one per mode or page group: each loads the whole demo first.
    def test_the_published_report_and_the_officer_pages(
        self, new_page, browser_checks, consultations, signed_in, reflow
    ):
        for javascript in (True, False):
            suffix = "" if javascript else ", no JavaScript"
            page = new_page(javascript=javascript)
            reflow.visit(page, consultations.closed.get_report_url(), f"consultation report{suffix}")
            # The charts scale down to the column, but their words stay readable.
            sizes = page.evaluate(_CHART_TEXT)
            assert sizes, "no chart text on the report"
            assert min(sizes) >= 14, f"chart text as small as {min(sizes)}px at {WIDTH}px"
            # In the page's font, not the browser's default serif.
            chart, body = page.evaluate(_FONTS)
            assert chart == body

            opened, closed = consultation_pages(consultations)
            officers = [consultations.opened_officer, consultations.closed_officer]
            for officer, pages in zip(officers, [opened, closed], strict=True):
                page = new_page(javascript=javascript)
                signed_in(page, officer)
                for url, where in pages:
                    where = f"{where}{suffix}"
                    reflow.visit(page, url, where)
                    summary = page.get_by_text("Coded, by priority", exact=True)
                    if summary.count():
                        summary.click()  # Open, so that its table is laid out.
                        reflow.check(page, f"{where}, by priority")

        reflow.assert_fits()
        browser_checks.assert_clean()


# The size each chart's text is drawn at, in CSS pixels: its font size scaled with its SVG.
_CHART_TEXT = """
() => [...document.querySelectorAll("svg.app-chart text")].map((text) =>
  Math.round(parseFloat(getComputedStyle(text).fontSize) * text.getScreenCTM().a * 10) / 10)
"""

_FONTS = """
() => ["svg.app-chart text", "main .govuk-body"].map(
  (selector) => getComputedStyle(document.querySelector(selector)).fontFamily)
"""
