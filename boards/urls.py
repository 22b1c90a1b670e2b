from django.urls import path

from . import views

app_name = "boards"

urlpatterns = [
    path("boards/<slug:board_slug>/", views.board_detail, name="detail"),
    path("boards/<slug:board_slug>/brand.css", views.brand_css, name="brand_css"),
]
