"""
"Manage the board": the pages where a board's administrators (and site administrators) keep its
details, member organisations, memberships, officers and administrators, and terms of reference.

The manage page lists everything, with two htmx targets: #organisations (add one the portal knows,
remove one) and #people (change a role: board_people.py). Every other change is a page of its own
with a plain form. Without JavaScript every form posts the page and comes back to it.
"""

import datetime
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_POST, require_safe

from core import formtokens
from core.files import stored_file_response
from core.forms import add_errors
from core.http import HtmxHttpRequest, wants_partial
from core.models import AuditEntry
from core.versions import EditConflict, show_conflict

from .. import permissions
from ..forms.board_admin import (
    BoardDetailsForm,
    BoardRoleChangeForm,
    MembershipEndForm,
    MembershipForm,
    OrganisationChoiceForm,
    OrganisationForm,
    TermsOfReferenceForm,
)
from ..forms.board_setup import BoardLogoForm
from ..models import TERM_WARNING_DAYS, Board, Membership
from ..services import board_admin as services
from ..services import board_people as people

TEMPLATE = "boards/board_admin/manage.html"
# The create forms' one-time tokens (core.formtokens).
ADD_MEMBERSHIP = "boards.add_membership"
ADD_ORGANISATION = "boards.add_organisation"


# Terms that end soon (the board page shows them too) ----------------------------------------------


@dataclass(frozen=True)
class EndingTerm:
    membership: Membership
    days: int

    @property
    def when(self) -> str:
        day = date_format(self.membership.ends_on, "j F Y")
        if self.days == 0:
            return f"today, {day}"
        return f"on {day}, in {self.days} day{'s' if self.days != 1 else ''}"


def terms_ending(memberships, on: datetime.date | None = None) -> list[EndingTerm]:
    """The memberships (current ones, of those given) whose term ends within TERM_WARNING_DAYS."""
    on = on or timezone.localdate()
    ending = [m for m in memberships if m.starts_on <= on and m.ends_within(TERM_WARNING_DAYS, on=on)]
    return [EndingTerm(m, (m.ends_on - on).days) for m in sorted(ending, key=lambda m: (m.ends_on, m.name))]


# Lookups ------------------------------------------------------------------------------------------


def administered_board(user, board_slug: str) -> Board:
    """A board the user administers; any other is a 404, as if it did not exist."""
    return get_object_or_404(permissions.administered(user, Board.objects.all()), slug=board_slug)


def manage_url(board: Board, section: str = "") -> str:
    return reverse("boards:manage", kwargs={"board_slug": board.slug}) + (f"#{section}" if section else "")


# The list of boards, and each board's manage page -------------------------------------------------


@login_required
@require_safe
def board_manage_list(request: HtmxHttpRequest) -> HttpResponse:
    """The boards the user administers, each with how many terms end soon."""
    if not permissions.can_administer_any(request.user):
        raise Http404
    today = timezone.localdate()
    soon = Q(memberships__starts_on__lte=today) & Q(
        memberships__ends_on__gte=today,
        memberships__ends_on__lte=today + datetime.timedelta(TERM_WARNING_DAYS),
    )
    boards = permissions.administered(request.user, Board.objects.all()).annotate(
        ending=Count("memberships", filter=soon)
    )
    context = {
        "boards": boards,
        "warning_days": TERM_WARNING_DAYS,
        "can_create": permissions.can_create_board(request.user),
    }
    return render(request, "boards/board_admin/manage_list.html", context)


def manage_context(board: Board, **extra) -> dict:
    today = timezone.localdate()
    memberships = list(board.memberships.by_seniority().select_related("organisation", "user"))
    for membership in memberships:
        membership.awaiting = membership.user is not None and people.awaiting_password(membership.user)
    current = [m for m in memberships if m.starts_on <= today and (m.ends_on is None or m.ends_on >= today)]
    seats = Q(memberships__board=board) & (
        Q(memberships__ends_on__isnull=True) | Q(memberships__ends_on__gte=today)
    )
    roles = list(
        board.roles.select_related("user").order_by(
            "role", "user__first_name", "user__last_name", "user__username"
        )
    )
    for role in roles:
        role.powers = people.ROLE_POWERS[role.role]
        role.awaiting = people.awaiting_password(role.user)
        role.change_form = extra.get("role_forms", {}).get(role.pk) or BoardRoleChangeForm(
            initial={"role": role.role}, prefix=f"role-{role.pk}"
        )
    context = {
        "board": board,
        "current": current,
        "future": [m for m in memberships if m.starts_on > today],
        "past": [m for m in memberships if m.ends_on is not None and m.ends_on < today],
        "ending": terms_ending(current, on=today),
        "warning_days": TERM_WARNING_DAYS,
        "organisations": board.organisations.annotate(seats=Count("memberships", filter=seats)).order_by(
            "name"
        ),
        "organisation_form": OrganisationChoiceForm(board=board),
        "organisation_error": "",
        "roles": roles,
        "terms_size": _stored_size(board),
        "announce": "",
        "problems": [],
    }
    context.update(extra)
    return context


def _stored_size(board: Board) -> int:
    if not board.terms_of_reference:
        return 0
    try:
        return board.terms_of_reference.size
    except OSError:  # Listed but missing from storage: the page says so rather than failing.
        return 0


@login_required
@require_safe
def board_manage(request: HtmxHttpRequest, board_slug: str) -> HttpResponse:
    board = administered_board(request.user, board_slug)
    return render(request, TEMPLATE, manage_context(board))


def _section_problems(extra: dict) -> list[dict[str, str]]:
    problems = []
    form = extra.get("organisation_form")
    if form is not None:
        problems += [
            {"text": message, "href": f"#{form['organisation'].auto_id}"}
            for errors in form.errors.values()
            for message in errors
        ]
    if extra.get("organisation_error"):
        problems.append({"text": extra["organisation_error"], "href": "#organisations-error"})
    for pk, message in extra.get("role_errors", {}).items():
        problems.append({"text": message, "href": f"#id_role-{pk}-role"})
    return problems


def section_response(
    request: HtmxHttpRequest, board: Board, section: str, *, announce: str = "", **extra
) -> HttpResponse:
    """After a change made from the manage page: its section for htmx, or back to the page."""
    problems = _section_problems(extra)
    if problems:
        announce = "There is a problem: " + " ".join(problem["text"] for problem in problems)
    elif announce:
        # A banner: on the next page without JavaScript; with htmx, swapped in beside the fragment by
        # core.middleware and announced from there, so the fragment does not repeat it.
        messages.success(request, announce)
        announce = ""
    if wants_partial(request):
        return render(request, f"{TEMPLATE}#{section}", manage_context(board, announce=announce, **extra))
    if not problems:
        return redirect(manage_url(board, section))
    return render(request, TEMPLATE, manage_context(board, problems=problems, **extra))


# The board's details ------------------------------------------------------------------------------


@login_required
def board_details_edit(request: HtmxHttpRequest, board_slug: str) -> HttpResponse:
    board = administered_board(request.user, board_slug)
    form = BoardDetailsForm(request.POST or None, board=board)
    conflict = None
    if request.method == "POST" and form.is_valid():
        arguments = form.service_arguments()
        try:
            services.board_update(board=board, by=request.user, **arguments)
        except EditConflict as error:
            conflict = show_conflict(form, error, sent=arguments)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Saved the board's details.")
            return redirect(manage_url(board, "details"))
    context = {"board": board, "form": form, "conflict": conflict, "logo_form": BoardLogoForm()}
    return render(request, "boards/board_admin/details_form.html", context)


# Member organisations -----------------------------------------------------------------------------


@login_required
@require_POST
def organisation_add(request: HtmxHttpRequest, board_slug: str) -> HttpResponse:
    """Add an organisation the portal knows already (the list on the manage page)."""
    board = administered_board(request.user, board_slug)
    form = OrganisationChoiceForm(request.POST, board=board)
    if form.is_valid():
        organisation = form.cleaned_data["organisation"]
        try:
            services.organisation_add(board=board, organisation=organisation, by=request.user)
        except ValidationError as error:
            add_errors(form, error)
        else:
            return section_response(
                request,
                board,
                "organisations",
                announce=f"Added {organisation.name} to the board's organisations.",
            )
    return section_response(request, board, "organisations", organisation_form=form)


@login_required
def organisation_create(request: HtmxHttpRequest, board_slug: str) -> HttpResponse:
    """Add an organisation new to the portal: a page of its own."""
    board = administered_board(request.user, board_slug)
    form = OrganisationForm(request.POST or None)
    if request.method == "POST":
        first = formtokens.claimed(form, user=request.user, purpose=ADD_ORGANISATION)
        if first is not None:
            return redirect(manage_url(board, "organisations"))
        if form.is_valid():
            data = form.cleaned_data
            try:
                organisation, _ = formtokens.once(
                    data["form_token"],
                    user=request.user,
                    purpose=ADD_ORGANISATION,
                    work=lambda: services.organisation_create(
                        board=board,
                        by=request.user,
                        name=data["name"],
                        kind=data["kind"],
                        website=data["website"],
                    ),
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, f"Added {organisation.name} to the board's organisations.")
                return redirect(manage_url(board, "organisations"))
    return render(request, "boards/board_admin/organisation_form.html", {"board": board, "form": form})


@login_required
@require_POST
def organisation_remove(request: HtmxHttpRequest, board_slug: str, pk: int) -> HttpResponse:
    board = administered_board(request.user, board_slug)
    organisation = get_object_or_404(board.organisations.all(), pk=pk)
    try:
        services.organisation_remove(board=board, organisation=organisation, by=request.user)
    except ValidationError as error:
        return section_response(request, board, "organisations", organisation_error=" ".join(error.messages))
    return section_response(
        request,
        board,
        "organisations",
        announce=f"Removed {organisation.name} from the board's organisations.",
    )


# Memberships --------------------------------------------------------------------------------------


def _membership_of(board: Board, pk: int) -> Membership:
    return get_object_or_404(board.memberships.select_related("organisation", "user"), pk=pk)


@login_required
def membership_add(request: HtmxHttpRequest, board_slug: str) -> HttpResponse:
    board = administered_board(request.user, board_slug)
    form = MembershipForm(request.POST or None, board=board)
    if request.method == "POST":
        first = formtokens.claimed(form, user=request.user, purpose=ADD_MEMBERSHIP)
        if first is not None:
            return redirect(manage_url(board, "members"))
        if form.is_valid():
            try:
                membership, _ = formtokens.once(
                    form.cleaned_data["form_token"],
                    user=request.user,
                    purpose=ADD_MEMBERSHIP,
                    work=lambda: people.membership_create(
                        board=board, by=request.user, **form.service_fields()
                    ),
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _added_message(membership))
                return redirect(manage_url(board, "members"))
    return render(
        request, "boards/board_admin/membership_form.html", {"board": board, "form": form, "membership": None}
    )


def _added_message(membership: Membership) -> str:
    message = f"Added {membership.name} as {membership.get_role_display().lower()}."
    if membership.user is not None and people.awaiting_password(membership.user):
        message += f" We have emailed {membership.user.email} a link to set a password."
    return message


@login_required
def membership_edit(request: HtmxHttpRequest, board_slug: str, pk: int) -> HttpResponse:
    board = administered_board(request.user, board_slug)
    membership = _membership_of(board, pk)
    form = MembershipForm(request.POST or None, board=board, membership=membership)
    conflict = None
    if request.method == "POST" and form.is_valid():
        arguments = {"version": form.cleaned_data["version"], **form.service_fields()}
        try:
            people.membership_update(membership=membership, by=request.user, **arguments)
        except EditConflict as error:
            conflict = show_conflict(form, error, sent={**arguments, "user": arguments["account_email"]})
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Saved the details of {form.cleaned_data['name']}'s membership.")
            return redirect(manage_url(board, "members"))
    context = {"board": board, "form": form, "membership": membership, "conflict": conflict}
    return render(request, "boards/board_admin/membership_form.html", context)


@login_required
def membership_end(request: HtmxHttpRequest, board_slug: str, pk: int) -> HttpResponse:
    board = administered_board(request.user, board_slug)
    membership = _membership_of(board, pk)
    form = MembershipEndForm(
        request.POST or None,
        initial={"ends_on": membership.ends_on or timezone.localdate(), "version": membership.version},
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        arguments = dict(form.cleaned_data)
        try:
            people.membership_end(membership=membership, by=request.user, **arguments)
        except EditConflict as error:
            conflict = show_conflict(form, error, sent=arguments)
        except ValidationError as error:
            add_errors(form, error)
        else:
            day = date_format(arguments["ends_on"], "j F Y")
            messages.success(request, f"{membership.name}'s term ends on {day}.")
            return redirect(manage_url(board, "members"))
    context = {"board": board, "form": form, "membership": membership, "conflict": conflict}
    return render(request, "boards/board_admin/membership_end.html", context)


# Terms of reference -------------------------------------------------------------------------------


@login_required
def terms_of_reference_upload(request: HtmxHttpRequest, board_slug: str) -> HttpResponse:
    board = administered_board(request.user, board_slug)
    form = TermsOfReferenceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.terms_of_reference_upload(board=board, by=request.user, file=form.cleaned_data["file"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, "Uploaded the terms of reference. The board's page offers them for download."
            )
            return redirect(manage_url(board, "terms-of-reference"))
    context = {"board": board, "form": form, "terms_size": _stored_size(board)}
    return render(request, "boards/board_admin/terms_of_reference.html", context)


@require_safe
def terms_of_reference(request: HtmxHttpRequest, board_slug: str) -> HttpResponse:
    """The board's terms of reference, for anyone: they are a public document."""
    board = get_object_or_404(Board.objects.exclude(terms_of_reference=""), slug=board_slug)
    return stored_file_response(
        request,
        board.terms_of_reference,
        as_attachment=False,
        filename=f"{board.slug}-terms-of-reference.pdf",
        content_type="application/pdf",
    )


# History ------------------------------------------------------------------------------------------


@login_required
@require_safe
def board_history(request: HtmxHttpRequest, board_slug: str) -> HttpResponse:
    """Every change made to the board's set-up, newest first, from the audit trail."""
    board = administered_board(request.user, board_slug)
    entries = AuditEntry.objects.for_scope(board).select_related("actor", "target_type")
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "boards/board_admin/history.html", {"board": board, "page": page})
