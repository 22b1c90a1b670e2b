"""Agreement between officers who coded the same comments (consultations/agreement.py)."""

import random

import pytest
from sklearn.metrics import cohen_kappa_score

from consultations import agreement, services
from consultations.models import Channel
from tests.consultations.helpers import make_response
from tests.factories import BoardRoleFactory


class TestCohenKappa:
    def test_a_worked_example(self):
        # 50 comments: both gave the theme to 20, only the first to 5, only the second to 10, neither to
        # 15. Observed agreement 35/50 = 0.7; the first said yes 0.5 of the time, the second 0.6, so chance
        # agreement is 0.5 x 0.6 + 0.5 x 0.4 = 0.5, and kappa = (0.7 - 0.5) / (1 - 0.5) = 0.4.
        assert agreement.cohen_kappa(20, 5, 10, 15) == pytest.approx(0.4)

    def test_matches_scikit_learn(self):
        chance = random.Random(6)
        for _ in range(50):
            first = [chance.random() < 0.3 for _ in range(40)]
            second = [a if chance.random() < 0.8 else not a for a in first]
            counts = [
                sum(a and b for a, b in zip(first, second, strict=True)),
                sum(a and not b for a, b in zip(first, second, strict=True)),
                sum(b and not a for a, b in zip(first, second, strict=True)),
                sum(not a and not b for a, b in zip(first, second, strict=True)),
            ]
            if len(set(first) | set(second)) == 1:
                continue

            assert agreement.cohen_kappa(*counts) == pytest.approx(cohen_kappa_score(first, second))

    def test_complete_agreement_is_one_and_complete_disagreement_below_zero(self):
        assert agreement.cohen_kappa(3, 0, 0, 7) == pytest.approx(1.0)
        assert agreement.cohen_kappa(0, 5, 5, 0) == pytest.approx(-1.0)

    def test_is_not_defined_when_both_always_gave_the_same_single_answer(self):
        assert agreement.cohen_kappa(10, 0, 0, 0) is None
        assert agreement.cohen_kappa(0, 0, 0, 10) is None
        assert agreement.cohen_kappa(0, 0, 0, 0) is None

    @pytest.mark.parametrize(
        "kappa, words",
        [
            (None, "not defined"),
            (-0.1, "poor (less than chance)"),
            (0.0, "slight"),
            (-0.004, "slight"),  # Shown as 0.00: named by what the page shows.
            (-0.006, "poor (less than chance)"),  # Shown as -0.01.
            (0.2, "slight"),
            (0.204, "slight"),  # Shown as 0.20.
            (0.21, "fair"),
            (0.5, "moderate"),
            (0.7, "substantial"),
            (0.81, "almost perfect"),
        ],
    )
    def test_landis_and_koch_bands(self, kappa, words):
        assert agreement.strength(kappa) == words


@pytest.mark.django_db
class TestCoderAgreement:
    def test_pairs_officers_on_the_comments_both_coded(self, opened, officer, board):
        second = BoardRoleFactory(board=board, user__username="second").user
        first_priority = opened.priorities()[0]["id"]
        comments = [
            make_response(
                opened, channel=Channel.PAPER, comments={first_priority: f"Comment {i}"}
            ).comments.get()
            for i in range(5)
        ]
        # Transport: both on 0 and 1, only the first on 2, neither on 3 and 4. Cost: only the second, on 4.
        mine = {0: ["Transport"], 1: ["Transport"], 2: ["Transport"], 3: [], 4: []}
        theirs = {0: ["Transport"], 1: ["Transport"], 2: [], 3: [], 4: ["Cost"]}
        for i, comment in enumerate(comments):
            services.comment_code(comment=comment, by=officer, themes=[], new_names=mine[i] or ["Other"])
            services.comment_code(comment=comment, by=second, themes=[], new_names=theirs[i] or ["Other"])
        services.comment_code(
            comment=make_response(opened, comments={first_priority: "Alone"}).comments.get(),
            by=officer,
            themes=[],
            new_names=["Transport"],
        )

        [pair] = agreement.coder_agreement(opened)

        assert (pair.first, pair.second, pair.comments) == (officer, second, 5)
        tallies = {tally.label: tally for tally in pair.themes}
        transport = tallies["Transport"]
        assert (transport.both, transport.first_only, transport.second_only, transport.neither) == (
            2,
            1,
            0,
            2,
        )
        assert transport.percent == 80
        assert transport.kappa == pytest.approx(agreement.cohen_kappa(2, 1, 0, 2))
        assert tallies["Cost"].second_only == 1 and tallies["Cost"].neither == 4
        assert pair.overall.decisions == 15  # Three themes used (Cost, Other, Transport), five comments.

    def test_no_comment_coded_twice_no_pairs(self, opened, officer):
        first_priority = opened.priorities()[0]["id"]
        comment = make_response(opened, comments={first_priority: "Buses"}).comments.get()
        services.comment_code(comment=comment, by=officer, themes=[], new_names=["Transport"])

        assert agreement.coder_agreement(opened) == []
