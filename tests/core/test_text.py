"""Officers' Markdown: what it renders to, and what can never get through (core.text)."""

from html.parser import HTMLParser

import pytest
from django.template import Context, Template
from django.utils.safestring import SafeString

from core.text import clean_html, render_markdown


def markup(html: str) -> list[tuple[str, list]]:
    """The elements a browser would build from `html` (escaped text is not markup), with attributes."""
    found = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, attrs))

    Parser().feed(html)
    return found


class TestRenderMarkdown:
    def test_empty_text_is_empty(self):
        assert render_markdown("") == ""
        assert render_markdown(None) == ""

    def test_returns_safe_html(self):
        assert isinstance(render_markdown("Hello"), SafeString)

    def test_paragraphs_and_emphasis_get_govuk_classes(self):
        html = render_markdown("One *two* **three**.\n\nFour.")

        assert html == (
            '<p class="govuk-body">One <em>two</em> <strong>three</strong>.</p>\n'
            '<p class="govuk-body">Four.</p>\n'
        )

    def test_lists(self):
        html = render_markdown("- a\n- b\n\n1. x\n2. y")

        assert '<ul class="govuk-list govuk-list--bullet">\n<li>a</li>\n<li>b</li>\n</ul>' in html
        assert '<ol class="govuk-list govuk-list--number">\n<li>x</li>\n<li>y</li>\n</ol>' in html

    def test_links_open_safely_and_look_like_govuk_links(self):
        html = render_markdown(
            "[Fingertips](https://fingertips.phe.org.uk/) or [email us](mailto:hwb@example.org)"
        )

        fingertips = 'href="https://fingertips.phe.org.uk/" rel="noopener noreferrer">Fingertips</a>'
        assert f'<a class="govuk-link" {fingertips}' in html
        assert (
            '<a class="govuk-link" href="mailto:hwb@example.org" rel="noopener noreferrer">email us</a>'
            in html
        )

    @pytest.mark.parametrize(
        ("source", "tag"),
        [
            ("# A", "h3"),
            ("## A", "h3"),
            ("### A", "h3"),
            ("#### A", "h4"),
            ("##### A", "h4"),
            ("###### A", "h4"),
        ],
    )
    def test_headings_are_demoted_below_the_pages_own(self, source, tag):
        assert render_markdown(source) == f'<{tag} class="govuk-heading-s">A</{tag}>\n'

    def test_line_breaks_quotes_and_code(self):
        html = render_markdown("line  \nbreak\n\n> quoted\n\n`x < y`")

        assert "line<br>\nbreak" in html
        assert '<blockquote>\n<p class="govuk-body">quoted</p>\n</blockquote>' in html
        assert "<code>x &lt; y</code>" in html

    def test_without_govuk_classes_for_pdfs(self):
        html = render_markdown("# T\n\nText with [a link](https://example.org).", govuk_classes=False)

        assert html == (
            "<h3>T</h3>\n"
            '<p>Text with <a href="https://example.org" rel="noopener noreferrer">a link</a>.</p>\n'
        )

    def test_the_template_filters_render_it(self):
        template = Template("{% load portal %}{{ text|markdown }}|{{ text|plain_markdown }}")

        output = template.render(Context({"text": "**bold**"}))

        assert output == '<p class="govuk-body"><strong>bold</strong></p>\n|<p><strong>bold</strong></p>\n'


class TestMarkdownIsSanitised:
    @pytest.mark.parametrize(
        "source",
        [
            "<script>alert(1)</script>",
            "Hello <script>alert(1)</script> there",
            '<img src="x" onerror="alert(1)">',
            '<a href="javascript:alert(1)">click</a>',
            '<iframe src="https://evil.example"></iframe>',
            '<p style="position:fixed">cover the page</p>',
            "<svg onload=alert(1)>",
        ],
    )
    def test_raw_html_is_shown_as_text_never_as_markup(self, source):
        html = render_markdown(source)

        assert markup(html) == [("p", [("class", "govuk-body")])]
        assert "&lt;" in html

    @pytest.mark.parametrize(
        "href",
        [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "javascript&#58;alert(1)",
            "vbscript:msgbox(1)",
            "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
            "file:///etc/passwd",
        ],
    )
    def test_dangerous_link_targets_never_become_links(self, href):
        html = render_markdown(f"[click me]({href})")

        assert "href=" not in html
        assert "click me" in html

    def test_images_are_not_rendered(self):
        html = render_markdown("![chart](https://example.org/tracker.png)")

        assert "<img" not in html

    def test_autolinks_to_script_are_not_links(self):
        assert "href" not in render_markdown("<javascript:alert(1)>")


class TestCleanHtml:
    def test_removes_scripts_and_their_content(self):
        assert clean_html("<p>a</p><script>evil()</script>") == "<p>a</p>"

    def test_removes_event_handlers_and_styles(self):
        assert clean_html('<p onclick="x()" style="color:red">a</p>') == "<p>a</p>"

    def test_removes_script_links_but_keeps_their_words(self):
        assert clean_html('<a href="javascript:x()">words</a>') == '<a rel="noopener noreferrer">words</a>'

    def test_keeps_only_the_allowed_tags(self):
        html = clean_html(
            "<h1>Big</h1><h3>Ok</h3><table><tr><td>cell</td></tr></table><img src=x><iframe></iframe>"
        )

        assert html == "Big<h3>Ok</h3>cell"

    def test_replaces_link_targets_and_rel(self):
        html = clean_html('<a href="https://example.org" target="_blank" rel="opener">t</a>')

        assert html == '<a href="https://example.org" rel="noopener noreferrer">t</a>'
