"""
A new board (site administrators), and a board's logo: set on the board's details page by its
administrators, and served to everyone from an address that carries its version
(docs/decisions/0033-a-new-board.md).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_POST, require_safe

from core import formtokens
from core.forms import add_errors
from core.http import HtmxHttpRequest
from core.images import CONTENT_TYPES

from .. import permissions
from ..forms.board_admin import BoardDetailsForm
from ..forms.board_setup import AdministratorFormSet, BoardCreateForm, BoardLogoForm
from ..models import Board, BoardRole
from ..services import board_people as people
from ..services import board_setup as services
from .board_admin import administered_board, manage_url

CREATE_BOARD = "boards.create_board"  # The form's one-time tokens (core.formtokens).
PREFIX = "administrators"


# Creating a board ---------------------------------------------------------------------------------


@login_required
def board_create(request: HtmxHttpRequest) -> HttpResponse:
    """Create a board with its first administrators: site administrators only (anyone else: 404)."""
    if not permissions.can_create_board(request.user):
        raise Http404
    form = BoardCreateForm(request.POST or None, request.FILES or None)
    administrators = AdministratorFormSet(request.POST or None, prefix=PREFIX)
    if request.method == "POST":
        first = formtokens.claimed(form, user=request.user, purpose=CREATE_BOARD)
        if first is not None:
            return redirect(manage_url(first.result()) if first.result() else reverse("boards:manage_list"))
        if "add_administrator" in request.POST:
            # Not a submission: the form again as typed (unchecked), with one more row.
            again = BoardCreateForm(
                initial={name: request.POST.get(name) for name in BoardCreateForm.base_fields}
            )
            return _create_page(request, again, _with_another_row(request))
        if _valid(form, administrators):
            data = form.cleaned_data
            try:
                board, _ = formtokens.once(
                    data["form_token"],
                    user=request.user,
                    purpose=CREATE_BOARD,
                    work=lambda: services.board_create(
                        by=request.user,
                        name=data["name"],
                        slug=data["slug"],
                        area=data["area"],
                        area_code=data["area_code"],
                        colour=data["colour"],
                        contact_email=data["contact_email"],
                        logo=data["logo"],
                        administrators=[row.cleaned_data for row in administrators if row.cleaned_data],
                    ),
                )
            except ValidationError as error:
                _show_errors(form, administrators, error)
            else:
                messages.success(request, _created_message(board))
                return redirect(manage_url(board))
        _ask_for_the_logo_again(request, form, administrators)
    return _create_page(request, form, administrators)


# A browser never sends a file again by itself: a form with a problem elsewhere would lose the logo silently.
LOGO_AGAIN = "Choose the logo again: a file is not kept when another answer has a problem"


def _ask_for_the_logo_again(request: HtmxHttpRequest, form, administrators) -> None:
    """A logo sent with a form that has a problem elsewhere: say at the logo field to choose it again."""
    problems = form.errors or any(administrators.errors) or administrators.non_form_errors()
    if request.FILES.get("logo") and problems and "logo" not in form.errors:
        form.add_error("logo", LOGO_AGAIN)


def _valid(form, administrators) -> bool:
    valid = form.is_valid()  # Both, so that every error shows at once.
    return administrators.is_valid() and valid


def _with_another_row(request: HtmxHttpRequest):
    """The formset again with one more empty row, up to the limit ("Add another administrator")."""
    data = request.POST.copy()
    total = f"{PREFIX}-TOTAL_FORMS"
    try:
        rows = int(data.get(total, "0"))
    except ValueError:
        rows = 0
    data[total] = str(min(max(rows, 0) + 1, services.MAX_ADMINISTRATORS))
    administrators = AdministratorFormSet(data, prefix=PREFIX)
    if not administrators.management_form.is_valid():
        return AdministratorFormSet(prefix=PREFIX)  # A page sent incomplete: its rows start again.
    return administrators


def _show_errors(form, administrators, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    rows = list(administrators)
    for key, messages_ in error.error_dict.items():
        parts = key.split("-")
        if parts[0] == PREFIX and len(parts) == 3 and parts[1].isdigit() and int(parts[1]) < len(rows):
            rows[int(parts[1])].add_error(parts[2], messages_)
        elif key == PREFIX:
            form.add_error(None, messages_)
        else:
            add_errors(form, ValidationError({key: messages_}))


def _create_page(request: HtmxHttpRequest, form, administrators) -> HttpResponse:
    if administrators.is_bound and form.is_bound:
        for message in administrators.non_form_errors():
            form.add_error(None, message)
    return render(
        request,
        "boards/board_admin/board_create.html",
        {
            "form": form,
            "administrators": administrators,
            "error_forms": [form, *administrators] if administrators.is_bound else [form],
            "can_add": administrators.total_form_count() < services.MAX_ADMINISTRATORS,
        },
    )


def _created_message(board: Board) -> str:
    message = f"Created the {board.name}."
    invited = [
        role.user.email
        for role in board.roles.filter(role=BoardRole.Role.ADMINISTRATOR).select_related("user")
        if people.awaiting_password(role.user)
    ]
    if invited:
        message += f" We have emailed {', '.join(invited)} a link to set a password."
    return message


# The logo -----------------------------------------------------------------------------------------


def _details_page(request: HtmxHttpRequest, board: Board, *, logo_form) -> HttpResponse:
    """The board's details page (boards.views.board_admin.board_details_edit), with the logo's errors."""
    context = {
        "board": board,
        "form": BoardDetailsForm(board=board),
        "logo_form": logo_form,
        "conflict": None,
    }
    return render(request, "boards/board_admin/details_form.html", context)


@login_required
@require_POST
def board_logo_upload(request: HtmxHttpRequest, board_slug: str) -> HttpResponse:
    board = administered_board(request.user, board_slug)
    logo_form = BoardLogoForm(request.POST, request.FILES)
    if logo_form.is_valid():
        try:
            services.board_logo_set(board=board, by=request.user, file=logo_form.cleaned_data["logo"])
        except ValidationError as error:
            add_errors(logo_form, error)
        else:
            messages.success(
                request, "Uploaded the board's logo. It is shown at the top of the board's pages."
            )
            return redirect(manage_url(board, "details"))
    return _details_page(request, board, logo_form=logo_form)


@login_required
@require_POST
def board_logo_remove(request: HtmxHttpRequest, board_slug: str) -> HttpResponse:
    board = administered_board(request.user, board_slug)
    services.board_logo_remove(board=board, by=request.user)
    messages.success(request, "Removed the board's logo. Its pages show its name alone.")
    return redirect(manage_url(board, "details"))


# A year: the address changes with the logo, so a browser never needs to ask again.
LOGO_MAX_AGE = 365 * 24 * 60 * 60
# Nothing an SVG opened on its own could run or load; its own inline styles still apply.
LOGO_CSP = {"default-src": ["'none'"], "style-src": ["'unsafe-inline'"], "img-src": ["data:"]}


@require_safe
@csp_override(LOGO_CSP)
def board_logo(request: HtmxHttpRequest, board_slug: str, version: str, extension: str) -> HttpResponse:
    """The board's logo, for anyone. An earlier version's address leads to the current logo."""
    board = get_object_or_404(Board.objects.exclude(logo=""), slug=board_slug)
    if version != board.logo_version or not board.logo.name.endswith(f".{extension}"):
        response = redirect(board.logo_url)
        patch_cache_control(response, public=True, max_age=300)
        return response
    try:
        stored = board.logo.open("rb")
    except OSError:  # Listed but missing from storage.
        raise Http404("The logo is missing.") from None
    response = FileResponse(stored, content_type=CONTENT_TYPES[extension])
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = f'inline; filename="{board.slug}-logo.{extension}"'
    patch_cache_control(response, public=True, max_age=LOGO_MAX_AGE, immutable=True)
    return response
