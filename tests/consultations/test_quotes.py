"""Officers withhold a comment from the report's quotations (consultations/quotes.py), or quote it again."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from consultations import report, services
from consultations.models import Comment, Status
from core.models import AuditEntry
from tests.consultations.helpers import make_response

pytestmark = pytest.mark.django_db

LONG = "The buses do not run after six, so I cannot get to the surgery at all"


@pytest.fixture
def quoted(opened, officer):
    """A closed consultation whose theme "Transport" has six comments: the report quotes the two shortest."""
    first = opened.priorities()[0]["id"]
    theme = services.theme_create(consultation=opened, by=officer, name="Transport", priority_id=first)
    comments = []
    for i in range(6):
        comment = make_response(opened, comments={first: f"{LONG}, {'really ' * i}sad"}).comments.get()
        services.comment_code(comment=comment, by=officer, themes=[theme])
        comments.append(comment)
    closed = services.consultation_transition(consultation=opened, to_status=Status.CLOSED, by=officer)
    return closed, comments


def quotes(consultation) -> list[int]:
    (row,) = report.themes(consultation)[0].themes
    return [quote.comment_id for quote in row.examples]


class TestWithholding:
    def test_the_report_quotes_the_next_comment_instead_and_still_counts_it(self, quoted, officer):
        consultation, comments = quoted
        assert quotes(consultation) == [comments[0].pk, comments[1].pk]

        services.comment_quote_withhold(comment=comments[0], by=officer)

        assert quotes(consultation) == [comments[1].pk, comments[2].pk]
        assert report.themes(consultation)[0].themes[0].count == 6

    def test_takes_the_copies_of_the_comment_with_it(self, quoted, officer):
        consultation, comments = quoted
        theme = consultation.themes.get()
        greeted = f"Dear Sir, {comments[0].text}."
        copy = make_response(consultation, comments={comments[0].priority_id: greeted})
        services.comment_code(comment=copy.comments.get(), by=officer, themes=[theme])

        services.comment_quote_withhold(comment=comments[0], by=officer)

        assert quotes(consultation) == [comments[1].pk, comments[2].pk]

    def test_can_be_undone(self, quoted, officer):
        consultation, comments = quoted
        services.comment_quote_withhold(comment=comments[0], by=officer)

        services.comment_quote_withhold(comment=comments[0], by=officer, withheld=False)

        assert quotes(consultation) == [comments[0].pk, comments[1].pk]

    def test_is_audited_without_the_comment_and_once_when_sent_twice(self, quoted, officer):
        _, comments = quoted
        services.comment_quote_withhold(comment=comments[0], by=officer)
        services.comment_quote_withhold(comment=comments[0], by=officer)

        entries = AuditEntry.objects.filter(changes__has_key="report", actor=officer)
        assert [entry.changes for entry in entries] == [{"report": ["may be quoted", "never quoted"]}]
        for entry in AuditEntry.objects.values():
            assert "buses" not in str(entry)

    def test_only_the_boards_officers_may(self, quoted, board_member, other_officer):
        _, comments = quoted
        for who in (board_member, other_officer):
            with pytest.raises(PermissionDenied):
                services.comment_quote_withhold(comment=comments[0], by=who)

        assert not Comment.objects.filter(quote_withheld=True).exists()

    def test_a_published_reports_pdf_is_rendered_again(
        self, quoted, officer, django_capture_on_commit_callbacks
    ):
        from consultations.documents import REPORT_PDF_KIND
        from core.models import Document

        consultation, comments = quoted
        with django_capture_on_commit_callbacks(execute=True):
            services.report_publish(consultation=consultation, by=officer)
        document = Document.objects.get(kind=REPORT_PDF_KIND, object_id=consultation.pk)
        assert document.versions.count() == 1

        with django_capture_on_commit_callbacks(execute=True):
            services.comment_quote_withhold(comment=comments[0], by=officer)

        assert document.versions.count() == 2


class TestReportPage:
    def test_lists_the_quotations_to_withhold_and_the_withheld_to_quote_again(self, officer_client, quoted):
        consultation, comments = quoted
        page = reverse("consultations:report_manage", args=[consultation.pk])
        content = officer_client.get(page).content.decode()
        assert f'id="quote-{comments[0].pk}"' in content and f'id="quote-{comments[2].pk}"' not in content

        response = officer_client.post(
            reverse("consultations:comment_quote", args=[comments[0].pk]), {"action": "withhold"}
        )

        assert response.status_code == 302 and response["Location"] == page + "#quotes"
        content = officer_client.get(page).content.decode()
        assert f'id="quote-{comments[2].pk}"' in content
        assert f'id="withheld-{comments[0].pk}"' in content
        assert "will not be quoted" in content

        officer_client.post(
            reverse("consultations:comment_quote", args=[comments[0].pk]), {"action": "quote"}
        )

        assert not Comment.objects.filter(quote_withheld=True).exists()

    def test_an_action_not_offered_changes_nothing(self, officer_client, quoted):
        _, comments = quoted

        response = officer_client.post(
            reverse("consultations:comment_quote", args=[comments[0].pk]), {"action": "delete"}, follow=True
        )

        assert "Choose to withhold the comment" in response.content.decode()
        assert not Comment.objects.filter(quote_withheld=True).exists()

    def test_another_boards_officer_gets_a_404(self, other_officer_client, quoted):
        _, comments = quoted

        response = other_officer_client.post(
            reverse("consultations:comment_quote", args=[comments[0].pk]), {"action": "withhold"}
        )

        assert response.status_code == 404


class TestTheSameWords:
    def test_are_quoted_once_and_withholding_them_withholds_every_copy(self, opened, officer):
        first = opened.priorities()[0]["id"]
        theme = services.theme_create(consultation=opened, by=officer, name="Transport", priority_id=first)
        same = "Please keep the walk-in centre at Orsett Hospital open for us all."
        other = "The buses to the hospital stop at six, which is far too early."
        copies = []
        for text in [same] * 4 + [other, other + " Every day."]:
            comment = make_response(opened, comments={first: text}).comments.get()
            services.comment_code(comment=comment, by=officer, themes=[theme])
            copies.append(comment)

        (row,) = report.themes(opened)[0].themes
        assert [quote.text for quote in row.examples] == [other, same]  # The shortest first.
        assert row.examples[1].comment_id == copies[0].pk  # The lowest numbered of the copies.

        services.comment_quote_withhold(comment=copies[0], by=officer)

        (row,) = report.themes(opened)[0].themes
        assert [quote.text for quote in row.examples] == [other, other + " Every day."]
