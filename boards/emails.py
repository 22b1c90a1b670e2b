"""
The email that lets someone into the portal: a link to set the password of an account made for them
by a board administrator (boards.services.board_admin), sent by Celery (boards.tasks).

The link is Django's password-reset link (PasswordResetTokenGenerator): it stops working once the
password is set, or after PASSWORD_RESET_TIMEOUT. It is made when the email is sent, not stored.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .models import Board, BoardRole

TEMPLATE = "boards/board_admin/email/invitation"


def set_password_url(user) -> str:
    """The address of the page where `user` sets a password, as emailed to them."""
    path = reverse(
        "boards:set_password",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return settings.PUBLIC_URL + path


def what_they_may_do(user, board: Board) -> str:
    """What the account is for on the board, read when the email is sent."""
    role = BoardRole.objects.filter(user=user, board=board).values_list("role", flat=True).first()
    if role == BoardRole.Role.ADMINISTRATOR:
        return (
            "as a board administrator: you can edit its strategies, consultations and meetings, publish, "
            "and manage the board"
        )
    if role == BoardRole.Role.OFFICER:
        return "as an officer: you can edit its strategies, consultations and meetings"
    return "as a member of the board: you can read its draft strategies and download its board packs"


def invitation_send(user_id: int, board_id: int) -> bool:
    """
    Send the link, unless it is no use any more (the account has a password, was closed, or was
    deleted). Whether it was sent. SMTP errors propagate, for the task to retry.
    """
    from .services.board_people import awaiting_password

    user = get_user_model().objects.filter(pk=user_id).first()
    board = Board.objects.filter(pk=board_id).first()
    if user is None or board is None or not user.email or not awaiting_password(user):
        return False
    days = settings.PASSWORD_RESET_TIMEOUT // (24 * 3600)
    context = {
        "user": user,
        "board": board,
        "link": set_password_url(user),
        "what": what_they_may_do(user, board),
        "valid_for": f"{days} day{'s' if days != 1 else ''}" if days else "a few hours",
        "sign_in_url": settings.PUBLIC_URL + reverse("login"),
    }
    message = EmailMultiAlternatives(
        subject=" ".join(render_to_string(f"{TEMPLATE}_subject.txt", context).split()),
        body=render_to_string(f"{TEMPLATE}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers={"Auto-Submitted": "auto-generated"},  # RFC 3834: no out-of-office replies, please.
    )
    message.attach_alternative(render_to_string(f"{TEMPLATE}.html", context), "text/html")
    message.send()
    return True
