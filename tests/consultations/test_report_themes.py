"""The report's themes (consultations/report.py: themes) and the redaction of quotations (anonymise.py)."""

import pytest
from django.urls import reverse

from consultations import report, services
from consultations.anonymise import redact
from consultations.documents import build_report_pdf
from consultations.models import Comment, Status
from tests.consultations.helpers import make_response
from tests.factories import BoardRoleFactory

pytestmark = pytest.mark.django_db


class TestRedact:
    @pytest.mark.parametrize(
        "text",
        [
            "Email me at jo.bloggs+hwb@example.co.uk today",
            "Ring 01375 652000 today",
            "Ring 01375 652 000 today",
            "Ring +44 (0)20 7946 0958 today",
            "Ring +447700900123 today",
            "Ring 07700-900123 today",
            "Ring (01632) 960001 today",
            "I live at RM17 6SL today",
            "I live at rm176sl today",
            "I live at SW1A 1AA today",
        ],
    )
    def test_takes_out_contact_details(self, text):
        redacted = redact(text)

        assert redacted.endswith("removed] today")
        assert not any(ch.isdigit() for ch in redacted)
        assert "@" not in redacted

    @pytest.mark.parametrize(
        "text",
        [
            "In 2021 and 2022 about 15000 people in Grays used the service.",
            "Ring 999 or 111 in an emergency.",
            "The RM17 area needs a bus on the A13 by 2026.",
        ],
    )
    def test_leaves_ordinary_numbers_and_districts_alone(self, text):
        assert redact(text) == text

    def test_says_what_was_taken_out(self):
        assert redact("a@b.org, 07700 900123, RM17 6SL") == (
            "[email address removed], [phone number removed], [postcode removed]"
        )


@pytest.fixture
def closed(opened, officer):
    return services.consultation_transition(consultation=opened, to_status=Status.CLOSED, by=officer)


def code(comment, officer, *themes):
    services.comment_code(comment=comment, by=officer, themes=list(themes))


def comment_on(consultation, priority_id, text, submitted=True) -> Comment:
    return make_response(consultation, comments={priority_id: text}, submitted=submitted).comments.get()


LONG = "The buses do not run after six, so I cannot get to the surgery at all."


class TestThemes:
    def test_counts_distinct_comments_by_any_coder_grouped_by_priority(self, closed, officer, board):
        first, second = (p["id"] for p in closed.priorities())
        other_officer = BoardRoleFactory(board=board).user
        transport = services.theme_create(
            consultation=closed, by=officer, name="Transport", priority_id=first
        )
        cost = services.theme_create(consultation=closed, by=officer, name="Cost")
        comments = [comment_on(closed, first, f"{LONG} {i}") for i in range(3)]
        for comment in comments:
            code(comment, officer, transport)
        code(comments[0], other_officer, transport, cost)  # A second coder counts the comment once.
        unsent = comment_on(closed, first, LONG, submitted=False)
        code(unsent, officer, transport)  # Not submitted: not counted.

        groups = report.themes(closed)

        assert [(g.key, g.title) for g in groups] == [
            (f"priority-{first}", closed.priorities()[0]["title"]),
            ("consultation", "Across the consultation"),
        ]
        assert [(t.name, t.count) for t in groups[0].themes] == [("Transport", 3)]
        assert [(t.name, t.count) for t in groups[1].themes] == [("Cost", 1)]
        assert second not in [g.key for g in groups]

    def test_quotes_examples_only_from_themes_of_at_least_five_comments(self, closed, officer):
        first = closed.priorities()[0]["id"]
        big = services.theme_create(consultation=closed, by=officer, name="Transport", priority_id=first)
        small = services.theme_create(consultation=closed, by=officer, name="Parking", priority_id=first)
        for i in range(5):
            code(comment_on(closed, first, f"{LONG} {'x' * i}"), officer, big)
        for i in range(4):
            code(comment_on(closed, first, f"{LONG} {'y' * i}"), officer, small)

        rows = {t.name: t for t in report.themes(closed)[0].themes}

        assert rows["Transport"].count == 5 and len(rows["Transport"].examples) == 2
        assert rows["Parking"].count == 4 and rows["Parking"].examples == []

    def test_chooses_the_shortest_comments_over_forty_characters_and_redacts_them(self, closed, officer):
        first = closed.priorities()[0]["id"]
        transport = services.theme_create(
            consultation=closed, by=officer, name="Transport", priority_id=first
        )
        texts = [
            "Too short to quote.",
            "Ring me on 07700 900123 about the buses, they never come.",
            "The buses never come on Sundays, and the trains stop early.",
            LONG + " " + LONG,
            LONG + " " + LONG + " " + LONG,
        ]
        for text in texts:
            code(comment_on(closed, first, text), officer, transport)

        (row,) = report.themes(closed)[0].themes

        assert [quote.text for quote in row.examples] == [
            "Ring me on [phone number removed] about the buses, they never come.",
            "The buses never come on Sundays, and the trains stop early.",
        ]

    def test_quotes_a_letter_once_whatever_its_greeting_and_sign_off(self, closed, officer):
        first = closed.priorities()[0]["id"]
        transport = services.theme_create(
            consultation=closed, by=officer, name="Transport", priority_id=first
        )
        letter = "Please keep the walk-in centre at Orsett Hospital open, it is vital for older people."
        for text in [
            letter,
            f"Dear Sir or Madam, {letter}",
            f"{letter} Yours faithfully, Jo Bloggs",
            "PLEASE keep the walk-in centre at Orsett Hospital open: it is vital for older people!",
            LONG,
        ]:
            code(comment_on(closed, first, text), officer, transport)

        (row,) = report.themes(closed)[0].themes

        quoted = [quote.text for quote in row.examples]
        assert len(quoted) == 2 and quoted[0] == LONG
        assert "walk-in centre at Orsett Hospital" in quoted[1]  # One of the letter's five copies.

    def test_quotes_one_comment_of_a_campaign(self, closed, officer):
        from consultations import campaigns
        from consultations.models import Campaign

        first = closed.priorities()[0]["id"]
        transport = services.theme_create(
            consultation=closed, by=officer, name="Transport", priority_id=first
        )
        letter = (
            "Please keep the walk-in centre at Orsett Hospital open, it is vital for older people of Orsett."
        )
        variants = [letter, letter.replace("vital", "so important"), letter.replace("Please keep", "Keep")]
        for text in [*variants, *variants]:
            code(comment_on(closed, first, text), officer, transport)
        code(comment_on(closed, first, LONG + " Every week."), officer, transport)
        campaigns.campaigns_sync(closed)
        assert Campaign.objects.count() == 1  # The three wordings are one campaign.

        (row,) = report.themes(closed)[0].themes

        assert [quote.text for quote in row.examples] == [LONG + " Every week.", variants[2]]

    def test_never_quotes_an_erased_comment(self, closed, officer):
        first = closed.priorities()[0]["id"]
        transport = services.theme_create(
            consultation=closed, by=officer, name="Transport", priority_id=first
        )
        responses = []
        for i in range(5):
            comment = comment_on(closed, first, f"{LONG} {i}")
            code(comment, officer, transport)
            responses.append(comment.response)
        for response in responses[:4]:
            services.respondent_erase(
                response=response, by=officer, blank_comments=True, reason="asked on the phone to be erased"
            )

        (row,) = report.themes(closed)[0].themes

        assert row.count == 5  # What was said still counts; its words are gone.
        assert [quote.text for quote in row.examples] == [f"{LONG} 4"]

    def test_the_report_page_and_its_pdf_source_show_the_themes(
        self, closed, officer, officer_client, django_capture_on_commit_callbacks
    ):
        first = closed.priorities()[0]["id"]
        transport = services.theme_create(
            consultation=closed, by=officer, name="Transport", priority_id=first
        )
        for i in range(5):
            code(comment_on(closed, first, f"Email me at me{i}@example.org: {LONG}"), officer, transport)

        page = officer_client.get(reverse("consultations:report", args=[closed.board.slug, closed.slug]))
        with django_capture_on_commit_callbacks():  # The render is asked for, not run here.
            html = report_pdf_html(closed)

        for text in (page.text, html):
            assert f'id="themes-priority-{first}"' in text
            assert '<th scope="row" class="govuk-table__header" role="rowheader">Transport</th>' in text
            assert "[email address removed]" in text
            assert "@example.org" not in text


def report_pdf_html(consultation) -> str:
    """The HTML the PDF is made from (its rendering is tested in test_report_pdf.py)."""
    services.report_publish(consultation=consultation, by=consultation.created_by)
    return build_report_pdf(consultation.pk).parts[0].html
