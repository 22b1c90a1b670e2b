"""
Campaigns: the same text arriving in many responses (docs/decisions/0020-duplicates-and-campaigns.md).

A comment's fingerprint is its text with a greeting line ("Dear Sir or Madam,") and a sign-off with what
follows it ("Yours faithfully, Jane Smith") set aside, then case, accents' forms, punctuation and spacing
made uniform. Comments whose fingerprints are the same, or near-identical (consultations.similar: word
triples overlapping by 70% or more, as when a sender adds a sentence of their own to a template or
changes a word), from at least CAMPAIGN_MIN_RESPONSES different counted responses are a campaign. Short
texts ("No comment", "I agree") are left out: a few common words said by many people are not a campaign.

Finding campaigns reads each counted response comment once, keeping each distinct fingerprint with the
comments that have it: at 100,000 responses a few seconds, in memory of the order of the comments'
text. Event comments are not looked at: an officer wrote them down from what people said in a room,
they are not submissions.

It is idempotent, keyed by content: each campaign is stored by its fingerprint, so finding campaigns
again writes nothing when nothing changed, updates the members of one that grew, keeps the officer's
review (confirmed, dismissed), and removes one that no longer has enough responses.
"""

import hashlib
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from core import audit
from core.models import AuditEntry

from . import permissions, similar
from .models import Campaign, CampaignStatus, Comment, Consultation, Status

# A campaign is the same text from at least this many responses.
CAMPAIGN_MIN_RESPONSES = 3
# Texts shorter than this (in words, after the greeting and sign-off) are never a campaign.
CAMPAIGN_MIN_WORDS = 6
# Campaigns are looked for once there are responses.
CAMPAIGN_STATUSES = frozenset({Status.OPEN, Status.CLOSED})
# Comments read from the database this many at a time.
CHUNK_SIZE = 5000

GREETING = re.compile(
    r"^\s*(dear|hello|hi|hiya|hey|good (morning|afternoon|evening)|to whom it may concern)\b[^\n,.!:;]{0,60}"
    r"(?:[,.!:;]|\n)\s*",
    re.IGNORECASE,
)
SIGN_OFF = re.compile(
    r"(^|[\n.!?]\s*)(yours( (sincerely|faithfully|truly))?|(kind|best|warm|many) (regards|wishes|thanks)|"
    r"regards|thanks|thank you|cheers|sincerely|signed)\b[^\n]{0,60}(?:\n[^\n]{0,60}){0,3}\s*$",
    re.IGNORECASE,
)
NOT_WORD = re.compile(r"[\W_]+")


def body(text: str) -> str:
    """The text without a greeting at its start and a sign-off (with the name after it) at its end."""
    text = str(text).strip()
    kept = GREETING.sub("", text, count=1)
    if kept.strip():
        text = kept
    match = SIGN_OFF.search(text)
    if match and text[: match.start()].strip():
        # The sign-off's own sentence ends at match.start(2): keep the full stop before it, if any.
        text = text[: match.start(2)]
    return text.strip()


def fingerprint(text: str) -> str:
    """The words of the text's body, in order, in one case and form: "" when too short to be a campaign."""
    words = NOT_WORD.sub(" ", unicodedata.normalize("NFKC", body(text)).casefold()).split()
    return " ".join(words) if len(words) >= CAMPAIGN_MIN_WORDS else ""


@dataclass(frozen=True)
class Group:
    fingerprint: str
    text: str
    comments: frozenset[int]
    response_count: int


def find_groups(consultation: Consultation) -> list[Group]:
    """
    The campaigns in a consultation's counted response comments, largest first. The comments are read
    once, grouped by fingerprint; fingerprints that are near-identical (consultations.similar: the same
    template with a sentence added or a word changed) join into one family; a family with comments from
    enough responses is a campaign, keyed by its most common fingerprint (the template: it stays the key
    as the campaign grows), its text the earliest comment with that fingerprint.
    """
    exact: dict[str, list[tuple[int, int]]] = defaultdict(list)
    comments = (
        Comment.objects.counted()
        .filter(consultation=consultation, response__isnull=False)
        .order_by("pk")
        .values_list("pk", "response_id", "text")
    )
    for pk, response_id, text in comments.iterator(chunk_size=CHUNK_SIZE):
        if fingerprinted := fingerprint(text):
            exact[fingerprinted].append((pk, response_id))
    keys = list(exact)
    families = similar.clusters(keys)
    joined = {index for family in families for index in family}
    families += [[index] for index in range(len(keys)) if index not in joined]
    found = []
    for family in families:
        members = [member for index in family for member in exact[keys[index]]]
        responses = {response for _, response in members}
        if len(responses) < CAMPAIGN_MIN_RESPONSES:
            continue
        # The template: the fingerprint most comments share (the earliest, between equals).
        template = min(
            (keys[index] for index in family), key=lambda key: (-len(exact[key]), exact[key][0][0])
        )
        found.append((template, exact[template][0][0], frozenset(pk for pk, _ in members), len(responses)))
    texts = dict(Comment.objects.filter(pk__in=[first for _, first, _, _ in found]).values_list("pk", "text"))
    result = [
        Group(template, body(texts[first]), members, count) for template, first, members, count in found
    ]
    return sorted(result, key=lambda group: (-group.response_count, min(group.comments)))


def stored_key(fingerprinted: str) -> str:
    return hashlib.sha256(fingerprinted.encode()).hexdigest()


@transaction.atomic
def campaigns_sync(consultation: Consultation) -> dict[str, int]:
    """
    Store the campaigns found now: new ones added, changed ones updated (their review kept), those no
    longer found removed. Writes nothing when nothing changed. Returns how many of each.
    """
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    groups = {stored_key(group.fingerprint): group for group in find_groups(consultation)}
    stored = {campaign.fingerprint: campaign for campaign in consultation.campaigns.all()}
    through = Campaign.comments.through
    members: dict[int, set[int]] = defaultdict(set)
    for campaign_id, comment_id in through.objects.filter(campaign__consultation=consultation).values_list(
        "campaign_id", "comment_id"
    ):
        members[campaign_id].add(comment_id)
    counts = {"found": len(groups), "added": 0, "updated": 0, "removed": 0}
    gone = [campaign.pk for key, campaign in stored.items() if key not in groups]
    if gone:
        counts["removed"] = Campaign.objects.filter(pk__in=gone).delete()[1].get(Campaign._meta.label, 0)
    number = _last_number(stored.values())
    now = timezone.now()
    for key, group in groups.items():
        campaign = stored.get(key)
        if campaign is None:
            number += 1
            campaign = Campaign.objects.create(
                consultation=consultation,
                fingerprint=key,
                label=f"Campaign {number}",
                text=group.text,
                response_count=group.response_count,
                detected_at=now,
            )
            counts["added"] += 1
        elif members[campaign.pk] == group.comments and campaign.response_count == group.response_count:
            continue
        else:
            Campaign.objects.filter(pk=campaign.pk).update(
                response_count=group.response_count, detected_at=now
            )
            through.objects.filter(campaign=campaign).exclude(comment_id__in=group.comments).delete()
            counts["updated"] += 1
        through.objects.bulk_create(
            [through(campaign=campaign, comment_id=pk) for pk in group.comments - members[campaign.pk]],
            batch_size=CHUNK_SIZE,
        )
    return counts


def _last_number(campaigns) -> int:
    numbers = [int(c.label.rsplit(" ", 1)[-1]) for c in campaigns if c.label.rsplit(" ", 1)[-1].isdigit()]
    return max(numbers, default=0)


# Services ------------------------------------------------------------------------------------------


def _require(by, consultation: Consultation) -> None:
    if not permissions.can_read_responses(by, consultation):
        raise PermissionDenied("Only the board's officers can look for and review campaigns.")


@transaction.atomic
def campaigns_detect(*, consultation: Consultation, by) -> dict[str, int]:
    """Look for campaigns now, for an officer (the page's button): campaigns_sync, audited by counts only."""
    _require(by, consultation)
    if consultation.status not in CAMPAIGN_STATUSES:
        raise ValidationError("Campaigns are looked for once the consultation has opened and has responses.")
    counts = campaigns_sync(consultation)
    if counts["added"] or counts["updated"] or counts["removed"]:
        audit.audit_record(
            actor=by,
            action=AuditEntry.Action.UPDATED,
            scope=consultation.strategy,
            target=consultation,
            changes={"campaigns": [None, counts]},
        )
    return counts


REVIEWS = {
    CampaignStatus.CONFIRMED: "confirmed",
    CampaignStatus.DISMISSED: "dismissed",
    CampaignStatus.DETECTED: "not reviewed",
}


@transaction.atomic
def campaign_review(*, campaign: Campaign, by, status: str) -> Campaign:
    """Confirm a campaign (the report names it), dismiss it (it is not one), or take the review back."""
    _require(by, campaign.consultation)
    if status not in REVIEWS:
        raise ValidationError({"status": "Choose whether to confirm or dismiss the campaign"})
    campaign = (
        Campaign.objects.select_for_update().select_related("consultation__strategy").get(pk=campaign.pk)
    )
    if campaign.status == status:
        return campaign
    before = campaign.status
    campaign.status = status
    reviewed = status != CampaignStatus.DETECTED
    campaign.reviewed_at = timezone.now() if reviewed else None
    campaign.reviewed_by = by if reviewed else None
    campaign.save(update_fields=["status", "reviewed_at", "reviewed_by"])
    audit.audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATED,
        scope=campaign.consultation.strategy,
        target=campaign,
        changes={"status": [REVIEWS[before], REVIEWS[status]]},
    )
    return campaign


# Reading ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CampaignFigures:
    """What the report says of campaigns: the confirmed ones, each with its counted responses."""

    campaigns: list[Campaign]  # Each annotated with `responses`: its counted responses now.
    responses: int  # Counted responses in any of them (a response in two campaigns once).

    @property
    def count(self) -> int:
        return len(self.campaigns)


# A campaign's members that count now: their responses submitted and not marked as duplicates since.
COUNTED_MEMBERS = Q(
    comments__response__submitted_at__isnull=False, comments__response__duplicate_marked_at__isnull=True
)


def confirmed_figures(consultation: Consultation) -> CampaignFigures:
    """
    The confirmed campaigns with their responses counted now (a response marked a duplicate after the
    campaign was found no longer counts), and the responses in any of them: two queries.
    """
    campaigns = list(
        consultation.campaigns.filter(status=CampaignStatus.CONFIRMED)
        .annotate(responses=Count("comments__response", distinct=True, filter=COUNTED_MEMBERS))
        .order_by("-responses", "pk")
    )
    responses = (
        Comment.objects.counted()
        .filter(campaigns__in=[campaign.pk for campaign in campaigns], response__isnull=False)
        .values("response")
        .distinct()
        .count()
        if campaigns
        else 0
    )
    return CampaignFigures([c for c in campaigns if c.responses], responses)
