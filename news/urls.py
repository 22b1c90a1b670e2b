from django.urls import path

from . import views

app_name = "news"

urlpatterns = [
    path("boards/<slug:board_slug>/news/", views.news_list, name="list"),
    path("boards/<slug:board_slug>/news/<id:pk>/", views.news_detail, name="detail"),
    path("boards/<slug:board_slug>/feed.atom", views.board_feed, name="feed"),
    path(
        "boards/<slug:board_slug>/strategies/<slug:slug>/news.atom", views.strategy_feed, name="strategy_feed"
    ),
    path("news/subscription/<str:token>/", views.subscription, name="subscription"),
    path("manage/news/", views.manage_list, name="manage_list"),
    path("manage/news/add/", views.news_add, name="add"),
    path("manage/news/<id:pk>/edit/", views.news_edit, name="edit"),
    path("manage/news/<id:pk>/unpublish/", views.news_unpublish, name="unpublish"),
    path("manage/news/<id:pk>/delete/", views.news_delete, name="delete"),
]
