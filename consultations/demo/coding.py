"""
Demo coding: an officer codes a share of a consultation's comments with the coding frame its profile's
bank implies (each sentence is said under one theme; responses.Bank), through consultations.services, so
that the coding page shows progress and its filters find something out of the box; and a second officer
codes a sample of them again, blind, so that the agreement page (consultations.agreement) has pairs.
"""

import random
from contextlib import nullcontext
from datetime import datetime

from core.demos import story_time

from .. import services
from ..models import Coding, Theme
from .responses import Profile


def coding_frame(profile: Profile) -> dict[str, str | None]:
    """Each theme, in the order first met, with its priority's title (None: the whole consultation)."""
    # A theme said of any priority is the whole consultation's, even where a priority's own point has it.
    themes: dict[str, str | None] = {theme: None for theme, _sentence in profile.bank.general}
    for title, said in profile.bank.priorities.items():
        for theme, _sentence in said:
            themes.setdefault(theme, title)
    for theme, _sentence in profile.bank.other_thoughts:
        themes.setdefault(theme, None)
    if profile.campaign:
        themes.setdefault(profile.campaign.theme, profile.campaign.priority)
    for event in profile.events:
        themes.setdefault(event.theme, None)
    return themes


def _sentences(profile: Profile) -> list[tuple[str, str]]:
    """(sentence, theme): how an officer reading a comment would recognise each of its points."""
    said = [pair for pairs in profile.bank.priorities.values() for pair in pairs]
    said += [*profile.bank.general, *profile.bank.other_thoughts]
    said += [(event.theme, event.comment) for event in profile.events]
    if profile.campaign:
        said.append((profile.campaign.theme, profile.campaign.recognised_by))
    return [(sentence, theme) for theme, sentence in said]


def code(
    consultation, *, by, profile: Profile, share: float, seed: int, days: list[datetime] | None = None
) -> int:
    """
    Create the coding frame's themes, then code about `share` of the comments (a seeded draw, so the
    same ones each load), spread over `days` (the story's working days; now, without them). Returns
    how many comments were coded.
    """
    ids = {priority["title"]: priority["id"] for priority in consultation.priorities()}
    sentences = _sentences(profile)
    rng = random.Random(seed)
    comments = [comment for comment in consultation.comments.order_by("pk") if rng.random() < share]
    days = days or [None]
    with story_time(days[0]) if days[0] else nullcontext():
        themes: dict[str, Theme] = {
            name: services.theme_create(
                consultation=consultation, by=by, name=name, priority_id=ids.get(title) if title else None
            )
            for name, title in coding_frame(profile).items()
        }
    per_day = -(-len(comments) // len(days))  # Rounded up.
    for number, day in enumerate(days):
        with story_time(day) if day else nullcontext():
            for comment in comments[number * per_day : (number + 1) * per_day]:
                names = list(
                    dict.fromkeys(theme for sentence, theme in sentences if sentence in comment.text)
                )
                services.comment_code(comment=comment, by=by, themes=[themes[name] for name in names])
    return len(comments)


def code_again(consultation, *, by, first, count: int, seed: int, disagree: float = 0.2) -> int:
    """
    A second officer codes, blind, `count` of the comments `first` coded (a seeded draw), so that the
    agreement page has pairs to compare: mostly as `first` did; for about `disagree` of them, one theme
    differs (left off, or another of the comment's priority, or one of the whole consultation, given
    instead). Returns how many comments were coded again.
    """
    rng = random.Random(seed)
    coded: dict[int, list[Theme]] = {}
    for coding in (
        Coding.objects.filter(comment__consultation=consultation, coder=first)
        .select_related("theme")
        .order_by("comment_id", "theme__name")
    ):
        coded.setdefault(coding.comment_id, []).append(coding.theme)
    themes = list(consultation.themes.all())
    comments = consultation.comments.in_bulk(rng.sample(sorted(coded), min(count, len(coded))))
    for pk, comment in sorted(comments.items()):
        chosen = list(coded[pk])
        if rng.random() < disagree:
            others = [
                theme
                for theme in themes
                if theme not in chosen and theme.priority_id in (None, comment.priority_id)
            ]
            if len(chosen) > 1 and rng.random() < 0.5:
                chosen.pop(rng.randrange(len(chosen)))  # Missed one of its points.
            elif others:
                chosen[rng.randrange(len(chosen))] = rng.choice(others)  # Read it differently.
        services.comment_code(comment=comment, by=by, themes=chosen)
    return len(comments)
