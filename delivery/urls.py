from django.urls import path

from .views import alignment, dashboard, indicators, plan, priority

app_name = "delivery"

urlpatterns = [
    path("boards/<slug:board_slug>/strategies/<slug:slug>/delivery/", plan.plan_public, name="plan"),
    path("manage/strategies/<id:pk>/delivery/", plan.plan_manage, name="plan_manage"),
    path("manage/priorities/<id:pk>/actions/add/", plan.action_add, name="action_add"),
    path("manage/actions/<id:pk>/", plan.action_manage, name="action_manage"),
    path("manage/actions/<id:pk>/edit/", plan.action_edit, name="action_edit"),
    path("manage/actions/<id:pk>/delete/", plan.action_delete, name="action_delete"),
    path(
        "boards/<slug:board_slug>/strategies/<slug:slug>/dashboard/",
        dashboard.dashboard_public,
        name="dashboard",
    ),
    path(
        "boards/<slug:board_slug>/strategies/<slug:slug>/priorities/<id:pk>/",
        priority.priority_detail,
        name="priority",
    ),
    path("manage/strategies/<id:pk>/dashboard/", dashboard.dashboard_manage, name="dashboard_manage"),
    path("manage/strategies/<id:pk>/indicators/add/", indicators.indicator_add, name="indicator_add"),
    path("manage/indicators/<id:pk>/", indicators.indicator_manage, name="indicator_manage"),
    path("manage/indicators/<id:pk>/edit/", indicators.indicator_edit, name="indicator_edit"),
    path("manage/indicators/<id:pk>/delete/", indicators.indicator_delete, name="indicator_delete"),
    path("manage/strategies/<id:pk>/indicators/import/", indicators.import_start, name="import_start"),
    path("manage/indicator-imports/<id:pk>/", indicators.import_detail, name="import_detail"),
    path("manage/strategies/<id:pk>/indicators.csv", indicators.data_manage, name="data_manage"),
    path(
        "manage/strategies/<id:pk>/indicators/<id:indicator>.csv",
        indicators.data_manage,
        name="indicator_data_manage",
    ),
    path(
        "boards/<slug:board_slug>/strategies/<slug:slug>/indicators.csv",
        indicators.data_public,
        name="data",
    ),
    path(
        "boards/<slug:board_slug>/strategies/<slug:slug>/indicators/<id:indicator>.csv",
        indicators.data_public,
        name="indicator_data",
    ),
    # The other plans that priorities support (the Integrated Care Strategy, the Joint Forward Plan...).
    path("plans/", alignment.plan_list, name="plans"),
    path("plans/<slug:slug>/", alignment.plan_detail, name="plan_detail"),
    path("manage/plans/add/", alignment.plan_add, name="plan_add"),
    path("manage/plans/<id:pk>/edit/", alignment.plan_edit, name="plan_edit"),
    path("manage/plans/<id:pk>/delete/", alignment.plan_delete, name="plan_delete"),
    path("manage/priorities/<id:pk>/plans/", alignment.priority_plans, name="priority_plans"),
]
