"""
How far officers agree when they code the same comments
(docs/decisions/0021-theme-suggestions-and-agreement.md).

Analysts check a coding frame by having a sample coded twice, blind, and measuring agreement. For each
pair of officers who coded some of the same comments, and each theme either gave those comments, every
comment the theme could be given is one yes/no decision per officer. Cohen's kappa says how much more
often they agreed than two officers deciding at random at their own rates would: 1 is complete
agreement, 0 no better than chance. The overall figure is pooled: one kappa over every comment-and-theme
decision of the pair, so that common themes weigh more than rare ones and a theme whose kappa is not
defined still counts.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations

from django.contrib.auth import get_user_model
from django.db.models import Count

from .models import Coding, Comment, Consultation
from .suggestions import comment_priorities

# Landis and Koch (1977), "The measurement of observer agreement for categorical data".
BANDS = [
    (0.8, "almost perfect"),
    (0.6, "substantial"),
    (0.4, "moderate"),
    (0.2, "fair"),
    (0.0, "slight"),
]


def cohen_kappa(both: int, first_only: int, second_only: int, neither: int) -> float | None:
    """
    Cohen's kappa of two raters' yes/no decisions, from their 2 x 2 table. None when it is not defined:
    no decisions, or both raters gave the same single answer every time (chance agreement is then 1).
    """
    n = both + first_only + second_only + neither
    if n == 0:
        return None
    observed = (both + neither) / n
    first_yes, second_yes = (both + first_only) / n, (both + second_only) / n
    expected = first_yes * second_yes + (1 - first_yes) * (1 - second_yes)
    if expected >= 1:
        return None
    return (observed - expected) / (1 - expected)


def strength(kappa: float | None) -> str:
    """Landis and Koch's words for a kappa, as shown (to two places): 0.00 is never called "poor"."""
    if kappa is None:
        return "not defined"
    kappa = round(kappa, 2)
    if kappa < 0:
        return "poor (less than chance)"
    for lowest, words in BANDS:
        if kappa > lowest:
            return words
    return "slight"  # 0 to 0.2


@dataclass
class Tally:
    """Two officers' decisions about one theme (or every theme, pooled) on the comments both coded."""

    label: str
    both: int = 0
    first_only: int = 0
    second_only: int = 0
    neither: int = 0

    def add(self, first: bool, second: bool) -> None:
        if first and second:
            self.both += 1
        elif first:
            self.first_only += 1
        elif second:
            self.second_only += 1
        else:
            self.neither += 1

    @property
    def decisions(self) -> int:
        return self.both + self.first_only + self.second_only + self.neither

    @property
    def percent(self) -> int:
        return round(100 * (self.both + self.neither) / self.decisions) if self.decisions else 0

    @property
    def kappa(self) -> float | None:
        return cohen_kappa(self.both, self.first_only, self.second_only, self.neither)

    @property
    def strength(self) -> str:
        return strength(self.kappa)


@dataclass
class Pair:
    first: object
    second: object
    comments: int
    themes: list[Tally] = field(default_factory=list)
    overall: Tally = field(default_factory=lambda: Tally("All themes, pooled"))


def coder_agreement(consultation: Consultation) -> list[Pair]:
    """
    Every pair of officers who coded the same comments, with their agreement per theme and pooled, in
    four queries whatever the number of comments: only comments coded by two officers or more are read.
    """
    twice = (
        Coding.objects.filter(comment__consultation=consultation)
        .order_by()  # The default ordering would join the GROUP BY.
        .values("comment")
        .annotate(coders=Count("coder", distinct=True))
        .filter(coders__gte=2)
        .values("comment")
    )
    codes: dict[int, dict[int, set[int]]] = defaultdict(lambda: defaultdict(set))
    for comment_id, theme_id, coder_id in Coding.objects.filter(comment__in=twice).values_list(
        "comment_id", "theme_id", "coder_id"
    ):
        codes[comment_id][coder_id].add(theme_id)
    if not codes:
        return []
    about = {
        pk: comment_priorities(priority_id, priorities)
        for pk, priority_id, priorities in Comment.objects.filter(pk__in=list(codes)).values_list(
            "pk", "priority_id", "priorities"
        )
    }
    themes = {theme.pk: theme for theme in consultation.themes.all()}
    coders = {coder for by_coder in codes.values() for coder in by_coder}
    users = get_user_model().objects.in_bulk(coders)
    pairs = []
    for first, second in combinations(sorted(coders), 2):
        shared = [pk for pk, by_coder in codes.items() if first in by_coder and second in by_coder]
        if not shared:
            continue
        pair = Pair(users[first], users[second], len(shared))
        used = {theme for pk in shared for theme in codes[pk][first] | codes[pk][second]}
        for theme_id in sorted(used, key=lambda pk: (themes[pk].name.casefold(), pk)):
            theme, tally = themes[theme_id], Tally(themes[theme_id].name)
            for pk in shared:
                mine, theirs = theme_id in codes[pk][first], theme_id in codes[pk][second]
                # A decision only where the theme could be given: it is offered for the comment's
                # priority (or was given anyway).
                if theme.priority_id is None or theme.priority_id in about[pk] or mine or theirs:
                    tally.add(mine, theirs)
                    pair.overall.add(mine, theirs)
            pair.themes.append(tally)
        pairs.append(pair)
    return pairs
