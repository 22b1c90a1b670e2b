"""
"Manage the board", continued: the people who sign in to work on the board (officers and
administrators), the link that lets someone new set a password, and sending that link again.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse_lazy
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from core import formtokens
from core.forms import add_errors
from core.http import HtmxHttpRequest, wants_partial

from .. import permissions
from ..forms.board_admin import BoardRoleChangeForm, BoardRoleForm, SetPasswordForm
from ..models import Board
from ..services import board_people as people
from .board_admin import administered_board, manage_url, section_response

ADD_ROLE = "boards.add_role"  # The form's one-time tokens (core.formtokens).


# Officers and administrators ----------------------------------------------------------------------


def _left(request: HtmxHttpRequest, board: Board, message: str) -> HttpResponse:
    """After administrators change their own role: they may no longer manage the board."""
    messages.success(request, message)
    destination = resolve_url(settings.LOGIN_REDIRECT_URL)
    return HttpResponseClientRedirect(destination) if wants_partial(request) else redirect(destination)


@login_required
def role_add(request: HtmxHttpRequest, board_slug: str) -> HttpResponse:
    board = administered_board(request.user, board_slug)
    form = BoardRoleForm(request.POST or None)
    if request.method == "POST":
        first = formtokens.claimed(form, user=request.user, purpose=ADD_ROLE)
        if first is not None:
            return redirect(manage_url(board, "people"))
        if form.is_valid():
            data = form.cleaned_data
            try:
                board_role, _ = formtokens.once(
                    data["form_token"],
                    user=request.user,
                    purpose=ADD_ROLE,
                    work=lambda: people.board_role_grant(
                        board=board,
                        by=request.user,
                        email=data["email"],
                        role=data["role"],
                        name=data["name"],
                    ),
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                user = board_role.user
                message = f"{user.get_full_name() or user.email} is now {people.role_words(board_role.role)}."
                if people.awaiting_password(user):
                    message += f" We have emailed {user.email} a link to set a password."
                messages.success(request, message)
                return redirect(manage_url(board, "people"))
    return render(request, "boards/board_admin/role_form.html", {"board": board, "form": form})


@login_required
@require_POST
def role_change(request: HtmxHttpRequest, board_slug: str, pk: int) -> HttpResponse:
    board = administered_board(request.user, board_slug)
    board_role = get_object_or_404(board.roles.select_related("user"), pk=pk)
    form = BoardRoleChangeForm(request.POST, prefix=f"role-{pk}")
    if not form.is_valid():
        return section_response(
            request, board, "people", role_forms={pk: form}, role_errors={pk: " ".join(form.errors["role"])}
        )
    try:
        board_role = people.board_role_change(
            board_role=board_role, by=request.user, role=form.cleaned_data["role"]
        )
    except ValidationError as error:
        form.add_error("role", error.messages)  # Beside the select, which keeps the role chosen.
        return section_response(
            request, board, "people", role_forms={pk: form}, role_errors={pk: " ".join(error.messages)}
        )
    user = board_role.user
    if user.pk == request.user.pk and not permissions.can_administer(_fresh(user), board):
        return _left(
            request, board, f"You are now an officer of the {board.name}: you no longer manage the board."
        )
    who = user.get_full_name() or user.email or user.get_username()
    return section_response(
        request, board, "people", announce=f"{who} is now {people.role_words(board_role.role)}."
    )


def _fresh(user):
    """The user without the roles cached on it this request (boards.permissions.roles_of)."""
    return get_user_model().objects.get(pk=user.pk)


@login_required
def role_remove(request: HtmxHttpRequest, board_slug: str, pk: int) -> HttpResponse:
    """Stop someone signing in to work on the board: a confirmation page, then back to the list."""
    board = administered_board(request.user, board_slug)
    board_role = get_object_or_404(board.roles.select_related("user"), pk=pk)
    user = board_role.user
    who = user.get_full_name() or user.email or user.get_username()
    if request.method == "POST":
        try:
            people.board_role_remove(board_role=board_role, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(manage_url(board, "people"))
        if user.pk == request.user.pk and not permissions.can_administer(_fresh(user), board):
            return _left(request, board, f"You no longer work on the {board.name}.")
        messages.success(request, f"{who} can no longer work on the board.")
        return redirect(manage_url(board, "people"))
    context = {"board": board, "board_role": board_role, "who": who, "yourself": user.pk == request.user.pk}
    return render(request, "boards/board_admin/role_remove.html", context)


@login_required
@require_POST
def invitation_resend(request: HtmxHttpRequest, board_slug: str, pk: int) -> HttpResponse:
    """Email again the link to set a password, to someone of the board who has not set one."""
    board = administered_board(request.user, board_slug)
    linked = Q(board_roles__board=board) | Q(memberships__board=board)
    user = get_object_or_404(get_user_model().objects.filter(linked).distinct(), pk=pk)
    section = "members" if request.POST.get("section") == "members" else "people"
    try:
        people.invitation_resend(board=board, user=user, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"We have emailed {user.email} a new link to set a password.")
    return redirect(manage_url(board, section))


class _SetPassword(auth_views.PasswordResetConfirmView):
    template_name = "boards/board_admin/set_password.html"
    form_class = SetPasswordForm
    success_url = reverse_lazy("login")
    extra_context = {"site_name": "HWB Portal"}

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, "Your password is set. Sign in with your username and new password.")
        return response


def set_password(request: HtmxHttpRequest, uidb64: str, token: str) -> HttpResponse:
    """
    Where the emailed link leads: Django's password reset page (which moves the token out of the
    address into the session, checks it and sets the password), in the portal's words.
    """
    return _SetPassword.as_view()(request, uidb64=uidb64, token=token)
