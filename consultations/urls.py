from django.urls import path

from . import views

app_name = "consultations"

RESPOND = "boards/<slug:board_slug>/consultations/<slug:slug>/respond/"

urlpatterns = [
    path("boards/<slug:board_slug>/consultations/<slug:slug>/", views.consultation_detail, name="detail"),
    path("manage/consultations/", views.consultation_manage_list, name="manage_list"),
    path("manage/consultations/new/", views.consultation_create, name="create"),
    path("manage/consultations/<id:pk>/", views.consultation_manage, name="manage"),
    path("manage/consultations/<id:pk>/edit/", views.consultation_edit, name="edit"),
    path("manage/consultations/<id:pk>/status/", views.consultation_transition, name="transition"),
    path("manage/consultations/<id:pk>/questions/add/", views.question_add, name="question_add"),
    path(
        "manage/consultations/<id:pk>/questions/reorder/", views.questions_reorder, name="questions_reorder"
    ),
    path("manage/questions/<id:pk>/edit/", views.question_edit, name="question_edit"),
    path("manage/questions/<id:pk>/delete/", views.question_delete, name="question_delete"),
    # The resident's survey (views/respond.py).
    path(RESPOND, views.respond_start, name="respond_start"),
    path(f"{RESPOND}domains/<id:domain_id>/", views.respond_domain, name="respond_domain"),
    path(f"{RESPOND}questions/", views.respond_questions, name="respond_questions"),
    path(f"{RESPOND}about-you/", views.respond_about, name="respond_about"),
    path(f"{RESPOND}equality/", views.respond_equality, name="respond_equality"),
    path(f"{RESPOND}check-your-answers/", views.respond_check, name="respond_check"),
    path(f"{RESPOND}confirmation/", views.respond_confirmation, name="respond_confirmation"),
    path(f"{RESPOND}save/", views.respond_save, name="respond_save"),
    path(f"{RESPOND}save/sent/", views.respond_saved, name="respond_saved"),
    path(f"{RESPOND}resume/<str:token>/", views.respond_resume, name="respond_resume"),
]
