"""The revision comparison (strategies.diff): sections, folded context, moves, marks in rendered Markdown."""

import re
from html import escape
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from core.text import render_markdown
from strategies.diff import ADDED, CHANGED, REMOVED, SAME, compare_snapshots, compare_text


def elements(html: str) -> list[tuple[str, dict]]:
    """The elements a browser would build from `html` (escaped text is not markup), with attributes."""
    found = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, dict(attrs)))

    Parser().feed(str(html))
    return [(tag, attrs) for tag, attrs in found if attrs.get("class") != "govuk-visually-hidden"]


def tags(html: str) -> list[str]:
    return [tag for tag, _ in elements(html)]


def shown(text) -> list[tuple[str, str]]:
    """(change, html) for each block shown, ("folded", count) for each folded run."""
    return [
        ("folded", str(len(item.blocks))) if item.folded else (item.change, str(item.html))
        for item in text.items
    ]


def added(words: str) -> str:
    return (
        f'<ins><span class="govuk-visually-hidden">[added: </span>{words}'
        '<span class="govuk-visually-hidden">]</span></ins>'
    )


def removed(words: str) -> str:
    return (
        f'<del><span class="govuk-visually-hidden">[removed: </span>{words}'
        '<span class="govuk-visually-hidden">]</span></del>'
    )


def snapshot(*domains, **fields) -> dict:
    """A snapshot as Strategy.snapshot() makes one: domains are (id, title, [(id, title, description)])."""
    text = {
        "title": "Health and Wellbeing Strategy 2022 to 2026",
        "board": "Thurrock Health and Wellbeing Board",
        "start_year": 2022,
        "end_year": 2026,
        "summary": "How partners will improve health.",
        "vision": "Everyone lives a **longer, healthier** life.",
        "domain_label": "domain",
        "domain_label_plural": "domains",
        "domains": [
            {
                "id": domain_id,
                "title": title,
                "description": f"What domain {domain_id} is about.",
                "priorities": [
                    {"id": pid, "title": ptitle, "description": description}
                    for pid, ptitle, description in priorities
                ],
            }
            for domain_id, title, priorities in domains
        ],
    }
    text.update(fields)
    return text


STAYING = (1, "Staying healthier for longer", [(11, "Fewer people smoking", "Expand stop smoking support.")])
COMMUNITIES = (2, "Strong communities", [(21, "Less loneliness", "Connect residents with groups.")])
ENVIRONMENT = (3, "Healthier environments", [(31, "Cleaner air", "Reduce pollution near roads.")])


def by_name(comparison) -> dict:
    return {section.name: section for section in comparison.sections}


class TestMarkdownText:
    def test_unchanged_text_has_no_changes(self):
        text = compare_text("One.\n\nTwo.", "One.\n\nTwo.")

        assert not text.changed
        assert [(b.change, b.html) for b in text.blocks] == [
            (SAME, '<p class="govuk-body">One.</p>\n<p class="govuk-body">Two.</p>\n')
        ]

    def test_a_changed_word_is_marked_inside_the_rendered_paragraph(self):
        text = compare_text("We will act **now**.", "We will act **quickly**.")

        marked = f"<strong>{removed('now')}{added('quickly')}</strong>"
        assert shown(text) == [(CHANGED, f'<p class="govuk-body">We will act {marked}.</p>\n')]

    def test_a_word_added_in_bold_is_marked_inside_the_bold(self):
        text = compare_text("A paragraph about prevention.", "A paragraph about **early** prevention.")

        marked = f"<strong>{added('early')}</strong>"
        assert shown(text) == [
            (CHANGED, f'<p class="govuk-body">A paragraph about {marked} prevention.</p>\n')
        ]

    def test_words_added_before_a_full_stop_remove_nothing(self):
        text = compare_text(
            "Act early, before people lose their home.",
            "Act early, before people lose their home, with help for people leaving hospital.",
        )

        html = shown(text)[0][1]
        assert "<del>" not in html
        assert f"their home{added(', with help for people leaving hospital')}." in html

    def test_a_rewritten_phrase_is_one_change_not_a_word_by_word_patchwork(self):
        text = compare_text(
            "Improve treatment and recovery services.", "Expand prevention and harm reduction services."
        )

        html = shown(text)[0][1]
        assert html.count("<del>") == 1 and html.count("<ins>") == 1
        assert removed("Improve treatment and recovery") in html
        assert added("Expand prevention and harm reduction") + " services." in html

    def test_an_item_added_to_a_list_keeps_one_list(self):
        text = compare_text("- one\n- two\n- three", "- one\n- two and a half\n- three\n- four")

        html = shown(text)[0][1]
        assert tags(html) == ["ul", "li", "li", "ins", "li", "li", "ins"]
        assert f"<li>two {added('and a half')}</li>" in html
        assert f"<li>{added('four')}</li>" in html

    def test_an_item_added_at_the_top_of_a_list_leaves_the_others_alone(self):
        bullets = compare_text("- b\n- c", "- a\n- b\n- c")
        numbered = compare_text("1. b\n2. c", "1. a\n2. b\n3. c")

        for text in (bullets, numbered):
            html = shown(text)[0][1]
            assert tags(html)[1:] == ["li", "ins", "li", "li"]
            assert f"<li>{added('a')}</li>\n<li>b</li>\n<li>c</li>" in html

    def test_an_item_removed_from_a_list_keeps_its_place(self):
        text = compare_text("- a\n- b\n- c", "- a\n- c")

        assert f"<li>a</li>\n<li>{removed('b')}</li>\n<li>c</li>" in shown(text)[0][1]

    def test_an_ordered_list_stays_numbered(self):
        text = compare_text("1. one\n2. two", "1. one\n2. two\n3. three")

        html = shown(text)[0][1]
        assert tags(html) == ["ol", "li", "li", "li", "ins"]

    def test_a_changed_word_in_a_links_text_keeps_the_link(self):
        text = compare_text(
            "Read [the plan](https://example.org/plan).", "Read [our plan](https://example.org/plan)."
        )

        html = shown(text)[0][1]
        assert elements(html)[1] == (
            "a",
            {"class": "govuk-link", "href": "https://example.org/plan", "rel": "noopener noreferrer"},
        )
        assert f'rel="noopener noreferrer">{removed("the")}{added("our")} plan</a>.' in html

    def test_a_changed_link_address_shows_the_old_paragraph_removed_and_the_new_one_added(self):
        text = compare_text(
            "Read [the plan](https://old.example/).", "Read [the plan](https://new.example/)."
        )

        (old_change, old_html), (new_change, new_html) = shown(text)
        assert (old_change, new_change) == (REMOVED, ADDED)
        assert 'href="https://old.example/"' in old_html and f">{removed('the plan')}</a>" in old_html
        assert 'href="https://new.example/"' in new_html and f">{added('the plan')}</a>" in new_html

    def test_a_paragraph_turned_into_a_list_is_shown_removed_then_added(self):
        text = compare_text("We will listen and report.", "We will:\n\n- listen\n- report")

        assert [change for change, _ in shown(text)] == [REMOVED, ADDED, ADDED]
        assert tags(shown(text)[2][1]) == ["ul", "li", "ins", "li", "ins"]

    def test_paragraphs_added_and_removed_whole(self):
        text = compare_text("Kept.\n\nDropped.", "Kept.\n\nNew words.\n\nMore new words.")

        assert [change for change, _ in shown(text)] == [SAME, REMOVED, ADDED, ADDED]
        assert shown(text)[1][1] == f'<p class="govuk-body">{removed("Dropped.")}</p>\n'
        assert shown(text)[3][1] == f'<p class="govuk-body">{added("More new words.")}</p>\n'

    def test_unchanged_paragraphs_away_from_a_change_are_folded(self):
        old = "\n\n".join(f"Paragraph {n}." for n in range(1, 9))
        new = old.replace("Paragraph 5.", "Paragraph five.")

        text = compare_text(old, new)

        assert [change for change, _ in shown(text)] == ["folded", SAME, CHANGED, SAME, "folded"]
        assert [item.blocks[0].html for item in text.items if item.folded] == [
            '<p class="govuk-body">Paragraph 1.</p>\n',
            '<p class="govuk-body">Paragraph 7.</p>\n',
        ]
        assert [len(item.blocks) for item in text.items if item.folded] == [3, 2]

    def test_a_single_unchanged_paragraph_is_shown_rather_than_folded(self):
        text = compare_text("One.\n\nTwo.\n\nThree.", "One.\n\nTwo.\n\nThree, changed.")

        assert [change for change, _ in shown(text)] == [SAME, SAME, CHANGED]

    def test_a_loose_list_is_one_block(self):
        text = compare_text("- one\n\n- two\n\n- three", "- one\n\n- two\n\n- three\n\n- four")

        assert len(text.blocks) == 1
        assert tags(shown(text)[0][1]).count("ul") == 1

    def test_reference_links_still_render_as_links(self):
        source = "Read [the plan][plan].\n\nAnother paragraph.\n\n[plan]: https://example.org/plan"

        text = compare_text(source, source.replace("Another", "A second"))

        assert 'href="https://example.org/plan"' in shown(text)[0][1]

    def test_the_summary_counts_paragraphs(self):
        text = compare_text("One.\n\nTwo.", "One, changed.\n\nTwo.\n\nThree.\n\nFour.")

        assert text.summary == "1 paragraph changed, 2 added"


class TestMarksAreSanitised:
    def test_raw_html_in_changed_text_stays_text(self):
        text = compare_text("Hello <script>alert(1)</script> there", "Hello <script>alert(2)</script> there")

        html = shown(text)[0][1]
        assert set(tags(html)) == {"p", "del", "ins"}
        assert "&lt;script&gt;alert(" in html

    def test_an_officers_own_ins_and_del_tags_are_text(self):
        text = compare_text("Old <del>words</del>.", "New <ins>words</ins>.")

        html = shown(text)[0][1]
        assert set(tags(html)) == {"p", "del", "ins"}
        # Every mark is one of the comparison's own, named for screen readers; the officer's are text.
        assert html.count("<ins>") == html.count("[added: ") and html.count("<del>") == html.count(
            "[removed: "
        )
        assert "&lt;" in html and "&gt;" in html

    def test_a_script_link_in_changed_text_is_no_link(self):
        text = compare_text("Click [here](https://example.org).", "Click [here](javascript:alert(1)).")

        hrefs = [
            attrs.get("href") for _, html in shown(text) for _, attrs in elements(html) if "href" in attrs
        ]
        assert hrefs == ["https://example.org"]  # The old text's link; the new one's is gone.

    def test_mark_characters_typed_by_an_officer_open_no_mark(self):
        typed = "Icons \ue000here\ue001 and \ue002there\ue003."

        unchanged = compare_text(typed, typed)
        changed = compare_text(typed, typed.replace("Icons", "Symbols"))

        assert shown(unchanged) == [(SAME, '<p class="govuk-body">Icons here and there.</p>\n')]
        assert shown(changed)[0][1] == (
            f'<p class="govuk-body">{removed("Icons")}{added("Symbols")} here and there.</p>\n'
        )

    def test_attributes_are_escaped(self):
        text = compare_text(
            'Read [it](https://example.org/?a="b"&c).', 'Read [this](https://example.org/?a="b"&c).'
        )

        assert 'href="https://example.org/?a=%22b%22&amp;c"' in shown(text)[0][1]


# Pieces of officers' Markdown, separators included, for texts and edits made at random.
PIECES = [
    *["word", "the", "home", ".", ",", "&", "<b>", "a_b", "\\*"],
    *["**bold**", "*em*", "_u_", "`code`", "[link](https://example.org/a)", "[other](https://example.org/b)"],
    *["- item", "1. one", "2. two", "> quote", "# Head", "    indented", "***"],
    *[" ", " ", " ", "\n", "\n\n", "  \n"],
]


@st.composite
def edited_texts(draw) -> tuple[str, str]:
    old = draw(st.lists(st.sampled_from(PIECES), max_size=30))
    new = list(old)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(new)))
        action = draw(st.sampled_from(["insert", "delete", "replace"]))
        if action == "insert" or at == len(new):
            new.insert(at, draw(st.sampled_from(PIECES)))
        elif action == "delete":
            del new[at]
        else:
            new[at] = draw(st.sampled_from(PIECES))
    return "".join(old), "".join(new)


def reads_as(html: str, *, without: str) -> str:
    """The comparison read with one kind of mark (and the screen-reader words) taken out."""
    out, skipping = [], []

    class Parser(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if skipping or tag == without or dict(attrs).get("class") == "govuk-visually-hidden":
                skipping.append(tag)
            elif tag not in {"ins", "del", "br"}:
                out.append(f"<{tag}{''.join(f' {k}={escape(v or "")!r}' for k, v in attrs)}>")

        def handle_endtag(self, tag):
            if skipping:
                skipping.pop()
            elif tag not in {"ins", "del"}:
                out.append(f"</{tag}>")

        def handle_data(self, data):
            if not skipping:
                out.append(escape(data, quote=False))

    Parser().feed(str(html))
    html, emptied = "".join(out), None
    while emptied != html:  # Elements whose words were all taken out are gone.
        emptied, html = html, re.sub(r"<(\w+)[^>]*></\1>", "", re.sub(r"\s+", "", html))
    return html


class TestAnyEdit:
    @settings(max_examples=300, deadline=None)
    @given(edited_texts())
    def test_reads_as_the_old_text_without_insertions_and_as_the_new_without_deletions(self, texts):
        old, new = texts

        text = compare_text(old, new)

        html = "".join(str(block.html) for block in text.blocks)
        assert reads_as(html, without="ins") == reads_as(render_markdown(old), without="ins")
        assert reads_as(html, without="del") == reads_as(render_markdown(new), without="del")
        assert not re.search("[\ue000-\ue003]", html)


class TestSections:
    def test_identical_snapshots_have_no_changes_and_one_line_per_section(self):
        text = snapshot(STAYING, COMMUNITIES)

        comparison = compare_snapshots(text, text)

        assert not comparison.changed
        assert [section.name for section in comparison.sections] == [
            "Strategy details",
            "Vision",
            "Domain 1, Staying healthier for longer",
            "Domain 2, Strong communities",
        ]
        assert [len(group.sections) for group in comparison.groups] == [4]

    def test_a_changed_priority_shows_its_domain_with_the_others_unchanged(self):
        old = snapshot(STAYING, COMMUNITIES, ENVIRONMENT)
        new = snapshot(
            STAYING,
            (2, "Strong communities", [(21, "Less loneliness", "Connect residents with local groups.")]),
            ENVIRONMENT,
        )

        comparison = compare_snapshots(old, new)

        groups = comparison.groups
        assert [g.same_run for g in groups] == [True, False, True]
        assert [s.name for s in groups[0].sections] == [
            "Strategy details",
            "Vision",
            "Domain 1, Staying healthier for longer",
        ]
        domain = groups[1]
        assert (domain.name, domain.change, domain.summary) == (
            "Domain 2, Strong communities",
            CHANGED,
            "1 priority changed",
        )
        assert not domain.text.changed
        priority = domain.children[0]
        assert (priority.name, priority.change) == ("Priority 1, Less loneliness", CHANGED)
        assert added("local") in str(priority.text.blocks[0].html)
        assert [s.name for s in groups[2].sections] == ["Domain 3, Healthier environments"]

    def test_details_list_the_changed_fields(self):
        old = snapshot(STAYING)
        new = snapshot(STAYING, title="Health and Wellbeing Strategy 2022 to 2027", end_year=2027)

        details = compare_snapshots(old, new).sections[0]

        assert details.change == CHANGED
        assert [f.label for f in details.changed_fields] == ["Title", "Period"]
        assert details.changed_fields[1].html == f"2022 to {removed('2026')}{added('2027')}"
        assert details.same_fields == "Summary"
        assert details.summary == "title and period changed"

    def test_plain_titles_are_escaped_not_rendered(self):
        old = snapshot((1, "Homes & <b>places</b>", []))
        new = snapshot((1, "Homes & <b>streets</b> **now**", []))

        domain = compare_snapshots(old, new).sections[2]

        assert domain.title_html == (
            f"Homes &amp; &lt;b&gt;{removed('places&lt;/b&gt;')}{added('streets&lt;/b&gt; **now**')}"
        )

    def test_vision_is_rendered_markdown_with_marks(self):
        new = snapshot(STAYING, vision="Everyone lives a **longer, happier** life.")

        vision = compare_snapshots(snapshot(STAYING), new).sections[1]

        assert vision.change == CHANGED
        assert f"<strong>longer, {removed('healthier')}{added('happier')}</strong>" in str(
            vision.text.blocks[0].html
        )
        assert vision.summary == "1 paragraph changed"

    def test_a_domain_moved_is_said_to_have_moved_and_the_others_did_not(self):
        old = snapshot(STAYING, COMMUNITIES, ENVIRONMENT)
        new = snapshot(ENVIRONMENT, STAYING, COMMUNITIES)

        sections = by_name(compare_snapshots(old, new))

        moved = sections["Domain 1, Healthier environments"]
        assert (moved.change, moved.moved) == (CHANGED, "Moved from domain 3 to domain 1.")
        assert moved.summary == "moved"
        assert sections["Domain 2, Staying healthier for longer"].change == SAME
        assert sections["Domain 3, Strong communities"].change == SAME

    def test_domains_are_matched_by_id_not_by_position(self):
        old = snapshot(STAYING, COMMUNITIES, ENVIRONMENT)
        new = snapshot(COMMUNITIES, ENVIRONMENT)

        comparison = compare_snapshots(old, new)

        assert [(s.name, s.change) for s in comparison.sections[2:]] == [
            ("Domain 1, Staying healthier for longer", REMOVED),
            ("Domain 1, Strong communities", SAME),
            ("Domain 2, Healthier environments", SAME),
        ]

    def test_a_renamed_domain_is_the_same_domain(self):
        old = snapshot(STAYING, COMMUNITIES)
        new = snapshot(STAYING, (2, "Stronger communities", COMMUNITIES[2]))

        domain = compare_snapshots(old, new).sections[3]

        assert (domain.change, domain.title_changed, domain.summary) == (CHANGED, True, "title changed")
        assert domain.title_html == f"{removed('Strong')}{added('Stronger')} communities"

    def test_a_domain_added_has_every_word_marked_and_its_priorities_added(self):
        old = snapshot(STAYING)
        new = snapshot(STAYING, COMMUNITIES)

        domain = compare_snapshots(old, new).sections[3]

        assert (domain.name, domain.change, domain.summary) == (
            "Domain 2, Strong communities",
            ADDED,
            "added",
        )
        assert domain.title_html == added("Strong communities")
        assert [block.change for block in domain.text.blocks] == [ADDED]
        assert [(p.name, p.change) for p in domain.children] == [("Priority 1, Less loneliness", ADDED)]
        assert str(domain.children[0].text.blocks[0].html) == (
            f'<p class="govuk-body">{added("Connect residents with groups.")}</p>\n'
        )

    def test_a_domain_removed_stays_where_it_was(self):
        old = snapshot(STAYING, COMMUNITIES, ENVIRONMENT)
        new = snapshot(STAYING, ENVIRONMENT)

        comparison = compare_snapshots(old, new)

        assert [(s.name, s.change) for s in comparison.sections[2:]] == [
            ("Domain 1, Staying healthier for longer", SAME),
            ("Domain 2, Strong communities", REMOVED),
            ("Domain 2, Healthier environments", SAME),
        ]
        removed_domain = comparison.sections[3]
        assert removed_domain.title_html == removed("Strong communities")
        assert [p.change for p in removed_domain.children] == [REMOVED]

    def test_a_priority_moved_within_its_domain(self):
        priorities = [(11, "One", ""), (12, "Two", ""), (13, "Three", "")]
        old = snapshot((1, "Domain", priorities))
        new = snapshot((1, "Domain", [priorities[2], priorities[0], priorities[1]]))

        domain = compare_snapshots(old, new).sections[2]

        assert [(p.name, p.change, p.moved) for p in domain.children] == [
            ("Priority 1, Three", CHANGED, "Moved from priority 3 to priority 1."),
            ("Priority 2, One", SAME, ""),
            ("Priority 3, Two", SAME, ""),
        ]
        assert domain.summary == "1 priority changed"

    def test_a_priority_moved_to_another_domain_is_said_to_have_moved_both_ways(self):
        smoking = STAYING[2][0]
        old = snapshot(STAYING, COMMUNITIES)
        new = snapshot((1, STAYING[1], []), (2, COMMUNITIES[1], [*COMMUNITIES[2], smoking]))

        first, second = compare_snapshots(old, new).sections[2:]

        assert [(p.name, p.moved_to) for p in first.children] == [
            ("Priority 1, Fewer people smoking", "moved to domain 2, Strong communities")
        ]
        assert first.summary == "1 priority moved to another domain"
        arrived = second.children[1]
        assert (arrived.name, arrived.change, arrived.moved) == (
            "Priority 2, Fewer people smoking",
            CHANGED,
            "Moved from domain 1, Staying healthier for longer.",
        )
        assert not arrived.text.changed

    def test_the_strategys_own_name_for_its_domains_is_used(self):
        old = snapshot(
            STAYING, domain_label="life-course outcome", domain_label_plural="life-course outcomes"
        )
        new = snapshot(
            (1, "Staying healthy", STAYING[2]),
            domain_label="life-course outcome",
            domain_label_plural="life-course outcomes",
        )

        domain = compare_snapshots(old, new).sections[2]

        assert domain.name == "Life-course outcome 1, Staying healthy"

    def test_snapshots_without_ids_are_matched_by_position(self):
        old, new = (
            snapshot(STAYING, COMMUNITIES),
            snapshot(STAYING, (2, "Stronger communities", COMMUNITIES[2])),
        )
        for text in (old, new):
            for domain in text["domains"]:
                del domain["id"]

        comparison = compare_snapshots(old, new)

        assert [(s.name, s.change) for s in comparison.sections[2:]] == [
            ("Domain 1, Staying healthier for longer", SAME),
            ("Domain 2, Stronger communities", CHANGED),
        ]
