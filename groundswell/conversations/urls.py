from django.urls import path

from groundswell.conversations import moderation_views, views

app_name = "conversations"
urlpatterns = [
    # Reading and writing (views.py)
    path("communities/<slug:slug>/conversations/", views.thread_list, name="list"),
    path("communities/<slug:slug>/conversations/new/", views.thread_create, name="create"),
    path("communities/<slug:slug>/conversations/search/", views.search_posts, name="search"),
    path("communities/<slug:slug>/conversations/watch/", views.community_watch, name="community_watch"),
    path("threads/<int:thread_id>/", views.thread_detail, name="thread"),
    path("threads/<int:thread_id>/reply/", views.reply, name="reply"),
    path("threads/<int:thread_id>/watch/", views.thread_watch, name="thread_watch"),
    path("threads/<int:thread_id>/answer/", views.accept_answer, name="accept_answer"),
    path("posts/<int:post_id>/edit/", views.post_edit, name="post_edit"),
    path("posts/<int:post_id>/history/", views.post_history, name="post_history"),
    path("files/<int:attachment_id>/<str:name>", views.attachment_download, name="attachment"),
    path("me/notifications/", views.notifications, name="notifications"),
    path("me/notifications/<int:notification_id>/", views.notification_open, name="notification_open"),
    path("me/notifications/read/", views.notifications_read, name="notifications_read"),
    path("me/digests/", views.digest_settings, name="digest_settings"),
    path("digests/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    # Keeping conversations safe (moderation_views.py)
    path("communities/<slug:slug>/conversations/guidelines/", moderation_views.guidelines, name="guidelines"),
    path(
        "communities/<slug:slug>/conversations/guidelines/edit/",
        moderation_views.guidelines_edit,
        name="guidelines_edit",
    ),
    path("communities/<slug:slug>/conversations/moderation/", moderation_views.moderation_queue, name="moderation"),
    path("communities/<slug:slug>/conversations/unanswered/", moderation_views.unanswered, name="unanswered"),
    path("posts/<int:post_id>/report/", moderation_views.post_report, name="report"),
    path("posts/<int:post_id>/moderate/", moderation_views.post_moderate, name="moderate"),
    path("reports/<int:report_id>/dismiss/", moderation_views.report_dismiss, name="report_dismiss"),
]
