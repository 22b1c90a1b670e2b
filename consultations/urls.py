from django.urls import path

from . import views

app_name = "consultations"

urlpatterns = [
    path("boards/<slug:board_slug>/consultations/<slug:slug>/", views.consultation_detail, name="detail"),
    path("manage/consultations/", views.consultation_manage_list, name="manage_list"),
    path("manage/consultations/new/", views.consultation_create, name="create"),
    path("manage/consultations/<id:pk>/", views.consultation_manage, name="manage"),
    path("manage/consultations/<id:pk>/edit/", views.consultation_edit, name="edit"),
    path("manage/consultations/<id:pk>/monitor/", views.consultation_monitor, name="monitor"),
    path("manage/consultations/<id:pk>/responses.csv", views.consultation_export, name="export"),
    path("manage/consultations/<id:pk>/status/", views.consultation_transition, name="transition"),
    path("manage/consultations/<id:pk>/questions/add/", views.question_add, name="question_add"),
    path(
        "manage/consultations/<id:pk>/questions/reorder/", views.questions_reorder, name="questions_reorder"
    ),
    path("manage/questions/<id:pk>/edit/", views.question_edit, name="question_edit"),
    path("manage/questions/<id:pk>/delete/", views.question_delete, name="question_delete"),
]
