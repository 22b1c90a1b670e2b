from django.urls import path

from . import views

app_name = "strategies"

urlpatterns = [
    path("boards/<slug:board_slug>/strategies/<slug:slug>/", views.strategy_detail, name="detail"),
    path("boards/<slug:board_slug>/strategies/<slug:slug>/summary/", views.strategy_summary, name="summary"),
    path(
        "boards/<slug:board_slug>/strategies/<slug:slug>/easy-read/",
        views.strategy_easy_read,
        name="easy_read",
    ),
    path(
        "boards/<slug:board_slug>/strategies/<slug:slug>/supporting-documents/<id:pk>/",
        views.supporting_document_file,
        name="supporting_document_file",
    ),
    path("manage/", views.strategy_manage_list, name="manage_list"),
    path("manage/strategies/new/", views.strategy_create, name="create"),
    path("manage/strategies/<id:pk>/", views.strategy_manage, name="manage"),
    path("manage/strategies/<id:pk>/edit/", views.strategy_edit, name="edit"),
    path("manage/strategies/<id:pk>/delete/", views.strategy_delete, name="delete"),
    path("manage/strategies/<id:pk>/status/", views.strategy_transition, name="transition"),
    path("manage/strategies/<id:pk>/history/", views.strategy_history, name="history"),
    path("manage/strategies/<id:pk>/revisions/<id:number>/", views.revision_detail, name="revision"),
    path("manage/strategies/<id:pk>/compare/", views.revision_compare, name="compare"),
    path(
        "manage/strategies/<id:pk>/supporting-documents/add/",
        views.supporting_document_add,
        name="supporting_document_add",
    ),
    path(
        "manage/supporting-documents/<id:pk>/remove/",
        views.supporting_document_remove,
        name="supporting_document_remove",
    ),
    path("manage/strategies/<id:pk>/domains/add/", views.domain_add, name="domain_add"),
    path("manage/strategies/<id:pk>/domains/reorder/", views.domains_reorder, name="domains_reorder"),
    path("manage/domains/<id:pk>/edit/", views.domain_edit, name="domain_edit"),
    path("manage/domains/<id:pk>/delete/", views.domain_delete, name="domain_delete"),
    path("manage/domains/<id:pk>/priorities/add/", views.priority_add, name="priority_add"),
    path("manage/domains/<id:pk>/priorities/reorder/", views.priorities_reorder, name="priorities_reorder"),
    path("manage/priorities/<id:pk>/edit/", views.priority_edit, name="priority_edit"),
    path("manage/priorities/<id:pk>/delete/", views.priority_delete, name="priority_delete"),
]
