"""
The page about the API, and a JSON 404 for what is not in it. The API itself (api.urls, its own
namespace "api-v1") is mounted by config/urls.py at api/v1/, before these: the last pattern here
takes everything else under api/.
"""

from django.urls import path

from . import views

app_name = "opendata"

urlpatterns = [
    path("api/", views.api_page, name="api"),
    # Anything else under api/ (another version, a mistyped endpoint): a 404 in JSON, not an HTML page.
    path("api/<path:url>", views.api_not_found, name="not_found"),
]
