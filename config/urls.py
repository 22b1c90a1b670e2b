from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from boards import views as board_views
from core import views as core_views
from opendata import api as opendata_api

urlpatterns = [
    path("", board_views.home, name="home"),
    path("", include("boards.urls")),
    path("", include("strategies.urls")),
    path("", include("consultations.urls")),
    path("", include("delivery.urls")),
    path("", include("news.urls")),
    path("api/v1/", opendata_api.urls()),
    path("", include("opendata.urls")),
    path("", include("core.urls")),
    path("accounts/login/", core_views.login_view, name="login"),
    path("accounts/logout/", core_views.logout_view, name="logout"),
    path("healthz", core_views.healthz, name="healthz"),
    path("healthz/live", core_views.healthz_live, name="healthz_live"),
    path("admin/", admin.site.urls),
]

if settings.BENCH_VIEWS:
    urlpatterns.append(path("bench/bare", core_views.bench_bare))
