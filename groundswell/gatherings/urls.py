from django.urls import path

from groundswell.gatherings import feeds, organise_views, session_views, upload_views, views

app_name = "gatherings"
urlpatterns = [
    # People taking part (views.py)
    path("communities/<slug:slug>/gatherings/", views.community_gatherings, name="community_list"),
    path("gatherings/<int:gathering_id>/", views.gathering_detail, name="detail"),
    path("gatherings/<int:gathering_id>.ics", views.gathering_ics, name="ics"),
    path("gatherings/<int:gathering_id>/register/", views.register, name="register"),
    path("gatherings/<int:gathering_id>/respond/", views.respond, name="respond"),
    path("series/<int:series_id>/", views.series_detail, name="series"),
    path("me/gatherings/", views.my_gatherings, name="mine"),
    # Organisers (organise_views.py)
    path("communities/<slug:slug>/gatherings/new/", organise_views.gathering_create, name="create"),
    path("communities/<slug:slug>/series/new/", organise_views.series_create, name="series_create"),
    path("gatherings/<int:gathering_id>/edit/", organise_views.gathering_edit, name="edit"),
    path("series/<int:series_id>/edit/", organise_views.series_edit, name="series_edit"),
    path("gatherings/<int:gathering_id>/status/", organise_views.gathering_status, name="status"),
    path("gatherings/<int:gathering_id>/invite/", organise_views.invite, name="invite"),
    path("gatherings/<int:gathering_id>/attendance/", organise_views.attendance, name="attendance"),
    path("gatherings/<int:gathering_id>/attendees.csv", organise_views.attendees_csv, name="attendees_csv"),
    path("gatherings/<int:gathering_id>/agenda/", organise_views.agenda, name="agenda"),
    path("gatherings/<int:gathering_id>/pre-reads/<int:pre_read_id>/", organise_views.pre_read, name="pre_read"),
    path("gatherings/<int:gathering_id>/notes/new/", organise_views.note_create, name="note_create"),
    path("gatherings/<int:gathering_id>/actions/new/", organise_views.action_create, name="action_create"),
    path(
        "gatherings/<int:gathering_id>/actions/<int:action_id>/status/",
        organise_views.action_status,
        name="action_status",
    ),
    path("gatherings/<int:gathering_id>/photos/new/", organise_views.photo_create, name="photo_create"),
    path("gatherings/<int:gathering_id>/photos/<int:photo_id>.jpg", organise_views.photo, name="photo"),
    path(
        "gatherings/<int:gathering_id>/photos/<int:photo_id>/remove/", organise_views.photo_remove, name="photo_remove"
    ),
    path("gatherings/<int:gathering_id>/feedback/new/", organise_views.feedback_create, name="feedback_create"),
    # Calendar feeds (feeds.py)
    path("me/calendar/", feeds.calendar_links, name="calendar_links"),
    path("calendar/<str:token>/gatherings.ics", feeds.person_feed, name="person_feed"),
    path("calendar/<str:token>/communities/<slug:slug>.ics", feeds.community_feed, name="community_feed"),
    # Attendance upload and bringing a significant local other (upload_views.py)
    path("gatherings/<int:gathering_id>/attendance/upload/", upload_views.attendance_upload, name="attendance_upload"),
    path("gatherings/<int:gathering_id>/bring/", upload_views.bring_someone, name="bring"),
    # Large-group formats (session_views.py)
    path("gatherings/<int:gathering_id>/open-space/", session_views.open_space, name="open_space"),
    path("gatherings/<int:gathering_id>/world-cafe/", session_views.world_cafe, name="world_cafe"),
]
