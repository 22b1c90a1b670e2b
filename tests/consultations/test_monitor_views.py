import pytest
from django.urls import reverse

from consultations.models import Consultation, Status
from tests.consultations.helpers import make_response

pytestmark = pytest.mark.django_db

POLLING = 'hx-trigger="every 30s"'


def monitor_url(consultation) -> str:
    return reverse("consultations:monitor", args=[consultation.pk])


@pytest.fixture
def answered(opened):
    first, second = (priority["id"] for priority in opened.priorities())
    make_response(
        opened,
        channel="paper",
        respondent_type="councillor",
        agreements={first: 5, second: 2},
        comments={first: "A private comment nobody else should read here"},
        respondent={"name": "Ada Lovelace", "email": "ada@example.org"},
    )
    make_response(opened, channel="online", respondent_type="resident", agreements={first: 4})
    make_response(opened, channel="online", respondent_type="resident", submitted=False)
    return opened


class TestMonitorPage:
    def test_a_board_member_sees_the_figures_and_nothing_of_any_one_response(
        self, board_member_client, answered
    ):
        response = board_member_client.get(monitor_url(answered))

        assert response.status_code == 200
        figures = response.context["figures"]
        assert figures.total == 2
        content = response.content.decode()
        assert '<h2 class="govuk-heading-l">2 responses</h2>' in content
        assert "Fewer people smoke" in content
        assert "100% <span" in content  # Both who answered the first priority agree.
        reference = answered.responses.first().reference
        for private in (reference, "A private comment", "Ada Lovelace", "ada@example.org"):
            assert private not in content

    def test_the_filters_narrow_every_figure_and_stay_selected(self, board_member_client, answered):
        response = board_member_client.get(monitor_url(answered), {"channel": "paper"})

        figures = response.context["figures"]
        assert figures.total == 1
        assert [row.count for row in figures.by_respondent_type if row.count] == [1]
        content = response.content.decode()
        assert "1 paper response<" in content
        assert '<option value="paper" selected>Paper</option>' in content

    def test_a_filter_not_offered_is_refused_with_a_message_and_all_are_counted(
        self, board_member_client, answered
    ):
        response = board_member_client.get(monitor_url(answered), {"channel": "carrier-pigeon"})

        assert response.status_code == 200
        assert response.context["figures"].total == 2
        content = response.content.decode()
        assert "There is a problem" in content
        assert 'href="#id_channel">Choose one of the channels listed' in content
        assert "<title>Error: " in content

    def test_htmx_gets_the_figures_partial_that_polls_with_the_same_filters(
        self, board_member_client, answered
    ):
        response = board_member_client.get(
            monitor_url(answered) + "?channel=online", headers={"HX-Request": "true"}
        )

        content = response.content.decode()
        assert content.lstrip().startswith('<div id="figures"')
        assert "<html" not in content
        assert POLLING in content
        assert f'hx-get="{monitor_url(answered)}?channel=online"' in content
        assert "HX-Request" in response["Vary"]

    def test_a_filter_change_is_announced_but_the_polling_is_not(self, board_member_client, answered):
        url = monitor_url(answered) + "?channel=online"

        chosen = board_member_client.get(url, headers={"HX-Request": "true", "HX-Trigger": "monitor-filters"})
        polled = board_member_client.get(url, headers={"HX-Request": "true", "HX-Trigger": "figures"})

        assert (
            'hx-swap-oob="innerHTML:#status-announcer">Showing 1 online response.' in chosen.content.decode()
        )
        assert "status-announcer" not in polled.content.decode()

    def test_stops_polling_once_closed(self, board_member_client, answered):
        Consultation.objects.filter(pk=answered.pk).update(status=Status.CLOSED)

        response = board_member_client.get(monitor_url(answered), headers={"HX-Request": "true"})

        assert POLLING not in response.content.decode()
        assert response.context["figures"].total == 2

    def test_another_boards_officer_gets_a_404(self, other_officer_client, answered):
        assert other_officer_client.get(monitor_url(answered)).status_code == 404


class TestWaysIn:
    def test_the_list_links_an_open_consultations_figures_for_board_members(
        self, board_member_client, opened
    ):
        response = board_member_client.get(reverse("consultations:manage_list"))

        assert f'href="{monitor_url(opened)}"' in response.content.decode()

    def test_the_list_links_no_figures_before_it_opens(self, board_member_client, consultation):
        response = board_member_client.get(reverse("consultations:manage_list"))

        assert monitor_url(consultation) not in response.content.decode()

    def test_the_manage_page_links_them_for_officers(self, officer_client, opened):
        response = officer_client.get(opened.get_manage_url())

        assert f'href="{monitor_url(opened)}"' in response.content.decode()
