from django.urls import path

from . import document_views, views

app_name = "core"

urlpatterns = [
    path("search/", views.site_search, name="search"),
    path("documents/<slug:kind>/<id:object_id>/", document_views.document_panel, name="document"),
    path(
        "documents/<slug:kind>/<id:object_id>/download/",
        document_views.document_download,
        name="document_download",
    ),
    path(
        "documents/<slug:kind>/<id:object_id>/versions/<id:number>/",
        document_views.document_version,
        name="document_version",
    ),
]
