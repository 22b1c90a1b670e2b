from django.urls import path

from . import views

app_name = "consultations"

RESPOND = "boards/<slug:board_slug>/consultations/<slug:slug>/respond/"

urlpatterns = [
    path("boards/<slug:board_slug>/consultations/<slug:slug>/", views.consultation_detail, name="detail"),
    path("manage/consultations/", views.consultation_manage_list, name="manage_list"),
    path("manage/consultations/new/", views.consultation_create, name="create"),
    path("manage/consultations/<id:pk>/", views.consultation_manage, name="manage"),
    path("manage/consultations/<id:pk>/edit/", views.consultation_edit, name="edit"),
    path("manage/consultations/<id:pk>/monitor/", views.consultation_monitor, name="monitor"),
    path("manage/consultations/<id:pk>/responses.csv", views.consultation_export, name="export"),
    path("manage/consultations/<id:pk>/status/", views.consultation_transition, name="transition"),
    path("manage/consultations/<id:pk>/questions/add/", views.question_add, name="question_add"),
    path(
        "manage/consultations/<id:pk>/questions/reorder/", views.questions_reorder, name="questions_reorder"
    ),
    path("manage/questions/<id:pk>/edit/", views.question_edit, name="question_edit"),
    # Offline responses and engagement events (views/offline.py).
    path("manage/consultations/<id:pk>/responses/", views.response_list, name="responses"),
    path("manage/consultations/<id:pk>/responses/new/", views.response_enter, name="response_enter"),
    path("manage/responses/<id:pk>/edit/", views.response_edit, name="response_edit"),
    path("manage/responses/<id:pk>/delete/", views.response_delete, name="response_delete"),
    path("manage/consultations/<id:pk>/events/", views.event_list, name="events"),
    path("manage/consultations/<id:pk>/events/new/", views.event_create, name="event_create"),
    path("manage/events/<id:pk>/", views.event_detail, name="event"),
    path("manage/events/<id:pk>/edit/", views.event_edit, name="event_edit"),
    path("manage/events/<id:pk>/delete/", views.event_delete, name="event_delete"),
    path("manage/events/<id:pk>/comments/add/", views.event_comment_add, name="event_comment_add"),
    path("manage/event-comments/<id:pk>/delete/", views.event_comment_delete, name="event_comment_delete"),
    path("manage/questions/<id:pk>/delete/", views.question_delete, name="question_delete"),
    # The resident's survey (views/respond.py).
    path(RESPOND, views.respond_start, name="respond_start"),
    path(f"{RESPOND}domains/<id:domain_id>/", views.respond_domain, name="respond_domain"),
    path(f"{RESPOND}questions/", views.respond_questions, name="respond_questions"),
    path(f"{RESPOND}about-you/", views.respond_about, name="respond_about"),
    path(f"{RESPOND}equality/", views.respond_equality, name="respond_equality"),
    path(f"{RESPOND}check-your-answers/", views.respond_check, name="respond_check"),
    path(f"{RESPOND}confirmation/", views.respond_confirmation, name="respond_confirmation"),
    path(f"{RESPOND}save/", views.respond_save, name="respond_save"),
    path(f"{RESPOND}save/sent/", views.respond_saved, name="respond_saved"),
    path(f"{RESPOND}resume/<str:token>/", views.respond_resume, name="respond_resume"),
    # Subject access and erasure (views/privacy.py).
    path("manage/consultations/<id:pk>/personal-data/", views.respondent_search, name="respondent_search"),
    path("manage/responses/<id:pk>/personal-data/", views.respondent_detail, name="respondent"),
    path(
        "manage/responses/<id:pk>/personal-data/download/",
        views.respondent_download,
        name="respondent_download",
    ),
    # A subscriber's links (views/subscriptions.py).
    path("updates/<str:token>/confirm/", views.subscription_confirm, name="subscription_confirm"),
    path("updates/<str:token>/unsubscribe/", views.unsubscribe, name="unsubscribe"),
    # "You said, we did" and the consultation report (views/report.py).
    path(
        "boards/<slug:board_slug>/consultations/<slug:slug>/report/", views.consultation_report, name="report"
    ),
    path("manage/consultations/<id:pk>/report/", views.report_manage, name="report_manage"),
    path(
        "manage/consultations/<id:pk>/report/publication/",
        views.report_publication,
        name="report_publication",
    ),
    path("manage/consultations/<id:pk>/changes/reorder/", views.changes_reorder, name="changes_reorder"),
    path("manage/consultations/<id:pk>/changes/compare/", views.changes_compare, name="changes_compare"),
    path("manage/changes/<id:pk>/edit/", views.change_edit, name="change_edit"),
    path("manage/comments/<id:pk>/quote/", views.comment_quote, name="comment_quote"),
    path("manage/changes/<id:pk>/delete/", views.change_delete, name="change_delete"),
    # Coding comments with themes (views/coding.py).
    path("manage/consultations/<id:pk>/coding/", views.consultation_coding, name="coding"),
    path("manage/comments/<id:pk>/code/", views.comment_code, name="comment_code"),
    # Duplicates and campaigns (views/duplicates.py).
    path("manage/responses/<id:pk>/duplicate/", views.response_duplicate, name="response_duplicate"),
    path("manage/consultations/<id:pk>/campaigns/", views.consultation_campaigns, name="campaigns"),
    path("manage/campaigns/<id:pk>/review/", views.campaign_review, name="campaign_review"),
    path("manage/consultations/<id:pk>/coding/suggestions/", views.coding_suggest, name="coding_suggest"),
    path("manage/comments/<id:pk>/suggestions/reject/", views.suggestion_reject, name="suggestion_reject"),
    path("manage/consultations/<id:pk>/coding/agreement/", views.coding_agreement, name="coding_agreement"),
    path("manage/consultations/<id:pk>/themes/", views.consultation_themes, name="themes"),
    path("manage/themes/<id:pk>/rename/", views.theme_rename, name="theme_rename"),
    path("manage/themes/<id:pk>/merge/", views.theme_merge, name="theme_merge"),
]
