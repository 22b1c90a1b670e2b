from django.urls import path

from .views import plan

app_name = "delivery"

urlpatterns = [
    path("boards/<slug:board_slug>/strategies/<slug:slug>/delivery/", plan.plan_public, name="plan"),
    path("manage/strategies/<id:pk>/delivery/", plan.plan_manage, name="plan_manage"),
    path("manage/priorities/<id:pk>/actions/add/", plan.action_add, name="action_add"),
    path("manage/actions/<id:pk>/", plan.action_manage, name="action_manage"),
    path("manage/actions/<id:pk>/edit/", plan.action_edit, name="action_edit"),
    path("manage/actions/<id:pk>/delete/", plan.action_delete, name="action_delete"),
]
