"""
Browser tests: Playwright (sync API) driving Debian's chromium against pytest-django's live_server.

One browser per session, a fresh context per test. Every page a test visits is checked with axe-core
(WCAG 2.2 AA tags) after it loads and after each HTMX swap, and everything the browser reports is
watched: Content Security Policy violations, uncaught script errors, console errors, server errors
and failed subresources. A test ends with `browser_checks.assert_clean()`, which fails with a
readable list of whatever was found on the way.

Whatever is still on those lists when a passing test ends fails it at teardown: a test that forgot
assert_clean(), or found something after calling it, cannot pass. A test that expects a finding
takes it off the list itself (`browser_checks.csp.clear()` after asserting on it). The negative
controls in test_browser_checks.py prove the teardown fails (marker `browser_checks_must_fail`).
"""

import os

# Playwright's sync API runs an event loop in this thread; the ORM calls made by the tests (and by
# live_server's thread) would otherwise raise SynchronousOnlyOperation. Test environment only.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import re  # noqa: E402
from collections.abc import Callable, Generator, Iterator  # noqa: E402
from datetime import datetime  # noqa: E402
from pathlib import Path  # noqa: E402
from types import SimpleNamespace  # noqa: E402
from urllib.parse import urlsplit  # noqa: E402
from zoneinfo import ZoneInfo  # noqa: E402

import pytest  # noqa: E402
from playwright.sync_api import Browser, BrowserContext, Page, Response, expect, sync_playwright  # noqa: E402

from tests.factories import PASSWORD  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
# Without the networking flags Chromium keeps trying to reach the internet (shared/STACK-NOTES.md).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_SOURCE_PATH = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]
# Generous: a click that navigates waits for the next page, which a loaded machine may take seconds to serve.
TIMEOUT_MS = 10_000
# Set to a folder to keep screenshots of the pages the journeys pass through (never the repository).
SCREENSHOT_DIR = os.environ.get("BROWSER_SCREENSHOTS", "")

expect.set_options(timeout=TIMEOUT_MS)

# Every element htmx marks while a request or a swap is under way.
HTMX_BUSY = ".htmx-request, .htmx-swapping, .htmx-settling, .htmx-added"

_AXE_RUN = """
async (tags) => {
  const options = {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]};
  const results = await axe.run(document, options);
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({target: n.target.join(" "), summary: n.failureSummary})),
  }));
}
"""


class AccessibilityViolations(AssertionError):
    """axe found WCAG problems (a distinct type, so an xfail can name it and nothing else)."""


class BrowserChecks:
    """What axe and the browser reported while one test ran."""

    def __init__(self, auditor: Callable[[], Page]):
        self._auditor = auditor
        self._no_js_contexts: set[int] = set()
        self.pages_checked: list[str] = []
        self.violations: list[str] = []
        self.csp: list[str] = []
        self.script_errors: list[str] = []
        self.console_errors: list[str] = []
        self.bad_responses: list[str] = []

    # Watching -----------------------------------------------------------------------------------

    def watch(self, page: Page, *, javascript: bool = True) -> Page:
        if not javascript:
            self._no_js_contexts.add(id(page.context))
        page.on("console", lambda message: self._on_console(page, message))
        page.on("pageerror", lambda error: self.script_errors.append(f"{page.url}: {error}"))
        page.on("response", self._on_response)
        page.on("requestfailed", self._on_request_failed)
        return page

    def _on_console(self, page: Page, message) -> None:
        text = message.text
        if "Content Security Policy" in text:
            self.csp.append(f"{page.url}: {text}")
        elif message.type == "error" and not text.startswith("Failed to load resource"):
            # Failed loads are reported (with their address) by _on_response.
            self.console_errors.append(f"{page.url}: {text}")

    def _on_response(self, response: Response) -> None:
        request = response.request
        if response.status >= 500 or (response.status >= 400 and request.resource_type != "document"):
            self.bad_responses.append(f"{response.status} {request.method} {response.url}")

    def _on_request_failed(self, request) -> None:
        # A download ends its request with net::ERR_ABORTED: that is not a failure.
        if "ERR_ABORTED" not in (request.failure or ""):
            self.bad_responses.append(f"{request.failure} {request.method} {request.url}")

    # axe ----------------------------------------------------------------------------------------

    def axe(self, page: Page, where: str) -> None:
        """Run axe on the page as it now stands; `where` names the state for the report."""
        # A click that navigates returns once the new document is committed, not loaded.
        page.wait_for_load_state("load")
        wait_for_htmx(page)
        if id(page.context) in self._no_js_contexts:
            found = self._axe_without_script(page)
        else:
            found = _run_axe(page)
        self.pages_checked.append(where)
        for violation in found:
            nodes = "\n".join(
                f"      - {n['target']}\n        {_indent(n['summary'])}" for n in violation["nodes"]
            )
            self.violations.append(
                f"[{where}] {page.url}\n"
                f"    {violation['id']} ({violation['impact']}): {violation['help']}\n"
                f"    {violation['helpUrl']}\n{nodes}"
            )

    def _axe_without_script(self, page: Page) -> list[dict]:
        # axe cannot run where scripts are disabled (its promise never settles), so the DOM the
        # no-JavaScript browser built is audited in a scripting page, with the same address and CSS
        # but with the page's own scripts taken out: what a reader without JavaScript gets.
        html = re.sub(r"<script\b[^>]*>.*?</script>", "", page.content(), flags=re.S | re.I)
        html = re.sub(r"</?noscript>", "", html, flags=re.I)
        url = page.url.split("#")[0]
        auditor = self._auditor()

        def serve(route):
            route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html)

        auditor.route(lambda candidate: candidate == url, serve)
        try:
            auditor.goto(url)
            # axe measures the layout (target sizes, contrast): every stylesheet must have arrived.
            auditor.wait_for_function(
                "() => [...document.querySelectorAll('link[rel=stylesheet]')].every((link) => link.sheet)"
            )
            return _run_axe(auditor)
        finally:
            auditor.unroute_all()

    # The verdict -------------------------------------------------------------------------------

    def problems(self) -> list[str]:
        sections = [
            ("Content Security Policy violations", self.csp),
            ("Uncaught script errors", self.script_errors),
            ("Console errors", self.console_errors),
            ("Server errors and failed subresources", self.bad_responses),
        ]
        return [f"{title}:\n  " + "\n  ".join(items) for title, items in sections if items]

    def assert_clean(self) -> None:
        """Fail with everything found so far. Accessibility problems alone raise AccessibilityViolations."""
        problems = self.problems()
        if problems:
            raise AssertionError("\n\n".join(problems + self._violation_report()))
        if self.violations:
            raise AccessibilityViolations("\n\n".join(self._violation_report()))

    def report(self) -> str:
        """Everything still found: what the teardown fails a passing test with."""
        return "\n\n".join(self.problems() + self._violation_report())

    def _violation_report(self) -> list[str]:
        if not self.violations:
            return []
        heading = (
            f"axe found {len(self.violations)} violation(s) ({', '.join(AXE_TAGS)}) "
            f"in {len(self.pages_checked)} page state(s) checked:"
        )
        return [heading, *self.violations]


def _run_axe(page: Page) -> list[dict]:
    if not page.evaluate("() => typeof window.axe === 'object'"):
        # page.add_script_tag(path=...) inserts an inline <script>, which our CSP refuses (and
        # reports as a violation); evaluating the source through the DevTools protocol is not
        # subject to the page's CSP.
        page.evaluate(_axe_source())
    return page.evaluate(_AXE_RUN, AXE_TAGS)


_axe_cache: list[str] = []


def _axe_source() -> str:
    if not _axe_cache:
        if not AXE_SOURCE_PATH.exists():
            pytest.fail(f"{AXE_SOURCE_PATH} is missing: run `npm ci`.")
        _axe_cache.append(AXE_SOURCE_PATH.read_text())
    return _axe_cache[0]


def _indent(text: str | None) -> str:
    return (text or "").replace("\n", "\n        ")


# HTMX -------------------------------------------------------------------------------------------


def wait_for_htmx(page: Page) -> None:
    """Wait until no htmx request, swap or settle is under way (a no-op where scripts are off)."""
    page.wait_for_function(f"() => !document.querySelector({HTMX_BUSY!r})")


def htmx_swap(page: Page, action: Callable[[], None]) -> Response:
    """
    Do `action`, which must send one htmx request, and wait for its swap to settle. Asserts that
    the page was not reloaded: a marker set on the window before the action is still there after.
    """
    page.evaluate("() => { window.__hwbMarker = (window.__hwbMarker || 0) + 1 }")
    marker = page.evaluate("() => window.__hwbMarker")
    with page.expect_response(lambda r: r.request.headers.get("hx-request") == "true") as info:
        action()
    wait_for_htmx(page)
    assert page.evaluate("() => window.__hwbMarker") == marker, "The page was reloaded, not swapped by htmx"
    return info.value


# Small journey helpers (tests reach them through the fixtures of the same names) ----------------


def _sign_in(page: Page, checks: BrowserChecks, user) -> None:
    page.goto("/accounts/login/")
    checks.axe(page, "sign-in page")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Manage strategies")
    checks.axe(page, "manage strategies list")


def _sign_out(page: Page, checks: BrowserChecks) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out.")).to_be_visible()
    checks.axe(page, "home page after signing out")


def _screenshot(page: Page, name: str) -> None:
    if SCREENSHOT_DIR:
        Path(SCREENSHOT_DIR).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOT_DIR) / f"{name}.png"), full_page=True)


# Failing at teardown ----------------------------------------------------------------------------

# Each phase's report of the running test, so that browser_checks knows at teardown whether the
# test itself passed (pytest's documented recipe: "Making test result information available in
# fixtures").
PHASE_REPORTS = pytest.StashKey[dict[str, pytest.TestReport]]()
MUST_FAIL = "browser_checks_must_fail"


def pytest_configure(config) -> None:
    config.addinivalue_line(
        "markers",
        f"{MUST_FAIL}(text): a negative control; its teardown must fail with `text` in the message",
    )


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    item.stash.setdefault(PHASE_REPORTS, {})[report.when] = report
    marker = item.get_closest_marker(MUST_FAIL)
    if marker is not None and report.when == "teardown":
        # A negative control: the teardown failing, as every other test's would, is its success.
        expected = marker.args[0]
        if report.failed and expected in str(report.longrepr):
            report.outcome, report.longrepr = "passed", None
        elif report.passed:
            report.outcome = "failed"
            report.longrepr = f"This negative control should have failed at teardown with {expected!r}."
    return report


# Fixtures ---------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium")
    if not (ROOT / "static" / "dist" / "app.css").exists():
        pytest.fail("static/dist is missing: run `npm ci && npm run build`.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser: Browser, live_server, browser_checks) -> Callable[..., Page]:
    """new_page(javascript=True): a watched page in a fresh context, addressed relative to live_server."""
    contexts: list[BrowserContext] = []

    def make(*, javascript: bool = True) -> Page:
        context = browser.new_context(
            base_url=live_server.url, java_script_enabled=javascript, accept_downloads=True
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return browser_checks.watch(context.new_page(), javascript=javascript)

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def browser_checks(request, browser: Browser, live_server) -> Iterator[BrowserChecks]:
    auditor: list[Page] = []

    def get_auditor() -> Page:
        if not auditor:
            context = browser.new_context(base_url=live_server.url)
            context.set_default_timeout(TIMEOUT_MS)
            page = context.new_page()
            page.on("response", checks._on_response)
            page.on("requestfailed", checks._on_request_failed)
            auditor.append(page)
        return auditor[0]

    checks = BrowserChecks(get_auditor)
    yield checks
    if auditor:
        auditor[0].context.close()
    found = checks.report()
    if not found:
        return
    call = request.node.stash.get(PHASE_REPORTS, {}).get("call")
    if call is None or not call.passed:
        # The test failed (or was skipped, or an expected failure) on its own: show what was found
        # beside its failure rather than adding a second one.
        print(found)
        return
    pytest.fail(
        "The test passed, but the browser checks found problems it did not assert "
        "(end the test with browser_checks.assert_clean(), or take an expected finding off its "
        f"list):\n\n{found}",
        pytrace=False,
    )


@pytest.fixture
def page(new_page) -> Page:
    return new_page()


@pytest.fixture
def sign_in(browser_checks) -> Callable[[Page, object], None]:
    """sign_in(page, user): through the login form, as people do."""
    return lambda page, user: _sign_in(page, browser_checks, user)


@pytest.fixture
def signed_in(live_server) -> Callable[[Page, object], None]:
    """signed_in(page, user): a session cookie for the user, for tests that are not about signing in."""
    from django.conf import settings
    from django.test import Client

    def add_session(page: Page, user) -> None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        page.context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
        )

    return add_session


@pytest.fixture
def sign_out(browser_checks) -> Callable[[Page], None]:
    return lambda page: _sign_out(page, browser_checks)


@pytest.fixture
def hx(browser_checks) -> Callable[..., Response]:
    """
    hx(page, action, where=None): do an action that sends one htmx request, wait for the swap to
    settle, prove the page was not reloaded, and run axe on the result.
    """

    def swap(page: Page, action: Callable[[], None], where: str | None = None) -> Response:
        response = htmx_swap(page, action)
        path = urlsplit(response.url).path
        browser_checks.axe(page, where or f"after htmx {response.request.method} {path}")
        return response

    return swap


@pytest.fixture
def screenshot() -> Callable[[Page, str], None]:
    """screenshot(page, name): a full-page PNG in $BROWSER_SCREENSHOTS, when that is set."""
    return _screenshot


# Content ----------------------------------------------------------------------------------------


def _build_strategy(*, board, by, title: str, start_year: int, end_year: int, domains=(), **fields):
    from strategies import services

    strategy = services.strategy_create(
        board=board,
        by=by,
        title=title,
        slug=fields.get("slug", f"{start_year}-{end_year}"),
        start_year=start_year,
        end_year=end_year,
        summary=fields.get("summary", ""),
        vision=fields.get("vision", ""),
        domain_label=fields.get("domain_label", "domain"),
        domain_label_plural=fields.get("domain_label_plural", "domains"),
        predecessor=fields.get("predecessor"),
    )
    for domain_title, priorities in domains:
        domain = services.domain_create(strategy=strategy, by=by, title=domain_title)
        for priority_title in priorities:
            services.priority_create(domain=domain, by=by, title=priority_title)
    return strategy


def _move_strategy(strategy, *, to: str, by, decision=None):
    from strategies import services
    from strategies.models import Status, Strategy
    from tests.strategies.helpers import decision_for, give_minimal_text

    if to == Status.PUBLISHED:
        give_minimal_text(strategy)
    order = [Status.DRAFT, Status.IN_CONSULTATION, Status.FINAL_DRAFT, Status.APPROVED, Status.PUBLISHED]
    for status in order[order.index(strategy.status) + 1 : order.index(to) + 1]:
        services.strategy_transition(
            strategy=strategy,
            to_status=status,
            by=by,
            reason=f"Moved to {status.label.lower()} for the browser tests.",
            # The approval is `decision`; going out to consultation needs the Board's too (decision_for).
            decision=decision_for(strategy, status, decision if status == Status.APPROVED else None),
        )
    return Strategy.objects.get(pk=strategy.pk)


@pytest.fixture
def build_strategy(db):
    """
    build_strategy(board=, by=, title=, start_year=, end_year=, domains=[(title, [priority, ...])], ...):
    a draft written through the services, as officers write one (so its history is real).
    """
    return _build_strategy


@pytest.fixture
def approval_decision(decision_factory, board):
    """The Board's resolution approving its strategy, at its meeting of 9 June 2022."""
    return decision_factory(
        strategy=True,
        agenda_item__meeting__board=board,
        agenda_item__meeting__starts_at=datetime(2022, 6, 9, 14, 0, tzinfo=ZoneInfo("Europe/London")),
        agenda_item__title="Joint Health and Wellbeing Strategy 2022 to 2026",
        text="That the Joint Health and Wellbeing Strategy 2022 to 2026 be approved.",
    )


@pytest.fixture
def consultation_decision(decision_factory, board):
    """The Board's resolution approving its draft strategy for consultation, at its meeting a week ago."""
    return decision_factory(
        consultation=True,
        agenda_item__meeting__board=board,
        agenda_item__title="Draft Joint Health and Wellbeing Strategy",
    )


@pytest.fixture
def public_strategies(board, officer, board_admin, approval_decision):
    """
    What residents can read: a published strategy (approved by a Board decision) that replaced an
    earlier one, now superseded; both PDFs rendered. Plus a draft, which nobody outside the board sees.
    """
    earlier = _build_strategy(
        board=board,
        by=officer,
        title="Thurrock Health and Wellbeing Strategy 2016 to 2021",
        start_year=2016,
        end_year=2021,
        vision="Add years to life and life to years.",
        domains=[("Healthier environments", ["Improve air quality"])],
    )
    earlier = _move_strategy(earlier, to="published", by=board_admin)
    vision = "Everyone in Thurrock lives a longer, healthier and happier life, whatever their background."
    domains = [
        ("Staying healthier for longer", ["Reduce smoking in manual occupations", "Get more people active"]),
        ("Opportunity for all", ["Raise attainment in the early years"]),
    ]
    current = _build_strategy(
        board=board,
        by=officer,
        title="Thurrock Health and Wellbeing Strategy 2022 to 2026",
        start_year=2022,
        end_year=2026,
        summary="Our plan to improve health and reduce health inequalities in Thurrock.",
        vision=vision,
        domains=domains,
        predecessor=earlier,
    )
    current = _move_strategy(current, to="published", by=board_admin, decision=approval_decision)
    draft = _build_strategy(
        board=board,
        by=officer,
        title="Thurrock Health and Wellbeing Strategy 2027 to 2031",
        start_year=2027,
        end_year=2031,
        vision="Not for residents' eyes yet.",
    )
    earlier.refresh_from_db()
    return SimpleNamespace(
        board=board, current=current, earlier=earlier, draft=draft, vision=vision, domains=domains
    )
