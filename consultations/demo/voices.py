"""
How demo respondents put what they say (responses.Bank's sentences) in their own words, so that no two
comments read alike: each comment is its point (a bank sentence, kept whole, since demo coding reads the
themes back from it) with some of a way in, a personal detail (who they are, where they live, for how
long) and a last word, drawn from pools and slots. Without this, a few dozen sentences said hundreds of
times looked like dozens of campaigns to consultations.campaigns (the same text from three responses or
more, or texts whose word triples overlap by 70%).

Also a demo campaign (Campaign): many responses sending one template, some with a greeting, a sign-off or
a sentence of their own added, that "Look for campaigns" finds as one.
"""

import random
from dataclasses import dataclass

OPENERS = (
    "I agree with this.",
    "I broadly support this priority.",
    "This is the right priority.",
    "I have mixed feelings about this one.",
    "This is long overdue.",
    "Good to see this in the strategy.",
    "I am not convinced by this.",
    "Yes, but it needs teeth.",
    "This one matters to me.",
    "Fine words, but what will happen?",
    "I would put this higher up the list.",
    "My view, for what it is worth.",
    "Speaking from experience, this is important.",
    "I answered agree, with one reservation.",
    "This has been a problem for years.",
    "Most people I know would say the same.",
)

ROLES = (
    "a parent of two",
    "a retired nurse",
    "a carer for my husband",
    "a grandmother",
    "a teaching assistant",
    "a shift worker",
    "a disabled resident",
    "a single dad",
    "a pensioner",
    "a youth worker",
    "a community volunteer",
    "a small business owner",
    "a care worker",
    "a new mum",
    "a taxi driver",
    "a foster carer",
    "a student",
    "a church warden",
)

# Slots: {place} (the area's towns and villages), {role}, {years}, {age}.
DETAILS = (
    "I have lived in {place} for {years} years.",
    "I am {role} in {place}.",
    "I write as {role} from {place}.",
    "We moved to {place} {years} years ago.",
    "I say this as {role}.",
    "I am {age} and live in {place}.",
    "I grew up in {place} and still live there.",
    "As {role}, I see this every week.",
    "I work in {place} and see it first hand.",
    "Our family has been in {place} for {years} years.",
)

CLOSERS = (
    "Please act on it.",
    "I hope the Board listens this time.",
    "It needs sorting out.",
    "This has gone on long enough.",
    "Other areas manage it, so we can too.",
    "I would be happy to talk about it.",
    "Do not let this slip.",
    "Small changes would make a big difference.",
    "Please keep residents informed.",
)


def detail(rng: random.Random, places: tuple[str, ...]) -> str:
    return rng.choice(DETAILS).format(
        place=rng.choice(places),
        role=rng.choice(ROLES),
        years=rng.randint(2, 45),
        age=rng.randint(19, 88),
    )


def say(rng: random.Random, point: str, places: tuple[str, ...]) -> str:
    """The point in a respondent's words: always with a personal detail or a way in, often both."""
    parts = [point]
    personal = rng.random() < 0.8
    if not personal or rng.random() < 0.45:
        parts.insert(0, rng.choice(OPENERS))
    if personal:
        parts.insert(0 if rng.random() < 0.3 else len(parts), detail(rng, places))
    if rng.random() < 0.3:
        parts.append(rng.choice(CLOSERS))
    return " ".join(parts)


GREETINGS = ("Dear Sir or Madam,", "Dear Health and Wellbeing Board,", "To whom it may concern,", "Hello,")
SIGN_OFFS = ("Yours faithfully,", "Yours sincerely,", "Kind regards,", "Many thanks,")


@dataclass(frozen=True)
class Campaign:
    """A template many respondents sent as their comment on one priority."""

    priority: str  # The priority's title in the text consulted on.
    theme: str  # The theme an officer codes it with.
    template: str
    recognised_by: str  # A sentence of the template that every copy keeps (demo coding reads it).
    responses: int
    additions: tuple[str, ...]  # Sentences a sender adds of their own.
    senders: tuple[str, ...]  # Names signed under it.

    def text(self, rng: random.Random) -> str:
        """One copy: the template, perhaps with a greeting, a sentence added, a signed sign-off."""
        body = self.template
        if rng.random() < 0.35:
            body = f"{body} {rng.choice(self.additions)}"
        if rng.random() < 0.4:
            body = f"{rng.choice(GREETINGS)}\n\n{body}"
        if rng.random() < 0.5:
            body = f"{body}\n\n{rng.choice(SIGN_OFFS)}\n{rng.choice(self.senders)}"
        return body
