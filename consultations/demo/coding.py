"""
Demo coding: an officer codes a share of a consultation's comments with the coding frame its profile's
bank implies (each sentence is said under one theme; responses.Bank), through consultations.services, so
that the coding page shows progress and its filters find something out of the box.
"""

import random
from contextlib import nullcontext
from datetime import datetime

from core.demos import story_time

from .. import services
from ..models import Theme
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
