"""
Negative controls for the browser checks: a problem a test finds but does not assert fails it at
teardown. Each test below passes its own steps and leaves one kind of problem on the lists; its
marker turns the teardown failure that follows (and only that failure) into its success, so if the
teardown stopped failing these tests would fail instead.
"""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A 1x1 transparent GIF (img-src allows data: URIs).
PIXEL = "data:image/gif;base64,R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw=="


def add_element(page, tag: str, **attributes) -> None:
    # Evaluated through the DevTools protocol, so the page's CSP does not refuse it (no inline script).
    page.evaluate(
        "([tag, attributes]) => document.querySelector('main').append("
        "Object.assign(document.createElement(tag), attributes))",
        [tag, attributes],
    )


class TestAProblemLeftUnassertedFailsTheTest:
    @pytest.mark.browser_checks_must_fail("image-alt")
    def test_an_axe_violation(self, page, browser_checks, board):
        page.goto(board.get_absolute_url())
        add_element(page, "img", src=PIXEL)  # An image with no text alternative.

        browser_checks.axe(page, "board page with an image without alt text")

        assert any("image-alt" in violation for violation in browser_checks.violations)

    @pytest.mark.browser_checks_must_fail("Uncaught script errors")
    def test_an_uncaught_script_error(self, page, browser_checks, board):
        page.goto(board.get_absolute_url())

        page.evaluate("() => { setTimeout(() => { throw new Error('left unasserted') }, 0) }")

        page.wait_for_timeout(100)
        assert any("left unasserted" in error for error in browser_checks.script_errors)

    @pytest.mark.browser_checks_must_fail("404 GET")
    def test_a_missing_subresource(self, page, browser_checks, board):
        page.goto(board.get_absolute_url())

        with page.expect_response(lambda response: response.url.endswith("/missing.png")):
            add_element(page, "img", src="/static/missing.png", alt="Missing")

        assert any("missing.png" in bad for bad in browser_checks.bad_responses)


def test_a_clean_page_passes(page, browser_checks, board):
    """The positive control: the same page, untouched, leaves nothing for the teardown to fail on."""
    page.goto(board.get_absolute_url())

    browser_checks.axe(page, "board page")

    browser_checks.assert_clean()
