import csv
import datetime
import io

import pytest
from django.urls import reverse

from consultations import export
from consultations.models import Question
from tests.consultations.helpers import make_response, make_responses

pytestmark = pytest.mark.django_db

HARMFUL = '=HYPERLINK("http://evil.example","Click"), said "someone"\nand then, a second line'


def export_url(consultation, personal: bool = False) -> str:
    url = reverse("consultations:export", args=[consultation.pk])
    return url + "?personal=1" if personal else url


def download(client, consultation, personal: bool = False):
    response = client.get(export_url(consultation, personal))
    text = b"".join(response.streaming_content).decode("utf-8")
    return response, text


def parse(text: str) -> list[dict]:
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:], newline="")))


@pytest.fixture
def questions(opened):
    return {
        "text": Question.objects.create(consultation=opened, text="Anything else?", position=1),
        "multiple": Question.objects.create(
            consultation=opened,
            kind=Question.Kind.MULTIPLE,
            text="Where did you hear of it?",
            options=["Library", "Newspaper", "Online"],
            position=2,
        ),
    }


@pytest.fixture
def answered(opened, questions):
    first, second = (priority["id"] for priority in opened.priorities())
    make_response(
        opened,
        channel="paper",
        respondent_type="organisation",
        organisation="Age UK Thurrock",
        submitted_at=datetime.datetime(2030, 6, 1, 8, 30, tzinfo=datetime.UTC),
        agreements={first: 5, second: None},
        comments={first: HARMFUL},
        answers={questions["text"]: "More buses, please", questions["multiple"]: ["Library", "Online"]},
        equality={"age": "65 to 74", "sex": "Prefer not to say"},
        respondent={"name": "Ada Lovelace", "email": "ada@example.org", "contact": "-01234 567890"},
    )
    make_response(
        opened,
        submitted_at=datetime.datetime(2030, 6, 2, 12, 0, tzinfo=datetime.UTC),
        agreements={first: 2},
    )
    make_response(opened, submitted=False, agreements={first: 1})  # Started, never sent.
    return opened


class TestExport:
    def test_one_row_per_submitted_response_that_opens_as_written(self, officer_client, answered):
        response, text = download(officer_client, answered)

        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"] == 'attachment; filename="have-your-say-responses.csv"'
        assert response["Cache-Control"] == "no-store"
        rows = parse(text)
        assert len(rows) == 2
        first = rows[0]
        assert first["Channel"] == "Paper"
        assert first["Submitted at"] == "2030-06-01 09:30:00"  # UK summer time.
        assert first["Responding as"] == "On behalf of Age UK Thurrock"
        assert first["Organisation"] == "Age UK Thurrock"
        assert first["Fewer people smoke: agreement"] == "Strongly agree"
        assert first["More people are active: agreement"] == ""
        assert first["Anything else?"] == "More buses, please"
        assert first["What is your age?"] == "65 to 74"
        assert first["What is your sex?"] == "Prefer not to say"
        assert rows[1]["Fewer people smoke: agreement"] == "Disagree"
        assert rows[1]["Channel"] == "Online"

    def test_a_choice_question_has_a_column_per_option(self, officer_client, answered):
        rows = parse(download(officer_client, answered)[1])

        options = ["Library", "Newspaper", "Online"]
        chosen = [[row[f"Where did you hear of it?: {option}"] for option in options] for row in rows]
        assert chosen == [["1", "", "1"], ["", "", ""]]

    def test_commas_quotes_newlines_and_formulas_survive_and_are_defused(self, officer_client, answered):
        rows = parse(download(officer_client, answered)[1])

        assert rows[0]["Fewer people smoke: comment"] == "'" + HARMFUL

    def test_personal_data_only_when_asked_for(self, officer_client, answered):
        plain = parse(download(officer_client, answered)[1])
        response, text = download(officer_client, answered, personal=True)
        personal = parse(text)

        assert "Email address" not in plain[0]
        assert "ada@example.org" not in str(plain)
        assert "with-personal-data" in response["Content-Disposition"]
        assert personal[0]["Name"] == "Ada Lovelace"
        assert personal[0]["Email address"] == "ada@example.org"
        assert personal[0]["Organisation contact"] == "'-01234 567890"
        assert personal[0]["Wants updates"] == "No"
        assert personal[1]["Email address"] == ""  # Gave none.

    @pytest.mark.parametrize("client_name", ["board_member_client", "other_officer_client"])
    def test_nobody_but_the_boards_officers_gets_it(self, request, client_name, answered):
        client = request.getfixturevalue(client_name)

        assert client.get(export_url(answered, personal=True)).status_code == 404

    def test_reads_in_chunks_and_loses_nothing_between_them(self, officer_client, opened, monkeypatch):
        monkeypatch.setattr(export, "CHUNK_SIZE", 2)
        monkeypatch.setattr(export, "ROWS_PER_WRITE", 3)
        made = make_responses(opened, 7)

        rows = parse(download(officer_client, opened)[1])

        assert [row["Reference"] for row in rows] == [response.reference for response in made]
        assert [row["Fewer people smoke: comment"] for row in rows] == [f"Comment {i}" for i in range(7)]


class TestExportQueries:
    @pytest.mark.parametrize("n", [3, 30])
    def test_the_same_queries_whatever_the_number_of_responses(
        self, officer_client, opened, questions, n, django_assert_max_num_queries
    ):
        make_responses(opened, n)
        officer_client.get(reverse("home"))  # The session exists before the measured request.

        # The session, the user, the user's roles (2), the consultation, its questions; then the responses
        # (with the respondent) and, per chunk of 1,000, their answers, choices and comments.
        with django_assert_max_num_queries(10):
            response, text = download(officer_client, opened, personal=True)

        assert len(parse(text)) == n
