from django.urls import path

from . import views

app_name = "consultations"

urlpatterns = [
    path("boards/<slug:board_slug>/consultations/<slug:slug>/", views.consultation_detail, name="detail"),
]
