"""
Responses and engagement events for a demo consultation: a few hundred online responses between its
opening and its close (or today, while it is open), some entered from paper, email and phone, and the
events its board held, each with what was said there.

What respondents say comes from a Bank: sentences about one priority, each under the theme an officer
would code it with, and sentences said of any priority (themes of the whole consultation), alone or after
a priority's own, each put in the respondent's own words (voices.py) so that no two comments read alike.
Demo coding (coding.py) reads the themes back from the sentences. A profile may have a campaign: one
template sent by many respondents about one priority (voices.Campaign). Equality answers are weighted by
the area's Census shares (equality.py).

Online responses are written in bulk (a resident's journey through the services would take minutes for
hundreds); the officers' entries and events go through the services, audited like the real thing, on the
day the story says (core.demos.story_time). Seeded, so every load makes the same data.
"""

import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.utils import timezone

from core.demos import story_time
from core.formtokens import new_token

from .. import services
from ..models import Channel, Choice, Comment, Event, PriorityAnswer, Question, RespondentType, Response
from . import equality, voices

# Most agree with most priorities; some are more disputed (every fifth, from the third).
AGREEMENT_WEIGHTS = (3, 4, 10, 32, 40)  # Strongly disagree ... strongly agree.
DISPUTED_WEIGHTS = (10, 16, 22, 28, 18)
RESPONDING_AS = (
    (RespondentType.RESIDENT, 70),
    (RespondentType.HEALTH_PROFESSIONAL, 8),
    (RespondentType.CARE_PROFESSIONAL, 7),
    (RespondentType.ORGANISATION, 8),
    (RespondentType.COUNCILLOR, 3),
    (RespondentType.OTHER, 4),
)
ENTRY_CHANNELS = (Channel.PAPER, Channel.PAPER, Channel.EMAIL, Channel.PHONE)


@dataclass(frozen=True)
class Bank:
    """What respondents say, each sentence under its theme: (theme, sentence)."""

    # Priority title (in the text consulted on): what is said of that priority alone.
    priorities: dict[str, tuple[tuple[str, str], ...]]
    # Said of any priority: themes of the whole consultation.
    general: tuple[tuple[str, str], ...]
    # Answers to the general free-text question.
    other_thoughts: tuple[tuple[str, str], ...]

    def point(self, rng: random.Random, priority_title: str) -> str:
        """The point of a comment on one priority: its own, a general one, or both."""
        own = self.priorities.get(priority_title, ())
        roll = rng.random()
        if own and roll < 0.55:
            return rng.choice(own)[1]
        general = rng.choice(self.general)[1]
        if own and roll < 0.7:
            return f"{rng.choice(own)[1]} {general}"
        return general


@dataclass(frozen=True)
class EventSpec:
    kind: str
    title: str
    place: str
    organisation: str
    people_reached: int
    days_after_opening: int
    comment: str
    theme: str  # The theme an officer codes the comment with.
    speaks_to: tuple[str, ...] = ()  # Priority titles.


@dataclass(frozen=True)
class Profile:
    """How a demo consultation was answered."""

    seed: int
    online: int
    entered: int
    comment_rate: float  # Chance that an online respondent comments on a priority.
    organisations: tuple[str, ...]
    bank: Bank
    events: tuple[EventSpec, ...]
    places: tuple[str, ...]  # The area's towns and villages, that respondents say they live in.
    equality: dict[str, dict[str, float]]  # The area's weights for equality answers (equality.py).
    other_type: str = "A school governor"
    entered_comment_rate: float = 0.1
    campaign: voices.Campaign | None = None

    def comment(self, rng: random.Random, priority_title: str) -> str:
        """A comment on one priority, in a respondent's own words."""
        return voices.say(rng, self.bank.point(rng, priority_title), self.places)


def load(consultation, officer, profile: Profile) -> None:
    rng = random.Random(profile.seed)
    priorities = [(priority["id"], priority["title"]) for priority in consultation.priorities()]
    questions = list(consultation.questions.all())
    until = min(timezone.now(), consultation.closes_at)
    _online(consultation, profile, rng, priorities, questions, until)
    _events(consultation, officer, profile, priorities, until)
    _entered(consultation, officer, profile, rng, priorities, until)


def _online(consultation, profile: Profile, rng, priorities, questions: list[Question], until) -> None:
    span = (until - consultation.opens_at).total_seconds()
    kinds, weights = zip(*RESPONDING_AS, strict=True)
    responses = []
    for _ in range(profile.online):
        submitted = consultation.opens_at + timedelta(seconds=span * rng.random() ** 0.8)
        respondent_type = rng.choices(kinds, weights)[0]
        responses.append(
            Response(
                consultation=consultation,
                channel=Channel.ONLINE,
                respondent_type=respondent_type,
                organisation=rng.choice(profile.organisations)
                if respondent_type == RespondentType.ORGANISATION
                else "",
                respondent_type_other=profile.other_type if respondent_type == RespondentType.OTHER else "",
                equality=equality.answers(rng, profile.equality),
                started_at=submitted - timedelta(minutes=rng.randint(4, 25)),
                submitted_at=submitted,
            )
        )
    Response.objects.bulk_create(responses)
    answers, comments, choices = [], [], []
    text_question = next((q for q in questions if q.kind == Question.Kind.TEXT), None)
    choice_question = next((q for q in questions if q.kind == Question.Kind.SINGLE), None)
    campaign = profile.campaign
    campaigners = set(rng.sample(range(len(responses)), campaign.responses)) if campaign else set()
    for number, response in enumerate(responses):
        for position, (priority, title) in enumerate(priorities):
            if number in campaigners and title == campaign.priority:
                # The template's senders oppose what it would replace.
                answers.append(
                    PriorityAnswer(response=response, priority_id=priority, agreement=rng.choice((1, 1, 2)))
                )
                comments.append(
                    Comment(
                        consultation=consultation,
                        response=response,
                        priority_id=priority,
                        text=campaign.text(rng),
                    )
                )
                continue
            if rng.random() < 0.06:
                continue  # Skipped.
            weights = DISPUTED_WEIGHTS if position % 5 == 2 else AGREEMENT_WEIGHTS
            answers.append(
                PriorityAnswer(
                    response=response, priority_id=priority, agreement=rng.choices(range(1, 6), weights)[0]
                )
            )
            if rng.random() < profile.comment_rate:
                comments.append(
                    Comment(
                        consultation=consultation,
                        response=response,
                        priority_id=priority,
                        text=profile.comment(rng, title),
                    )
                )
        if text_question is not None and rng.random() < 0.12:
            comments.append(
                Comment(
                    consultation=consultation,
                    response=response,
                    question=text_question,
                    text=voices.say(rng, rng.choice(profile.bank.other_thoughts)[1], profile.places),
                )
            )
        if choice_question is not None and rng.random() < 0.85:
            choices.append(
                Choice(
                    response=response, question=choice_question, option=rng.choice(choice_question.options)
                )
            )
    PriorityAnswer.objects.bulk_create(answers)
    Comment.objects.bulk_create(comments)
    Choice.objects.bulk_create(choices)


def _on(day, hour: int) -> datetime:
    """The moment on `day` that the story records an officer's entry, never later than now."""
    return min(timezone.make_aware(datetime.combine(day, time(hour))), timezone.now())


def _events(consultation, officer, profile: Profile, priorities, until) -> list[Event]:
    opened = timezone.localtime(consultation.opens_at).date()
    last = timezone.localtime(until).date()
    ids = {title: priority for priority, title in priorities}
    events = []
    for spec in profile.events:
        held_on = min(opened + timedelta(days=spec.days_after_opening), last)
        with story_time(_on(held_on + timedelta(days=1), 10)):  # Written up the morning after.
            event = services.event_create(
                consultation=consultation,
                by=officer,
                kind=spec.kind,
                title=spec.title,
                held_on=held_on,
                place=spec.place,
                organisation=spec.organisation,
                people_reached=spec.people_reached,
            )
            services.event_comment_add(
                event=event,
                by=officer,
                text=spec.comment,
                priorities=[ids[title] for title in spec.speaks_to if title in ids],
            )
        events.append(event)
    return events


def _entered(consultation, officer, profile: Profile, rng, priorities, until) -> None:
    opened = timezone.localtime(consultation.opens_at).date()
    days = (timezone.localtime(until).date() - opened).days
    for _ in range(profile.entered):
        answers = {
            priority: (
                rng.choices(range(1, 6), AGREEMENT_WEIGHTS)[0],
                profile.comment(rng, title) if rng.random() < profile.entered_comment_rate else "",
            )
            for priority, title in priorities
        }
        received_on = opened + timedelta(days=rng.randint(0, max(days, 0)))
        channel = rng.choice(ENTRY_CHANNELS)
        # Typed in a working day or two after it came.
        with story_time(_on(received_on + timedelta(days=rng.randint(0, 2)), 11)):
            services.response_enter(
                consultation=consultation,
                by=officer,
                form_key=new_token(),
                channel=channel,
                received_on=received_on,
                answers=answers,
                respondent_type=RespondentType.RESIDENT,
            )
