"""
A board member compares two revisions of a strategy, with and without JavaScript.

The strategy is the demo's Thurrock 2022-2026 strategy (strategies/demo/thurrock.py) taken to
approval with the changes made after its consultation, so the comparison is the one the issue
found unreadable: the draft for consultation against the approved text.
"""

import pytest
from playwright.sync_api import expect

from strategies import services
from strategies.demo import thurrock
from strategies.models import Status
from tests.strategies.helpers import move_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SPEC = next(spec for spec in thurrock.STRATEGIES if spec["key"] == "thurrock_2022")
# The page ran to 5,000 px at desktop width; the whole comparison now takes about half that.
MOST_PIXELS_HIGH = 3_000


@pytest.fixture
def approved_after_consultation(board, officer):
    """The demo strategy as consulted on (revision 1), then changed and approved (revision 3)."""
    fields = (
        "title",
        "slug",
        "start_year",
        "end_year",
        "summary",
        "vision",
        "domain_label",
        "domain_label_plural",
    )
    strategy = services.strategy_create(board=board, by=officer, **{name: SPEC[name] for name in fields})
    domains = {}
    for spec in SPEC["domains"]:
        domain = services.domain_create(
            strategy=strategy, by=officer, title=spec["title"], description=spec["description"]
        )
        domains[domain.title] = domain
        for title, description, *_easy_read in spec["priorities"]:
            services.priority_create(domain=domain, by=officer, title=title, description=description)
    move_to(strategy, Status.FINAL_DRAFT, by=officer)
    for edit in SPEC["final_draft_edits"]:
        domain = domains[edit["domain"]]
        if edit["action"] == "add_priority":
            services.priority_create(
                domain=domain, by=officer, title=edit["title"], description=edit["description"]
            )
        else:
            priority = domain.priorities.get(title=edit["title"])
            services.priority_update(priority=priority, by=officer, description=edit["description"])
    return move_to(strategy, Status.APPROVED, by=officer)


@pytest.mark.parametrize("javascript", [True, False], ids=["JavaScript on", "JavaScript off"])
def test_board_member_reads_what_changed_after_the_consultation(
    javascript, new_page, browser_checks, approved_after_consultation, board_member, signed_in, screenshot
):
    strategy = approved_after_consultation
    label = "JavaScript on" if javascript else "JavaScript off"
    page = new_page(javascript=javascript)
    signed_in(page, board_member)

    page.goto(strategy.get_absolute_url())
    browser_checks.axe(page, f"strategy reading page ({label})")
    page.get_by_role("link", name="History of changes and revisions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("History")
    browser_checks.axe(page, f"history page ({label})")
    page.get_by_label("Compare revision").select_option("1")
    page.get_by_label("with").select_option("3")
    page.get_by_role("button", name="Compare").click()

    main = page.locator("main")
    expect(main.get_by_role("heading", level=2, name="Revision 1 compared with revision 3")).to_be_visible()
    expect(
        main.get_by_role("listitem").filter(has_text="Domain 3, Person-led health and care")
    ).to_contain_text("1 priority added")
    for unchanged in (
        "Strategy details",
        "Vision",
        "Domain 1, Staying healthier for longer",
        "Domain 6, Community safety",
    ):
        expect(main.get_by_text(f"{unchanged}: no changes", exact=True)).to_be_visible()
    expect(page.locator(".app-compare-section")).to_have_count(2)
    added = page.locator(
        ".app-compare-item", has=page.get_by_role("heading", name="Support for unpaid carers")
    )
    expect(added.locator(".govuk-tag")).to_have_text("Added")
    expect(added.locator(".app-diff ins")).to_contain_text("[added: Identify carers earlier")
    changed = page.locator(
        ".app-compare-item", has=page.get_by_role("heading", name="Preventing homelessness")
    )
    expect(changed.locator("del")).to_have_count(0)
    expect(changed.locator("ins")).to_have_text(
        "[added: , with help for people leaving hospital, care or prison so that nobody is discharged"
        " to the street]"
    )
    assert (
        page.evaluate("getComputedStyle(document.querySelector('.app-diff__block')).whiteSpace") == "normal"
    )
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < MOST_PIXELS_HIGH, f"The comparison is {height} px high"
    browser_checks.axe(page, f"comparison at 1280 px ({label})")
    screenshot(page, f"compare-1280-{label}")

    third = list(strategy.domains.all())[2]
    description = page.locator(f"#compare-domain-{third.pk} details")
    words = description.get_by_text("Health and care organised around what matters")
    expect(words).to_be_hidden()
    description.get_by_text("Show the description (no changes)").click()
    expect(words).to_be_visible()

    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320, "The page scrolls sideways at 320 px"
    browser_checks.axe(page, f"comparison at 320 px ({label})")
    screenshot(page, f"compare-320-{label}")

    browser_checks.assert_clean()
