from django.urls import path

from . import views

app_name = "delivery"

urlpatterns = [
    path("boards/<slug:board_slug>/strategies/<slug:slug>/delivery/", views.plan_public, name="plan"),
    path("manage/strategies/<id:pk>/delivery/", views.plan_manage, name="plan_manage"),
    path("manage/priorities/<id:pk>/actions/add/", views.action_add, name="action_add"),
    path("manage/actions/<id:pk>/", views.action_manage, name="action_manage"),
    path("manage/actions/<id:pk>/edit/", views.action_edit, name="action_edit"),
    path("manage/actions/<id:pk>/delete/", views.action_delete, name="action_delete"),
]
