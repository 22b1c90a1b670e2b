from django.urls import path

from . import views

app_name = "boards"

ITEM = "manage/meetings/<id:meeting>/items/<id:pk>/"

urlpatterns = [
    path("boards/<slug:board_slug>/", views.board_detail, name="detail"),
    path("boards/<slug:board_slug>/brand.css", views.brand_css, name="brand_css"),
    # Meetings and their agendas, for the board's officers (views/agenda.py, views/agenda_items.py).
    path("manage/meetings/", views.meeting_manage_list, name="meeting_manage_list"),
    path("manage/meetings/new/", views.meeting_create, name="meeting_create"),
    path("manage/meetings/<id:pk>/", views.meeting_manage, name="meeting_manage"),
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
]
