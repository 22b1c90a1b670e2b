from django.urls import path

from . import views
from .views import board_admin, board_people, board_setup, meetings, proceedings

app_name = "boards"

ITEM = "manage/meetings/<id:meeting>/items/<id:pk>/"

urlpatterns = [
    path("boards/<slug:board_slug>/", views.board_detail, name="detail"),
    path("boards/<slug:board_slug>/brand.css", views.brand_css, name="brand_css"),
    # The logo's address carries its version, so it is cached for a year (boards/views/board_setup.py).
    path(
        "boards/<slug:board_slug>/logo-<version:version>.<image_extension:extension>",
        board_setup.board_logo,
        name="logo",
    ),
    # Managing the board: its details, organisations, memberships, officers, terms of reference.
    path(
        "boards/<slug:board_slug>/terms-of-reference/",
        board_admin.terms_of_reference,
        name="terms_of_reference",
    ),
    path("accounts/set-password/<uidb64>/<token>/", board_people.set_password, name="set_password"),
    path("manage/boards/", board_admin.board_manage_list, name="manage_list"),
    path("manage/boards/new/", board_setup.board_create, name="create"),
    path("manage/boards/<slug:board_slug>/", board_admin.board_manage, name="manage"),
    path("manage/boards/<slug:board_slug>/details/", board_admin.board_details_edit, name="details_edit"),
    path("manage/boards/<slug:board_slug>/history/", board_admin.board_history, name="history"),
    path("manage/boards/<slug:board_slug>/logo/", board_setup.board_logo_upload, name="logo_upload"),
    path("manage/boards/<slug:board_slug>/logo/remove/", board_setup.board_logo_remove, name="logo_remove"),
    path(
        "manage/boards/<slug:board_slug>/organisations/add/",
        board_admin.organisation_add,
        name="organisation_add",
    ),
    path(
        "manage/boards/<slug:board_slug>/organisations/new/",
        board_admin.organisation_create,
        name="organisation_create",
    ),
    path(
        "manage/boards/<slug:board_slug>/organisations/<id:pk>/remove/",
        board_admin.organisation_remove,
        name="organisation_remove",
    ),
    path("manage/boards/<slug:board_slug>/members/add/", board_admin.membership_add, name="membership_add"),
    path(
        "manage/boards/<slug:board_slug>/members/<id:pk>/edit/",
        board_admin.membership_edit,
        name="membership_edit",
    ),
    path(
        "manage/boards/<slug:board_slug>/members/<id:pk>/end/",
        board_admin.membership_end,
        name="membership_end",
    ),
    path("manage/boards/<slug:board_slug>/people/add/", board_people.role_add, name="role_add"),
    path(
        "manage/boards/<slug:board_slug>/people/<id:pk>/role/", board_people.role_change, name="role_change"
    ),
    path(
        "manage/boards/<slug:board_slug>/people/<id:pk>/remove/", board_people.role_remove, name="role_remove"
    ),
    path(
        "manage/boards/<slug:board_slug>/accounts/<id:pk>/send-link/",
        board_people.invitation_resend,
        name="invitation_resend",
    ),
    path(
        "manage/boards/<slug:board_slug>/terms-of-reference/",
        board_admin.terms_of_reference_upload,
        name="terms_of_reference_upload",
    ),
    # Meetings and their agendas, for the board's officers (views/agenda.py, views/agenda_items.py).
    path("manage/meetings/", views.meeting_manage_list, name="meeting_manage_list"),
    path("manage/meetings/new/", views.meeting_create, name="meeting_create"),
    path("manage/meetings/<id:pk>/", views.meeting_manage, name="meeting_manage"),
    path("manage/meetings/<id:pk>/history/", views.meeting_history, name="meeting_history"),
    path("manage/meetings/<id:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("manage/meetings/<id:pk>/status/", views.meeting_transition, name="meeting_transition"),
    path("manage/meetings/<id:pk>/publish/", views.agenda_publish, name="agenda_publish"),
    path("manage/meetings/<id:pk>/items/add/", views.item_add, name="item_add"),
    path("manage/meetings/<id:pk>/items/reorder/", views.items_reorder, name="items_reorder"),
    path(f"{ITEM}edit/", views.item_edit, name="item_edit"),
    path(f"{ITEM}remove/", views.item_remove, name="item_remove"),
    path(f"{ITEM}make-public/", views.item_make_public, name="item_make_public"),
    path(f"{ITEM}papers/add/", views.paper_add, name="paper_add"),
    path(f"{ITEM}papers/reorder/", views.papers_reorder, name="papers_reorder"),
    path("manage/meetings/<id:meeting>/papers/<id:pk>/remove/", views.paper_remove, name="paper_remove"),
    # Public meeting pages: meetings, agendas, papers, decisions and calendar feeds (views/meetings.py).
    path("meetings/", meetings.all_meetings, name="all_meetings"),
    path("boards/<slug:board_slug>/meetings/", meetings.meeting_list, name="meetings"),
    path("boards/<slug:board_slug>/meetings.ics", meetings.board_calendar, name="board_calendar"),
    path("boards/<slug:board_slug>/meetings/<id:pk>/", meetings.meeting_detail, name="meeting"),
    path("boards/<slug:board_slug>/meetings/<id:pk>.ics", meetings.meeting_calendar, name="meeting_calendar"),
    path(
        "boards/<slug:board_slug>/meetings/<id:meeting>/decisions/<id:pk>/",
        meetings.decision_detail,
        name="decision",
    ),
    path(
        "boards/<slug:board_slug>/meetings/<id:meeting>/papers/<id:pk>/",
        meetings.paper_download,
        name="paper",
    ),
    # Proceedings: a meeting's attendance, declarations of interest, minutes and decisions (officers).
    path("manage/meetings/<id:pk>/proceedings/", proceedings.proceedings_overview, name="proceedings"),
    path("manage/meetings/<id:pk>/attendance/", proceedings.attendance, name="attendance"),
    path(
        "manage/meetings/<id:pk>/attendance/substitutes/", proceedings.substitute_add, name="substitute_add"
    ),
    path(
        "manage/meetings/<id:pk>/attendance/others/", proceedings.in_attendance_add, name="in_attendance_add"
    ),
    path(
        "manage/meetings/<id:meeting>/attendance/<id:pk>/remove/",
        proceedings.attendance_remove,
        name="attendance_remove",
    ),
    path(f"{ITEM}declarations/", proceedings.declarations, name="declarations"),
    path(
        "manage/meetings/<id:meeting>/declarations/<id:pk>/remove/",
        proceedings.declaration_remove,
        name="declaration_remove",
    ),
    path(f"{ITEM}minutes/", proceedings.item_minutes, name="item_minutes"),
    path(f"{ITEM}decisions/", proceedings.item_decisions, name="item_decisions"),
    path(
        "manage/meetings/<id:meeting>/decisions/<id:pk>/edit/",
        proceedings.decision_edit,
        name="decision_edit",
    ),
    path(
        "manage/meetings/<id:meeting>/decisions/<id:pk>/remove/",
        proceedings.decision_remove,
        name="decision_remove",
    ),
]
